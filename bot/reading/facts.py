"""What a message asks of a film's catalog facts beside genre and period: its language ("a French
comedy", "something in Korean"), its length ("under two hours", "nothing too long"), its rating
("highly rated"), and themes to keep away from ("nothing violent", "no serial killers").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from bot.reading.language import Clause
from bot.reading.wishes import GENRE_WORDS
from retrieval.titles import COMMON_WORDS, normalize

LANGUAGE_WORDS = {
    "french": "fr", "spanish": "es", "mexican": "es", "german": "de", "italian": "it", "japanese": "ja",
    "anime": "ja", "korean": "ko", "chinese": "zh", "mandarin": "zh", "hindi": "hi", "bollywood": "hi",
    "russian": "ru", "swedish": "sv", "danish": "da", "norwegian": "no", "portuguese": "pt", "brazilian": "pt",
    "dutch": "nl", "persian": "fa", "iranian": "fa", "thai": "th", "english": "en", "english-language": "en",
    "british": "en", "samurai": "ja", "quebecois": "fr", "québécois": "fr", "mexicana": "es", "mexicanas": "es",
    "mexicano": "es", "mexicanos": "es", "deutscher": "de", "deutsche": "de", "deutsches": "de", "k-drama": "ko",
    "kdrama": "ko", "cantonese": "zh", "american": "en",
}  # fmt: skip
# Where a film is from, said by its country: "a film from France", "made in Spain".
COUNTRIES = {
    "france": "fr", "spain": "es", "mexico": "es", "argentina": "es", "italy": "it", "germany": "de", "austria": "de",
    "japan": "ja", "korea": "ko", "south korea": "ko", "china": "zh", "hong kong": "zh", "taiwan": "zh", "india": "hi",
    "brazil": "pt", "portugal": "pt", "denmark": "da", "sweden": "sv", "norway": "no", "russia": "ru", "iran": "fa",
}  # fmt: skip
_LANGUAGE = "|".join(map(re.escape, sorted(LANGUAGE_WORDS, key=len, reverse=True)))
_FILM = r"(?:films?|movies?|flicks?|cinema|ones?|stuff|something|anything|comedy|comedies|drama|dramas|thrillers?"
_FILM += r"|romance|romcom|horror|animation|language|classics?|" + "|".join(map(re.escape, GENRE_WORDS)) + ")"
# "a French comedy", "french films", "something in Korean", "anything Japanese", "bollywood"
_ASKS_LANGUAGE = re.compile(
    rf"\b(?:({_LANGUAGE})(?:\s+\w+){{0,2}}?\s+{_FILM}\b|in ({_LANGUAGE})\b"
    rf"|(?:something|anything|some)\s+({_LANGUAGE})\b|(bollywood|anime)\b"
    rf"|\b(?:how about|what about|maybe|or)\s+({_LANGUAGE})\b(?!\s+\w+\s+(?:films?|movies?))"
    # "une (bonne) comédie française"
    rf"|(?:une?|una|uma|um|ein|eine|some)\s+(?:\w+\s+)?{_FILM}(?:\s+{_FILM})?\s+({_LANGUAGE})\b"
    rf"|\b(?:películas?|peliculas?|pelis?|filmes?|films?)\s+(?:de\s+[\w-]+\s+)?({_LANGUAGE})\b"  # "filme de ação ..."
    rf"|\b({_LANGUAGE})[- ]language\b"
    rf"|\b(?:preferably|ideally|only|must be|has to be|needs to be)\s+({_LANGUAGE})\b"
    # said alone at a clause's start: "korean maybe", "chinese please"
    rf"|(?:(?<=^)|(?<=^ )|(?<=[.!?,;:])|(?<=[.!?,;:] ))({_LANGUAGE})"
    r"\s+(?:maybe|please|pls|plz|ideally|preferably|perhaps|if possible|only)\b"
    r"|\b(?:from|made in)\s+(?:the\s+)?(" + "|".join(COUNTRIES) + r")\b)",
    re.IGNORECASE,
)
# A length: "90 minutes", "2 hours", "2h", "1h30", "1:40", "an hour and 40 min", "2 and a half hours",
# "1.5 hours", "an hour and a half", "a 2-hour film"; not "half an hour".
_WORD_HOURS = {"one": 1, "two": 2, "three": 3, "four": 4, "an": 1, "a": 1}
_DURATION = re.compile(
    r"\b(?<!half )(?:(?P<digits>[1-4](?:[.,]5)?)[\s-]*(?:hours?|hrs?|h)(?![a-z])"  # not "1 hates"
    r"|(?P<words>one|two|three|four|an|a)[ -]hours?)"
    r"(?:\s*(?:and\s+)?(?P<half>a half)\b|\s*(?:and\s+)?(?P<minutes>[0-5]?\d)\s*(?:minutes|mins?|m)?\b)?"
    r"|\b(?P<and_half>one|two|three|[1-3]) and a half hours?\b"
    r"|\b(?P<clock_h>[1-3]):(?P<clock_m>[0-5]\d)\b"
    r"|\b(?P<only_minutes>\d{2,3})[\s-]*(?:minutes?|mins?|m)\b"  # "a 90-minute flight"
    r"|\bhour and a half\b",
    re.IGNORECASE,
)
# What bounds a length from above, before it: "under 2 hours", "nothing over 2 hours", "I fall asleep after
# 100 minutes", "we have like 90 mins"; after it: "2 hours tops", "90 minutes or less".
_SOFT = r"(?:about|around|maybe|roughly|like|just|only|approx(?:imately)?|max|at most)\s+"
_MOST_BEFORE = re.compile(
    r"\b(?:under|below|sub|less than|shorter than|up to|within|at most|max(?:imum)?(?: of)?|not? (?:more|longer) than"
    r"|(?:can'?t|cannot|shouldn'?t|mustn'?t|won'?t|not|(?:is|are)n'?t)(?: be| go| run| last)? (?:any )?"
    r"(?:more|longer) than"
    r"|(?:no|not|nothing|none)(?: \w+)? (?:over|above|past|beyond|more than|longer than)"
    r"|(?:fall|falls|fell) asleep after"
    r"|(?:bored|restless|done) after|(?:have|got)(?: only| just)?|only have|no longer than)\s+(?:" + _SOFT + r")?$",
    re.IGNORECASE,
)
_MOST_AFTER = re.compile(
    r"\s*(?:max(?:imum)?|tops|or (?:less|under|shorter)|at (?:the )?most|is (?:the|my|our) (?:max|limit)"
    # the time a trip or a break leaves: "a 90 minute flight", "my 2 hour train ride"
    r"|(?:long )?(?:flight|plane ride|train ride|train journey|bus ride|commute|journey|layover|lunch break|break))\b",
    re.IGNORECASE,
)
# What bounds it from below: "at least 2.5 hours", "over two hours"; "3 hours or more", "3 hours is fine".
_LEAST_BEFORE = re.compile(r"\b(?:at least|over|more than|longer than|minimum(?: of)?)\s+$", re.IGNORECASE)
_LEAST_AFTER = re.compile(r"\s*(?:or (?:more|longer)|plus|\+|minimum|at least)", re.IGNORECASE)
# A long film's length, named as one wanted ("a proper 3 hour epic", "like 3 hours") or refused ("no 3 hour
# epics", "something that isn't 3 hours long").
_AS_FILM = re.compile(r"[- ]*(?:long\b|is fine\b|(?:epic|film|movie|one|marathon|saga)s?\b)", re.IGNORECASE)
_REFUSED = re.compile(r"\b(?:no|not|nothing|isn'?t|aren'?t|none)\s+(?:\w+\s+)?$", re.IGNORECASE)
_LONG = re.compile(
    r"\bsomething (?:long|epic)\b|\ba long (?:film|movie|one)\b|\b(?:long|big) (?:\w+ )?epics?\b"
    r"|\bthe longer the better\b"
    # "a sci-fi epic then"; not "an epic fail"
    r"|\b(?:an?|some|another) (?:[\w-]+ )?epics?(?=\s*(?:$|[,.!?;]|then\b|please\b|pls\b|tonight\b))",
    re.IGNORECASE,
)
LONG = 140  # minutes: "something long"
_NOT_LONG = re.compile(r"\b(?:not|nothing|isn'?t|no)\s+(?:too|very|that|so|overly)\s+long\b", re.IGNORECASE)
# Short, said without a figure: "something short", "a short one", "a short horror", "short-ish", "a quick
# watch", "a quick comedy".
_SHORT = re.compile(
    r"\b(?:short(?:er)?|quick)\s+" + _FILM + r"\b|\bsomething (?:short|quick)\b|\bquick watch\b"
    r"|\bshort[- ]?ish\b|\b(?:a|an|on the) short(?:er)? side\b"
    # short alone, in a list of wishes: "something for my 3 year old please, short and not scary at all"
    r"|(?:^\W*|[,;]\s*|\b(?:please|pls|and|but)\s+)short(?=\s*(?:$|[,.!?;]|and\b|please\b|pls\b))",
    re.IGNORECASE,
)
SHORT = 100  # minutes: "something short"
NOT_LONG = 110  # minutes: "nothing too long" (most films run 90-120)
EPIC = 30  # minutes under the hours a long film is said to run: a "3 hour epic" runs 150 or more
_HIGHLY_RATED = re.compile(
    r"\b(?:highly|well|top|best|critically)[ -](?:rated|reviewed|acclaimed)|\bacclaimed\b"
    r"|\b(?:good|great|rave) reviews\b|\baward[ -]winning\b|\boscar[ -]winning\b"
    r"|(?<!is a )(?<!was a )(?<!'s a )(?<!such a )(?<!what a )\bmasterpieces?\b",  # not "the matrix is a masterpiece"
    re.IGNORECASE,
)
HIGHLY_RATED = 7.0  # out of 10
# A bound of the request let go: "any year", "the year doesn't matter", "whatever length", "any language"
_ANY = r"\b(?:any|whatever|whichever)\s+"
_MATTERS_NOT = r"\s+(?:does ?n[o']?t|doesnt|don'?t|dont|do not|does not) matter\b"
_NO_MATTER = r"\b(?:no matter (?:the|what|which|how)|regardless of (?:the )?)\s*"
_LIFTED = {
    kind: re.compile(rf"{_ANY}(?:{words})\b|\b(?:the )?(?:{words}){_MATTERS_NOT}|{_NO_MATTER}(?:{words})\b", re.I)
    for kind, words in (
        ("period", "years?|decades?|era|period|release date"),
        ("length", "length|runtime|running time|duration"),
        ("language", "languages?"),
    )
}
# Subtitles refused, in English: films made in English ("one of us refuses subtitles", "nothing with subtitles")
_NO_SUBTITLES = re.compile(
    r"\b(?:no|without|hates?|refuses?|won'?t (?:do|read|watch)|can'?t (?:do|read|stand)|(?:does|do) ?n[o']?t"
    r" (?:do|like|want|read)|not into|nothing with|not a fan of|no reading) subtitles?\b",
    re.IGNORECASE,
)
# A kind or a language the request had, said to be optional now: "doesnt have to be korean, just dark
# revenge thrillers", "it's okay if it's not a Japanese movie", "comedy not necessary, any good hindi film"
# (its language or its genres let go; the rest of the request stays).
_OPTIONAL = re.compile(
    r"\b(?:(?:do|does|did|need) ?n[o']?t|do not|does not|need not) (?:have|need) to be (?P<a>[\w -]+)"
    r"|\bnot necessarily (?P<b>[\w -]+)|\b(?:ok|okay|fine|alright|all right) if it'?s not (?P<c>[\w -]+)"
    r"|(?P<d>[\w-]+(?: [\w-]+)?) (?:(?:is|are) )?(?:not (?:necessary|needed|required|a must)|optional)\b",
    re.IGNORECASE,
)


def _optional(text: str) -> list[str]:
    """The bounds a clause makes optional (`_OPTIONAL`): "language" for a language or a country's
    films, "genres" for a kind of film."""
    kinds = []
    for m in _OPTIONAL.finditer(text):
        words = next(g for g in m.groups() if g).lower().split()[:4]
        if any(w in LANGUAGE_WORDS or w in COUNTRIES for w in words):
            kinds.append("language")
        if any(w in GENRE_WORDS for w in words):
            kinds.append("genres")
    return kinds


# An adjective for a theme, as the catalog's keywords name it: "nothing violent" avoids "violence".
_THEME_NOUNS = {
    "violent": "violence", "bloody": "blood", "gory": "gore", "sexual": "sex", "sexy": "sex",
    "depressing": "depression",
    # as people write what the catalog tags otherwise
    "world war 2": "world war ii", "world war two": "world war ii", "ww2": "world war ii", "wwii": "world war ii",
    "world war 1": "world war i", "world war one": "world war i", "ww1": "world war i", "wwi": "world war i",
    "marvel": "marvel comic", "capes": "superhero",
}  # fmt: skip
# A theme the catalog tags under several keywords: avoiding violence avoids each of them.
THEME_FAMILIES = {
    "violence": ("violence", "murder", "shootout", "torture", "massacre", "brutality", "gore", "killing"),
    "blood": ("blood", "gore", "splatter"),  # "not too bloody tho" had brought Scream, tagged gore
}
# What asks to keep a theme away, right before it: "no serial killers", "nothing violent", "without
# drugs", "avoid gore", "sick of superheroes", "I hate clowns", "not the gory kind", "nothin w zombies";
# not any negation ("not a fan", "no snow here" are no requests).
_LESS = re.compile(r"\b(?:less|forget)\b", re.IGNORECASE)  # "more crime, less superhero", "forget superheroes"
_SEEN_ALL = re.compile(r"\b(?:seen|watched|done) (?:every|each|all)\b", re.IGNORECASE)  # "seen every Marvel movie"
_AVOIDING = re.compile(
    r"\b(?:not an?(?= [\w-]+ (?:movies?|films?|flicks?)\b| musicals?\b)"  # "not a christmas movie", "not a musical"
    r"|(?:is|are)n'?t an?(?= musicals?\b)"  # "something that isn't a musical"
    r"|no|not(?: the)?|nothing|nothin'?|without|avoid(?:ing)?|hate[sd]?|sick of|tired of|done with|skip"
    r"|rather not have|(?:is|are)n'?t(?= about\b)"
    r"|exclud(?:e|ing)|forget(?: about)?"
    r"|(?:seen|watched|done) (?:every|each|all(?: of)?(?: the)?)"  # "he has seen every Marvel movie": none of those
    r"|can'?t (?:do|handle|stand)|cannot (?:do|handle|stand)|less|(?:do ?n'?t|do not) want)\s+"
    r"(?:(?:too|any|anything|stuff|films?|movies?|ones?|more|with|w/?|about|involving|that has|that is|so|very|overly"
    r"|the|all)\s+){0,3}",
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
    lifted: list[str] = field(default_factory=list)  # bounds let go: "any year", "the length doesn't matter"
    _vague_max: bool = False  # runtime_max is "not too long", not a length said, which replaces it

    def read_clock(self, text: str) -> None:
        """The time there is, said by the clock across the message, bounds the length unless a length was said."""
        if (self.runtime_max is None or self._vague_max) and (minutes := time_left(text)):
            self.runtime_max, self._vague_max = minutes, False

    def read(self, clause: Clause, themes: frozenset[str]) -> None:
        """`themes`: the catalog's keywords, the only themes that can be avoided."""
        if not clause.negative and (m := _ASKS_LANGUAGE.search(clause.bare)):
            said = next(g for g in m.groups() if g).lower()
            self.language = LANGUAGE_WORDS.get(said) or COUNTRIES[said]
        elif _NO_SUBTITLES.search(clause.text) and not self.language:  # "one refuses subtitles": English films
            self.language = "en"
        limit, least = _lengths(clause.text)
        said = bool(_DURATION.search(_in_digits(clause.text)))  # a length said, not "nothing too long"
        if limit and (self.runtime_max is None or (said and self._vague_max)):
            self.runtime_max, self._vague_max = limit, not said
        elif limit and said != self._vague_max:  # the tightest of the same kind: "about an hour and a half, short"
            self.runtime_max = min(limit, self.runtime_max)
        if least:
            self.runtime_min = max(least, self.runtime_min or 0)
        lifted = [kind for kind, pattern in _LIFTED.items() if pattern.search(clause.text)]
        self.lifted += [kind for kind in lifted + _optional(clause.text) if kind not in self.lifted]
        if _HIGHLY_RATED.search(clause.bare) and not clause.negative:
            self.rating_min = HIGHLY_RATED
        if (clause.negative or _LESS.search(clause.bare) or _SEEN_ALL.search(clause.bare)) and themes:
            bare = _OPTIONAL.sub(" ", clause.bare)  # "okay if it's not a Japanese movie" avoids no theme
            named = [w for t in _avoided(bare, themes) for w in THEME_FAMILIES.get(t, (t,))]
            self.avoid += [t for t in named if t not in self.avoid]


