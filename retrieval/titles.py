"""Finding catalog titles inside free text: the user's message, and the LLM's reply.

Used to ground the profile (liked titles are catalog titles) and to police the writer (a title
that is in the catalog but not among this turn's hits is removed). Matching is on normalized
word n-grams, with guards against short titles that are also everyday words ("Up", "Her"). What a
person types may also be misspelt ("Interstelar", "the dark knigt"): around a word that is in no
title and no everyday vocabulary, rapidfuzz finds the closest title, if it is close enough.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein, Levenshtein

_ARTICLES = ("the ", "a ", "an ")
MAX_WORDS = 10
# A misspelling is at most one typo (a letter missing, added, changed, or two swapped) in seven to
# ten letters, two in up to 19, three beyond; shorter text is one letter from too many words
# ("Alein" is no title).
SHORTEST_FUZZY = 7
_FUZZY_SPAN = 4  # words tried with an unknown word, before and after it, five in all ("the silense of the lambs")


def _typos_allowed(text: str) -> int:
    return 1 if len(text) < 11 else 2 if len(text) < 20 else 3


_COMMON = set(
    "i me my you your it its a an the and or but of to in on at for with from by is are was be this "
    "that what some something anything more most like love loved not no don t do please movie movies "
    "film films one good great best new old older funny scary action drama comedy horror thriller "
    "romance crime war family fantasy mystery history music western animation documentary "
    # everyday words that start sentences ("The other two are ...", "Another one ..."): a title made
    # of these must be written like a title, mid-sentence, to count
    "other others another same last first next all any each both few many much two three here there "
    "now then again back away before after about just only still sure yes yeah okay well also too right wrong "
    "time day night way end home man men woman kind sort lot little big cool nice fine fun never "
    # pronouns and question words: "They didn't really enthuse me" is no film *They*
    "they them these those their theirs when where which who whom whose why how he him his she her we us our "
    # words that open a request: "Nothing too long please" is no film *Nothing*, "Once ..." no *Once*
    "nothing everything something someone somebody everyone nobody none enough once somewhere maybe "
    # interjections: "Super, danke. Tschüss!" is no film *Super*; and everyday words of the other
    # languages FlexRec reads: "Agora me indica um filme" is no film *Agora*
    "super agora ahora amigo bella mama".split()
)

# A capitalized word right after a one-word title makes it a first name ("Adam Sandler"), unless it
# is an everyday word, a day or a month ("I saw Heat Friday", "Have you seen Alien That one is ...").
_NAME_GOES_ON = re.compile(r" ([A-Z][a-z]+(?:[A-Z][a-z]+)?)\b")  # one space: "Mulan  Have you seen" is two messages
_DATES = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december".split()
)
# A day or month said as a date: "this Friday", "next Sunday", "on Saturday", "every Friday", "in May"
_WHEN_BEFORE = re.compile(r"\b(?:this|next|last|on|every|by|until|till|since|from|in|early|late)\s+$", re.IGNORECASE)
# Words that alone ask for help, not of a film whose title drops its article ("help??" is no *The Help*)
_PLEAS = frozenset({"help"})
_NOT_SURNAMES = (
    _COMMON
    | _DATES
    | set(
        # words that start a reply ("I also liked Secretariat Nope, just ...")
        "have has had did does nope yep yes yeah ok okay sorry thanks thank please perfect great awesome cool nice "
        "lol haha oh wow hope maybe".split()
    )
)


# A title written in lower case counts right after one of these and before the clause goes on to
# something else: "seen inception", "loved click, different twist", "have seen prestige"; not "loved
# murder mysteries" (a kind of film), nor after "like" ("I like stuff like that").
_DID = r"(?:we|i)(?:'?ve| have)?\s+(?:did|done)"  # watched: "we did paddington at christmas"
_WATCHED_OR_LIKED = re.compile(
    r"\b(?:seen|saw|seeing|watched|watching|rewatched|rewatching|loved|liked|enjoyed|adored?|hated|disliked"
    rf"|obsessed with|crazy about|mad about|addicted to|{_DID})\s+$",
    re.IGNORECASE,
)
# ... and a whole title (no part of one: "another favorite is Jackie Chan") named as a favourite.
_FAVOURITE_IS = re.compile(
    r"(?:\b(?:favou?rite|fave|fav)(?: (?:movie|film|one))?(?: (?:ever|of all time))? (?:is|was)"
    r"|^\W*mine(?:'s| is))\s+$",
    re.IGNORECASE,
)
# ... or later in a list after one: "seen unforgiven, tombstone and heat", "loved alien and jaws".
_LIST_VERBS = rf"seen|saw|watched|rewatched|loved|liked|enjoyed|adored|{_DID}"
_LISTED_AFTER = re.compile(
    rf"\b(?:{_LIST_VERBS})\s+[^.!?;:]{{1,60}}?(?:,\s*|\s+(?:and|y|e|et|und|en)\s+)$",
    re.IGNORECASE,
)
# ... or right before one, the list's other titles between: "platoon already seen", "heat and gravity i've
# seen", "zombieland seen". Not "my girls watched it": a plain noun before "watched" is who watched.
_LIST_THEN = (
    r"(?:(?:\s*,|\s+and)\s+(?!(?:i|we|you|they|he|she|it|not|never|but|so|my|our|his|her|their|there|this|that"
    r"|these|those|what|which|who|is|are|was|a|an)\b)[\w'&-]+(?:\s+[\w'&:-]+){0,3}?)?"
)
_SEEN_AFTER = re.compile(
    _LIST_THEN + r"(?:\s+(?:i|we)(?:'?ve| have)\s+(?:(?:actually|already|both|all|also)\s+)?(?:seen|watched)\b"
    r"|\s+(?:already|obviously|definitely|both)\s+(?:seen|watched)\b|\s+seen\W*$|\s*,\s*seen\b)",
    re.IGNORECASE,
)
# ... and, at the start of a clause, before "seen" that ends a sentence: "inception and memento seen. donnie
# darko too"; not "a film you've seen. and 2015 ...".
_SEEN_THEN_MORE = re.compile(_LIST_THEN + r"\s+(?:already\s+)?seen\s*[.!?;,]", re.IGNORECASE)
# ... or, at the start of a clause, right before what it did to the person: "jaws traumatized me",
# "titanic made me cry", "inception bored me".
_DID_TO_ME = re.compile(
    r"\s+(?:(?:really|totally|honestly|just)\s+)?(?:traumati[sz]ed|terrified|scared|bored|destroyed|ruined|"
    r"wrecked|haunted|made|blew|broke|put)\s+(?:me|us|my)\b",
    re.IGNORECASE,
)
# ... or as the film a request is like: "give me something like se7en", "more like oldboy pls", "something
# that makes you think, like inception". Only a word the catalog's prose seldom uses: "more like moon"
# or "stuff like vampires" may ask for a kind.
_LIKE_BEFORE = re.compile(
    r"(?:\b(?:something|anything|stuff|more|films?|movies?|ones?|others?|similar to|kinda|sorta|things)|,)\s+like\s+$",
    re.IGNORECASE,
)
# ... or scored right after: "twilight 0/10", "se7en 9/10", "up: 8 out of 10".
_SCORED = re.compile(r"\s*[:=-]?\s*(?:\d{1,2}(?:\.5)?\s*(?:/|out of)\s*10|[0-5](?:\.5)?\s*/\s*5)(?!\d)", re.IGNORECASE)
_CLAUSE_START = re.compile(r"(?:^|[.!?,;:]|\b(?:and|but|honestly|tbh|ok|okay|omg|lol))\s*$", re.IGNORECASE)
_TITLE_ENDS = re.compile(
    r"\s*(?:$|[.,!?;:)]|(?:and|n|or|but|y|e|et|und|en|too|already|again|yet|also|as well|last|lol|because|so much"
    r"|a lot|btw|tho|though|either|honestly|haha|lmao|fyi|ngl|tbh|by the way|obviously"
    r"|on (?:the|a|tv|netflix|dvd|a plane)|at (?:the|a|home)|in (?:the|a) (?:cinema|theater|theatre)|yesterday"
    r"|recently|twice|years? ago|ages ago"
    r"|(?:like |about |maybe )?(?:\w+|a million|a hundred) times|the other (?:day|night)|for the \w+ time"
    r"|this (?:week|morning|weekend)|as a kid|at christmas|over (?:christmas|the holidays)|last (?:week|night|year)"
    r"|growing up|with (?:my|the|our)|in (?:this|our|my) house)\b|1\s*(?:,|and\b|&))",
    re.IGNORECASE,
)
# ... or asked about: "is eragon any good?", "whats coco about", "how long is tenet".
_ASKED_BEFORE = re.compile(
    r"(?:^|[.!?,;:]\s*|\b(?:is|was|whats|what's|what is|how long is|about|did|does|what|^\W*and)\s+)$", re.I
)
# ... or asked about to the end of the message: "tell me about django", "what's the plot of gravity".
_ASKED_TO_END = re.compile(
    r"\b(?:tell me (?:more |a bit )?about|(?:plot|story|length|runtime|cast) of|how long is"
    r"|(?:do|did) (?:you|u|ya) (?:have|got)|have (?:you|u) got)\s+$",
    re.IGNORECASE,
)
# ... or judged right after, at the start of a clause: "airplane! is the funniest movie ever", "moon looks
# great", "jaws was the scariest".
_JUDGED_AFTER = re.compile(
    r"\W{0,2}\s+(?:is|was|looks|sounds|seems)\s+(?:so |really |just |the |my |a |an |already |also |still )*"
    r"(?:best|funniest|greatest|scariest|saddest|favou?rite|great|good|cool|amazing|awesome|fun|brilliant"
    r"|hilarious|terrible|awful|boring|overrated|ok|okay|fine|alright|decent|meh|one of (?:my|the) \w+"
    r"|perfect|excellent|incredible|fantastic|a masterpiece|underrated|classic|gem|must[- ]see"
    r"|one of (?:my|the) (?:faves|favs|favou?rites|all[- ]time))\b"
    r"|\W{0,2}\s+not so much\s*(?:$|[.,!?;:)]|tbh|though|tho)"  # "loved nemo, cars not so much"
    r"|\W{0,2}\s+meh\b",  # "casino, meh"
    re.IGNORECASE,
)
_ASKED_AFTER = re.compile(
    r"\s+(?:any good|worth (?:it|watching|a watch)|good|about|too \w+|scary|sad|funny|is about|come out|came out"
    r"|released|(?:ok |okay |good |suitable |appropriate )?for (?:kids|children|an? \d+))\b|\s*\?",
    re.IGNORECASE,
)
# Titles that are everyday phrases in a chat about films: in lower case they name the film only where a
# film is said ("seen date night"), not in "date night w my gf!!", "anything else?" or "thanks for the help".
_EVERYDAY_PHRASES = frozenset(
    {"date night", "game night", "movie night", "anything else", "the one", "the end", "the help", "the game",
     "the call", "the class", "the beach", "the holiday", "the hours", "the road", "the walk", "the watch", "the town",
     "the train", "the box", "the host", "the visit", "the promise", "the secret", "the switch", "the kid", "the boss",
     "the fan", "the order", "the return", "the weekend", "the news", "the rest", "the kids", "a true story",
     "slow burn", "a slow burn", "date movie", "road trip", "lights out", "bed time", "bedtime", "school night",
     "valentines day", "new years eve", "mothers day", "fathers day", "christmas eve", "thanksgiving day"}
)  # fmt: skip
# Two words that ask rather than name, in lower case: "show me", "tell me", "surprise me".
_IMPERATIVE = re.compile(
    r"(?:show|tell|give|help|let|take|call|surprise|find|send|get|make|teach|hit|lend) (?:me|us)", re.IGNORECASE
)

# Lists of titles (`TitleIndex._listed`): what separates their items, an item between two titles, one
# before the first (at the start, after a colon or a verb of watching or liking), one after the last.
_SEP = r"\s*(?:,\s*(?:and\s+|&\s+)?|\s+(?:and|&|n)\s+)"  # "n": "conjuring n insidious"
_ITEM = r"(?P<item>[^\W_][\w'’·&-]*(?:\s+[\w'’·&-]+){0,2}?)"
_SEPARATOR = re.compile(_SEP, re.IGNORECASE)
_BETWEEN = re.compile(_SEP + _ITEM + _SEP, re.IGNORECASE)
_BEFORE_LIST = re.compile(
    r"(?:^|[:;.!?]\s*|\b(?:seen|saw|watched|loved|liked|like|love|enjoyed|adored|hated|disliked)\s+)"
    + _ITEM
    + _SEP
    + "$",
    re.IGNORECASE,
)
_AFTER_LIST = re.compile(_SEP + _ITEM + r"\s*(?=$|[.!?;:)]|,\s*(?:but|and|so|i|we)\b)", re.IGNORECASE)
# A pair of titles said as seen, one found and one an everyday word beside it: "superbad and step brothers
# already done", "home alone and elf are on every year already" (`TitleIndex._listed`).
_PAIR_SEEN = re.compile(
    r"[^.!?]*\b(?:already|seen|watched|done (?:those|them|both|it)|done\W*$"
    r"|watch (?:them|those|these|both|it) (?:every|each) (?:year|christmas|time))",  # "... we watch them every year"
    re.IGNORECASE,
)
_PAIR_AFTER = re.compile(
    r"\s+(?:and|&|n)\s+" + _ITEM + r"(?=\s*$|\s*[.!?;:,)]|\s+(?:are|were|both|already|too)\b)", re.IGNORECASE
)
# A run of titles (`TitleIndex._run_after_verb`): the verb before it, and what may part its titles.
_RUN_VERB = re.compile(rf"\b(?:{_LIST_VERBS}|hated)\s+", re.IGNORECASE)
_RUN_GAP = re.compile(r"\s*(?:,\s*)?(?:(?:and|n|&)\s+)?", re.IGNORECASE)
_NOT_LISTED = frozenset({"it", "them", "that", "this", "those", "these", "all", "both", "more", "others", "so on"})
# A list of three or more, one of them a title found: each other item a title as written, or none is
# ("my favourites are the godfather, goodfellas and casino"; not "like heat, funny and short").
_SENTENCE_END = re.compile(r"[.!?;:\n]")
_EDGE_WORDS = 3  # the first item may end with a title, the last begin with one: up to this many words
# The sequels' numbers after a title: "the conjuring 1 and 2", "toy story 1, 2 and 3", "alien 1 & 2".
# A sequel's number said after its first film's title: "2", "part 2", "II" (not "2 and 3": `_NUMBERS_AFTER`).
_NUMBER_AFTER = re.compile(
    r"\s*:?\s*(?:part\s+)?([2-6]|ii|iii|iv)\b(?!\s*(?:,|and|&|\+|y|et|und)\s*[1-6i]\b)"
    r"(?!\s*(?:times|x\b|hours?|hrs?|h\b|minutes|mins?|stars?|out of|/|\.\d))",
    re.I,
)
_ROMAN = {"ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6}
_SEQUEL = re.compile(r"(?P<base>.+?) (?:part )?(?P<n>[2-6]|ii|iii|iv|v|vi)$")
_AND = r"\s*(?:,|and|&|\+|y|et|e|und)\s*"
# ... and "men in black 1 2 and 3": after a 1, a space alone parts the numbers too
_NUMBERS_AFTER = re.compile(rf"\s*(?:(?:1|one|i)?(?:{_AND}[2-6]\b)+|(?:1|one) [2-6]\b(?:(?:{_AND}|\s+)[2-6]\b)*)", re.I)


_NAME_STARTS = frozenset("new old great golden silver dark cold big little".split())


def _name_begun(text: str, words: list, i: int) -> bool:
    """Whether the one-word title at word i ends a name begun by a capitalized adjective mid-sentence:
    "the French New Wave" names a movement, not *The Wave* (but "the new Batman" names the film)."""

    def titled(a: int, b: int) -> bool:  # "Wave", not "WAVE" (a shouted message proves nothing)
        return text[a].isupper() and not text[a:b].isupper()

    if i == 0 or not titled(*words[i][:2]) or words[i - 1][2] not in _NAME_STARTS:
        return False
    start = words[i - 1][0]
    return titled(*words[i - 1][:2]) and not re.search(r"(?:^|[.!?:;,\"(])\s*$", text[:start])


def _said_as_film(text: str, start: int, end: int, loosely: bool = True) -> bool:
    """Whether the words at text[start:end] are clearly said of a film: right after a verb of watching or
    liking ("seen inception", "loved alien and jaws"), right before "seen" ("platoon already seen"), at
    a clause's start before what it did to the person ("jaws traumatized me") or a verdict ("moon looks
    great"), or asked about ("is eragon any good?"); these last two only `loosely`."""
    listed = _WATCHED_OR_LIKED.search(text, 0, start) or _LISTED_AFTER.search(text, 0, start)
    said = listed and _TITLE_ENDS.match(text, end)
    did = _DID_TO_ME.match(text, end) and _CLAUSE_START.search(text, 0, start)
    questioned = loosely and _ASKED_BEFORE.search(text, 0, start) and _ASKED_AFTER.match(text, end)
    questioned = questioned or (loosely and _ASKED_TO_END.search(text, 0, start) and _TO_END.match(text, end))
    judged = loosely and _JUDGED_AFTER.match(text, end) and _CLAUSE_START.search(text, 0, start)
    scored = _SCORED.match(text, end) and _CLAUSE_START.search(text, 0, start)
    seen = _SEEN_AFTER.match(text, end) or (_SEEN_THEN_MORE.match(text, end) and _CLAUSE_START.search(text, 0, start))
    return bool(said or seen or did or questioned or judged or scored)


