"""A film asked about by a name the catalog lacks: "what about Get Out?", "what is Get Out about?". The
chat says it does not have it, instead of asking which card was meant or calling the question off-topic
(issue 27: a request the catalog cannot satisfy is said).

Such a name is told by its capitals, as people type titles, in the few shapes of a question about one
film; a person ("what about Tom Hanks?"), a kind of film ("what about Disney?") or a word that points
("what about it?") is no film.
"""

from __future__ import annotations

import re

from bot.reading.people import KIND_NAMES
from retrieval.titles import TitleIndex, normalize

# A title as typed: capitalised words, with the small words titles keep inside ("Lord of the Rings")
_CAP = r"[A-Z0-9][^\W_]*(?:['’:&.-][^\W_]+)*[:!?]?"
_SMALL = r"of|the|a|an|and|in|on|at|to|for|from|with|&"
_NAME = rf"(?P<name>{_CAP}(?: (?:(?:{_SMALL}) )*{_CAP}){{0,7}})"
_SHAPES = (
    # "what about Get Out?", "ok how about The Room" (the name ends the sentence)
    re.compile(
        rf"^\W*(?i:(?:and|so|ok(?:ay)?|hmm+|well|but|also|oh|wait)\W+)*(?i:what|how) about"
        rf" (?i:the (?:movie|film) )?{_NAME}\s*(?:[?!.,]|$)"
    ),
    re.compile(rf"\b(?i:what(?:'s| is| was)) {_NAME} (?i:about)\b"),  # "what is Get Out about?"
    re.compile(rf"\b(?i:how long is) {_NAME}"),  # "how long is Get Out?"
    # "is Get Out any good?", "was The Room scary"
    re.compile(
        rf"(?:^|[.?!,]\s*)(?i:is|was) {_NAME} (?i:any good|good|worth|scary|funny|sad|violent|ok|okay|suitable"
        rf"|for kids|too)\b"
    ),
    # "do you have Get Out?", "have you got Oppenheimer? saw it last week"
    re.compile(rf"\b(?i:do (?:you|u|ya) have|have (?:you|u) got|you got) {_NAME}\s*(?:\?|$)"),
)
# Capitalised words that name no film here: pointers, days, kinds of film and languages.
_NOT_FILMS = frozenset(
    {"i", "it", "that", "this", "them", "those", "these", "you", "me", "him", "one", "ones", "something"}
    | {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "tomorrow", "tonight"}
    | KIND_NAMES
)


def missing_title(message: str, titles: TitleIndex, people: tuple[str, ...] = ()) -> str | None:
    """The name of a film `message` asks about that is no catalog title (nor a typo of one), as
    typed; None where it asks of no such name. `people`: the names it asks films of (no films)."""
    for shape in _SHAPES:
        found = shape.search(message)
        if found is None:
            continue
        name = found["name"].rstrip(":!?")
        words = normalize(name).split()
        if not words or set(words) <= _NOT_FILMS or normalize(name) in {normalize(p) for p in people}:
            continue
        if titles.resolve(name) is None and not titles.find(name, fuzzy=True):
            return name
    return None