# The time there is, said by the clock: "it's 8:15 and we have until 10", "its 8:30, lights out at 11",
# "it has to be finished by 9:30 and we're starting at 7:45".
_CLOCK = r"(?P<{0}h>\d{{1,2}})(?:[:.h](?P<{0}m>[0-5]\d))?\s*(?:am|pm|o'?clock)?\b"
_NOW = re.compile(
    r"\b(?:it'?s|its|it is|now|right now|start(?:ing)? (?:at|around)|begin(?:ning)? (?:at|around))\s+"
    r"(?:(?:already|nearly|almost|like|about|just|past)\s+)?"
    + _CLOCK.format("now")
    + r"(?!\s*(?:minutes|mins?|hours?|hrs?|stars?|out of|/|%|years?))",
    re.IGNORECASE,
)
_END = re.compile(
    r"\b(?:until|till|til|'til|by|before|lights out at|(?:in )?bed (?:by|at)|bedtime(?: is)? at|(?:go to )?sleep at"
    r"|leave at|done by|finish(?:ed)? by|back at)\s+" + _CLOCK.format("end"),
    re.IGNORECASE,
)


def time_left(text: str) -> int | None:
    """The minutes between the time it is and the time it must end, when a message says both; the
    end is the next time the clock shows it (10 after 8:15 is 10 pm)."""
    now, end = _NOW.search(text), _END.search(text)
    if not (now and end):
        return None
    start = int(now["nowh"]) % 12 * 60 + int(now["nowm"] or 0)
    stop = int(end["endh"]) % 12 * 60 + int(end["endm"] or 0)
    minutes = (stop - start) % (12 * 60)
    return minutes if 30 <= minutes <= 300 else None


