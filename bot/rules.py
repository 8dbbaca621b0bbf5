"""What a message says about taste, found without the LLM: catalog titles, genre words, negation,
periods. It is the fallback when the LLM's delta is unusable and the check on it when it is usable.
"""

from __future__ import annotations

import re

from bot.profile import ProfileDelta
from retrieval.titles import TitleIndex, normalize

# Everyday words for a genre → the catalog's genre name (matched on normalized words).
GENRE_WORDS = {
    "action": "Action",
    "adventure": "Adventure",
    "adventures": "Adventure",
    "animation": "Animation",
    "animated": "Animation",
    "cartoon": "Animation",
    "cartoons": "Animation",
    "comedy": "Comedy",
    "comedies": "Comedy",
    "funny": "Comedy",
    "laugh": "Comedy",
    "hilarious": "Comedy",
    "crime": "Crime",
    "gangster": "Crime",
    "heist": "Crime",
    "documentary": "Documentary",
    "documentaries": "Documentary",
    "drama": "Drama",
    "dramas": "Drama",
    "family": "Family",
    "kids": "Family",
    "fantasy": "Fantasy",
    "history": "History",
    "historical": "History",
    "horror": "Horror",
    "scary": "Horror",
    "slasher": "Horror",
    "gory": "Horror",
    "music": "Music",
    "musical": "Music",
    "musicals": "Music",
    "mystery": "Mystery",
    "mysteries": "Mystery",
    "whodunit": "Mystery",
    "romance": "Romance",
    "romantic": "Romance",
    "romcom": "Romance",
    "love story": "Romance",
    "science fiction": "Science Fiction",
    "sci fi": "Science Fiction",
    "scifi": "Science Fiction",
    "thriller": "Thriller",
    "thrillers": "Thriller",
    "suspense": "Thriller",
    "war": "War",
    "western": "Western",
    "westerns": "Western",
}
NEGATION = re.compile(
    r"\b(no|not|nothing|never|without|avoid|except|hate[sd]?|dislike[sd]?|don'?t|doesn'?t|didn'?t|"
    r"can'?t stand|isn'?t|wasn'?t|boring|awful|terrible|sick of|tired of|rather not)\b",
    re.IGNORECASE,
)
# "I don't like Nolan", "not a fan of Adam Sandler": the object of a like/dislike verb, as written.
_NAMED = re.compile(
    r"\b(?:like[sd]?|love[sd]?|adore[sd]?|enjoy(?:ed|s)?|hate[sd]?|dislike[sd]?|fan of|stand)\s+"
    r"((?:[A-Z][\w'.-]*)(?:\s+[A-Z][\w'.-]*){0,3})"
)
CLAUSES = re.compile(r"[.;!?\n]+|,|\b(?:but|however|though|although|whereas|yet)\b", re.IGNORECASE)
_DECADE = re.compile(
    r"\b(?:(19|20)?([0-9])0'?s|(twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))\b",
    re.IGNORECASE,
)
_WORD_DECADES = {
    "twenties": 1920,
    "thirties": 1930,
    "forties": 1940,
    "fifties": 1950,
    "sixties": 1960,
    "seventies": 1970,
    "eighties": 1980,
    "nineties": 1990,
}
_BEFORE = re.compile(r"\b(?:before|earlier than|older than|until|up to|pre)[ -](\d{4})\b", re.IGNORECASE)
_AFTER = re.compile(r"\b(?:after|since|newer than|later than|from|post)[ -](\d{4})\b", re.IGNORECASE)
_OLDER = re.compile(r"\b(older|old|classic|classics|vintage|retro)\b", re.IGNORECASE)
_NEWER = re.compile(r"\b(recent|newer|latest|modern)\b", re.IGNORECASE)


def _period(clause: str) -> tuple[int | None, int | None]:
    if m := _DECADE.search(clause):
        century, digit, word = m.groups()
        if word:
            start = _WORD_DECADES[word.lower()]
        else:
            start = int(century or ("20" if digit in "012" else "19")) * 100 + int(digit) * 10
        return start, start + 9
    low = _BEFORE.search(clause)
    high = _AFTER.search(clause)
    if low or high:
        return (int(high.group(1)) if high else None), (int(low.group(1)) - 1 if low else None)
    if _OLDER.search(clause):
        return None, 1999
    if _NEWER.search(clause):
        return 2010, None
    return None, None


def _genres(clause: str) -> list[str]:
    words = f" {normalize(clause)} "
    return list(dict.fromkeys(g for w, g in GENRE_WORDS.items() if f" {w} " in words))


def rule_delta(message: str, titles: TitleIndex) -> ProfileDelta:
    """A delta from catalog titles, genre words, named people and periods, clause by clause."""
    liked, disliked, genres, exclude = [], [], [], []
    year_min = year_max = None
    for clause in CLAUSES.split(message):
        if not clause or not clause.strip():
            continue
        negative = bool(NEGATION.search(clause))
        found = [m.title for m in titles.find(clause)]
        named = [n for n in _NAMED.findall(clause) if not titles.find(n)]
        (disliked if negative else liked).extend(found + named)
        (exclude if negative else genres).extend(_genres(clause))
        lo, hi = _period(clause)
        if negative and (b := _BEFORE.search(clause)):  # "nothing before 2000"
            lo, hi = int(b.group(1)), None
        elif negative and (a := _AFTER.search(clause)):  # "nothing after 1990"
            lo, hi = None, int(a.group(1))
        elif negative:
            lo = hi = None
        if lo or hi:
            year_min, year_max = lo, hi
    return ProfileDelta(
        liked=liked,
        disliked=disliked,
        genres=genres,
        exclude_genres=exclude,
        year_min=year_min,
        year_max=year_max,
    )
