"""What a message asks for and rules out, beyond titles: genres ("something scary but not gory")
and periods ("the 80s", "nothing before 2000", "something more recent"), and which genres are said
as lasting taste ("I love westerns", "never horror") rather than as this request's.
"""

from __future__ import annotations

import re
from datetime import date

from rapidfuzz.distance import DamerauLevenshtein

from bot.reading.language import NEGATION, SCORN, UNSEEN, Clause
from retrieval.catalog import AUDIENCE_GENRES
from retrieval.titles import normalize

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
    "silly": "Comedy",
    "goofy": "Comedy",
    "funny": "Comedy",
    "laugh": "Comedy",
    "hilarious": "Comedy",
    "crime": "Crime",
    "gangster": "Crime",
    "documentary": "Documentary",
    "documentaries": "Documentary",
    "docs": "Documentary",  # "any docs about nature?"
    "docos": "Documentary",
    "docus": "Documentary",
    "drama": "Drama",
    "dramas": "Drama",
    "family": "Family",
    # "kids" alone is no wish ("my kids don't like that one"): only as the audience or the kind
    "grandchildren": "Family",
    "grandkids": "Family",
    "whole family": "Family",
    "disney": "Family",
    "anime": "Animation",
    "kids movie": "Family",
    "kids movies": "Family",
    "for kids": "Family",
    "with kids": "Family",
    "for the kids": "Family",
    "with the kids": "Family",
    "for my kids": "Family",
    "with my kids": "Family",
    "my kids would": "Family",
    "the kids would": "Family",
    "kids can watch": "Family",
    "kid friendly": "Family",
    "fantasy": "Fantasy",
    "history": "History",
    "historical": "History",
    "horror": "Horror",
    "scary": "Horror",
    "jump scares": "Horror",  # not "scares" alone: "my sister scares easily" rules horror out
    "gory": "Horror",
    "musical": "Music",  # not "music": "the music in it was great" praises a soundtrack
    "musicals": "Music",
    "mystery": "Mystery",
    "mysteries": "Mystery",
    "whodunit": "Mystery",
    "whodunnit": "Mystery",
    "whodunits": "Mystery",
    "whodunnits": "Mystery",
    "mysterious": "Mystery",
    "romance": "Romance",
    "romantic": "Romance",
    "romcom": "Romance",
    "romcoms": "Romance",
    "rom com": "Romance",
    "rom coms": "Romance",
    "love story": "Romance",
    "science fiction": "Science Fiction",
    "sci fi": "Science Fiction",
    "scifi": "Science Fiction",
    "thriller": "Thriller",
    "thrillers": "Thriller",
    "suspense": "Thriller",
    "suspenseful": "Thriller",
    "twisty": "Thriller",
    "war": "War",
    "wwii": "War",
    "ww2": "War",
    "wwi": "War",
    "ww1": "War",
    "western": "Western",
    "westerns": "Western",
    # moods and makers that name a kind as surely as its name does
    "creepy": "Horror",
    "spooky": "Horror",
    "scarier": "Horror",
    "funnier": "Comedy",
    "weepy": "Drama",
    "weepie": "Drama",
    "weepies": "Drama",
    "tearjerker": "Drama",
    "tearjerkers": "Drama",
    "tear jerker": "Drama",
    "tear jerkers": "Drama",
    "feel good": "Comedy",
    "feelgood": "Comedy",
    "comforting": "Comedy",  # "something comforting": what "feel good" asks (not "cozy": cozy anime, cozy crime)
    "lighthearted": "Comedy",
    "light hearted": "Comedy",
    "action packed": "Action",
    "explosions": "Action",
    "stuff blows up": "Action",  # "something where stuff blows up"; not "the ship blows up in the end"
    "things blow up": "Action",
    "stuff blowing up": "Action",
    "things blowing up": "Action",
    "things explode": "Action",  # "i want to watch things explode"
    "stuff explode": "Action",
    "watch things explode": "Action",
    "dramatic": "Drama",  # "something dramatic", "algo dramático"
    "blow stuff up": "Action",
    "blow things up": "Action",
    "ghibli": "Animation",
    "pixar": "Animation",
    "cowboy": "Western",
    "cowboys": "Western",
    "a good cry": "Drama",
    # not "sad" alone: "I'm sad today, cheer me up" wants the opposite
    "something sad": "Drama",
    "sad movie": "Drama",
    "sad movies": "Drama",
    "sad film": "Drama",
    "sad films": "Drama",
    "chick flick": "Romance",
    "chick flicks": "Romance",
    "make me cry": "Drama",
    "want to cry": "Drama",
    "need to cry": "Drama",
    "edge of my seat": "Thriller",
    "edge of your seat": "Thriller",
    "noir": "Crime",
    "detective": "Mystery",
    "detectives": "Mystery",
    "fairy tale": "Fantasy",
    "fairytale": "Fantasy",
    "outer space": "Science Fiction",
    "in space": "Science Fiction",
    "space movie": "Science Fiction",
    "space movies": "Science Fiction",
    "space film": "Science Fiction",
    "dance movie": "Music",
    "dance movies": "Music",
    "about music": "Music",  # "anything about music or bands?"; not "the music in it was great"
    "music movie": "Music",
    "music movies": "Music",
    "music film": "Music",
    "music films": "Music",
    "about musicians": "Music",
    "about bands": "Music",
    "about a band": "Music",
}