def _minutes(m: re.Match) -> int:
    """The minutes a `_DURATION` match says."""
    if m["only_minutes"]:
        return int(m["only_minutes"])
    if m["clock_h"]:
        return int(m["clock_h"]) * 60 + int(m["clock_m"])
    if m["and_half"]:
        hours = _WORD_HOURS.get(m["and_half"].lower()) or int(m["and_half"])
        return hours * 60 + 30
    if m["digits"] or m["words"]:
        hours = float(m["digits"].replace(",", ".")) if m["digits"] else _WORD_HOURS[m["words"].lower()]
        extra = 30 if m["half"] else int(m["minutes"] or 0)
        return round(hours * 60) + extra
    return 90  # "hour and a half"


def durations(text: str) -> list[int]:
    """The minutes of every length written in `text`, in any form people type ("1h30", "an hour and a
    half", "100 mins"): one reading of lengths for what people ask and for what the writer claims."""
    return [_minutes(m) for m in _DURATION.finditer(text)]


_TENS = {"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a hundred": 100, "one hundred": 100}
_MINUTE_WORDS = re.compile(r"\b(" + "|".join(_TENS) + r")(?=\s*(?:minutes|mins?)\b)", re.IGNORECASE)


def _in_digits(text: str) -> str:
    """Minutes said in words, in digits: "ninety minutes" is 90 minutes."""
    return _MINUTE_WORDS.sub(lambda w: str(_TENS[w[1].lower()]), text)


