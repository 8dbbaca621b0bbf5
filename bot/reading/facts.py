"""What a message asks of a film's catalog facts beside genre and period: its language ("a French
comedy", "something in Korean"), its length ("under two hours", "nothing too long"), its rating
("highly rated"), and themes to keep away from ("nothing violent", "no serial killers").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.reading.language import Clause
from bot.reading.wishes import GENRE_WORDS
from retrieval.titles import COMMON_WORDS, normalize

LANGUAGE_WORDS = {
    "french": "fr", "spanish": "es", "mexican": "es", "german": "de", "italian": "it", "japanese": "ja",
    "anime": "ja", "korean": "ko", "chinese": "zh", "mandarin": "zh", "hindi": "hi", "bollywood": "hi",
    "russian": "ru", "swedish": "sv", "danish": "da", "norwegian": "no", "portuguese": "pt", "brazilian": "pt",
    "dutch": "nl", "persian": "fa", "iranian": "fa", "thai": "th", "english": "en", "english-language": "en",
    "british": "en",
}  # fmt: skip
_LANGUAGE = "|".join(LANGUAGE_WORDS)
_FILM = r"(?:films?|movies?|flicks?|cinema|ones?|stuff|something|anything|comedy|comedies|drama|dramas|thrillers?"
_FILM += r"|romance|romcom|horror|animation|language|classics?|" + "|".join(map(re.escape, GENRE_WORDS)) + ")"
# "a French comedy", "french films", "something in Korean", "anything Japanese", "bollywood"
_ASKS_LANGUAGE = re.compile(
    rf"\b(?:({_LANGUAGE})(?:\s+\w+){{0,2}}?\s+{_FILM}\b|in ({_LANGUAGE})\b"
    rf"|(?:something|anything|some)\s+({_LANGUAGE})\b|(bollywood|anime)\b"
    rf"|\b(?:how about|what about|maybe|or)\s+({_LANGUAGE})\b(?!\s+\w+\s+(?:films?|movies?))"
    rf"|(?:une?|una|uma|ein|eine|some)\s+{_FILM}\s+({_LANGUAGE})\b)",  # "une comédie française", word for word
    re.IGNORECASE,
)
_NUMBER = {"one": 1, "two": 2, "three": 3, "1": 1, "2": 2, "3": 3, "1.5": 1.5, "an": 1, "a": 1}
_BOUND = r"(?:under|less than|shorter than|(?:no|not|nothing) (?:more|longer) than|at most|max(?:imum)?|within)"
_HOURS = re.compile(rf"\b{_BOUND}\s+(one|two|three|an|a|[123](?:\.5)?)\s+hours?\b(?! and a half)", re.IGNORECASE)
_MINUTES = re.compile(rf"\b{_BOUND}\s+(\d{{2,3}})\s*(?:minutes|mins?)\b", re.IGNORECASE)
_HOUR_AND_HALF = re.compile(r"\b(?:an|one) hour and a half\b|\b90 minutes\b|\bhour and a half\b", re.IGNORECASE)
# "under 2 and a half hours", "less than two and a half hours"
_HOURS_AND_HALF = re.compile(rf"\b{_BOUND}\s+(one|two|three|[123]) and a half hours?\b", re.IGNORECASE)
# The time there is, said without a bound word: "we have 80 minutes", "100 minutes tops".
_TIME_THERE_IS = re.compile(
    r"\b(?:have|got)\s+(?:maybe |about |around |only |just |roughly )?(\d{2,3})\s*(?:minutes|mins?)\b"
    r"|\b(\d{2,3})\s*(?:minutes|mins?)\s+(?:max|tops|or less|at most)\b",
    re.IGNORECASE,
)
# A least length: "at least 2.5 hours", "over two hours", "a proper 3 hour epic", "something long".
_LEAST = r"(?<!no )(?<!not )(?<!nothing )(?:at least|over|more than|longer than|minimum(?: of)?)"
_HOURS_LEAST = re.compile(rf"\b{_LEAST}\s+(one|two|three|an|a|[123](?:\.5)?)\s+hours?\b(?! and a half)", re.IGNORECASE)
_MINUTES_LEAST = re.compile(rf"\b{_LEAST}\s+(\d{{2,3}})\s*(?:minutes|mins?)\b", re.IGNORECASE)
_LONG_HOURS = r"(two|three|four|[234](?:\.5)?)"  # how many hours a long film is said to run
_HOURS_LONG = re.compile(
    rf"\b{_LONG_HOURS}[- ]hours?(?: long)?\s+(?:epic|film|movie|one|marathon|saga)s?\b", re.IGNORECASE
)
_LONG = re.compile(
    r"\bsomething (?:long|epic)\b|\ba long (?:film|movie|one)\b|\b(?:long|big) (?:\w+ )?epics?\b"
    r"|\bthe longer the better\b",
    re.IGNORECASE,
)
# Hours said as what is wanted, without a bound word: "3 hours is fine", "like 3 hours", "3 hours or more".
_HOURS_WANTED = re.compile(
    rf"\b{_LONG_HOURS} hours?(?= is fine| or more| plus| long)|\blike {_LONG_HOURS} hours\b",
    re.IGNORECASE,
)
LONG = 140  # minutes: "something long"
_NUMBER.update({"four": 4, "4": 4, "2.5": 2.5})
_NOT_LONG = re.compile(
    r"\b(?:not|nothing|isn'?t|no)\s+(?:too|very|that|so|overly)\s+long\b|\bshort(?:er)?\s+(?:film|movie|one)s?\b"
    r"|\bsomething (?:short|quick)\b|\bquick (?:watch|one|film|movie)\b",
    re.IGNORECASE,
)
NOT_LONG = 110  # minutes: "nothing too long" (most films run 90-120)
HOUR_AND_HALF = 100  # said as the time there is; with a bound word ("no longer than"), 90
_HIGHLY_RATED = re.compile(
    r"\b(?:highly|well|top|best|critically)[ -](?:rated|reviewed|acclaimed)|\bacclaimed\b"
    r"|\b(?:good|great|rave) reviews\b|\baward[ -]winning\b|\boscar[ -]winning\b|\bmasterpieces?\b",
    re.IGNORECASE,
)
HIGHLY_RATED = 7.0  # out of 10
# An adjective for a theme, as the catalog's keywords name it: "nothing violent" avoids "violence".
_THEME_NOUNS = {
    "violent": "violence", "bloody": "blood", "gory": "gore", "sexual": "sex", "sexy": "sex",
    "depressing": "depression",
    # as people write what the catalog tags otherwise
    "world war 2": "world war ii", "world war two": "world war ii", "ww2": "world war ii", "wwii": "world war ii",
    "world war 1": "world war i", "world war one": "world war i", "ww1": "world war i", "wwi": "world war i",
    "marvel": "marvel comic",
}  # fmt: skip
# A theme the catalog tags under several keywords: avoiding violence avoids each of them.
THEME_FAMILIES = {"violence": ("violence", "murder", "shootout", "torture", "massacre", "brutality", "gore", "killing")}
# What asks to keep a theme away, right before it: "no serial killers", "nothing violent", "without
# drugs", "avoid gore", "sick of superheroes", "I hate clowns", "not the gory kind"; not any negation
# ("not a fan", "no snow here" are no requests).
_LESS = re.compile(r"\bless\b", re.IGNORECASE)
_AVOIDING = re.compile(
    r"\b(?:no|not(?: the)?|nothing|without|avoid(?:ing)?|hate[sd]?|sick of|tired of|rather not have"
    r"|can'?t (?:do|handle|stand)|cannot (?:do|handle|stand)|less)\s+"
    r"(?:(?:too|any|more|with|about|involving|that has|that is|so|very|overly)\s+){0,2}",
    re.IGNORECASE,
)


@dataclass
class Facts:
    """The facts one message asks for; None / empty where it asks nothing."""

    language: str | None = None
    runtime_max: int | None = None
    runtime_min: int | None = None
    rating_min: float | None = None
    avoid: list[str] = field(default_factory=list)

    def read(self, clause: Clause, themes: frozenset[str]) -> None:
        """`themes`: the catalog's keywords, the only themes that can be avoided."""
        if not clause.negative and (m := _ASKS_LANGUAGE.search(clause.bare)):
            self.language = LANGUAGE_WORDS[next(g for g in m.groups() if g).lower()]
        if limit := _runtime(clause.text):  # the tightest: "about an hour and a half, something short"
            self.runtime_max = min(limit, self.runtime_max or limit)
        if least := _least_runtime(clause.text):
            self.runtime_min = max(least, self.runtime_min or 0)
        if _HIGHLY_RATED.search(clause.bare) and not clause.negative:
            self.rating_min = HIGHLY_RATED
        if (clause.negative or _LESS.search(clause.bare)) and themes:  # "more crime, less superhero"
            named = [w for t in _avoided(clause.bare, themes) for w in THEME_FAMILIES.get(t, (t,))]
            self.avoid += [t for t in named if t not in self.avoid]