_TO_END = re.compile(r"\W*$")
# A nationality before a kind of film is no title: "a Mexican horror movie" names no *The Mexican*.
# An article before a title ending in "movie" or a kind makes it a kind of film ("a date movie", "any
# disaster movie", "a space adventure").
_KIND_NOUNS = frozenset("movie film adventure comedy story thriller drama romance mystery tale horror".split())
_A_KIND_BEFORE = re.compile(r"\b(?:a|an|any|another|some|one|more)\s+$", re.IGNORECASE)  # "one more superhero movie"
_NATIONALITY = re.compile(
    r"(?:american|british|english|mexican|french|italian|german|spanish|japanese|chinese|korean|indian|irish"
    r"|scottish|russian|swedish|danish|australian|canadian|brazilian|australian)$",
    re.IGNORECASE,
)
_KIND_AFTER = re.compile(
    r"\s+(?:\w+\s+)?(?:films?|movies?|flicks?|comed(?:y|ies)|dramas?|horror|thrillers?|romance|romantic|action|crime"
    r"|war|animated|animation|westerns?|classics?|cinema|documentar(?:y|ies)|musicals?|one)\b",
    re.IGNORECASE,
)
COMMON_WORDS = frozenset(_COMMON)  # for others that need "not a content word" (bot/starter.py)


