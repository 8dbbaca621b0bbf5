"""A film asked after by what happens in it, not by its title: "what's the film where a guy keeps
living the same day over and over", "wie hieß noch mal dieser deutsche U-Boot-Film aus den
Achtzigern?". The words that describe it are what the retriever looks for (Retriever.identify);
the question around them is no wish for recommendations and says nothing of the person's taste.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Lookup:
    """A film asked after by its description: the words, and what they say of its facts ("German",
    "from the eighties", "the horror one where…") for the retriever to keep to."""

    text: str
    genres: tuple[str, ...] = ()
    language: str | None = None
    year_min: int | None = None
    year_max: int | None = None


_FILM = r"(?:film|movie|flick|one|pic)"
# "the"/"that", not "a": "what's a good sci-fi movie with robots?" asks for one
_THAT = r"(?:the|that|this|dat|da)"
_WHERE = r"(?:where|wher|with|w/|about|in which|when|that|who|from|abt)"
# The question, in English (and so after a translation) and in the other languages the rules read.
_ASKS = re.compile(
    "|".join(
        (
            # "what's the film where…", "what was that movie with the…", "whats the name of the one about…"
            rf"\b(?:what|wat|wht|which)(?:'s|s|’s| is| was| were)? {_THAT} (?:name of {_THAT} |title of {_THAT} )?"
            rf"(?:\w+ ){{0,3}}?{_FILM} (?:called )?{_WHERE}\b",
            # "what was that german submarine film again?", "what's the dinosaur park movie called"
            rf"\b(?:what|wat|wht)(?:'s|s|’s| is| was) {_THAT} (?P<inside>(?:[\w-]+ ){{1,6}}?){_FILM}\b"
            rf"(?: (?:called|again|from|in|with|where)\b| ?\?)",
            # "do you know the movie where…", "remember that film about…", "there's this movie where… what's it called"
            rf"\b(?:do (?:you|u) know|d'?you know|(?:do (?:you|u) )?remember|looking for|trying to (?:find|remember)"
            rf"|there'?s|there is) {_THAT} (?:\w+ ){{0,3}}?{_FILM} {_WHERE}\b(?=.*(?:\?|called|name|title))",
            rf"\bthe name of {_THAT} (?:\w+ ){{0,3}}?{_FILM}\b",
            rf"\b(?:(?:can'?t|cannot|cant|don'?t|dont) (?:remember|recall|think of)|forg[eo]t(?:ten)?)"
            rf" (?:the|its|it'?s) (?:name|title)(?: of {_THAT} (?:\w+ ){{0,3}}?{_FILM}(?: {_WHERE})?)?\b",
            r"\bwhat (?:was|is) it called\b",
            # German, Spanish, French, Portuguese, Italian, Dutch
            r"\bwie hie(?:ß|ss|s)(?:en)? (?:noch ?mal |gleich )?(?:der|die|das|dieser|diese|dieses|den)\b"
            r"|\bwie hei(?:ß|ss)t (?:der|dieser|die) (?:\w+ )?film\b|\bkennst du (?:den|diesen) film\b",
            r"\bc[oó]mo se llama(?:ba)? (?:la|esa|aquella) (?:pel[ií]cula|peli)\b"
            r"|\bcu[aá]l (?:es|era) (?:la|esa|aquella) (?:pel[ií]cula|peli) (?:donde|en la que|de|que|con)\b",
            r"\bcomment s'appel(?:le|ait) (?:le|ce) film\b|\bc'est quoi (?:le|ce) film (?:o[uù]|avec|qui|dans)\b"
            r"|\bquel est (?:le|ce) film (?:o[uù]|avec|qui|dans)\b",
            r"\bcomo (?:se )?chama(?:va)? (?:o|aquele|esse) filme\b|\bqual (?:é|e|era) o (?:nome do )?filme "
            r"(?:que|onde|em que|com|sobre)\b",
            r"\bcome si chiama(?:va)? (?:il|quel|quello) film\b|\bqual (?:è|e'|era) il film (?:dove|in cui|con|che)\b",
            r"\bhoe heet (?:die|de|dat) film\b|\bwat is die film (?:waar|met|waarin)\b",
        )
    ),
    re.IGNORECASE,
)
# What a lookup question says around the description: the question words themselves.
_FRAME = re.compile(
    r"\b(?:what'?s it called|what (?:was|is) it called|(?:i )?(?:can'?t|cannot|cant|don'?t|dont) (?:remember|recall)"
    r"(?: the name| the title)?|(?:i )?forg[eo]t(?:ten)? the (?:name|title)|any idea|(?:do )?(?:you|u) know)\b\W*",
    re.IGNORECASE,
)
MIN_WORDS = 3  # a description shorter than this is no description: "what's that movie about?" asks of a card
# "what's the one with the best rating?" asks which card is best: no film described
_RANKS = re.compile(
    r"\b(?:good|great|nice|decent|best|worst|longest|shortest|oldest|newest|latest|highest|lowest|most|least"
    r"|rating|rated|runtime)\b",
    re.IGNORECASE,
)
# Asked for films as well: "i forgot the name but it got me in the mood for something like a mystery"
_WANTS = re.compile(r"\b(?:in the mood for|something like|anything like|recommend|suggest|similar to)\b", re.I)
_WORDS = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def described(message: str) -> str | None:
    """The description of a film the message asks the name of, or None when it asks no such thing:
    the words after the question, up to its question mark ("…where a shark…? and how long is it?"),
    or else before it ("a guy who relives one day, what was it called?")."""
    found = _ASKS.search(message)
    if found is None or _RANKS.search(found[0]):  # "what's the best movie with robots in it?" asks for one
        return None
    if found["inside"]:  # "what's the dinosaur park movie called": the words before "movie"
        words = _WORDS.findall(found["inside"])
        return " ".join(words) if len(words) >= MIN_WORDS - 1 else None  # (found[0], ranks and all, checked)
    words = _WORDS.findall(_FRAME.sub(" ", message[found.end() :].split("?")[0]))
    if len(words) < MIN_WORDS:
        words = _WORDS.findall(_FRAME.sub(" ", message[: found.start()]))
    text = " ".join(words)
    return text if len(words) >= MIN_WORDS and not (_RANKS.search(text) or _WANTS.search(message)) else None
