"""The people a message asks films of: "something with Tom Hanks", "any Tarantino movies?", "directed by
Christopher Nolan". The catalog has no cast or crew, so the chat cannot look for them, and says so
instead of showing cards as if it had (issue 27: a request the catalog cannot satisfy is said).

Names are told by their capitals, as people type them; a run of capitalised words that starts a
catalog title ("with Harry Potter vibes") or is a kind of film ("any Disney movies") is no person.
"""

from __future__ import annotations

import re

from bot.reading.facts import LANGUAGE_WORDS
from bot.reading.wishes import GENRE_WORDS
from retrieval.titles import TitleIndex, normalize

# "Hanks", "DiCaprio", "O'Hara"; not "OK", and not the "'s" of "Nolan's". Taken whole (possessive): a
# word that could end at any letter made a list of titles backtrack without end (40 titles: 15 s).
_WORD = r"[A-Z](?=[A-Za-z'’.-]*[a-z])(?:[A-Za-z.-]|['’](?!s\b))*+"
_ONE = rf"{_WORD}(?:\s+(?:de |van |von |del |da |di |le )?{_WORD}){{0,2}}"
_NAME = rf"{_ONE}(?:(?:,\s*|\s+(?:and|or|&)\s+){_ONE})*"  # "Brad Pitt and Morgan Freeman"
_LIST = re.compile(r",\s*|\s+(?:and|or|&)\s+")
_PATTERNS = (
    # said outright: "starring Meryl Streep", "films by Spielberg", "directed by Greta Gerwig"
    re.compile(
        rf"\b(?i:starring|featuring|directed by|(?:films?|movies?|made|anything|something) by|the (?:actor|actress"
        rf"|director)|(?:actor|actress|director))\s+({_NAME})"
    ),
    # a first and last name after "with" or "by": "something with Tom Hanks", "by Wes Anderson"
    re.compile(rf"\b(?i:with|by)\s+({_WORD}\s+{_NAME})"),
    # "Nolan's films", "any Tarantino movies", "more Wes Anderson films"
    re.compile(rf"(?:\b(?i:any|some|more|other|a|the)\s+({_NAME})|\b({_NAME})'s)\s+(?i:movies|films|flicks)\b"),
)
# Capitalised kinds of film that are not people ("any Disney movies", "Christmas films"), nor films
# (bot/reading/missing.py); "Bond" is no person either ("any Bond movies").
KIND_NAMES = frozenset(
    {"disney", "pixar", "marvel", "dc", "ghibli", "netflix", "christmas", "halloween", "hollywood", "oscar"}
    | {normalize(w) for w in GENRE_WORDS}
    | set(LANGUAGE_WORDS)
)
_KINDS = KIND_NAMES | {"bond"}


def people_asked(message: str, titles: TitleIndex) -> list[str]:
    """The names of people the message asks films with or by, in order, without repeats."""
    found = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(message):
            for name in _LIST.split(next(g for g in match.groups() if g)):
                name = name.strip(" .'’")
                key = normalize(name)
                if not key or any(w in _KINDS for w in key.split()) or titles.lookup(name) or titles.begins(name):
                    continue
                found.append(name)
    return list(dict.fromkeys(found))
