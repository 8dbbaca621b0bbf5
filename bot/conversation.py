"""`Recommender`: one chat turn, start to end: the message read once (bot/reading), then profile →
retrieval → grounded reply, or, for a message that asks for no recommendations (help, small talk,
a question about a film), a direct answer; and what a person does with their profile outside the
chat: feedback on items, edits, export, forget.

A turn is a stream of events so the UI can show item cards (from retrieval) before the text is
written, and the API can collect the same events into one JSON answer. The updated profile is saved
before the reply is written: a failing writer costs the user the text, never what they told us.
"""

from __future__ import annotations

import copy
import logging
import secrets
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Literal

from bot import answers
from bot.profile import Constraints, Entry, ProfileDelta, UserProfile, add, as_delta, merge, remove
from bot.profile_store import ProfileStore, check_session_id
from bot.profiler import ProfileUpdater
from bot.query import lookup_query, search_query
from bot.reading import Reader, Reading
from bot.reading.intents import ANSWERED, asked_about, asked_thing, asks_of_the_cards, card_places
from bot.reading.replies import compared_bounds
from bot.starter import Starter
from bot.translator import Translator
from bot.writer import VOICE_ITEMS, Writer, fallback_reply
from flexrec.errors import InputError, MessageTooLong, NotFound, UnknownSession
from retrieval.catalog import Item
from retrieval.retriever import Hit, Query, Retriever, passes, unmet

log = logging.getLogger(__name__)


def item_dict(hit: Hit) -> dict:
    """A card as the API answers, the UI shows and the conversation history keeps it."""
    return {"id": hit.id, "title": hit.item.title, "year": hit.item.year, "genres": hit.item.genres, "why": hit.why}


@dataclass
class Turn:
    """What a turn has produced so far; `reply` grows while the text streams."""

    session_id: str
    profile: UserProfile
    hits: list[Hit] = field(default_factory=list)
    reply: str = ""
    source: str = ""  # which reading updated the profile (see ProfileUpdater)
    intent: str = "recommend"  # what the message asked (bot/reading/intents.py)
    read_as: str | None = None  # the English the message was read as, where it was translated first
    dropped: list[str] = field(default_factory=list)  # reply sentences the grounding filter removed
    timings: dict[str, float] = field(default_factory=dict)
    error: str | None = None  # for the person: the writer failed (a plain reply is used), or their
    # stored profile was unreadable (they start fresh)

    def items(self) -> list[dict]:
        return [item_dict(h) for h in self.hits]

    def as_dict(self) -> dict:
        """The API's and `flexrec chat --json`'s answer."""
        return {
            "session_id": self.session_id,
            "reply": self.reply.strip(),
            "items": self.items(),
            "intent": self.intent,
            "read_as": self.read_as,
            "profile": self.profile.model_dump(),
            "error": self.error,
        }


Feedback = Literal["like", "dislike", "seen"]
FEEDBACK_DELTA = {"like": "liked", "dislike": "disliked", "seen": "seen"}  # feedback → ProfileDelta field
IDENTIFIED = 3  # films named to "what's the film where…": the nearest, and two more in case it is not that


def passes_all(query: Query, hits: list[Hit]) -> bool:
    """Whether every hit meets the query (the retriever falls back to the nearest when none can)."""
    return all(passes(query, h.item) for h in hits)


def compared(reading: Reading, cards: list[Item], request: Constraints) -> Reading:
    """`reading` with "older", "newer", "shorter" said of the cards just shown and of the period asked
    for (`request`: "older" after "sci-fi from the 80s" is before 1980; bot/reading/replies.py)."""
    years, runtimes = [c.year for c in cards if c.year], [c.runtime for c in cards if c.runtime]
    period = (request.year_min, request.year_max)
    if bounds := compared_bounds(reading.message, years, runtimes, period):
        return replace(reading, delta=reading.delta.model_copy(update=bounds))
    return reading


def question(titles: list[str]) -> str:
    """The cards just shown as the question they put, for the LLM: "Have you seen Heat or Alien?"."""
    if not titles:
        return ""
    names = ", ".join(titles[:-1]) + " or " + titles[-1] if len(titles) > 1 else titles[0]
    return f"Have you seen {names}?"