# Kinds named by a theme, asked for: the genre most catalog films with that keyword have (70% or more of
# them). Refused, a theme is no genre: "nothing with dinosaurs" rules out dinosaurs (bot/reading/facts.py),
# not every adventure.
THEME_KINDS = {
    "space adventure": "Science Fiction",
    "space opera": "Science Fiction",
    "dystopian": "Science Fiction",
    "dystopia": "Science Fiction",
    "kung fu": "Action",
    "martial arts": "Action",
    "samurai": "Action",
    "dinosaur": "Adventure",
    "dinosaurs": "Adventure",
    "pirate": "Adventure",
    "pirates": "Adventure",
    "mafia": "Crime",
    "mobster": "Crime",
    "mobsters": "Crime",
    "vampire": "Horror",
    "vampires": "Horror",
    "scare me": "Horror",
    "be scared": "Horror",
    "boxing movie": "Drama",
    "boxing movies": "Drama",
    "boxing film": "Drama",
    "about boxing": "Drama",
    "biopic": "Drama",
    "biopics": "Drama",
    "coming of age": "Drama",
    "buddy cop": "Comedy",
    "magic": "Fantasy",
    "magical": "Fantasy",
    "superhero": "Action",
    "superheroes": "Action",
    "slasher": "Horror",
    "slashers": "Horror",
    "about aliens": "Science Fiction",
    "alien movie": "Science Fiction",
    "alien movies": "Science Fiction",
    "alien invasion": "Science Fiction",
    "time travel": "Science Fiction",
    "about robots": "Science Fiction",
    "robot movie": "Science Fiction",
    "zombie movie": "Horror",
    "zombie movies": "Horror",
    "zombie film": "Horror",
    "zombie films": "Horror",
    "zombie flick": "Horror",
    "dragons": "Fantasy",
    "wizards": "Fantasy",
    "heist": "Crime",
}

# The genre words a typo is read as: those no everyday English word is one letter from ("action" is
# one from "auction", "mystery" from "mastery")
_SINGLE_GENRE_WORDS = (
    "adventure", "animation", "animated", "cartoon", "comedy", "comedies", "documentary", "fantasy", "horror",
    "musical", "romance", "romantic", "thriller", "thrillers", "western", "westerns", "suspense",
)  # fmt: skip


# A child the film is for, by age (twelve or under): "my 8 year old", "my kids are 8 and 11", "a 6yo".
_AGE = r"(?:[1-9]|1[0-2])"
_A_CHILD = re.compile(
    rf"\b{_AGE} ?(?:years?|yrs?|y) ?olds?\b|\b{_AGE} ?yo\b"
    # the age after whom, also as other languages say it once put into English: "for my daughter van 7",
    # "... de 7 ans", "... di 7 anni"
    rf"|\b(?:kids?|children|son|daughter|nephew|niece|grandson|granddaughter|boy|girl)s?"
    rf" (?:is|are|aged?|ages|van|de|di|of) {_AGE}\b"
    # "for my two kids", "with the little ones", "for our grandkids (4 and 7)"
    r"|\b(?:for|with) (?:my|our|the) (?:two |three |2 |3 |little |young |small )?(?:kids|children|little ones|grandkids"
    r"|grandchildren)\b"
)

# Whom the film is for, and their age said next, in a clause of its own: "for my grandson, he is 7"
_A_RELATIVE = re.compile(
    r"\b(?:for|with) (?:my|our|his|her|the) (?:little |young |youngest |eldest |oldest )?(?:son|daughter|grandson"
    r"|granddaughter|nephew|niece|boy|girl|kid|child|grandkid|grandchild)s?\b",
    re.IGNORECASE,
)
_THEIR_AGE = re.compile(
    rf"^\W*(?:and |but )?(?:he|she|they|who)(?:'s|’s| is| are|'re) (?:only |just |about |almost |nearly )?{_AGE}"
    rf"(?: and {_AGE})?(?: ?(?:years?|yrs?|y)(?: ?old)?)?\W*$",
    re.IGNORECASE,
)