def _lengths(text: str) -> tuple[int | None, int | None]:
    """The most and the fewest minutes a clause allows (None where it says nothing). A length with a
    bound word is that bound ("under 2 hours", "at least 2.5 hours", "2 hours tops", "we have 80
    minutes"); a long film's length asks for one as long ("a 3 hour epic", "3 hours is fine") or, refused,
    for one shorter ("no 3 hour epics"); a length said alone is about that ("an hour and a half, a
    comedy": 90 at most). Else "something short", "nothing too long" and "something long"."""
    most = least = None
    text = _in_digits(text)
    for m in _DURATION.finditer(text):
        minutes, before, after = _minutes(m), text[: m.start()], text[m.end() :]
        if _MOST_BEFORE.search(before) or _MOST_AFTER.match(after):
            most = min(minutes, most or minutes)
        elif _LEAST_BEFORE.search(before) or _LEAST_AFTER.match(after):
            least = max(minutes, least or 0)
        elif minutes >= 120 and (_AS_FILM.match(after) or re.search(r"\blike\s+$", before, re.IGNORECASE)):
            if _REFUSED.search(before):
                most = min(minutes - EPIC, most or minutes)
            else:
                least = max(minutes - EPIC, least or 0)
        elif minutes <= 120 and not _REFUSED.search(before):  # said alone, a bound as said
            most = min(minutes, most or minutes)
    if most is None and _SHORT.search(text):
        most = SHORT
    if most is None and _NOT_LONG.search(text):
        most = NOT_LONG
    if least is None and most is None and _LONG.search(text):
        least = LONG
    return most, least


