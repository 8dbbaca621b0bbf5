"""`ProfileUpdater`: turns one message, as read (bot/reading), into a new `UserProfile`.

The LLM gives its reading of the person's opinion of each title as JSON (prompt `profile_update`);
it is parsed strictly, repaired within bounds, and grounded: an entry the message does not support
is dropped, so a small model cannot put words in the user's mouth. The rules' reading is combined
in, and wins on polarity unless the model understands language better than they do. Genres and
periods are the rules' alone: measured on hand-labelled ReDial messages, it
reads them far better than the 1.5B model (scripts/experiments/constraint_probe.py). When the LLM's
output is unusable the rules alone are used, and the old profile is never lost.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass

from pydantic import ValidationError

from bot import prompts
from bot.json_text import UnusableJSON, parse_object
from bot.llm import ChatModel
from bot.profile import Entry, ProfileDelta, UserProfile, merge
from bot.reading import GENRE_WORDS, Reading
from bot.reading.intents import card_places, refers_to_it
from bot.reading.language import NEGATION, PRAISE, SCORN
from flexrec.errors import InputError
from flexrec.settings import default
from retrieval.titles import COMMON_WORDS, TitleIndex, normalize

log = logging.getLogger(__name__)

PREFILL = '{"opinions":'  # must match the prompt's final assistant turn
LLM_FIELDS = ("liked", "disliked", "topics")  # what the profiler takes from the LLM (see `_ground`)
OPINIONS = {"liked": "liked", "like": "liked", "loved": "liked", "disliked": "disliked", "dislike": "disliked"}
# Key spellings small models use for ours.
KEY_ALIASES = {
    "likes": "liked",
    "dislikes": "disliked",
    "excludes_genres": "exclude_genres",
    "excluded_genres": "exclude_genres",
    "exclude_genre": "exclude_genres",
    "genre": "genres",
}


# What a message with no title says of the cards on screen: an opinion, having seen them, or a pointer.
_OF_THE_CARDS = re.compile(r"\b(?:seen|saw|watched|them|those|these|both|all of|either|neither)\b", re.IGNORECASE)
# Praise words that ask for films instead: "any good comedies?", "a great thriller", "something fun".
_ASKED_PRAISE = re.compile(r"\b(?:any|a|an|some|something|anything) (?:good|great|nice|fun|decent)\b(?! one\b)", re.I)
# A capitalized word inside a sentence: a person or a title ("nothing by Nolan", "more Pixar").
_PROPER_NAME = re.compile(r"(?<=[a-z0-9,;:] )(?!I\b|I'|OK\b)[A-Z][\w'-]+")
_ORDINARY = frozenset(normalize(w) for w in GENRE_WORDS)  # "horror" asks for a genre, whatever film it names


def worth_asking(reading: Reading, titles: TitleIndex) -> bool:
    """Whether the LLM can add to the rules' reading of a message. It keeps only opinions of titles
    and names the message names or answers (`ProfileUpdater._ground`), so a request that names none
    (not even a title the rules pass over, "i adore inception", or a person, "nothing by Nolan") and
    says nothing of the cards on screen ("something older", "any good comedies?") is the rules'
    alone, and its cards come a model call sooner (about 1.5 s on the default model)."""
    said = reading.message
    if reading.named or titles.may_name(said, _ORDINARY) or _PROPER_NAME.search(said):
        return True
    if not reading.shown:
        return False
    said = _ASKED_PRAISE.sub(" ", said)
    speaks = PRAISE.search(said) or SCORN.search(said) or NEGATION.search(said) or _OF_THE_CARDS.search(said)
    return bool(speaks or refers_to_it(said) or card_places(said, len(reading.shown)))


NAME_LIKE = re.compile(r"^[^\W\d_][\w'.-]*(?: [^\W\d_][\w'.-]*){0,3}$")


def _strings(value) -> list:
    """Flatten nested lists and pick the name out of {"title"/"name": ...} objects."""
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    if isinstance(value, dict):
        value = value.get("title") or value.get("name")
    return [value] if isinstance(value, str) and value.strip() else []


class DeltaParseError(ValueError):
    pass


def _sort_opinions(data: dict) -> None:
    """The prompt's shape, title → opinion (or a list of {"title", "opinion"}), into the delta's
    liked / disliked lists; a title with an unknown or unreadable opinion is only a mention."""
    opinions = data.pop("opinions", None)
    if opinions is None:
        return
    if isinstance(opinions, dict):
        pairs = opinions.items()
    elif isinstance(opinions, list):
        pairs = [(e.get("title"), e.get("opinion")) for e in opinions if isinstance(e, dict)]
    else:
        raise DeltaParseError("opinions is neither an object nor a list")
    for title, opinion in pairs:
        side = OPINIONS.get(str(opinion).strip().lower())
        if side and isinstance(title, str) and title.strip():
            data[side] = _strings(data.get(side, [])) + [title]


def parse_delta(text: str) -> ProfileDelta:
    return parse_delta_path(text)[0]


def parse_delta_path(text: str, fields: tuple[str, ...] | None = None) -> tuple[ProfileDelta, bool]:
    """Strict parse of the model's JSON, after bounded repairs (bot/json_text.parse_object): code
    fences, text around the object, trailing commas, and unclosed brackets at the end of a cut-off
    reply. Anything else is an error. The flag says whether a repair was needed. `fields`: the
    only ones the caller reads; others are dropped unread, so an invalid one (a year of 80) cannot
    cost the reading of the rest."""
    try:
        data, repaired = parse_object(text)
    except UnusableJSON as exc:
        raise DeltaParseError(str(exc)) from exc
    data = {KEY_ALIASES.get(k, k): v for k, v in data.items()}
    _sort_opinions(data)
    if fields is not None:
        data = {k: v for k, v in data.items() if k in fields}
    for key in ("liked", "disliked", "topics", "genres", "exclude_genres"):
        if key in data:
            data[key] = _strings(data[key])
    try:
        return ProfileDelta.model_validate(data), repaired
    except ValidationError as exc:
        raise DeltaParseError(str(exc).splitlines()[0]) from exc


@dataclass
class ProfileUpdate:
    profile: UserProfile
    delta: ProfileDelta
    source: str  # "llm", "rules", "llm+rules" or "none": which reading contributed
    llm_usable: bool | None  # None when the LLM was not asked


class ProfileUpdater:
    """`llm_first`: on a polarity disagreement the LLM's reading wins over the rules' (for models
    that understand; the 135M tier does not, so there the rules win)."""

    def __init__(
        self,
        llm: ChatModel | None,
        titles: TitleIndex,
        genres: list[str],
        max_new_tokens: int = default("profile_max_new_tokens"),
        llm_first: bool = False,
    ):
        self.llm, self.titles, self.max_new_tokens, self.llm_first = llm, titles, max_new_tokens, llm_first
        self.genres = {normalize(g): g for g in genres}
        self._generic_words = set(GENRE_WORDS) | set(self.genres) | COMMON_WORDS  # no one's name is made of these
        self.stats: Counter[str] = Counter()  # how often each path is taken, for evaluation and logs

    def update(self, profile: UserProfile, reading: Reading) -> ProfileUpdate:
        """The profile after one message, read once by the rules (`reading`) and, with a model, by
        the LLM too. What the message answers (`reading.answers`, the cards just shown) lets the LLM
        read "loved that one, not seen the other"; only the message itself is taken as their words."""
        rules = reading.delta
        llm_delta, usable = None, None
        if self.llm is not None and not worth_asking(reading, self.titles):
            self.stats["llm_not_asked"] += 1
        elif self.llm is not None:
            # A message that names titles itself rarely speaks of the cards, and each card the model
            # lists as "unknown" costs time to write: what it answers goes only with title-less ones.
            named = [t for t in rules.liked + rules.disliked if t not in reading.shown] or reading.named
            llm_delta = self._ask_llm(reading.message, "" if named else reading.answers, reading.named)
            usable = llm_delta is not None and not llm_delta.is_empty()
            self.stats["llm_usable" if usable else "llm_unusable"] += 1
        delta = combine(llm_delta or ProfileDelta(), rules, llm_first=self.llm_first)
        source = (
            "+".join(name for name, d in (("llm", llm_delta), ("rules", rules)) if d is not None and not d.is_empty())
            or "none"
        )
        self.stats[source] += 1
        return ProfileUpdate(merge(profile, delta), delta, source, usable)

    @property
    def catalog_genres(self) -> list[str]:
        """The catalog's genres in its spelling, sorted: for pickers, schemas and error messages."""
        return sorted(self.genres.values())

    def canonical(self, entry: Entry) -> Entry:
        """An entry a person typed, in catalog spelling: a title must be a catalog title and a genre
        a catalog genre (else InputError saying so); topics and years stay as typed."""
        if entry.kind in ("liked", "disliked", "seen"):
            hit = self.titles.lookup(entry.value)
            if hit is None:
                near = self.titles.closest(entry.value)
                hint = f"; did you mean {near[1]}?" if near else ""
                raise InputError(f"there is no movie called {entry.value!r} in the catalog{hint}")
            item_id, title = hit
            bare = self.titles.lookup(title)  # "Heat (1995)" stays as typed when "Heat" is another film
            return entry.model_copy(update={"value": title if bare and bare[0] == item_id else entry.value})
        if entry.kind in ("genres", "exclude_genres", "always_genres", "never_genres"):
            key = normalize(entry.value)
            name = self.genres.get(key) or GENRE_WORDS.get(key)
            if name is None:
                known = ", ".join(self.catalog_genres)
                raise InputError(f"{entry.value!r} is not a genre of this catalog; the genres are: {known}")
            return entry.model_copy(update={"value": name})
        return entry

    def _generic(self, value: str) -> bool:
        """Whether every word of `value` is a genre word or an everyday word: no one's name."""
        generic = self._generic_words
        return all(w in generic or w.rstrip("s") in generic for w in normalize(value).split())

    def warm_up(self) -> None:
        """Let a backend with a prompt cache compute this prompt's fixed start before the first turn."""
        if self.llm is not None and hasattr(self.llm, "warm_up"):
            self.llm.warm_up(prompts.render("profile_update", prefill=False, message="", context=""))

    def _ask_llm(self, message: str, context: str = "", named: tuple[str, ...] = ()) -> ProfileDelta | None:
        """The LLM's reading: schema-constrained JSON where the backend can, continuing the prefill
        where it can (the grammar then starts after it: four tokens fewer to write), else a plain
        answer; parsed strictly with bounded repair. `named`: the catalog titles the rules found in
        the message (see `_ground`). `stats` counts which path each call took."""
        llm = self.llm
        constrained, prefill = llm.supports_schema, llm.supports_prefill
        messages = prompts.render("profile_update", prefill=prefill, message=message, context=context)
        try:
            raw = llm.generate(messages, self.max_new_tokens, schema=prompts.schema("profile_update"))
            constrained = constrained and not getattr(llm, "schema_refused", False)
            self.stats["constrained" if constrained else "unconstrained"] += 1
            delta, repaired = parse_delta_path(PREFILL + raw if prefill else raw, LLM_FIELDS)
            self.stats["json_repaired" if repaired else "json_strict"] += 1
            return self._ground(delta, message, context, named)
        except DeltaParseError as exc:
            self.stats["json_unusable"] += 1
            log.info("profile LLM output unusable, keeping the rule reading: %s", exc)
        except Exception as exc:  # a failing model must not cost the user their turn
            self.stats["llm_failed"] += 1
            log.warning("profile LLM failed, keeping the rule reading: %s", exc)
        return None

    def _ground(
        self, delta: ProfileDelta, message: str, context: str = "", named: tuple[str, ...] = ()
    ) -> ProfileDelta:
        """Keep only what the message supports (a title may also come from what it replies to), in
        catalog spelling. `named`: the catalog titles the message names, as the rules found them."""
        said = f" {normalize(message)} "
        said_or_shown = f"{said}{normalize(context)} "
        # a name inside a title the message names is no one's name ("The Void" of "touching the void
        # wrecked me, in a good way")
        in_titles = " ".join(f" {normalize(title)} " for title in named)

        def supported(value: str, text: str = said) -> bool:
            key = normalize(value)
            return bool(key) and f" {key} " in text

        def entries(values: list[str]) -> list[str]:
            """Catalog titles in catalog spelling; other text only if it reads like a name ("Nolan"),
            not a genre or everyday words ("comedy", "horror movies": genres are the rules' to read)."""
            out = []
            for value in values:
                hit = self.titles.resolve(value)  # "Interstelar" is Interstellar
                name = NAME_LIKE.match(value) and not self._generic(value)
                name = name and f" {normalize(value)} " not in in_titles
                if supported(value, said_or_shown) and (hit or name):
                    out.append(hit[1] if hit else value)
            return out

        return ProfileDelta(
            liked=entries(delta.liked),
            disliked=entries(delta.disliked),
            topics=[t for t in delta.topics if supported(t)],
        )