def _genres(clause: str, wished: bool = False) -> list[str]:
    """The genres a clause names; `wished`: asked for, where a theme names a kind too (`THEME_KINDS`)
    unless a genre is named ("kung fu comedy" asks for a comedy)."""
    words = f" {normalize(clause)} "
    found = [g for w, g in GENRE_WORDS.items() if f" {w} " in words]
    # after "to" a one-word theme is a verb: "explain how to pirate movies" asks for no pirate film (but
    # "i want to be scared" does ask for a fright)
    found = found or [
        g for w, g in THEME_KINDS.items() if wished and f" {w} " in words and (" " in w or f" to {w} " not in words)
    ]
    if wished and _A_CHILD.search(words) and "Family" not in found:  # "my 8 year old", "my kids are 8 and 11"
        found.append("Family")
    return list(dict.fromkeys(found + [GENRE_WORDS[w] for w in map(_genre_typo, words.split()) if w]))


# Words one letter from a genre word that mean something else
_NOT_TYPOS = frozenset({"comedic", "romances", "horrors", "gestern"})  # German "yesterday", not "western"


def _genre_typo(word: str) -> str | None:
    """The genre word `word` misspells by one letter ("thriler", "comdey"), or None. Six letters at
    least: a shorter word is one letter from too many others."""
    if len(word) < 6 or word in GENRE_WORDS or word in _NOT_TYPOS:
        return None
    return next(
        (w for w in _SINGLE_GENRE_WORDS if abs(len(w) - len(word)) <= 1 and DamerauLevenshtein.distance(word, w) <= 1),
        None,
    )


# A genre word said of a film is no wish for the genre: "that sounds funny", "is it scary?", "it
# was a cute comedy", "I wouldn't call it an adventure comedy".
_GENRE_WORD = "|".join(r"[\s-]+".join(map(re.escape, w.split())) for w in sorted(GENRE_WORDS, key=len, reverse=True))
# Two kinds named as one film's: "a horror comedy", "a sci-fi thriller", "a funny western", "a romcom"
_AS_ONE = re.compile(rf"\b(?:{_GENRE_WORD})[\s-]+(?:{_GENRE_WORD})\b|\b(?P<romcom>rom[\s-]?coms?)\b", re.IGNORECASE)


# ... or asked for together after they were named: "she wants romance, I want action, anything that's both?"
_BOTH = re.compile(
    r"\b(?:something|anything|one|a (?:film|movie)|films?|movies?)\b[\w' ]{0,20}\bboth\b(?! of (?:them|those|these))"
    r"|\b(?:bit|mix|mixture|combination|blend) of (?:both|the two|the 2)\b|\bbest of both worlds\b",
    re.IGNORECASE,
)


def _named_as_one(clause: str, wished: list[str]) -> list[str]:
    """The two kinds (no audience) a clause asks for as one ("a horror comedy": a film of both, where
    "horror or comedy" asks for either), or []."""
    m = _AS_ONE.search(clause)
    named = _genres(m[0]) if m else []
    if not named or not set(named) <= set(wished):  # "a comedy, not a horror comedy"
        return []
    kinds = ["Romance", "Comedy"] if m["romcom"] else [g for g in named if g not in AUDIENCE_GENRES]
    kinds = list(dict.fromkeys(kinds))
    return kinds if len(kinds) == 2 else []


