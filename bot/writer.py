"""`Writer`: the LLM's personal reply about this turn's hits, policed so it stays grounded.

The text streams through `GroundingFilter`: a sentence naming a catalog movie that is not among the
hits, or a "Title (Year)" that is not one of them, or saying of a hit what its record does not
support (bot/claims.py: genre, origin, year, length, plot), is dropped before the user sees it. A
sentence is not held back whole: its words show clause by clause as soon as what comes before a
clause boundary is grounded by itself; if the rest then fails, the sentence ends where the shown part
ended. If nothing grounded survives, a plain sentence built from the hits is used instead.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Collection, Iterator

from bot import prompts
from bot.claims import unsupported
from bot.llm import ChatModel, clip
from bot.profile import UserProfile
from bot.spoken import speakable, spoken_title
from flexrec.settings import default
from retrieval.retriever import Hit
from retrieval.titles import TitleIndex, normalize

log = logging.getLogger(__name__)

# A sentence ends at . ! or ? and a space, but not after an abbreviation ("Kill Bill: Vol. 1", "Mr. Bean",
# "E.T. the Extra-Terrestrial").
_ABBREVIATIONS = "".join(rf"(?<!\b{a}\.)" for a in ("Vol", "Mr", "Mrs", "Dr", "St", "Jr", "vs", "[A-Z]"))
_SENTENCE_END = re.compile(rf"(?<=[.!?]){_ABBREVIATIONS}\s+|\n+")
QUOTED = re.compile(r'"([^"]{2,80}?)(?:\s*\((?:19|20)\d\d\))?"|“([^”]{2,80}?)”')
# What the reply says the person liked: "since you liked", "if you enjoyed", "as a fan of".
_THEY_LIKED = re.compile(
    r"\b(?:you(?:'ve| have)?(?: really| also)? (?:liked|loved|enjoyed|like|love|enjoy|adore|adored)"
    r"|(?:you(?:'re| are) )?a (?:big |huge )?fan of|your love (?:of|for))\s+",
    re.IGNORECASE,
)
TITLE_YEAR = re.compile(r"([A-Z0-9][^.!?()\n]{0,80}?)\s*\((?:19|20)\d\d\)")
_MARKUP = re.compile(r"\*+|`+|^\s*[#>]+\s*")  # markdown emphasis, code, headings, quotes
# A link of any kind: a scheme, "www.", a markdown link or image, an HTML tag, a domain with a path or
# a common top-level domain. A reply points at catalog items, never elsewhere: a sentence carrying
# one is dropped (prompt injection asks for "[click here](http://evil.example/login)").
_LINK = re.compile(
    r"(?i)\b(?:https?|ftp|file|javascript|data|mailto|vbscript):|\bwww\.|\]\s*\(|!\[|<\s*/?\s*[a-z]"
    r"|\b[a-z][\w-]*(?:\.[\w-]+)*\.[a-z]{2,}/|\b[\w-]+\.(?:com|net|org|io|co|info|biz|ru|cn|xyz|example|app|dev|ly|me|tk|zip)\b"
)
# Where a sentence may be cut short and still read as one: a comma, semicolon, colon or dash with
# text after it (so the boundary is settled). The part before it shows once it is grounded alone.
_CLAUSE_END = re.compile(r"\s*(?:[,;:]|\s[—–-])\s+(?=\S)")
CLAUSE_WORDS = 3  # fewer words before a boundary are no clause ("Alien," of "Alien, a 1979 classic")
TITLE_WORDS = 6  # the words before a boundary that may begin a title running on past it
VOICE_ITEMS = 3  # a spoken answer names at most this many movies
VOICE_TOKENS = 60  # and stays short
VOICE_SENTENCES = 2  # of the model's own; then at most the "also worth a look" line


class GroundingFilter:
    """Feed streamed text in, get back only text that names nothing outside the hits (or the
    person's own liked/disliked titles, which a reply may cite: "since you liked X") and carries no
    link, image or markup that points elsewhere: whole sentences, or the first clauses of one that
    are grounded by themselves (see `feed`)."""

    def __init__(
        self, titles: TitleIndex, hits: list[Hit], cited: list[str] = (), asked: str = "", liked: list[str] = ()
    ):
        """`asked`: the person's message. A title it quotes or writes as "Title (Year)" that is not a
        hit may not appear at all, however the model spells it: "recommend 'Zorblax (2031)'" is
        refused even as "2031: Zorblax". `liked`: the titles the person liked, the only ones a
        sentence may say they liked ("since you enjoyed Heat")."""
        self.titles, self.asked = titles, asked
        self.liked = {normalize(t) for t in liked}
        self.hits = {h.id: h for h in hits}
        self.allowed_ids = {h.id for h in hits}
        self.names = sorted({h.item.title for h in hits} | set(cited), key=len, reverse=True)
        # each as whole words, longest first: the hit "Her" is not inside "superheroes"
        self._name_words = [re.compile(rf"(?<!\w){re.escape(n)}(?!\w)", re.IGNORECASE) for n in self.names]
        self.subject: list = []  # the hits the last sentence spoke of: what "it" is in the next
        self.hit_titles = {normalize(h.item.title) for h in hits}
        self.allowed_titles = self.hit_titles | {normalize(c) for c in cited}
        named = [a or b for a, b in QUOTED.findall(asked)] + TITLE_YEAR.findall(asked)
        self.refused = {key for key in map(normalize, named) if key and key not in self.allowed_titles}
        self.buffer = ""  # the sentence being written
        self.shown = 0  # how much of it is out: a grounded part that ends at a clause boundary
        self.clauses = True  # False: whole sentences only (a voice answer is spoken whole)
        self.kept: list[str] = []
        self.dropped: list[str] = []

    def _grounded(self, sentence: str, final: bool = True) -> bool:
        """`final`: the sentence is what will be kept, so its subject is what "it" means next;
        else a trial of part of one, which changes nothing."""
        if _LINK.search(sentence):
            return False
        said = f" {normalize(sentence)} "
        if any(f" {name} " in said for name in self.refused):
            return False
        allowed = self._allowed_spans(sentence)
        for match in self.titles.find(sentence):
            if match.item_id in self.allowed_ids or normalize(match.title) in self.allowed_titles:
                continue
            # words of an allowed title read together with their neighbours ("more like Crazy, Stupid,
            # Love." holds *Like Crazy*) name nothing else; a longer title holding one ("Toy Story 2")
            # does
            if any(a < match.end and match.start < b and not (match.start <= a and b <= match.end) for a, b in allowed):
                continue
            return False
        for m in TITLE_YEAR.finditer(sentence):
            # the capture may start before the title ("try Alien") or inside it: either way is fine
            name = normalize(m[1])
            if not any(f" {t} " in f" {name} " or f" {name} " in f" {t} " for t in self.allowed_titles):
                return False
            # a hit's year in brackets is its record's: "The Notebook (2031)" took a year from the message
            hits = [h for h in self.hits.values() if f" {normalize(h.item.title)} " in f" {name} "]
            if hits and not any(h.item.year == int(m[0][-5:-1]) for h in hits):
                return False
        return self._fair_to_them(sentence) and self._true(sentence, said, final)

    def _allowed_spans(self, sentence: str) -> list[tuple[int, int]]:
        """Where the sentence writes the hits' and cited titles (whole words)."""
        return [m.span() for name in self._name_words for m in name.finditer(sentence)]

    def _without_names(self, sentence: str) -> str:
        """The sentence with the hits' and cited titles blanked (whole words): what it says besides them."""
        for name in self._name_words:
            sentence = name.sub(" ", sentence)
        return sentence

    def _fair_to_them(self, sentence: str) -> bool:
        """Whether what the sentence says the person liked is a title they liked: "If you liked The
        Terminator" of a card they never named puts words in their mouth."""
        for m in _THEY_LIKED.finditer(sentence):
            said = [t for t in self.titles.find(sentence[m.end() :]) if t.start < 4]  # the title right after it
            if said and normalize(said[0].title) not in self.liked:
                log.info("a taste the person did not state: %r", sentence)
                return False
        return True

    def _true(self, sentence: str, said: str, final: bool = True) -> bool:
        """Whether what the sentence claims of the hits it speaks of (by name, or as "it" after a
        sentence naming one) is in their records; titles are taken out first ("The French
        Connection" says nothing about France)."""
        named = [h for h in self.hits.values() if f" {normalize(h.item.title)} " in said]
        subject = named or self.subject
        if final:
            self.subject = subject
        for part, about in _by_film(sentence, named) if len(named) > 1 else [(sentence, subject)]:
            if claim := unsupported(self._without_names(part), [h.item for h in about], self.asked):
                log.info("a claim its record does not support (%s)", claim)
                return False
        return True

    def _emit(self, sentence: str) -> str:
        sentence = _MARKUP.sub("", sentence).strip()
        if not sentence:
            return ""
        if self._grounded(sentence):
            self.kept.append(sentence)
            return sentence + " "
        self.dropped.append(sentence)
        log.info("dropped an ungrounded sentence: %r", sentence)
        return ""

    def _finish(self, sentence: str, whole: bool = True) -> str:
        """The rest of a sentence whose first clauses are out: all of it if the whole is grounded,
        else a full stop where the shown part ended. `whole`: False for one the token limit cut."""
        shown, self.shown = self.shown, 0
        if not shown:
            return self._emit(sentence) if whole else ""
        start = _MARKUP.sub("", sentence[:shown]).strip()
        full = _MARKUP.sub("", sentence).strip()
        if whole and self._grounded(full):
            self.kept.append(full)
            return _MARKUP.sub("", sentence[shown:]).rstrip() + " "
        self._grounded(start)  # what was shown stands as the sentence: its subject is "it" next
        self.kept.append(start + ".")
        if whole:
            self.dropped.append(full)
            log.info("cut an ungrounded sentence short after %r: %r", start, full)
        return ". "

    def _release(self, settled: bool) -> str:
        """The longest grounded start of the sentence being written that ends at a clause boundary
        (or at the end of `settled` text, the code's own opener) and is not inside a title that may
        run on past the boundary ("Lock, Stock and Two Smoking Barrels"); '' if none is new."""
        if not self.clauses:
            return ""
        text = self.buffer
        ends = [m.start() for m in _CLAUSE_END.finditer(text) if m.start() > self.shown]
        if settled and len(text.rstrip()) > self.shown:
            ends.append(len(text.rstrip()))
        for end in reversed(ends):
            head = _MARKUP.sub("", text[:end]).strip()
            boundary = settled and end == ends[-1] and end == len(text.rstrip())
            if len(head.split()) < CLAUSE_WORDS or (not boundary and self._title_runs_on(text, end)):
                continue
            if self._grounded(head, final=False):
                piece, first = _MARKUP.sub("", text[self.shown : end]), not self.shown
                self.shown = end
                return piece.lstrip() if first else piece
        return ""

    def _title_runs_on(self, text: str, end: int) -> bool:
        """Whether words before the boundary and the word after it may be one title ("Lock, Sto")."""
        before = text[:end].split()[-TITLE_WORDS:]
        after = [w for w in text[end:].split() if normalize(w)][:1]
        return bool(after) and any(self.titles.begins(" ".join(before[i:] + after)) for i in range(len(before)))

    def feed(self, text: str, settled: bool = False) -> str:
        """Text out as soon as it is safe: whole sentences that are grounded, and the grounded first
        clauses of the one still being written. `settled`: this text is the code's own (the opener),
        so where it ends is a boundary too."""
        self.buffer += text
        *done, self.buffer = _SENTENCE_END.split(self.buffer)
        out = "".join(self._finish(s) for s in done)
        return out + self._release(settled)

    def flush(self) -> str:
        rest, self.buffer = self.buffer.strip(), ""
        if (self.kept or self.shown) and rest and rest[-1] not in ".!?":  # cut off (the token limit): drop it
            return self._finish(rest, whole=False)
        return self._finish(rest)

    def named(self, hits: list[Hit]) -> list[Hit]:
        """The hits the kept text names."""
        text = f" {normalize(' '.join(self.kept))} "
        return [h for h in hits if f" {normalize(h.item.title)} " in text]


def _by_film(sentence: str, named: list[Hit]) -> list[tuple[str, list[Hit]]]:
    """Each named film's part of a sentence that names several: from where its title is written to
    where the next one's is (the words before the first go with the first), so that "X for its humor,
    or Y for its dark comedy" checks the dark comedy against Y's record alone. Where a title cannot be
    placed (written otherwise than the catalog writes it), the whole sentence goes with all of them."""
    placed: list[tuple[int, int, Hit]] = []
    for hit in sorted(named, key=lambda h: len(h.item.title), reverse=True):  # "Toy Story 2" before "Toy Story"
        spans = re.finditer(rf"(?<!\w){re.escape(hit.item.title)}(?!\w)", sentence, re.IGNORECASE)
        free = next((m for m in spans if not any(a < m.end() and m.start() < b for a, b, _ in placed)), None)
        if free is None:
            return [(sentence, named)]
        placed.append((free.start(), free.end(), hit))
    placed.sort(key=lambda p: p[0])
    cuts = [0, *(start for start, _, _ in placed[1:]), len(sentence)]
    return [(sentence[cuts[i] : cuts[i + 1]], [hit]) for i, (_, _, hit) in enumerate(placed)]


def _listing(hits: list[Hit], voice: bool = False) -> str:
    names = [spoken_title(h.item.title) if voice else h.item.label() for h in hits]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def fallback_reply(hits: list[Hit], voice: bool = False) -> str:
    if not hits:
        return "I could not find anything in the catalog that fits all of that. Could you loosen a constraint?"
    return f"You might enjoy {_listing(hits[:3], voice)}."


# The reply's first words, from facts: the start of a statement about {title} that a reason can
# follow ("How about X" would be cut short with a full stop when the reason is dropped).
# They say why the film was picked, the person's liked title it is nearest in the ranking, and claim
# nothing of how alike the two films are: "Close to Casablanca, I would suggest The Wizard of Oz" did
# (a hand check of the twentieth set counted 18 of 24 such likenesses unsupported by the two records).
# Only a title the person said they liked is named so: one only said to be seen ("we already watched
# Crazy, Stupid, Love") gets a plain opener, as "Since you liked" would be untrue.
BECAUSE_OPENERS = (
    "Since you liked {because}, try {title}",
    "You liked {because}, so {title} is a good next pick",
    "Since you enjoyed {because}, I would suggest {title}",
)
OPENERS = ("I would start with {title}", "You might like {title}", "A good pick here is {title}")
# The first word of the model's own text, which goes on from the opener with a reason ("for a
# comedy with romance"). The opener is shown at once; the lead only with what the model makes of it.
# Left to go on from the opener alone, the 1.5B model wrote "." after it in most turns; begun with
# "It", it described the film, mostly with words its record lacks (docs/experiments/reply-lead.md).
LEAD = " for"


def said_liked(profile: UserProfile) -> list[str]:
    """The titles the person said they liked: a title only said to be seen counts as liked in the
    profile, but "since you loved it" would overstate it."""
    return [t for t in profile.liked if t not in profile.seen]


class Writer:
    def __init__(
        self,
        llm: ChatModel | None,
        titles: TitleIndex,
        max_new_tokens: int = default("reply_max_new_tokens"),
        prompt_items: int = default("reply_prompt_items"),
    ):
        """`llm`: None writes the code's part alone (the opener and a listing), which lets the reading
        and retrieval of whole conversations be checked in seconds. `prompt_items`: how many hits the
        prompt lists (Settings.reply_prompt_items)."""
        self.llm, self.titles, self.max_new_tokens, self.prompt_items = llm, titles, max_new_tokens, prompt_items

    @staticmethod
    def opener(top: Hit, turn: int = 0, liked: Collection[str] = ()) -> str:
        """The reply's first words, from facts: the title the person said they liked (`liked`) that
        the top hit is closest to. The wording changes from turn to turn, so that replies do not all
        open alike."""
        if top.because and top.because in liked:
            forms = BECAUSE_OPENERS
            return forms[turn % len(forms)].format(because=top.because, title=top.item.title)
        return OPENERS[turn % len(OPENERS)].format(title=top.item.title)

    def clip(self, text: str, max_tokens: int) -> str:
        """`text` cut to what the model reads of it (bot.llm.clip), so the prompt around it still fits."""
        return clip(self.llm, text, max_tokens)

    def warm_up(self) -> None:
        """Let a backend with a prompt cache compute the reply prompt's system part once."""
        if hasattr(self.llm, "warm_up"):
            self.llm.warm_up(prompts.render("reply", prefill=False, message="", disliked=[], hits=[], opener=""))

    def guard(self, profile: UserProfile, hits: list[Hit], message: str = "") -> GroundingFilter:
        cited = profile.liked + profile.disliked
        return GroundingFilter(self.titles, hits, cited=cited, asked=message, liked=said_liked(profile))

    def stream(
        self,
        profile: UserProfile,
        message: str,
        hits: list[Hit],
        guard: GroundingFilter | None = None,
        voice: bool = False,
    ) -> Iterator[str]:
        """Yield reply text pieces; every piece has passed the grounding filter (`guard`, whose
        kept and dropped sentences an evaluation may read afterwards). `voice`: the answer is read
        aloud, so its own prompt, fewer tokens, and text a voice can say (bot/spoken.py); the
        caller gives it at most VOICE_ITEMS hits."""
        if voice:
            titles = [h.item.title for h in hits]
            guard = guard or self.guard(profile, hits, message)
            guard.clauses = False  # each piece is made speakable as a sentence
            for piece in self._stream(profile, message, hits, guard, voice=True):
                yield speakable(piece, titles) + " "
            return
        yield from self._stream(profile, message, hits, guard)

    def _messages(self, profile: UserProfile, message: str, hits: list[Hit], start: str | None, voice: bool):
        """The reply prompt; `start`: the answer's first words, which the model continues (None: the
        backend cannot continue an answer, and the prompt leaves them out)."""
        return prompts.render(
            "reply_voice" if voice else "reply",
            prefill=start is not None,
            message=message,
            disliked=profile.disliked[-5:],
            hits=hits[: self.prompt_items],
            opener=start or "",
        )

    def _limit(self, voice: bool) -> int:
        return min(self.max_new_tokens, VOICE_TOKENS) if voice else self.max_new_tokens

    def _stream(
        self, profile: UserProfile, message: str, hits: list[Hit], guard: GroundingFilter | None, voice: bool = False
    ) -> Iterator[str]:
        if not hits:
            yield fallback_reply(hits)
            return
        opener = self.opener(hits[0], profile.turns, said_liked(profile))
        guard = guard or self.guard(profile, hits, message)
        if self.llm is None:  # the reply is the code's own opener and listing
            start, written = [opener], ["" if opener.endswith(".") else "."]  # "try Monsters, Inc."
        elif not self.llm.supports_prefill:  # the model writes from scratch, without the opener
            start = []
            written = self.llm.stream(self._messages(profile, message, hits, None, voice), self._limit(voice))
        else:
            start = [opener]
            messages = self._messages(profile, message, hits, opener + LEAD, voice)
            written = itertools.chain([LEAD], self.llm.stream(messages, self._limit(voice)))
        for piece in start:  # the code's opener: out at once, before the model's first word
            if out := guard.feed(piece, settled=True):
                yield out
        for piece in written:
            if out := guard.feed(piece):
                yield out
            if voice and len(guard.kept) >= VOICE_SENTENCES:  # said enough: stop the model here
                break
        else:  # the model ended: what it wrote last may still be a sentence
            if out := guard.flush():
                yield out
        named = guard.named(hits)
        if not named:
            yield fallback_reply(hits, voice)
        elif len(named) < min(3, len(hits)):  # a small model tends to stop at one: name a few
            others = [h for h in hits if h not in named][: 3 - len(named)]
            yield f"Also worth a look: {_listing(others, voice)}."