def _typo_of(typed: str, key: str) -> bool:
    """Whether `typed` can be a misspelling of the title `key` word by word: a short word (five
    letters or fewer) takes at most one typo, so "you tell me" is no "You Kill Me" ("tell" is a word
    of its own, not a slip of "kill"), while "interstelar" and "the dark knigt" stay typos."""
    said, title = typed.split(), key.split()
    if len(said) != len(title):
        return True  # words run together or split apart: judged as a whole by the caller
    pairs = list(zip(said, title, strict=True))
    content = [(a, b) for a, b in pairs if b not in COMMON_WORDS]
    if len(content) == 1 and len(content[0][1]) <= 4 and content[0][0] != content[0][1]:
        return False  # a title of one short word is another word when one letter differs: "the mood", The Wood
    return all(len(b) > 5 or DamerauLevenshtein.distance(a, b) <= 1 for a, b in pairs)


def _kept_around(anchor: str, typed: str, key: str) -> bool:
    """Whether a span found from a word only titles use (`anchor`, spelt right) misspells the title
    `key` around it, not in it: the title has that word, and each word typed otherwise is a slip of
    four letters or more ("forest gump": Forrest Gump), never a short word swapped for another."""
    said, title = typed.split(), key.split()
    if anchor not in title or len(said) != len(title):
        return False
    return all(a == b or len(a) >= 4 for a, b in zip(said, title, strict=True))


def _shouted(text: str) -> bool:
    """Whether the message is written in capitals ("NOTHING SCARY PLEASE THE LITTLE ONE CRIES"), where
    no word's capital says it is a title."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 8 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _overlaps(start: int, end: int, spans) -> bool:
    """Whether the span start..end overlaps any of `spans`, (start, end) pairs."""
    return any(a < end and start < b for a, b in spans)


def quoted(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is written in quotes, the whole quote being it: '"Up"', "*Heat*"."""
    return 0 < start and end < len(text) and text[start - 1] in "\"'“‘*" and text[end] in "\"'”’*"


_THE_TYPOS = {"teh": "the", "hte": "the"}
_DECADE_WORDS = frozenset("twenties thirties forties fifties sixties seventies eighties nineties".split())
_INNER_APOSTROPHE = re.compile(r"(?<=[^\W_])['’ʼ](?=[^\W_])")


def normalize(text: str) -> str:
    """Lowercase, strip accents, '&'→'and', an apostrophe inside a word dropped (people type "oceans
    eleven", "howls moving castle"), other non-alphanumerics→space: "Amélie & Co." → "amelie and co"."""
    text = _INNER_APOSTROPHE.sub("", unicodedata.normalize("NFKD", text))
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


# A series named with a word for all of it: "all the harry potter films", "lord of the rings, all of
# them", "the toy story movies"; or one of it by place: "the first harry potter", "the latest star trek".
_ALL_BEFORE = re.compile(r"\b(?:all|every|each|the whole|the entire)(?:\s+(?:of\s+)?the)?\s+$", re.IGNORECASE)
_ALL_AFTER = re.compile(
    r"\s*(?:movies|films|series|trilogy|saga|franchise|marathon)\b"
    r"|[^.!?;]{0,30}?\ball (?:of them|of those|three|of the (?:movies|films))\b",
    re.IGNORECASE,
)
_FIRST_BEFORE = re.compile(r"\b(?:first|1st|original)\s+$", re.IGNORECASE)
_LAST_BEFORE = re.compile(r"\b(?:last|latest|newest|most recent)\s+$", re.IGNORECASE)
_NUMBERED = re.compile(r" (?:part )?(?:[2-6]|ii|iii|iv|v|vi|vol \d)$")
_SOME_OF = re.compile(r"\b(?:one|some|a few|a couple|either|any|neither|none) of (?:the|those|these)\s+$", re.I)