_DESCRIBED = re.compile(  # not "a movie that's romantic": a relative clause asks
    r"\b(?<!movie )(?<!film )(?<!movies )(?<!films )(?<!something )(?<!anything )(?<!one )"
    r"(?:(?:it|that|this|which|they|he|she)(?:'s|\s+(?:is|was|are|were))|its|sounds?|sounded|looks?|looked"
    r"|seems?|seemed|(?:is|was|are|were)\s+(?:it|that|this|they|the\s+\w+(?:\s+one)?)|call\s+(?:it|that|this)(?:\s+one)?)"
    r"(?:\s+(?:a|an|such|quite|so|very|really|pretty|kind of|sort of|bit|real|cute|great|good|fun|little))*"
    rf"\s+(?:{_GENRE_WORD})\b",
    re.IGNORECASE,
)
# Said with a negation word, but ruling nothing out: not having seen something, a hedge ("I don't
# know if"), "it doesn't have to be animated" (no requirement, either way), "I don't mind".
_NO_REFUSAL = re.compile(
    r"\b(?:(?:do|does|did) ?n'?t|do not|does not) (?:have|need) to be\b[\w -]*"
    r"|\bnot necessarily\b[\w -]*|\b(?:ok|okay|fine|alright|all right) if it'?s not\b[\w -]*"  # optional: no refusal
    r"|[\w-]+(?: [\w-]+)? (?:(?:is|are) )?(?:not (?:necessary|needed|required|a must)|optional)\b"
    r"|\b(?:(?:do|would) ?n'?t|do not|would not) mind\b"
    r"|\b(?:i )?(?:do ?n'?t|do not) know (?:if|whether|of)\b|\bnot sure (?:if|whether)\b",
    re.IGNORECASE,
)
# A genre adjective asks for the genre when it is attributive ("something funny", "a good scary movie",
# "suspenseful action") or refused ("not animated"); said of a film it describes one: "So funny!",
# "Monty Python is hilarious".
_ADJECTIVE = re.compile(
    r"\b(?:funny|hilarious|scary|gory|romantic|animated|historical|suspenseful|creepy|spooky|scarier|lighthearted"
    r"|mysterious|twisty)\b",
    re.IGNORECASE,
)
_ADJECTIVE_AFTER = re.compile(  # "something (really) scary", and refusals: "something that is not animated"
    r"(?:(?:^\W*|\b(?:something|anything|one|film|movie|stuff) )(?:that|which) (?:is|are)n'?t"
    r"|\b(?:an?|some|any|something|somthing|smth|sth|somethin|anything|more|not|no|nothing|never))"
    r"(?:\s+(?:good|really|very|nice|great|little|bit|kind of|too|overly|actually|properly|genuinely|truly))?\s+$",
    re.IGNORECASE,
)
_NOUN_NEXT = re.compile(
    rf"\s+(?:\w+\s+)?(?:movies?|films?|flicks?|ones?|stuff|shows?|tear|story|stories|epics?|sagas?|classics?"
    rf"|{_GENRE_WORD})\b"
    r"|\s+(?:would|'d) be (?:good|great|nice|fun|cool|perfect|ideal|fine|best)\b",  # "funny would be good"
    re.IGNORECASE,
)
# Genre words in a turn of phrase, asking for nothing: "oh, silly me", "funny enough", "the funny thing is"
_IDIOM = re.compile(
    r"\bsilly (?:me|of me|question)\b|\bfunny (?:enough|thing|how)\b|\bthe funny (?:thing|part)\b", re.I
)


# ... said of something, it describes it: "Monty Python is hilarious", "that looked scary", "found it
# scary", "So funny!"; wished for, it asks: "it should be funny". Elsewhere it asks where a request's words
# go: "something light and funny", "same era but funny", "Historical, ideally.", "ok funny".
_COPULA = re.compile(
    r"\b(?:is|was|are|were|be|been|sounds?|sounded|looks?|looked|seems?|seemed|feels?|felt|(?:find|found) (?:it|them)"
    r"|made (?:me|us))\b|'s\b|'re\b",
    re.IGNORECASE,
)
_EXCLAIMED = re.compile(r"\b(?:so+|how|too)\s+$", re.IGNORECASE)
_WISHED_BE = re.compile(  # "it should be funny", "a movie thats actually scary"
    r"(?:\b(?:should|must|has to|have to|needs? to|gotta|would|could)(?: \w+)? be"
    r"|\b(?:movies?|films?|something|anything|ones?)\s+(?:that|which)(?:'s|s| is| are))"
    r"(?:\s+(?:a bit|kinda|more|really|actually|properly|genuinely|truly))?\s+$",
    re.IGNORECASE,
)
_ASKING_AT = re.compile(
    r"(?:^|[.!?,;:(]|\b(?:and|but|or|ideally|preferably|maybe|perhaps|more|bit|little|slightly|somewhat|ok|okay"
    r"|yes|yeah|hmm|now|then|also|pls|please))\s*$",
    re.IGNORECASE,
)
_SENTENCE_START = re.compile(r"[.!?;]\s*")
_OF_A_FILM = re.compile(  # "anything jumpy or creepy in it?", "is the second one scary at all?"
    r"[^.!?]*\b(?:in (?:it|that one|this one|them)\W*$|(?:it|that one|this one|them)(?: at all)?\s*\?)", re.IGNORECASE
)