def new_session_id() -> str:
    """An anonymous session: its id (256 random bits) is the only credential, so it must be unguessable."""
    return "s_" + secrets.token_urlsafe(32)


def _invisible(char: str) -> bool:
    """Whitespace, zero-width and other format characters, controls: nothing a person reads."""
    return char.isspace() or unicodedata.category(char) in ("Cf", "Cc", "Zs", "Zl", "Zp")


def _plain_id(item_id) -> bool:
    """An item id worth asking the store about: short text that encodes (no lone surrogates)."""
    if not isinstance(item_id, str) or not 0 < len(item_id) <= 200:
        return False
    try:
        item_id.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class Recommender:
    def __init__(
        self,
        reader: Reader,
        profiler: ProfileUpdater,
        retriever: Retriever,
        writer: Writer,
        profiles: ProfileStore,
        top_k: int = 4,
        max_message_chars: int = 4000,
        starter: Starter | None = None,
        message_tokens: int = 2048,
        follow: Callable[[], object | None] | None = None,
        translator: Translator | None = None,
    ):
        """`message_tokens`: the most of a message the LLM reads; the rest is cut, so that the prompt
        around it and the answer still fit the model's context (half of it by default).
        `follow()`: new parts (reader, profiler, retriever, writer, starter) when the catalog has
        changed since it last looked, else None; asked before each turn and edit, so items another
        process ingested into a shared catalog can be named at once (flexrec.services.CatalogFollower).
        `translator`: puts a message in a language the rules do not read into English for them."""
        self.reader, self.profiler, self.retriever, self.writer = reader, profiler, retriever, writer
        self.translator = translator
        self.profiles = profiles
        self.top_k, self.max_message_chars, self.message_tokens = top_k, max_message_chars, message_tokens
        self.starter = starter or Starter(None, profiler, reader)
        self.follow = follow

    def _follow_catalog(self) -> None:
        parts = self.follow() if self.follow is not None else None
        if parts is not None:  # one assignment each: a turn in flight keeps the parts it started with
            self.reader, self.profiler, self.retriever = parts.reader, parts.profiler, parts.retriever
            self.writer, self.starter, self.translator = parts.writer, parts.starter, parts.translator

    def with_profiles(self, profiles: ProfileStore) -> Recommender:
        """The same parts over another profile store: what a restart over that database builds."""
        fresh = copy.copy(self)
        fresh.profiles = profiles
        return fresh

    def check_message(self, message) -> str:
        if not isinstance(message, str):
            raise InputError("message must be text")
        try:
            message.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate ("\\ud83c"): no tokenizer or store takes it
            raise InputError("message is not valid Unicode text") from None
        message = message.strip()
        if all(_invisible(c) for c in message[: self.max_message_chars + 1]):
            raise InputError("message is empty")
        if len(message) > self.max_message_chars:
            raise MessageTooLong(
                f"message is too long ({len(message)} characters; the limit is {self.max_message_chars})"
            )
        return message

    def last_cards(self, profile: UserProfile) -> list[Item]:
        """The previous turn's cards, in the order shown: what "loved that one" answers."""
        shown = profile.showing or profile.recommended[-self.top_k :]  # a profile stored before `showing`
        by_id = {item.id: item for item in self.retriever.items(shown)} if shown else {}
        return [by_id[i] for i in shown if i in by_id]

    def last_shown(self, profile: UserProfile) -> list[str]:
        """The titles of the previous turn's cards, in the order shown."""
        return [item.title for item in self.last_cards(profile)]

    def turn(self, session_id: str | None, message: str, voice: bool = False) -> Iterator[tuple[str, Turn]]:
        """Yield ("items", turn) once retrieval is done, ("text", turn) per reply piece, ("done", turn).
        `voice`: the answer is read aloud (a voice assistant), so at most three items and a short
        spoken reply without markup."""
        said = self.check_message(message)
        self._follow_catalog()
        message = self.writer.clip(said, self.message_tokens)
        session_id = new_session_id() if session_id is None else check_session_id(session_id)
        start = time.perf_counter()
        profile, notice = self.profiles.load_checked(session_id)
        cards = self.last_cards(profile)
        if profile.answered and not card_places(message, len(cards)):  # "the second one" still means a card
            cards = self.retriever.items(profile.answered)  # after an answer about a film, "it" is that film
        shown = [item.title for item in cards]
        t_read = time.perf_counter()
        read_as = self.translator.english(message) if self.translator is not None else None
        translation = time.perf_counter() - t_read
        reading = self.reader.read(read_as or message, shown, answers=question(shown))
        if reading.intent == "refine":  # "older", "shorter": than the cards on screen
            reading = compared(reading, cards, profile.constraints)
        if reading.intent in ANSWERED or reading.picked or reading.approved:  # chosen or approved: no new cards
            yield from self._answer(session_id, said, profile, reading, cards, notice, voice, read_as)
            return
        before, update = profile, self.profiler.update(profile, reading)
        t_profile = time.perf_counter()
        k = min(self.top_k, VOICE_ITEMS) if voice else self.top_k
        query = search_query(update.profile, reading, update.delta)
        hits = self.retriever.search(query, k)
        t_retrieval = time.perf_counter()
        profile = merge(update.profile, ProfileDelta(), shown=[h.id for h in hits])
        profile = profile.model_copy(update={"turns": profile.turns + 1, "answered": []})
        self.profiles.save(session_id, profile)
        self.profiles.add_message(session_id, "user", said)
        turn = Turn(
            session_id, profile, hits, source=update.source, intent=reading.intent, read_as=read_as, error=notice
        )
        turn.timings = {
            "translation": translation,  # telling the language, and translating where the rules cannot read it
            "profile": t_profile - start - translation,
            "retrieval": t_retrieval - t_profile,
        }
        yield "items", turn
        noted = answers.acknowledge(update.delta, before)  # "Noted: no more The Matrix."
        if reading.people:  # "something with Tom Hanks": the catalog cannot look for that
            noted = f"{noted} {answers.no_people(list(reading.people))}".strip()
        if hits and not passes_all(query, hits):  # nothing met it all: the retriever gave the nearest
            left_out = unmet(query, [h.item for h in hits])
            noted = f"{noted} {answers.nearest(query, left_out)}".strip()
        if noted:
            turn.reply = noted + " "
            yield "text", turn
        try:
            guard = self.writer.guard(profile, hits, message)
            turn.dropped = guard.dropped
            for piece in self.writer.stream(profile, message, hits, guard, voice=voice):
                turn.reply += piece
                yield "text", turn
        except Exception as exc:  # the profile is saved; give a plain grounded reply instead
            log.error("writer failed: %s", exc)
            turn.error = f"The text generator failed ({exc}); here are the picks without the write-up."
            turn.reply = (f"{noted} " if noted else "") + fallback_reply(hits, voice)
            yield "text", turn
        turn.timings["writing"] = time.perf_counter() - t_retrieval
        self.profiles.add_message(session_id, "assistant", turn.reply.strip(), turn.items())
        yield "done", turn

    def _answer(
        self,
        session_id: str,
        said: str,
        profile: UserProfile,
        reading: Reading,
        cards: list[Item],
        notice: str | None,
        voice: bool,
        read_as: str | None = None,
    ) -> Iterator[tuple[str, Turn]]:
        """A message that asks for no recommendations: help, small talk, goodbye, off-topic, a card
        chosen to watch, or a question about one film. Answered in words from templates and catalog
        records, no new cards; what the rules read of it still goes into the profile (the LLM is not asked)."""
        start = time.perf_counter()
        item = None
        if reading.intent == "ask_film":
            item, reply = self._about(reading, cards)
        elif reading.picked:
            item = next(c for c in cards if c.title == reading.picked)
            reply = answers.say("picked", label=item.label())
        elif reading.approved:
            reply = answers.say("approved")
        else:
            reply = answers.talk(reading.intent, reading.message, self.retriever.size(), voice)
        profile = merge(profile, reading.delta)
        answered = [item.id] if item is not None else []
        profile = profile.model_copy(update={"turns": profile.turns + 1, "answered": answered})
        self.profiles.save(session_id, profile)
        self.profiles.add_message(session_id, "user", said)
        source = "none" if reading.delta.is_empty() else "rules"
        turn = Turn(
            session_id, profile, reply=reply, source=source, intent=reading.intent, read_as=read_as, error=notice
        )
        turn.timings = {"answer": time.perf_counter() - start}
        yield "items", turn
        yield "text", turn
        self.profiles.add_message(session_id, "assistant", reply, [])
        yield "done", turn

    def _about(self, reading: Reading, cards: list[Item]) -> tuple[Item | None, str]:
        """The film a question is about and the answer: the film it names (each of those it names), or
        the card it points to ("the second one", or "it" when one card was shown); asked which one when
        unclear."""
        what = asked_about(reading.message)
        if reading.lookup is not None:  # "what's the film where…": the nearest films by what it says
            found = self.retriever.identify(lookup_query(reading.lookup), IDENTIFIED)
            if found:
                also = what if what != "sequel" else None
                return found[0], answers.identified(found, also, asked_thing(reading.message))
            return None, answers.say("which_film")
        what = what or "plot"

        def answer(item: Item) -> str:
            if what == "sequel":  # "is there a sequel to it?": its series in the catalog
                return answers.series(item, self.retriever.series(item))
            return answers.about(item, what, asked_thing(reading.message))

        if what == "why":  # "why titanic?", "why did you pick these?": the cards say
            return None, answers.say("why_picked")
        places = card_places(reading.message, len(cards))
        if len(reading.named) > 1:  # "which is longer, Titanic or Avatar?": each one's fact
            items = [item for name in reading.named if (item := self.retriever.find(name))]
            if len(items) > 1:
                return None, " ".join(answer(item) for item in items)
        if reading.named:
            item = self.retriever.find(reading.named[0])
        elif places:
            item = cards[places[0]]
        elif reading.missing:  # "what about Get Out?": a film the catalog does not have
            return None, answers.say("missing", film=reading.missing)
        elif len(cards) == 1:
            item = cards[0]
        elif asks_of_the_cards(reading.message, len(cards)):  # "which one is the shortest?": each one's fact
            return None, " ".join(answers.about(c, what) for c in cards)
        elif cards:
            names = [c.title for c in cards]
            return None, answers.say("which_card", titles=", ".join(names[:-1]) + " or " + names[-1])
        else:
            return None, answers.say("which_film")
        return item, answer(item)

    def chat(self, session_id: str | None, message: str, voice: bool = False) -> Turn:
        """A whole turn at once (API, CLI): the turn as its final "done" event carries it."""
        *_, (_, turn) = self.turn(session_id, message, voice)
        return turn

    def warm_up(self) -> None:
        """Do once what the first person to chat would otherwise wait for: Chroma's first search
        loads its indexes, the first film looked up by its story the catalog's words, and the LLM's
        prompt cache takes the fixed parts of both prompts (llama.cpp; other backends ignore it)."""
        try:
            self.retriever.search(search_query(UserProfile(), self.reader.read("a good movie")), 1)
            self.retriever.store.words()
            self.profiler.warm_up()
            self.writer.warm_up()
            if self.translator is not None:
                self.translator.warm_up()
        except Exception as exc:  # only a speed-up: the first turn pays instead
            log.warning("warming up failed: %s", exc)

    def profile(self, session_id: str) -> UserProfile:
        """The stored profile; UnknownSession for a session that has none (never chatted, or forgotten)."""
        if not self.has_session(session_id):
            raise UnknownSession()
        return self.profiles.load(session_id)

    def stored(self, session_id: str) -> tuple[UserProfile | None, str | None]:
        """What the profile panel shows: the stored profile (None when the session has none yet) and a
        notice for the person when it could not be read (they start fresh)."""
        profile, notice = self.profiles.load_checked(session_id)
        return (profile if self.profiles.exists(session_id) else None), notice

    def clear_history(self, session_id: str) -> None:
        """The chat's clear button: the conversation goes, profile and feedback stay."""
        self.profiles.clear_history(session_id)

    @property
    def catalog_genres(self) -> list[str]:
        """The catalog's genres in its spelling, sorted: for the genre pickers."""
        return self.profiler.catalog_genres

    @property
    def turns_at_once(self) -> int | None:
        """How many turns are worth running at once: as many as the LLM generates at once (1 in
        process, a llama.cpp server's slots); None for no limit (no LLM, or a server that batches
        whatever it is sent). The UI queues the rest, in order, with their place shown."""
        llm = self.writer.llm
        return None if llm is None else getattr(llm, "parallel", 1)

    def has_session(self, session_id: str) -> bool:
        return self.profiles.exists(check_session_id(session_id))

    def adopt(self, old: str, new: str) -> None:
        """Move what is stored under `old` to `new` unless `new` has something already (a returning
        browser's data kept under its bare visitor id by an earlier version)."""
        if not self.profiles.exists(check_session_id(new)) and self.profiles.exists(check_session_id(old)):
            self.profiles.rename(old, new)

    def feedback(self, session_id: str, item_id: str, feedback: Feedback) -> UserProfile:
        """Like / dislike / "seen it" on a catalog item: the profile changes at once (the next turn
        follows it) and the feedback is kept with the session, for export and forgetting."""
        if feedback not in FEEDBACK_DELTA:
            raise InputError(f"feedback must be one of {', '.join(FEEDBACK_DELTA)}, not {feedback!r}")
        profile = self.profile(session_id)
        found = self.retriever.items([item_id]) if _plain_id(item_id) else []
        if not found:
            raise NotFound(
                f"no item {item_id!r} in the catalog" if _plain_id(item_id) else "no such item in the catalog"
            )
        item = found[0]
        name = self.retriever.name(item)
        profile = merge(profile, ProfileDelta(**{FEEDBACK_DELTA[feedback]: [name]}))
        self.profiles.save(session_id, profile)
        self.profiles.add_feedback(session_id, item.id, feedback)
        return profile

    def edit(self, session_id: str, add_entries: list[Entry] = (), remove_entries: list[Entry] = ()) -> UserProfile:
        """Entries removed, then entries added (titles and genres checked against the catalog first,
        so a typo is an InputError and changes nothing)."""
        profile = self.profile(session_id)
        self._follow_catalog()
        added = [self.profiler.canonical(e) for e in add_entries]
        for entry in remove_entries:
            profile = remove(profile, entry)
        for entry in added:
            profile = add(profile, entry)
        self.profiles.save(session_id, profile)
        return profile

    def start(self, session_id: str) -> UserProfile:
        """Make sure the session exists (an empty profile), e.g. before a first edit in the panel."""
        if not self.profiles.exists(check_session_id(session_id)):
            self.profiles.save(session_id, UserProfile())
        return self.profiles.load(session_id)

    def welcome(self) -> list[Hit]:
        """Cards for someone FlexRec knows nothing about: popular picks across genres."""
        return self.retriever.popular_diverse(self.top_k)

    def propose_start(self, description: str = "", genres: list[str] = ()) -> UserProfile:
        """A starting profile from one line about oneself and/or picked genres; not stored."""
        return self.starter.propose(description, genres)

    def accept_start(self, session_id: str, proposal: UserProfile) -> tuple[UserProfile, list[Hit]]:
        """Merge an accepted (possibly edited) proposal into the session's profile, and the first
        recommendations for it: retrieval on the profile alone, the cards then count as shown."""
        profile = merge(self.start(session_id), as_delta(proposal))
        hits = self.retriever.search(search_query(profile), self.top_k)
        profile = merge(profile, ProfileDelta(), shown=[h.id for h in hits])
        self.profiles.save(session_id, profile)
        return profile, hits

    def history(self, session_id: str) -> list[dict]:
        return self.profiles.history(check_session_id(session_id))

    def export(self, session_id: str) -> dict:
        """Everything stored about the session, as "download my profile" gives it."""
        profile = self.profile(session_id)
        return {
            "session_id": session_id,
            "profile": profile.model_dump(),
            "history": self.profiles.history(session_id),
            "feedback": self.profiles.feedback(session_id),
        }

    def forget(self, session_id: str) -> None:
        """Remove the profile, the conversation and the feedback: nothing about the session remains.
        NotFound when there was nothing to remove."""
        self.profile(session_id)
        self.profiles.forget(session_id)