def series_keys(title: str) -> tuple[set[str], bool]:
    """The series a catalog title belongs to, as names people use (normalized): what comes before a
    colon ("the lord of the rings"), the title without its number ("toy story" for "Toy Story 3"),
    the name before "and the" ("harry potter"); each also without its article. And whether the
    title marks itself as part of one (a colon, a number, "and the"): two films alike only in an
    article ("Heat", "The Heat") make no series."""
    key = normalize(title.split(":")[0])
    keys = {key.split(" and the ")[0]} if " and the " in key else set()
    keys.add(_NUMBERED.sub("", key))
    marked = ":" in title or bool(_NUMBERED.search(key)) or " and the " in key
    keys |= {k[len(a) :] for k in list(keys) for a in _ARTICLES if k.startswith(a)}
    return {k for k in keys if len(k) >= 4 and any(w not in _COMMON for w in k.split())}, marked


def _short_names(title: str) -> set[str]:
    """What people call a long title: its subtitle ("fellowship of the ring" for *The Lord of the
    Rings: The Fellowship of the Ring*, "age of ultron") or what comes before its comma ("crouching
    tiger"), where two of its words are distinctive ("a love story" is no *Capitalism: A Love Story*);
    and, where it has two articles or more, the title without them ("fast and furious")."""
    parts = [title.split(": ", 1)[1]] if ": " in title else []
    parts += [title.split(", ", 1)[0]] if ", " in title else []
    out = set()
    for part in parts:
        key = normalize(part)
        words = key.split()
        if sum(w not in _COMMON and len(w) > 3 for w in words) >= 2:
            out |= {key} | {key[len(a) :] for a in _ARTICLES if key.startswith(a)}
    words = normalize(title).split()
    bare = [w for w in words if w not in ("the", "a", "an")]
    if len(bare) < len(words) - 1 and sum(w not in _COMMON and len(w) > 3 for w in bare) >= 2:
        out.add(" ".join(bare))  # its articles left out: "fast and furious" for *The Fast and the Furious*
    return out


def _part_names(title: str) -> set[str]:
    """The parts of a title people name it by, once it is clear they speak of a film ("seen unforgiven,
    tombstone and django", "seen the avengers and age of ultron already"): its first words or its
    subtitle, each ending in no everyday word and holding a word of five letters or more that is no
    everyday word ("tucker and dale", not "the" nor "saving" where two titles start so: see TitleIndex)."""
    key = normalize(title)
    key = next((key[len(a) :] for a in _ARTICLES if key.startswith(a)), key)
    words = key.split()
    parts = {" ".join(words[:k]) for k in range(1, len(words))}
    if ": " in title:
        sub = normalize(title.split(": ", 1)[1])
        parts.add(next((sub[len(a) :] for a in _ARTICLES if sub.startswith(a)), sub))
    # starting as a sentence does ("i think", "my cousin", "we bought"), a part needs two distinctive words
    return {
        p
        for p in parts
        if p
        and p.split()[-1] not in _COMMON
        and sum(len(w) >= 5 and w not in _COMMON for w in p.split()) >= (2 if p.split()[0] in _PRONOUNS else 1)
    }


_NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty"
).split()
_DIGITS_IN_WORD = re.compile(r"([a-z]*)([0-9]{1,2})([a-z]*)")


def _spelled_out(key: str) -> set[str]:
    """A title's numbers as people type them the other way: "seven" for *Se7en*, "thirteen ghosts" for
    *Thir13en Ghosts* (a number written inside a word for the letters it sounds like; the letters around
    the digits must begin and end the number's word: "8mm", "x2", "cj7" are no such title), and "oceans
    11" for *Ocean's Eleven*, "12 angry men" for *Twelve Angry Men* (a number word in a title that has
    a word of its own besides)."""
    words, changed = key.split(), False
    for i, word in enumerate(words):
        m = _DIGITS_IN_WORD.fullmatch(word)
        if m and (m[1] or m[3]) and int(m[2]) < len(_NUMBER_WORDS):
            spelled = _NUMBER_WORDS[int(m[2])]
            if spelled.startswith(m[1]) and spelled.endswith(m[3]) and len(m[1]) + len(m[3]) < len(spelled):
                words[i], changed = spelled, True
    said = {" ".join(words)} if changed else set()
    # a word that is no number and no everyday word, so that "1 day" is no *One Day*
    if any(w in _NUMBER_WORDS[1:] for w in words) and any(w not in _NUMBER_WORDS and w not in _COMMON for w in words):
        said.add(" ".join(str(_NUMBER_WORDS.index(w)) if w in _NUMBER_WORDS[1:] else w for w in words))
    return said


_PRONOUNS = frozenset("i me my we our us you your he his she her it its they their".split())
# Greetings a message opens with, which a title may begin with: "Guten Tag." names no *Guten Tag, Ramón*.
_GREETINGS = frozenset(
    {"guten tag", "guten morgen", "guten abend", "buenos dias", "buenas tardes", "buenas noches", "bom dia",
     "boa tarde", "boa noite", "good morning", "good evening", "good night", "goedemorgen", "goedenavond"}
)  # fmt: skip