def _attributive(text: str) -> str:
    """The text with its predicative genre adjectives taken out."""

    def kept(m: re.Match) -> str:
        before = m.string[: m.start()]
        if _ADJECTIVE_AFTER.search(before) or _NOUN_NEXT.match(m.string, m.end()) or _WISHED_BE.search(before):
            return m[0]
        sentence = before[max((s.end() for s in _SENTENCE_START.finditer(before)), default=0) :]
        if _EXCLAIMED.search(before) or _COPULA.search(sentence) or _OF_A_FILM.match(m.string, m.end()):
            return " "
        return m[0] if _ASKING_AT.search(before) else " "

    return _ADJECTIVE.sub(kept, text)


# "a sci-fi that isn't too scary": the negation is said of the genre asked for, not of it
_RELATIVE = re.compile(r"\b(?:that|which)(?:'s|\s+(?:is|are|was|were|does|do|has|have))?\s*$", re.IGNORECASE)
_LIKING = re.compile(
    r"\b(?:like|love|enjoy|adore|prefer|want|looking for|into|fan of|favou?rite|give me|gimme|show me|find me"
    r"|recommend|suggest|need|in the mood for|craving|(?:i|we) (?:said|asked for))",
    re.IGNORECASE,
)  # before a negation: "give me a decent action movie and dont waste my time" still asks for action


# "a comedy without romance", "adventure movies without spiders": only what follows is ruled out.
_BUT_NOT = re.compile(r"(?:without|except|other than|instead of|rather than)\b", re.IGNORECASE)
# A kind dropped, or put in another's place: "ok forget superheroes, maybe a funny high school movie",
# "Crime instead of Thriller" (what follows is refused, what comes before stays asked for: `_BUT_NOT`).
_FORGET = re.compile(r"\bforget (?:about )?|\b(?:instead of|rather than)\b", re.IGNORECASE)
# A kind scorned as beneath the audience: "cartoons are for babies", "romance is for girls".
_BENEATH = re.compile(
    rf"\b(?:{_GENRE_WORD})\s+(?:movies\s+|films\s+)?(?:are|is|'re|'s)\s+(?:only\s+|just\s+)?(?:for|4)\s+"
    r"(?:babies|babys|toddlers|little kids|little ones|kids|children|girls|boys|old people|nerds)\b",
    re.IGNORECASE,
)


# Someone who frightens easily rules out horror: "my roommate is way too scared", "she scares easily"
_FRIGHTENS = re.compile(
    r"\b(?:too|easily) (?:scared|frightened|spooked|jumpy)\b|\bscares? (?:too |very |really )?easily\b"
    r"|\bscaredy[- ]?cats?\b|\b(?:gets?|has|have) (?:bad )?nightmares\b",
    re.IGNORECASE,
)
# A film to lift the mood rules out horror: "feel good movie pls, had a really rough week" (it had
# brought *Shaun of the Dead*, a horror comedy); asked for by name ("a feel-good horror") it stays.
_UPLIFTING = re.compile(
    r"\bfeel[- ]?good\b|\bcomforting\b|\buplifting\b|\bcheer (?:me|us|him|her|them) up\b", re.IGNORECASE
)


def genre_wishes(bare: str) -> tuple[list[str], list[str]]:
    """The genres a clause (titles taken out) asks for and the ones it rules out. A negation rules
    out the genres after it; the ones liked before it stay liked: "I like comedies I am not big on
    horror" (a clause, for want of a comma), "a sci-fi that isn't too scary", "a comedy without
    romance"."""
    if beneath := _BENEATH.search(bare):  # "cartoons are for babies": refused, whatever else is said
        wished, refused = genre_wishes(bare[: beneath.start()] + " " + bare[beneath.end() :])
        return [g for g in wished if g not in _genres(beneath[0])], refused + _genres(beneath[0])
    text = _attributive(_DESCRIBED.sub(" ", _NO_REFUSAL.sub(" ", UNSEEN.sub(" ", _IDIOM.sub(" ", bare)))))
    negations = [m.start() for m in (NEGATION.search(text), SCORN.search(text), _FORGET.search(text)) if m]
    if not negations:
        return _genres(text, wished=True), []
    before, after = text[: min(negations)], text[min(negations) :]
    if _LIKING.search(before) or _RELATIVE.search(before) or _BUT_NOT.match(after):
        return _genres(before, wished=True), _genres(after)
    return [], _genres(text)


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


def _decade(m: re.Match) -> int:
    century, digit, word = m.groups()
    if word:
        return _WORD_DECADES[word.lower()]
    return int(century or ("20" if digit in "012" else "19")) * 100 + int(digit) * 10