# Genre words whose genre the catalog often lacks while its keywords have them: refused, both go.
_GENRE_THEMES = {"musical": "musical", "musicals": "musical"}


def _avoided(bare: str, themes: frozenset[str]) -> list[str]:
    """The catalog themes named right after a request to avoid them ("no serial killers", "nothing
    violent"): one to three words, singular, adjectives as their noun; not genres (read as genres)
    and not everyday words."""
    found = []
    for m in _AVOIDING.finditer(bare):
        words = normalize(bare[m.end() :]).split()[:5]
        i = 0
        while i < len(words):  # the theme and any joined to it: "no drugs or sex", "nothing gory or violent"
            named = next(((n, t) for n in (3, 2, 1) if (t := _theme(" ".join(words[i : i + n]), themes))), None)
            if named is not None:
                found += [t for t in named[1] if t not in found]
                i += named[0]
            elif words[i] in GENRE_WORDS:  # "nothing gory or violent": the genre is the genres' to read
                if _GENRE_THEMES.get(words[i]) in themes:  # "no musicals": half the catalog's lack the genre
                    found.append(_GENRE_THEMES[words[i]])
                i += 1
            else:
                break
            if i < len(words) and words[i] in _JOINS:
                i += 1
    return found


# Words joining themes to rule out, English and of the languages bot/reading/foreign.py reads: "no drugs
# or sex", "nada de exorcismos ni posesiones", "geen spinnen of slangen".
_JOINS = frozenset("or and nor ni nem né y e et und oder ou o of en".split())
_BOUND_WORDS = frozenset("past beyond over under longer shorter older newer later earlier".split())


