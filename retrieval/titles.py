"""Finding catalog titles inside free text: the user's message, and the LLM's reply.

Used to ground the profile (liked titles are catalog titles) and to police the writer (a title
that is in the catalog but not among this turn's hits is removed). Matching is on normalized
word n-grams, with guards against short titles that are also everyday words ("Up", "Her").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

_ARTICLES = ("the ", "a ", "an ")
MAX_WORDS = 10
_COMMON = set(
    "i me my you your it its a an the and or but of to in on at for with from by is are was be this "
    "that what some something anything more most like love loved not no don t do please movie movies "
    "film films one good great best new old older funny scary action drama comedy horror thriller "
    "romance crime war family fantasy mystery history music western animation documentary "
    # everyday words that start sentences ("The other two are ...", "Another one ..."): a title made
    # of these must be written like a title, mid-sentence, to count
    "other others another same last first next all any each both few many much two three here there "
    "now then again back away before after about just only still sure yes yeah okay well also too "
    "time day night way end home man men woman kind sort lot little big "
    # pronouns and question words: "They didn't really enthuse me" is no film *They*
    "they them these those their theirs when where which who whom whose why how he him his she her we us our "
    # words that open a request: "Nothing too long please" is no film *Nothing*, "Once ..." no *Once*
    "nothing everything something someone somebody everyone nobody none enough once somewhere maybe".split()
)

# A capitalized word right after a one-word title makes it a first name ("Adam Sandler"), unless it
# is an everyday word, a day or a month ("I saw Heat Friday", "Have you seen Alien That one is ...").
_NAME_GOES_ON = re.compile(r" ([A-Z][a-z]+(?:[A-Z][a-z]+)?)\b")  # one space: "Mulan  Have you seen" is two messages
_NOT_SURNAMES = _COMMON | set(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december "
    # words that start a reply ("I also liked Secretariat Nope, just ...")
    "have has had did does nope yep yes yeah ok okay sorry thanks thank please perfect great awesome cool nice "
    "lol haha oh wow hope maybe".split()
)


COMMON_WORDS = frozenset(_COMMON)  # for others that need "not a content word" (bot/starter.py)


def normalize(text: str) -> str:
    """Lowercase, strip accents, '&'→'and', non-alphanumerics→space: "Amélie & Co." → "amelie and co"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().replace("&", " and ")
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


@dataclass(frozen=True)
class TitleMatch:
    item_id: str
    title: str
    start: int  # character span in the original text
    end: int


_YEAR = re.compile(r" (18[7-9][0-9]|19[0-9]{2}|20[0-9]{2}|2100)$")
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?|&", re.UNICODE)  # "&" is a word: "Fast & Furious"


class TitleIndex:
    """Normalized title → item ids (exact titles, then most popular first), with and without a
    leading article; "Title (Year)" names one of several items with the same title."""

    def __init__(self, entries: Iterable[tuple]):
        """`entries`: (item_id, title, popularity) or (item_id, title, popularity, year)."""
        ranked: dict[str, list[tuple[bool, float, str, str]]] = {}
        for item_id, title, popularity, *year in entries:
            key = normalize(title)
            aliases = {key[len(a) :] for a in _ARTICLES if key.startswith(a)} - {key}
            keys = [(key, False), *((a, True) for a in aliases)]
            if year and year[0]:
                keys.append((f"{key} {year[0]}", False))
            for k, is_alias in keys:
                if k:  # an exact title beats an article-less alias: "Heat" is Heat, not The Heat
                    ranked.setdefault(k, []).append((is_alias, -popularity, item_id, title))
        self._index = {k: sorted(v) for k, v in ranked.items()}

    def __len__(self) -> int:
        return len(self._index)

    def lookup(self, name: str) -> tuple[str, str] | None:
        """(item_id, catalog title) for a name the user or model wrote ("Heat", "Heat (1995)"), or None."""
        key = normalize(name)
        hits = self._index.get(key) or self._index.get(_YEAR.sub("", key))
        return (hits[0][2], hits[0][3]) if hits else None

    def name(self, item_id: str, title: str, year: int | None) -> str:
        """How a profile should name this item: its title, or "Title (Year)" when the bare title
        would be read as another item."""
        hit = self.lookup(title)
        return title if hit is None or hit[0] == item_id or not year else f"{title} ({year})"

    def find(self, text: str) -> list[TitleMatch]:
        """Longest non-overlapping catalog titles mentioned in `text`, left to right."""
        words = [(m.start(), m.end(), normalize(m.group())) for m in _WORD.finditer(text)]
        found, i = [], 0
        while i < len(words):
            hit = self._longest(text, words, i)
            if hit is None or (hit[2] == 1 and self._first_name(text, words, i)):
                i += 1
                continue
            item_id, title, n = hit
            found.append(TitleMatch(item_id, title, words[i][0], words[i + n - 1][1]))
            i += n
        return found

    def _longest(self, text: str, words: list, i: int) -> tuple[str, str, int] | None:
        """(item id, catalog title, word count) of the longest plausible title starting at word i."""
        for n in range(min(MAX_WORDS, len(words) - i), 0, -1):
            span = words[i : i + n]
            hits = self._index.get(" ".join(w for _, _, w in span))
            if hits and self._plausible(text, span):
                return hits[0][2], hits[0][3], n
        return None

    def _first_name(self, text: str, words: list, i: int) -> bool:
        """Whether the one-word title at word i is a first name: a capitalized word follows that is
        no everyday word, day or month, and starts no title ("Adam Sandler", "Emma Watson"; not
        "Gladiator Apollo 13", a list written without commas)."""
        name = _NAME_GOES_ON.match(text, words[i][1])
        return bool(name) and name[1].lower() not in _NOT_SURNAMES and self._longest(text, words, i + 1) is None

    @staticmethod
    def _plausible(text: str, span: list[tuple[int, int, str]]) -> bool:
        """Reject everyday words: a one-word or all-common title must be written like a title."""
        if len(span) > 1 and any(w not in _COMMON for _, _, w in span):
            return True  # "the matrix", "star wars": distinctive enough in any case
        start, end, original = span[0][0], span[-1][1], text[span[0][0] : span[-1][1]]
        if 0 < start and end < len(text) and text[start - 1] in "\"'“‘*" and text[end] in "\"'”’*":
            return True  # written in quotes, the whole quote being the title
        if not original[0].isupper():
            return False
        before = text[:start].rstrip()
        # A capital at a sentence start proves nothing: only a distinctive word counts there. After a
        # comma an everyday word is often capitalized too ("Yes I have, It was good").
        everyday = all(w in _COMMON for _, _, w in span)
        line_start = "\n" in text[len(before) : start]
        sentence_start = not before or before[-1] in ".!?:;" or line_start or (before[-1] == "," and everyday)
        return not sentence_start or any(w not in _COMMON and len(w) > 3 for _, _, w in span)