# A bound put on a decade: "pre 2000s", "before the 90s", "after the 80s", "since the 80s".
_DECADE_BOUND = re.compile(
    r"\b(?:(before|befor|b4|earlier than|older than|pre)|(after|newer than|later than|post)|(since))[ -](?:the )?$",
    re.I,
)
# "from 2005 to 2010", "between 1990 and 1995", "1990-1999": both ends, in that order or the other
_RANGE = re.compile(
    r"\b(?:(?:from|between)\s+)?(\d{4})\s*(?:to|and|-|–|until|through|thru|till)\s*(\d{4})\b", re.IGNORECASE
)
# A hedge between a bound and its year: "nothing from before like 1990", "after around 2010".
_ABOUT = r"(?:(?:like|about|around|roughly|say|circa|approx(?:imately)?)\s+)?"
_BEFORE = re.compile(
    rf"\b(?:before|befor|b4|earlier than|older than|until|up to|pre)[ -]{_ABOUT}(\d{{4}})\b"
    r"|\b(\d{4}) or (?:older|earlier|before)\b",
    re.IGNORECASE,
)
_AFTER = re.compile(
    rf"\b(?:after|since|newer than|later than|from|post)[ -](?:(?:the )?years? )?{_ABOUT}(\d{{4}})\b"
    r"(?! or (?:older|earlier|before))"
    r"|\b(\d{4}) (?:or|and) (?:newer|later|after|up|onwards?|more recent)\b|\b(\d{4})\s*(?:onwards?|\+|and beyond)",
    re.IGNORECASE,
)
# Years counted back from today: "from the last 10 years", "within the past five years".
_LAST_YEARS = re.compile(
    r"\b(?:last|past)\s+(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty)\s+years\b", re.I
)
_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_NUMBER_WORDS |= {"fifteen": 15, "twenty": 20}
# A decade and what comes after it: "the 2000s or later", "90s onwards".
_DECADE_ON = re.compile(r"'?s?\s*(?:(?:or|and)\s+(?:later|newer|after|up|more recent)|onwards?)\b", re.I)
_EITHER_AGE = re.compile(
    r"\b(?:old|older|new|newer|current|recent)\s+(?:and|or)\s+(?:old|older|new|newer|current|recent)\b", re.I
)
# A wish for older or newer films, not a word said of one: "something older", "classic movies",
# "an old classic", but not "Notting Hill is a classic", "makes me feel old", "the old one".
_MOVIES = r"\s+(?:\w+\s+){0,2}?(?:movies|films|flicks|ones|stuff|titles|releases)"  # "new horror movies"
_OLDER = re.compile(
    r"\b(?:older|classics|an old classic|(?:something|anything|some|more)\s+(?:\w+\s+)?(?:old|classic|vintage|retro)"
    rf"|(?:old|classic|vintage|retro){_MOVIES})\b",
    re.IGNORECASE,
)
_NEWER = re.compile(
    r"\b(?:newer|more recent|latest|(?:something|anything|some|any)\s+(?:\w+\s+)?(?:recent|modern)"
    r"|(?:recent|modern)\s+(?:one|movie|film|flick)|(?:last|past) (?:few|couple of) years"
    rf"|(?:new|recent|modern){_MOVIES})\b",
    re.IGNORECASE,
)


# An age, not a decade: "my grandparents, both in their 80s", "a woman in her early sixties".
_AN_AGE = re.compile(r"\bin (?:their|his|her|my|our|your) (?:early |late |mid[- ]?)?$", re.IGNORECASE)
# Films of before colour was the rule, and of the studio era: a bound with no year said.
_BLACK_AND_WHITE = re.compile(r"\bblack[- ](?:and|&|n)[- ]white\b", re.IGNORECASE)
_STUDIO_ERA = re.compile(r"\b(?:old|classic|golden[- ]age(?: of)?) hollywood\b|\bhollywood'?s golden age\b", re.I)
# ... asked of a film, not wished: "is It's a Wonderful Life in black and white?"
_ASKED_OF_ONE = re.compile(r"\b(?:is|was|are|were)\b[^.!?]*$", re.IGNORECASE)


# A rule that follows a wish in one clause, the wish said before it: "from the fifties nothing violent".
_RULED_OUT = re.compile(r"(?<=\w)\W+(?:nothing|no|without)\s+\w", re.IGNORECASE)