# Plural and gender endings of the other languages read, taken off a word before it is compared with
# the catalog's English keywords (`_cognates`).
_FOREIGN_ENDINGS = ("es", "os", "as", "en", "s", "o", "a", "e", "i")


def _spelling(word: str) -> str:
    """A word as languages spell it alike: c as s, ph as f, y as i, no double letters, no final e
    ("princess" and "prinses", "possession" and "posesion", "vampire" and "vampir" meet)."""
    word = word.lower().replace("ph", "f").replace("c", "s").replace("y", "i")
    word = re.sub(r"(.)\1", r"\1", word)
    return word.removesuffix("e") if len(word) > 4 else word


@lru_cache(maxsize=4)
def _by_spelling(themes: frozenset[str]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The one-word themes by `_spelling`, and those spellings by their first three letters."""
    spelt: dict[str, list[str]] = {}
    for theme in sorted(themes):
        if " " not in theme and len(theme) >= 5:
            spelt.setdefault(_spelling(theme), []).append(theme)
    starts: dict[str, list[str]] = {}
    for key in spelt:
        starts.setdefault(key[:3], []).append(key)
    return spelt, starts


def _cognates(word: str, themes: frozenset[str]) -> list[str]:
    """The catalog keywords a word written in another language (or misspelt) plainly is: "exorcismos"
    is *exorcism*, "prinsessen" *princess*, "posesiones" *possession* (and the catalog's own
    misspelling *possesion*), "violencia" *violence*. The word without an ending of those languages,
    spelt alike (`_spelling`), the same as a one-word keyword's; else near one with its first three
    letters (rapidfuzz ratio >= 90). Words under six letters are left alone: one letter is too much."""
    if len(word) < 6 or not word.isalpha():
        return []
    stems = [word, *(word[: -len(e)] for e in _FOREIGN_ENDINGS if word.endswith(e) and len(word) - len(e) >= 5)]
    spelt, starts = _by_spelling(themes)
    keys = [_spelling(stem) for stem in stems]
    same = [theme for key in keys for theme in spelt.get(key, ())]
    if not same:
        near = (process.extractOne(key, starts.get(key[:3], ()), scorer=fuzz.ratio, score_cutoff=90) for key in keys)
        same = [theme for found in near if found for theme in spelt[found[0]]]
    return list(dict.fromkeys(same))


def _theme(phrase: str, themes: frozenset[str]) -> list[str]:
    """The catalog themes `phrase` names: one, or a word's cognates (`_cognates`); none."""
    if _THEME_NOUNS.get(phrase) in themes:  # "gory" names a genre too, but "scary, not gory" keeps horror
        return [_THEME_NOUNS[phrase]]
    if not phrase or phrase in GENRE_WORDS or all(w in COMMON_WORDS for w in phrase.split()) or len(phrase) < 3:
        return []
    if phrase.split()[0] in _BOUND_WORDS:  # "nothing past 2 hrs" bounds the length; it avoids no *past*
        return []
    singular = phrase.removesuffix("s") if not phrase.endswith("ss") else phrase  # "spiders": every spider film
    for candidate in (_THEME_NOUNS.get(phrase, singular), singular, phrase.removesuffix("es"), phrase):
        if candidate in themes and candidate not in GENRE_WORDS:
            return [candidate]
    return [t for t in _cognates(phrase, themes) if t not in GENRE_WORDS]