def _runtime(text: str) -> int | None:
    """The most minutes a clause allows, or None."""
    if m := _MINUTES.search(text):
        return int(m[1])
    if m := _HOURS_AND_HALF.search(text):
        return round(_NUMBER[m[1].lower()] * 60) + 30
    if m := _HOURS.search(text):
        return round(_NUMBER[m[1].lower()] * 60)
    if m := _TIME_THERE_IS.search(text):
        return int(m[1] or m[2])
    if m := _HOUR_AND_HALF.search(text):
        before = rf"(?:{_BOUND}|bored after(?: about| around)?|(?:have|got) (?:about |around |maybe |only |just )?)\s*$"
        bounded = re.search(before, text[: m.start()], re.IGNORECASE)  # "I've got about an hour and a half"
        return 90 if bounded else HOUR_AND_HALF  # "she gets bored after about an hour and a half"
    if _NOT_LONG.search(text):
        return NOT_LONG
    return None


def _least_runtime(text: str) -> int | None:
    """The fewest minutes a clause asks for, or None: a "3 hour epic" is one of two and a half hours or more."""
    if m := _MINUTES_LEAST.search(text):
        return int(m[1])
    if m := _HOURS_LEAST.search(text):
        return round(_NUMBER[m[1].lower()] * 60)
    if m := _HOURS_LONG.search(text) or _HOURS_WANTED.search(text):
        return round(_NUMBER[(m[1] or m[2]).lower()] * 60) - 30
    if _LONG.search(text):
        return LONG
    return None