def period(clause: str, negative: bool = False) -> tuple[int | None, int | None]:
    """The years a clause says: decades ("the 70s and 80s" is 1970-1989), a bound on one ("pre
    2000s", "after the 80s"), a range of years ("from 2005 to 2010"), a bound year ("before 1990").
    In a negated clause a bound turns round ("nothing before 2000": from 2000) and nothing else is
    asked. Older or newer films said with no year: `vague_period`."""
    if decades := [d for d in _DECADE.finditer(clause) if not _AN_AGE.search(clause, 0, d.start())]:
        first = _decade(decades[0])
        if _DECADE_ON.match(clause, decades[-1].end()) and not negative:  # "the 2000s or later"
            return first, None
        if bound := _DECADE_BOUND.search(clause, 0, decades[0].start()):
            until, after, _since = bound.groups()
            lo, hi = (None, first - 1) if until else (first + 10 if after else first, None)
            return (hi + 1 if hi else None, lo - 1 if lo else None) if negative else (lo, hi)
        if negative:
            return None, None
        return first, max(map(_decade, decades)) + 9
    if (span := _RANGE.search(clause)) and all(1870 <= int(y) <= 2100 for y in span.groups()):
        return (None, None) if negative else tuple(sorted(map(int, span.groups())))
    low = _BEFORE.search(clause)
    high = _AFTER.search(clause)
    low_year = int(low[1] or low[2]) if low else None
    high_year = int(high[1] or high[2] or high[3]) if high else None
    if not (low or high or negative) and re.search(r"\bthis century\b", clause, re.IGNORECASE):
        return 2000, None
    if not (low or high or negative) and (back := _LAST_YEARS.search(clause)):
        years = _NUMBER_WORDS.get(back[1].lower()) or int(back[1])
        return date.today().year - years, None  # "the last 10 years": counted back from today
    if negative and low:  # "nothing before 2000"
        return low_year, None
    if negative and high:  # "nothing after 1990"
        return None, high_year
    if negative:
        return None, None
    if low or high:  # "1990 or older" includes 1990, "before 1990" does not
        return high_year, (low_year - (0 if low[2] else 1) if low else None)
    return None, None


def vague_period(clause: str) -> tuple[int | None, int | None]:
    """Older or newer films, said with no year: "something older", "the classics", "newer ones"."""
    if _EITHER_AGE.search(clause):  # "both old and new"
        return None, None
    if (shade := _BLACK_AND_WHITE.search(clause)) and not _ASKED_OF_ONE.search(clause, 0, shade.start()):
        return None, 1965
    if _STUDIO_ERA.search(clause):
        return None, 1969
    if _OLDER.search(clause):
        return None, 1999
    if _NEWER.search(clause):
        return 2010, None
    return None, None


# A genre said as lasting taste, not only as this request's: "I love westerns", "we're big horror fans",
# "my favourite genre is sci-fi"; "I'd love a comedy", "I'm in the mood for horror" ask for now only.
_TASTE = re.compile(
    r"\b(?:i|we)(?: (?:really|also|just|do|absolutely|generally|usually|mostly|always|totally|genuinely))*"
    r" (?:love|like|enjoy|adore|prefer|dig)\b(?! to (?:see|watch|have) (?:something|some|a|an|one)\b)"
    r"|\b(?:i'?m|i am|we'?re|we are)(?: (?:really|also|just|totally))* (?:into|a sucker for"
    r"|(?:a |such a )?(?:big |huge |massive |real )?(?:[\w-]+ )?fans?\b)"
    r"|\bfavou?rite (?:genres?|kinds?|types?)\b|\bmy (?:kind|type|sort) of (?:movies?|films?)\b",
    re.IGNORECASE,
)
# A genre ruled out as a rule: "I hate horror", "never musicals", "I don't like westerns", "not a fan
# of war films"; "no horror tonight" and "nothing scary" rule it out of this request only.
_NEVER = re.compile(
    r"\b(?:never|hate[sd]?|can'?t stand|cannot stand|detest|loathe|dislike[sd]?|not into|allergic to"
    r"|(?:is|are)n'?t my thing|not my thing|not (?:a |much of a |really a |big |huge )?fan"
    r"|(?:do|does) ?n'?t (?:really )?(?:like|enjoy|watch|do|care for)|do(?:es)? not (?:really )?(?:like|enjoy|watch|do)"
    r"|not (?:really |that |very |too )?big on)\b",
    re.IGNORECASE,
)


# A clause that goes on with the list of kinds a hate began ("I hate horror, war films and anything
# with singing"): it starts with a genre word and says nothing of its own (no verb, no "please").
_LIST_GOES_ON = re.compile(rf"^\W*(?:(?:and|or|nor|plus)\s+)?(?:{_GENRE_WORD})\b", re.IGNORECASE)
_SAYS = re.compile(
    r"\b(?:please|pls|maybe|perhaps|fine|ok|okay|instead|rather|good|great|is|are|was|were|would|could|can|will"
    r"|do|does|want|need|then|though|tho)\b",
    re.IGNORECASE,
)