class TitleIndex:
    """Normalized title → item ids (exact titles, then most popular first), with and without a
    leading article; "Title (Year)" names one of several items with the same title."""

    def __init__(
        self,
        entries: Iterable[tuple],
        words: Iterable[str] = (),
        frequent: Iterable[str] = (),
        others: Iterable[tuple[str, str]] = (),
    ):
        """`entries`: (item_id, title, popularity) or (item_id, title, popularity, year). `words`:
        ordinary words (the catalog's own prose), never taken for a misspelt title: "if possible"
        is no typo of *The Impossible*. `frequent`: words the prose uses often; "the" and one of them,
        in lower case, names a film only where a film is said ("on the edge of my seat" is no *The Edge*).
        `others`: (item_id, another name of it), e.g. its original title ("Cidade de Deus" is *City of
        God*); it names the item as an alias does, unless it is some catalog title itself or too short
        to tell from a word ("Q", "Drei")."""
        ranked: dict[str, list[tuple[bool, float, str, str]]] = {}
        entries_list = list(entries)
        for item_id, title, popularity, *year in entries_list:
            key = normalize(title)
            aliases = {key[len(a) :] for a in _ARTICLES if key.startswith(a)} | _short_names(title)
            aliases |= {said for k in (key, *aliases) for said in _spelled_out(k)}
            aliases -= {key, *_GREETINGS}
            keys = [(key, False), *((a, True) for a in aliases)]
            if year and year[0]:
                keys.append((f"{key} {year[0]}", False))
            for k, is_alias in keys:
                if k:  # an exact title beats an article-less alias: "Heat" is Heat, not The Heat
                    ranked.setdefault(k, []).append((is_alias, -popularity, item_id, title))
        known = {item_id: (title, popularity) for item_id, title, popularity, *_ in entries_list}
        # names in a script `normalize` leaves nothing of ("千と千尋の神隠し", "올드보이"): found as written,
        # three letters at least (two are often a word: 英雄 "hero", 괴물 "monster")
        self._scripts: dict[str, tuple[str, str]] = {}
        for item_id, other in others:
            if item_id not in known or not other:
                continue
            key = normalize(other)
            written = other.strip()
            if not key and sum(c.isalpha() for c in written) >= 3:
                self._scripts.setdefault(written, (item_id, known[item_id][0]))
            for k in {key} | {key[len(a) :] for a in _ARTICLES if key.startswith(a)}:
                if k not in ranked and (len(k.split()) >= 2 or len(k) >= 6) and len(k) >= 4:
                    ranked.setdefault(k, []).append((True, -known[item_id][1], item_id, known[item_id][0]))
        by_length = sorted(self._scripts, key=len, reverse=True)  # the longest where two start alike
        self._script_names = re.compile("|".join(map(re.escape, by_length))) if by_length else None
        self._index = {k: sorted(v) for k, v in ranked.items()}
        members: dict[str, set[tuple[int, str, str]]] = {}
        marked: set[str] = set()
        for item_id, title, _popularity, *year in entries_list:
            keys, is_marked = series_keys(title)
            for k in keys:
                members.setdefault(k, set()).add((year[0] if year and year[0] else 9999, item_id, title))
            marked |= keys if is_marked else set()
        self._series = {k: sorted(v) for k, v in members.items() if len(v) >= 2 and k in marked}
        parts: dict[str, set[str]] = {}  # a part name → the titles it is part of
        for _item_id, title, _popularity, *_year in entries_list:
            for part in _part_names(title):
                parts.setdefault(part, set()).add(title)
        self._parts = {  # part names of one title only, and no title themselves
            part: self._index[normalize(next(iter(titles)))][0][2:]
            for part, titles in parts.items()
            if len(titles) == 1 and part not in self._index and part not in _GREETINGS
        }
        self._sequels: dict[tuple[str, int], tuple[str, str]] = {}  # (first film's key, number) → the sequel
        for item_id, title, _popularity, *_year in entries_list:
            if m := _SEQUEL.match(normalize(title)):
                self._sequels.setdefault((m["base"], _ROMAN.get(m["n"]) or int(m["n"])), (item_id, title))
        # a sequel named by the words after its first film's title, in a message that names that film:
        # "the matrix is great but reloaded and revolutions were meh" (first film's key → words → sequel)
        self._followers: dict[str, dict[str, tuple[str, str]]] = {}
        for item_id, title, _popularity, *_year in entries_list:
            said = normalize(title).split()
            for k in range(1, len(said)):
                base, rest = " ".join(said[:k]), said[k:]
                if base in self._index and not self._index[base][0][0] and any(w not in _COMMON for w in rest):
                    self._followers.setdefault(base, {}).setdefault(" ".join(rest), (item_id, title))
        self._by_length: dict[int, list[str]] = {}
        for key in self._index:
            self._by_length.setdefault(len(key), []).append(key)
        title_words = {w for k in self._index for w in k.split()}
        self._vocabulary = title_words | _COMMON | {normalize(w) for w in words}
        self._frequent = frozenset(frequent)
        # title words the prose seldom uses ("gump", "shawshank"): a span around one that is no title may
        # misspell one ("forest gump")
        rare = title_words - _COMMON - self._frequent
        self._title_words = frozenset(w for w in rare if len(w) >= 4 and not w.isdigit())
        self._near_lengths: dict[tuple[int, int], list[str]] = {}  # (length, typos) → keys near that length
        self._sorted: list[str] | None = None  # the keys in order, for `begins` (made on first use)

    def series_of(self, item_id: str, title: str) -> list[tuple[int, str, str]]:
        """The films of the series a title is part of, itself included, by year ((year, item id,
        title); 9999 where the year is unknown): the largest such series, or none. A series is named by
        the titles themselves ("Toy Story", "Toy Story 2", "Toy Story 3"), so nothing is guessed."""
        keys, _ = series_keys(title)
        series = [self._series[k] for k in keys if k in self._series]
        series = [members for members in series if any(m[1] == item_id for m in members)]
        return max(series, key=len) if series else []

    def __len__(self) -> int:
        return len(self._index)

    def begins(self, text: str) -> bool:
        """Whether some title starts with these words (the last may be cut short): "Lock, Sto" may
        still become "Lock, Stock and Two Smoking Barrels"."""
        key = normalize(text)
        if not key:
            return False
        if self._sorted is None:
            self._sorted = sorted(self._index)
        at = bisect.bisect_left(self._sorted, key)
        return at < len(self._sorted) and self._sorted[at].startswith(key)

    def may_name(self, text: str, ordinary: frozenset[str] = frozenset()) -> bool:
        """Whether `text` may name a title that `find` passes over as unproven ("i adore inception"):
        some run of its words is a catalog title and not only everyday or `ordinary` words."""
        words = [normalize(m.group()) for m in _WORD.finditer(text)]
        plain = _COMMON | ordinary
        for i in range(len(words)):
            for n in range(1, min(MAX_WORDS, len(words) - i) + 1):
                run = words[i : i + n]
                if " ".join(run) in self._index and any(w not in plain for w in run):
                    return True
        return False

    def lookup(self, name: str) -> tuple[str, str] | None:
        """(item_id, catalog title) for a name the user or model wrote ("Heat", "Heat (1995)"), or None."""
        key = normalize(name)
        hits = self._index.get(key) or self._index.get(_YEAR.sub("", key))
        return (hits[0][2], hits[0][3]) if hits else None

    def resolve(self, name: str) -> tuple[str, str] | None:
        """(item_id, catalog title) a name means: the title as written, else the one it misspells."""
        return self.lookup(name) or self.closest(name)

    def closest(self, name: str) -> tuple[str, str] | None:
        """(item_id, catalog title) of the title a misspelt name means ("Interstelar"): the one
        within the typos allowed for its length, else None (also for names too short to tell)."""
        key = self._near(normalize(name))
        if key is None:
            return None
        best = self._index[key][0]
        return best[2], best[3]

    def _near(self, key: str) -> str | None:
        """The index key closest to `key` within the typos allowed, or None."""
        if len(key) < SHORTEST_FUZZY:
            return None
        typos = _typos_allowed(key)
        if (len(key), typos) not in self._near_lengths:
            span = range(len(key) - typos, len(key) + typos + 1)
            self._near_lengths[len(key), typos] = [k for n in span for k in self._by_length.get(n, ())]
        choices = self._near_lengths[len(key), typos]
        # a swap of two letters is one typo but two Levenshtein edits: the fast Levenshtein scorer
        # picks the candidates, Damerau-Levenshtein decides
        near = process.extract(key, choices, scorer=Levenshtein.distance, score_cutoff=2 * typos, limit=8)
        ranked = sorted((DamerauLevenshtein.distance(key, k), k) for k, _, _ in near)
        return ranked[0][1] if ranked and ranked[0][0] <= typos else None

    def name(self, item_id: str, title: str, year: int | None) -> str:
        """How a profile should name this item: its title, or "Title (Year)" when the bare title
        would be read as another item."""
        hit = self.lookup(title)
        return title if hit is None or hit[0] == item_id or not year else f"{title} ({year})"

    def _in_script(self, text: str, found: list[TitleMatch]) -> list[TitleMatch]:
        """Original titles in another script, where the text writes them ("千と千尋の神隠し"), outside
        the titles already found."""
        return [
            TitleMatch(*self._scripts[m[0]], m.start(), m.end())
            for m in self._script_names.finditer(text)
            if not any(f.start < m.end() and m.start() < f.end for f in found)
        ]

    def find(self, text: str, fuzzy: bool = False, shown: Iterable[str] = ()) -> list[TitleMatch]:
        """Longest non-overlapping catalog titles mentioned in `text`, left to right. `fuzzy`: also
        misspelt ones (a person's message; never the LLM's text, which is checked as written).
        `shown`: the titles on the person's screen, which a capital names even where an everyday word
        could start a sentence ("Up is great, seen it" of the card Up)."""
        words = [(m.start(), m.end(), normalize(m.group())) for m in _WORD.finditer(text)]
        if fuzzy:  # "seen hte departed": too short for the typo pass, and in many titles
            words = [(a, b, _THE_TYPOS.get(w, w)) for a, b, w in words]
        found, taken, i = [], set(), 0
        shown = frozenset(shown)
        while i < len(words):
            hit = self._longest(text, words, i, shown) or self._capitalized_part(text, words, i)
            if hit is None or (hit[2] == 1 and (self._first_name(text, words, i) or _name_begun(text, words, i))):
                i += 1
                continue
            item_id, title, n = hit
            found.append(TitleMatch(item_id, title, words[i][0], words[i + n - 1][1]))
            taken.update(range(i, i + n))
            i += n
        found = [self._sequel_of(text, m) for m in found]  # "the godfather 2" is Part II
        if self._script_names:
            found = sorted(found + self._in_script(text, found), key=lambda m: m.start)
        if fuzzy:
            found = sorted(found + self._misspelt(text, words, taken), key=lambda m: m.start)
            found = sorted(found + self._of_series(text, words, found), key=lambda m: m.start)
            found = sorted(found + self._by_part(text, words, found), key=lambda m: m.start)
            found = sorted(found + self._listed(text, found) + self._numbered(text, found), key=lambda m: m.start)
            found = sorted(found + self._three_or_more(text, found), key=lambda m: m.start)
            found = sorted(found + self._followed(text, found), key=lambda m: m.start)
            found = sorted(found + self._run_after_verb(text, words, found), key=lambda m: m.start)
            found = sorted(found + self._again(text, found), key=lambda m: m.start)
        return found

    def _again(self, text: str, found: list[TitleMatch]) -> list[TitleMatch]:
        """A title found once in a message, said again as written there, in any case: "seen nightcrawler
        and drive. loved drive, nightcrawler was too slow for me" judges Nightcrawler twice. Only a title
        with a word the prose seldom uses: a second "up" is no film *Up*."""
        out, taken = [], [(m.start, m.end) for m in found]
        for m in found:
            written = text[m.start : m.end]
            if not any(w in self._title_words for w in normalize(written).split()):
                continue
            said = r"\s+".join(map(re.escape, written.split()))
            for hit in re.finditer(rf"(?<!\w){said}(?!\w)", text, re.IGNORECASE):
                if not _overlaps(*hit.span(), taken):
                    out.append(TitleMatch(m.item_id, m.title, *hit.span()))
                    taken.append(hit.span())
        return out

    def _run_after_verb(self, text: str, words: list, found: list[TitleMatch]) -> list[TitleMatch]:
        """Titles run together after a verb of watching or liking, commas and "and" optional, that
        the words split into wholly: "seen superbad step brothers the hangover", "shes seen frozen
        moana and finding nemo". Two titles at least, and the run must end as a title does."""
        out, have = [], {m.item_id for m in found}
        taken = {(m.start, m.end) for m in found}
        for verb in _RUN_VERB.finditer(text):
            i = next((k for k, w in enumerate(words) if w[0] >= verb.end()), len(words))
            run: list[TitleMatch] = []
            while i < len(words):
                if run and words[i][2] in ("and", "n", "&") and i + 1 < len(words):
                    i += 1
                hit = self._whole_title(words, i)
                gap = text[run[-1].end : words[i][0]] if run else ""
                if hit is None or not _RUN_GAP.fullmatch(gap):
                    break
                item_id, title, n = hit
                run.append(TitleMatch(item_id, title, words[i][0], words[i + n - 1][1]))
                i += n
            if len(run) >= 2 and _TITLE_ENDS.match(text, run[-1].end):
                for m in run:
                    if m.item_id not in have and not _overlaps(m.start, m.end, taken):
                        out.append(m)
                        have.add(m.item_id)
        return out

    def _whole_title(self, words: list, i: int) -> tuple[str, str, int] | None:
        """The longest catalog title (or article-less alias) that starts at word i, no everyday word alone."""
        for n in range(min(MAX_WORDS, len(words) - i), 0, -1):
            span = [w for _, _, w in words[i : i + n]]
            hit = self._listed_title(" ".join(span))
            if hit and (n > 1 or (span[0] not in _COMMON and len(span[0]) > 3)):
                return *hit, n
        return None

    def _sequel_of(self, text: str, m: TitleMatch) -> TitleMatch:
        """The numbered sequel where a number follows the title alone ("the godfather 2", "saw 2", "the
        hangover part 2"), as its catalog title has it ("Part II", "II"); else the match itself. A list
        of numbers ("the conjuring 1 and 2") names each film (`_numbered`)."""
        after = _NUMBER_AFTER.match(text, m.end)
        if not after:
            return m
        sequel = self._sequels.get((normalize(m.title), _ROMAN.get(after[1].lower()) or int(after[1])))
        return TitleMatch(sequel[0], sequel[1], m.start, after.end(1)) if sequel else m

    def _by_part(self, text: str, words: list, found: list[TitleMatch]) -> list[TitleMatch]:
        """Titles named by a part of them (`_part_names`) where a film is clearly said: "seen unforgiven,
        tombstone and django", "tucker and dale was boring"."""
        out: list[TitleMatch] = []
        taken = [(m.start, m.end) for m in found]
        i = 0
        while i < len(words):
            for n in range(min(MAX_WORDS, len(words) - i), 0, -1):
                start, end = words[i][0], words[i + n - 1][1]
                hit = self._parts.get(" ".join(w for _, _, w in words[i : i + n]))
                if hit is None or _overlaps(start, end, taken) or not _said_as_film(text, start, end):
                    continue
                out.append(TitleMatch(hit[0], hit[1], start, end))
                i += n - 1
                break
            i += 1
        return out

    def _listed(self, text: str, found: list[TitleMatch]) -> list[TitleMatch]:
        """A title that is also an everyday word, as an item of a list of titles: "seen shrek, up, inside
        out", "what i like: Up, Inside Out, WALL·E"; the titles around it vouch for it."""
        out = []
        for a, b in itertools.pairwise(found):
            if (m := _BETWEEN.fullmatch(text, a.end, b.start)) and (hit := self._list_item(m)):
                out.append(TitleMatch(*hit, m.start("item"), m.end("item")))
        listed = [(a, b) for a, b in itertools.pairwise(found) if _SEPARATOR.fullmatch(text, a.end, b.start)]
        if listed:
            first, last = listed[0][0], listed[-1][1]
            before = _BEFORE_LIST.search(text, 0, first.start)
            after = _AFTER_LIST.match(text, last.end)
            for m in (before, after):
                if m and (hit := self._list_item(m)):
                    out.append(TitleMatch(*hit, m.start("item"), m.end("item")))
        elif len(found) == 1 and (  # a pair said as seen, or after a verb of watching or liking
            _PAIR_SEEN.match(text, found[0].end) or _WATCHED_OR_LIKED.search(text, 0, found[0].start)
        ):
            only = found[0]
            before = _BEFORE_LIST.search(text, 0, only.start)
            after = _PAIR_AFTER.match(text, only.end)
            for m in (before, after):
                if m and (hit := self._list_item(m)) and hit[0] != only.item_id:
                    out.append(TitleMatch(*hit, m.start("item"), m.end("item")))
        elif len(found) == 1 and (after := _PAIR_AFTER.match(text, found[0].end)) and self._rare(after["item"]):
            if (hit := self._list_item(after)) and hit[0] != found[0].item_id:  # "blade runner and gattaca"
                out.append(TitleMatch(*hit, after.start("item"), after.end("item")))
        return out

    def _rare(self, phrase: str) -> bool:
        """Whether every word of the phrase is one of no everyday vocabulary ("gattaca", not "cars")."""
        words = normalize(phrase).split()
        return bool(words) and all(w not in _COMMON and len(w) > 3 and w not in self._frequent for w in words)

    def _followed(self, text: str, found: list[TitleMatch]) -> list[TitleMatch]:
        """Sequels named by what follows their first film's title, that film named too (`_followers`),
        each as an item of its own: "reloaded and revolutions were meh", "and returns"."""
        out, have = [], {m.item_id for m in found}
        for m in found:
            for rest, (item_id, title) in self._followers.get(normalize(m.title), {}).items():
                if item_id in have:
                    continue
                said = r"\W+".join(map(re.escape, rest.split()))
                pattern = rf"(?:^|[,.;:!?]|\b(?:and|but|or|n|&))\s*(?:the\s+)?(?P<rest>{said})(?=\s*$|\s*[,.;:!?]"
                pattern += r"|\s+(?:and|or|n|&|was|were|is|are|too)\b)"
                for hit in re.finditer(pattern, text, re.IGNORECASE):
                    start, end = hit.span("rest")
                    if item_id not in have and not _overlaps(start, end, [(o.start, o.end) for o in [*found, *out]]):
                        out.append(TitleMatch(item_id, title, start, end))
                        have.add(item_id)
        return out

    def _three_or_more(self, text: str, found: list[TitleMatch]) -> list[TitleMatch]:
        """The other items of a list of three or more titles where one is found (`_SENTENCE_END`)."""
        out, have = [], {(m.start, m.end) for m in found}
        for anchor in found:
            start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, anchor.start)), default=0)
            end = next((m.start() for m in _SENTENCE_END.finditer(text, anchor.end)), len(text))
            cuts = [
                m.span() for m in _SEPARATOR.finditer(text, start, end) if not _overlaps(*m.span(), have)
            ]  # "Crouching Tiger, Hidden Dragon" is one item
            bounds = [start, *(x for cut in cuts for x in cut), end]
            parts = list(zip(bounds[::2], bounds[1::2], strict=True))
            if len(parts) < 3:
                continue
            items = []
            for k, (a, b) in enumerate(parts):
                first, last = k == 0, k == len(parts) - 1
                item = next((m for m in found if self._is_part(text, m, a, b, first, last)), None)
                item = item or self._list_part(text, a, b, first, last)
                if item is None:
                    break
                items.append(item)
            else:
                out += [m for m in items if (m.start, m.end) not in have and m not in out]
        return out

    @staticmethod
    def _is_part(text: str, m: TitleMatch, a: int, b: int, first: bool, last: bool) -> bool:
        """Whether the title found at m is the list item text[a:b] (`_list_part`'s edges allowed)."""
        if not (a <= m.start and m.end <= b):
            return False
        starts, ends = not text[a : m.start].strip(), not text[m.end : b].strip(" \t\"'”’)")
        return (starts or first) and (ends or last)

    def _list_part(self, text: str, a: int, b: int, first: bool, last: bool) -> TitleMatch | None:
        """The title that is the list item text[a:b], all of it; but the first item may end with a
        title, the last begin with one. A title not found must have a word that is no everyday word."""
        words = [(m.start() + a, m.end() + a, normalize(m.group())) for m in _WORD.finditer(text[a:b])]
        spans = [(0, len(words))]
        if first:
            spans += [(i, len(words)) for i in range(max(1, len(words) - _EDGE_WORDS), len(words))]
        if last:
            spans += [(0, n) for n in range(min(_EDGE_WORDS, len(words) - 1), 0, -1)]
        for i, j in spans:
            hit = self._listed_title(" ".join(w for _, _, w in words[i:j]))
            if hit and any(w not in _COMMON for _, _, w in words[i:j]):
                return TitleMatch(*hit, words[i][0], words[j - 1][1])
        return None

    def _list_item(self, m: re.Match) -> tuple[str, str] | None:
        return self._listed_title(normalize(m["item"]))

    def _listed_title(self, key: str) -> tuple[str, str] | None:
        """(item_id, catalog title) of a list item's key; no pronoun ("it", "those") is a title there."""
        hits = self._index.get(key) if key not in _NOT_LISTED else None
        return (hits[0][2], hits[0][3]) if hits else None

    def _numbered(self, text: str, found: list[TitleMatch]) -> list[TitleMatch]:
        """The sequels numbered after a title ("the conjuring 1 and 2", "toy story 1, 2 and 3"), and the
        first film named before its sequel ("rec y rec 2")."""
        out = []
        have = {m.item_id for m in found}
        for m in found:
            key = normalize(m.title)
            base = _NUMBERED.sub("", key)
            first = self._index.get(base) if base != key else None
            said_first = r"(?<!\w)\W?(?P<base>" + r"\W+".join(base.split()) + r")\W?" + _AND + "$"
            before = re.search(said_first, text[: m.start], re.IGNORECASE) if first else None
            if first and before and first[0][2] not in have:
                out.append(TitleMatch(first[0][2], first[0][3], before.start("base"), before.end("base")))
                have.add(first[0][2])
            if not (run := _NUMBERS_AFTER.match(text, m.end)):
                continue
            for number in re.findall(r"[2-6]", run[0]):
                hits = self._index.get(f"{key} {number}")  # "Toy Story 2"; else "Men in Black II"
                sequel = (hits[0][2], hits[0][3]) if hits else self._sequels.get((key, int(number)))
                if sequel and sequel[0] not in have:
                    out.append(TitleMatch(sequel[0], sequel[1], run.start(), run.end()))
                    have.add(sequel[0])
        return out

    def _of_series(self, text: str, words: list, found: list[TitleMatch]) -> list[TitleMatch]:
        """The films of a series named as a whole ("all the harry potter films") or by place ("the
        first harry potter"), each as a match over the series' name; none for a series named plainly."""
        out, have = [], {m.item_id for m in found}
        i = 0
        while i < len(words):
            for n in range(min(MAX_WORDS, len(words) - i), 0, -1):
                key = " ".join(w for _, _, w in words[i : i + n])
                members = self._series.get(key)
                if not members and key.endswith("s"):  # "all the harry potters"; not "no aliens"
                    members = self._series.get(key[:-1])
                if not members:
                    continue
                start, end = words[i][0], words[i + n - 1][1]
                # not inside a longer title ("Harry Potter and the Goblet of Fire"), not "one of the"
                inside = any(m.start <= start and end <= m.end and (m.start, m.end) != (start, end) for m in found)
                if inside or _SOME_OF.search(text[:start]):
                    continue
                before, after = text[:start], text[end:]
                if _FIRST_BEFORE.search(before):
                    chosen = members[:1]
                elif _LAST_BEFORE.search(before):
                    chosen = [m for m in members if m[0] != 9999][-1:]
                elif _ALL_BEFORE.search(before) or _ALL_AFTER.match(after):
                    chosen = members
                elif not any((m.start, m.end) == (start, end) for m in found) and _said_as_film(text, start, end):
                    # a series' name that is no title: "seen lord of the rings" (its films); "how long is
                    # lord of the rings" (asked of one: the first)
                    chosen = members if _said_as_film(text, start, end, False) else members[:1]
                else:
                    continue
                out += [TitleMatch(item_id, title, start, end) for _, item_id, title in chosen if item_id not in have]
                have |= {item_id for _, item_id, _ in chosen}
                i += n - 1
                break
            i += 1
        return out

    def _misspelt(self, text: str, words: list, taken: set[int]) -> list[TitleMatch]:
        """Titles written with a typo: around each word that is in no title and no everyday
        vocabulary (nor a plural of one), the span of up to five words nearest a title. A one-word
        title must be written like one (a capital), or be long: a typo of an everyday word is too
        often one letter from a short title."""
        found = []
        for i, (_, _, word) in enumerate(words):
            known = word in self._vocabulary or word.removesuffix("s") in self._vocabulary
            if i in taken or (known and word not in self._title_words) or word.isdigit() or len(word) < 4:
                continue  # "interstelar" is in no title; "forest gump" has a word only a title has
            if word in _DECADE_WORDS:
                continue  # "the fifties" is no typo of *The Dirties*
            best = None
            for j in range(max(0, i - _FUZZY_SPAN), i + 1):
                for k in range(i, min(len(words), j + _FUZZY_SPAN + 1)):
                    if any(n in taken for n in range(j, k + 1)):
                        continue
                    typed = " ".join(w for _, _, w in words[j : k + 1])
                    key = self._near(typed)
                    if key is not None and (key == typed or not _typo_of(typed, key)):
                        continue  # a title as written is the exact pass's to judge ("weather in paris")
                    if key is not None and known and not _kept_around(word, typed, key):
                        continue  # "the weather" is no typo of The Watcher, nor "be lovely" of De-Lovely
                    single = key is not None and " " not in key
                    said = single and _said_as_film(text, words[j][0], words[k][1], loosely=False)  # "loved titantic"
                    if single and not (text[words[j][0]].isupper() or len(key) >= 9 or said):
                        continue
                    if key is not None and (best is None or k - j > best[1] - best[0]):
                        best = (j, k, key)
            if best is not None:
                j, k, key = best
                _, _, item_id, title = self._index[key][0]
                found.append(TitleMatch(item_id, title, words[j][0], words[k][1]))
                taken.update(range(j, k + 1))
        return found

    def _longest(
        self, text: str, words: list, i: int, shown: frozenset[str] = frozenset()
    ) -> tuple[str, str, int] | None:
        """(item id, catalog title, word count) of the longest plausible title starting at word i."""
        for n in range(min(MAX_WORDS, len(words) - i), 0, -1):
            span = words[i : i + n]
            key = " ".join(w for _, _, w in span)
            hits = self._index.get(key)
            if not hits and n > 1 and text[span[-1][1] - 2 : span[-1][1]] in ("'s", "’s"):
                hits = self._index.get(key[:-1])  # "die hard's a given": the title, then "is"
            on_screen = hits and hits[0][3] in shown and text[span[0][0]].isupper()
            on_screen = on_screen and any(w not in _COMMON for _, _, w in span)  # "It was great!" is no *It*
            if hits and (on_screen or self._plausible(text, span, alias=hits[0][0])):
                return hits[0][2], hits[0][3], n
        return None

    def _capitalized_part(self, text: str, words: list, i: int) -> tuple[str, str, int] | None:
        """(item id, catalog title, word count) of a title's first words or subtitle (`_part_names`),
        two words or more, each capitalized as a title is written: "Love: Eternal Sunshine, Her" names
        *Eternal Sunshine of the Spotless Mind*, not the *Sunshine* inside it. Shouted words are no
        title ("NOTHING WITH SPIDERS")."""
        for n in range(min(MAX_WORDS, len(words) - i), 1, -1):
            span = words[i : i + n]
            capitalized = all(text[a].isupper() and not text[a:b].isupper() for a, b, _ in span if b - a > 1)
            if capitalized and text[span[0][0]].isupper() and (hit := self._parts.get(" ".join(w for *_, w in span))):
                return *hit, n
        return None

    def _first_name(self, text: str, words: list, i: int) -> bool:
        """Whether the one-word title at word i is a first name: a capitalized word follows that is
        no everyday word, day or month, and starts no title ("Adam Sandler", "Emma Watson"; not
        "Gladiator Apollo 13", a list written without commas)."""
        name = _NAME_GOES_ON.match(text, words[i][1])
        return bool(name) and name[1].lower() not in _NOT_SURNAMES and self._longest(text, words, i + 1) is None

    def _plausible(self, text: str, span: list[tuple[int, int, str]], alias: bool = False) -> bool:
        """Reject everyday words: a one-word or all-common title must be written like a title, or
        come right after a verb of watching or liking ("seen inception", "loved titanic") or right
        before "seen" ("platoon already seen")."""
        start, end, original = span[0][0], span[-1][1], text[span[0][0] : span[-1][1]]
        # in a message in capitals, a capital proves nothing of everyday words: "THE LITTLE ONE CRIES";
        # nor does one everyday word in capitals in a message that is not: "but NOTHING with spiders"
        emphasis = len(span) == 1 and len(original) > 1 and original.isupper()
        lower = not original[0].isupper() or ((_shouted(text) or emphasis) and all(w in _COMMON for _, _, w in span))
        if lower and _IMPERATIVE.fullmatch(original):
            return False  # "ok show me something good" asks; it names no film *Show Me*
        if len(span) == 1 and _NATIONALITY.match(span[0][2]) and _KIND_AFTER.match(text, end):
            return False  # "a Mexican horror movie"
        if len(span) == 1 and span[0][2] in _DATES and _WHEN_BEFORE.search(text, 0, start):
            return False  # "horror night with friends this Friday!" names no film *Friday*
        if lower and len(span) == 1 and span[0][2] in _PLEAS:
            return _said_as_film(text, start, end, loosely=False)  # "help??" asks for help, not of *The Help*
        as_film = _said_as_film(text, start, end)
        as_film = as_film or (
            _FAVOURITE_IS.search(text, 0, start) and _TITLE_ENDS.match(text, end)
        )  # "mine is casablanca"
        a_kind = _A_KIND_BEFORE.search(text, 0, start) or (alias and span[0][2] in ("a", "an"))
        if lower and span[-1][2] in _KIND_NOUNS and a_kind:
            return False  # "a superhero movie", "a space adventure": a kind of film, not *Superhero Movie*
        if len(span) > 1 and any(w not in _COMMON for _, _, w in span):
            phrase = " ".join(w for _, _, w in span)
            everyday = len(span) == 2 and span[0][2] in ("the", "a", "an") and span[1][2] in self._frequent
            # at a sentence start only a capital on every word proves a title: "Hi! Date night mit …" names none
            first = not text[:start].strip() or text[:start].rstrip()[-1] in ".!?:;"
            titled = all(text[a].isupper() for a, _, _ in span)
            if (lower and everyday) or ((lower or (first and not titled)) and phrase in _EVERYDAY_PHRASES):
                return _said_as_film(text, start, end, loosely=False)
            return True  # "the matrix", "star wars": distinctive enough in any case
        if quoted(text, start, end):
            return True  # written in quotes, the whole quote being the title
        if lower:
            rare = all(w not in _COMMON and len(w) > 3 for _, _, w in span)
            like = _LIKE_BEFORE.search(text, 0, start) and _TITLE_ENDS.match(text, end)
            return rare and bool(as_film or (like and not any(w in self._frequent for _, _, w in span)))
        before = text[:start].rstrip()
        # A capital at a sentence start proves nothing: only a distinctive word counts there. After a
        # comma an everyday word is often capitalized too ("Yes I have, It was good").
        everyday = all(w in _COMMON for _, _, w in span)
        line_start = "\n" in text[len(before) : start]
        sentence_start = not before or before[-1] in ".!?:;" or line_start or (before[-1] == "," and everyday)
        return not sentence_start or any(w not in _COMMON and len(w) > 3 for _, _, w in span)