def _avoided(bare: str, themes: frozenset[str]) -> list[str]:
    """The catalog themes named right after a request to avoid them ("no serial killers", "nothing
    violent"): one to three words, singular, adjectives as their noun; not genres (read as genres)
    and not everyday words."""
    found = []
    for m in _AVOIDING.finditer(bare):
        words = normalize(bare[m.end() :]).split()[:5]
        i = 0
        while i < len(words):  # the theme and any joined to it: "no drugs or sex", "nothing gory or violent"
            theme = next((t for n in (3, 2, 1) if (t := _theme(" ".join(words[i : i + n]), themes))), None)
            if theme is not None:
                found.append(theme)
                i += len(theme.split())
            elif words[i] in GENRE_WORDS:  # "nothing gory or violent": the genre is the genres' to read
                i += 1
            else:
                break
            if i < len(words) and words[i] in ("or", "and", "nor"):
                i += 1
    return found


def _theme(phrase: str, themes: frozenset[str]) -> str | None:
    if _THEME_NOUNS.get(phrase) in themes:  # "gory" names a genre too, but "scary, not gory" keeps horror
        return _THEME_NOUNS[phrase]
    if not phrase or phrase in GENRE_WORDS or all(w in COMMON_WORDS for w in phrase.split()) or len(phrase) < 3:
        return None
    for candidate in (_THEME_NOUNS.get(phrase, phrase), phrase.removesuffix("s"), phrase.removesuffix("es")):
        if candidate in themes and candidate not in GENRE_WORDS:
            return candidate
    return None