# A kind others say the person should like, then denied: "everyone says I should like romance but I just
# don't" refuses romance for good.
_SUPPOSED = re.compile(
    r"\b(?:should|supposed to|meant to|ought to|expected to)\s+(?:really\s+)?(?:like|love|enjoy|be into|get into)\b",
    re.IGNORECASE,
)
_I_DONT = re.compile(
    r"^\W*(?:(?:i|we)\s+)?(?:(?:just|really|simply|honestly|still)\s+)*(?:don'?t|do not|can'?t|cannot|never did)"
    r"(?:\W+\w+){0,2}\W*$",
    re.IGNORECASE,
)


class Wishes:
    """The genres and period one message asks for, clause by clause: a later period replaces an
    earlier one ("the 80s... actually the 90s"). Genres said as taste or as a rule are also kept as
    lasting (`always`, `never`)."""

    def __init__(self):
        self.genres: list[str] = []
        self.refused: list[str] = []
        self.always: list[str] = []
        self.never: list[str] = []
        self.year_min: int | None = None
        self.year_max: int | None = None
        self._forever = False  # the last clause refused kinds as a rule: its list may go on in the next
        self._exact = False  # the period holds years said ("before 1980"), which a vague "older" keeps
        self._for_a_child = False  # the last clause named whom the film is for, a child by the next one's age
        self._supposed: list[str] = []  # the kinds the last clause said the person should like
        self._as_one: set[str] = set()  # kinds named as one film's ("a horror comedy")

    def read(self, clause: Clause) -> None:
        if self._supposed and _I_DONT.match(clause.bare):  # "... I should like romance | but I just don't"
            self.genres = [g for g in self.genres if g not in self._supposed]
            self.always = [g for g in self.always if g not in self._supposed]
            self.refused.extend(self._supposed)
            self.never.extend(self._supposed)
        wished, refused = genre_wishes(clause.bare)
        if (_FRIGHTENS.search(clause.bare) or _UPLIFTING.search(clause.bare)) and "Horror" not in wished:
            refused = [*refused, "Horror"]
        self._supposed = wished if _SUPPOSED.search(clause.bare) else []
        goes_on = self._forever and wished and not refused and _LIST_GOES_ON.match(clause.bare)
        goes_on = goes_on and not (_LIKING.search(clause.bare) or _SAYS.search(clause.bare))
        if goes_on:  # "I hate horror, war films and anything with singing"
            wished, refused = [], wished
            self.never.extend(refused)
        self._forever = bool(goes_on)
        if as_one := _named_as_one(clause.bare, wished):  # "a romcom" names Romance, and Comedy with it
            wished = list(dict.fromkeys(wished + as_one))
            self._as_one.update(as_one)
        elif not wished and _BOTH.search(clause.bare):
            self._as_one.update(g for g in self.genres if g not in AUDIENCE_GENRES)
        self.genres.extend(wished)
        self.refused.extend(refused)
        said = UNSEEN.sub(" ", clause.bare)  # "I've never seen a western" is no rule
        if wished and _TASTE.search(said):
            self.always.extend(wished)
        if refused and _NEVER.search(said):
            self.never.extend(refused)
            self._forever = True
        lo, hi = period(clause.text, clause.negative)
        ruled_out = _RULED_OUT.search(clause.text) if clause.negative and not clause.scorn else None
        if ruled_out and not (lo or hi):  # "old pictures from the fifties and sixties nothing violent please"
            lo, hi = period(clause.text[: ruled_out.start()])
        if lo or hi:
            self.year_min, self.year_max, self._exact = lo, hi, True
        elif not (clause.negative or self._exact):  # "older ones, before 1980, the classics": before 1980
            lo, hi = vague_period(clause.text)
            if lo or hi:
                self.year_min, self.year_max = lo, hi
        if self._for_a_child and _THEIR_AGE.match(clause.bare) and "Family" not in self.genres:
            self.genres.append("Family")  # "for my grandson, he is 7": the age in a clause of its own
        self._for_a_child = bool(_A_RELATIVE.search(clause.bare))

    def exclude_genres(self) -> list[str]:
        """The genres refused: a genre asked for and refused in one message is asked for ("something
        scary but not gory": gore refused, not horror; "comedies, but no romantic comedies": romance)."""
        return [g for g in self.refused if g not in self.genres]

    def every_genre(self) -> bool:
        """The kinds asked were named as one ("a horror comedy"): a film of each, not of either."""
        kinds = {g for g in self.genres if g not in AUDIENCE_GENRES}
        return len(kinds) > 1 and kinds <= self._as_one

    def never_genres(self) -> list[str]:
        return [g for g in self.never if g not in self.genres]