def combine(llm: ProfileDelta, rules: ProfileDelta, llm_first: bool = False) -> ProfileDelta:
    """Union of both readings of the titles. Where they disagree on polarity the rules win (they see
    negation), unless `llm_first`: a model that understands language ("Titanic put me to sleep")
    outranks the rules' clause-level negation. An entry the LLM put on both sides is dropped from
    both. The request (genres, period, facts), lasting genres and what was seen ("seen them all")
    are the rules' alone (see the module docstring)."""

    def keep(values: list[str], *against: list[str]) -> list[str]:
        banned = {normalize(v) for values in against for v in values}
        return [v for v in values if normalize(v) not in banned]

    taken_back = rules.retracted  # "I never said I liked Twilight": no opinion of it, whatever the model read
    liked, disliked = keep(llm.liked, llm.disliked, taken_back), keep(llm.disliked, llm.liked, taken_back)
    llm = llm.model_copy(update={"liked": liked, "disliked": disliked})
    first, second = (llm, rules) if llm_first else (rules, llm)
    return ProfileDelta.model_validate(
        {
            **rules.model_dump(),
            "liked": first.liked + keep(second.liked, first.disliked),
            "disliked": first.disliked + keep(second.disliked, first.liked),
            "topics": keep(llm.topics, rules.disliked),
        }
    )
