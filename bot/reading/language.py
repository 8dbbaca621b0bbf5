"""The words every reader of a message shares: negation, scorn and praise, the idioms that look
like one and are the other, and the message cut into clauses with the catalog titles in each.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from retrieval.titles import TitleIndex, TitleMatch, normalize, quoted

NEGATION = re.compile(
    r"\b(no|zero|not|nothing|never|without|avoid|except|excluding|exclude|anything but|everything but|hate[sd]?|"
    r"dislike[sd]?|don'?t|doesn'?t|didn'?t|(?:can'?t|cannot) (?:stand|do|handle)|(?:couldn'?t|could not) stand"
    r"|annoy(?:ed|ing)"
    r"|isn'?t|wasn'?t|boring|awful|terrible|sick of|tired of|skip|done with|over with"
    r"|rather not|unlike|different (?:from|to|than)|(?:the )?opposite of|less like|stay(?:ing)? away from"
    r"|steer clear of"
    # "something outside crime": a kind left out (not "set outside Paris")
    r"|outside(?: of)?(?= (?:the )?(?:crime|horror|comedy|comedies|drama|action|romance|thrillers?|sci-?fi|animation"
    r"|westerns?|war|fantasy|documentar\w+|musicals?)\b))\b",
    re.IGNORECASE,
)
# "I haven't seen it", "never heard of", "didn't get to see": negated, but not a dislike.
UNSEEN = re.compile(
    r"\b(?:(?:have|has)n'?t|have not|has not|never|not|did ?n'?t|do ?n'?t think (?:i|we|they|he|she)(?:'?ve| have))\s+"
    r"(?:even |yet |ever |really |got to |get to |gotten to |had a chance to |been able to |sat down and ){0,2}"
    r"(?:seen|see|saw|heard|watched|watch|know|knew)\b",
    re.IGNORECASE,
)
# A tag question asks, it does not deny: "That's the same author as Heat, isn't it?"
TAG = re.compile(r",?\s*\b(?:is|was|does|did|are|were|has|have)n'?t\s+(?:it|that|he|she|they|there)\s*\?", re.I)
# A statement with a tag that asks it: "the first one isnt too scary, right?", "Up is animated, isn't it?"
_TAGGED = re.compile(
    r"(?P<lead>^|[.!?]\s+)(?P<subject>[^.!?,]{1,60}?)(?:'s|\s+(?P<verb>is|was|are|were))(?P<neg>n'?t|\s+not)?"
    r"\s+(?P<rest>[^.!?]{1,80}?)\s*,?\s*\b(?:right|correct|(?:is|was|are|were)(?:n'?t)? (?:it|that|they))\s*(?:\?+|$)",
    re.IGNORECASE,
)


def untagged(message: str) -> str:
    """`message` with each statement that a tag asks turned into its question ("the first one isnt too
    scary, right?" → "is the first one not too scary?"), which the rules read as one; else as it is."""

    def ask(m: re.Match) -> str:
        verb = (m["verb"] or "is").lower()
        return f"{m['lead']}{verb} {m['subject'].strip()}{' not' if m['neg'] else ''} {m['rest']}?"

    return _TAGGED.sub(ask, message)


# A negation word in front: "not", "isn't", "ain't".
NOT_WORD = r"\b(?:not|(?:is|was|are|were|ai)n'?t)\s+"
_DULL = r"boring|dull|awful|terrible|horrible|overrated|lame|corny|mediocre|disappointing|a (?:disappointment|letdown)"
# Scorn denied: "not boring at all", "never dull", "anything but boring", "I didn't find it boring"; not
# "not boring like Trolls" (Trolls is the boring one) nor "isn't that boring?"
_DENIED = (
    r"(?:" + NOT_WORD + r"|\bnever\s+|\banything but\s+"
    r"|\b(?:did|do|does)(?:n'?t| not)\s+(?:think|find)\s+(?:\w+\s+){0,3}?)"
    r"(?:(?:that|too|so|at all|even|remotely|really|very)\s+)?(?:" + _DULL + r")\b(?!\s*(?:\?|like\b))"
)
# "isn't bad", "never get tired of", "doesn't get better than": praise, read as "good" before negation is
# looked for.
LITOTES = re.compile(
    NOT_WORD + r"(?:(?:that|too|so|half|all)\s+)?bad\b|\b(?:never|can'?t|cannot)\s+get\s+(?:tired of|sick of|enough of)"
    r"|\b(?:does ?n'?t|does not|can'?t|cannot)\s+(?:get\s+(?:any\s+)?better than|beat)\b"
    r"|\b(?:nothing|no (?:film|movie|one))\s+(?:beats|tops|comes close to|compares to)\b"
    r"|\b(?:nothing|no (?:other )?(?:film|movie|one))\b[^.!?,;]{0,30}?\b(?:will|can|could|would|'ll)\s+(?:ever\s+)?"
    r"(?:beat|top|compare|come close)\b"
    r"|\bnever\s+(?:gets?|got|grows?)\s+old|\bnever\s+(?:disappoints?|fails?)\b"
    r"|" + _DENIED + r"|\b(?:do|does|did)(?:n'?t| not)\s+(?:hate|dislike|mind)\b|\bnever a dull moment\b"
    r"|" + NOT_WORD + r"(?:nearly |quite |that |so )?as bad as (?:people|everyone|they|critics|the reviews|(?:i|we) )",
    re.IGNORECASE,
)
# A negation word that denies nothing: "not too long ago", "not to be confused with", "not used to",
# "nothing but comedies" (only comedies), and a wish for a film that is "not too adult" (a bound, not
# a dislike of the titles beside it).
_IDLE_NOT = re.compile(
    r"\bnot (?:too |that |so )?long ago\b|\bnot to be confused with\b|\bnot used to\b|\bnothing but\b"
    r"|\bnot (?:too|overly) (?:adult|mature|serious|sad|dark|heavy|intense|graphic|violent|long|old|new|hard"
    r"|difficult|complicated|confusing)\b"
    # indifference, not refusal: "i dont care how long it is, just something scary", "no matter what year"
    r"|\b(?:do|does|did)(?:n'?t| not) (?:really |even )?care (?:how|what|which|if|whether|when)\b"
    r"|\b(?:no|does ?n'?t|does not) matter (?:how|what|which|when|if)\b",
    re.IGNORECASE,
)


# "nah I'm good", "we're all set": the person is fine, which praises no film
_ME_FINE = re.compile(r"\b(?:i'?m|i am|we're|we are) (?:all )?(?:good|fine|ok|okay|set)\b", re.IGNORECASE)  # not "were"


def idioms(text: str) -> str:
    """Praise idioms read as "good", and negation words that deny nothing and a person's own "I'm
    good" blanked, before negation or praise is looked for ("not bad", "not too long ago")."""
    return LITOTES.sub(" good ", _IDLE_NOT.sub(" ", _ME_FINE.sub(" ", text)))


# Lukewarm, of what was just named: "Shutter Island I've seen, it was fine I guess". Seen, not liked.
LUKEWARM = re.compile(
    r"\b(?:(?:it|that|they)(?:'s| was| is| were)|(?:was|is)) (?:just )?(?:fine|ok|okay|alright|all right|decent"
    r"|so-so|watchable)\b(?! (?:for|with) )|\bfine i guess\b|\bbeen there,? done that\b",
    re.IGNORECASE,
)
# Love denied, no scorn: "memento I've actually seen, didn't love it tbh". Lukewarm too.
UNLOVED = re.compile(r"\b(?:did|do|does)(?: not|n'?t) (?:really |exactly |totally )?love\b", re.IGNORECASE)
# Having watched: "seen the first", "we watched it"
SEEN_WORD = re.compile(r"\b(?:seen|watched|re-?watched|saw)\b", re.IGNORECASE)
# "Titanic? No thanks": a refusal of what was just named, no pronoun needed
NO_THANKS = re.compile(r"\bno,? thanks?\b|\bno thank you\b", re.IGNORECASE)
SCORN = re.compile(
    r"\b(?:hate[sd]?|boring|awful|terrible|overrated|dis+ap+oint\w*|let down|corny|lame|dull|mediocre|cringe|cringey|"
    r"cringy|"
    # "mid" as a verdict (slang for mediocre): "mid tbh", "was mid"; not "the mid 90s", "mid-century"
    r"mid(?=\s*(?:$|[.,!?;:)]|tbh|ngl|imo|honestly|af|lol|at best|fr\b|\W*[\U0001F300-\U0001FAFF]))|"
    r"not (?:really |that |very )?(?:for me|my thing|my type|my cup of tea|interested|into)|meh|"
    r"not so much(?=\s*(?:$|[.,!?;:)]|tbh|honestly|though|tho|lol))|"  # "cars not so much", not "not so much fun"
    r"(?:not|n'?t) (?:really |that |very |too )?big on|"
    r"(?:not|(?:am|is|was|are)n'?t) (?:really |actually |much of )?an? (?:\w+ ){0,2}?fan|"
    r"(?:do|does|did)(?: not|n'?t) (?:really )?(?:like|enjoy|care for)|"
    r"(?:did|does)(?: not|n'?t) (?:really )?(?:enthuse|impress|excite|grab|do (?:much|anything) for) (?:me|us)|"
    r"don'?t think (?:i|we)(?:'d| would) like|"
    r"could ?n'?t get into|never (?:got|get|could get) into|wasn'?t (?:good|great)|"
    r"(?:do ?n'?t|do not) know about (?:that|this|it|those|them)\b(?! (?:one )?yet)|"
    r"(?:not|(?:is|was)n'?t) (?:really |very |that |even )?funny|never cared (?:to|for)|"
    r"(?:not|(?:is|was)n'?t) (?:that|very|really|so|too) good|(?:probably|likely) won'?t|"
    r"(?:heard|hear|got|get|had|read) (?:some |really |pretty )?(?:bad|terrible|awful|poor|horrible) "
    r"(?:reviews|things)|"
    r"(?:i'?ll|i will|going to|gonna|i'?d|i would|have to|will) pass|pass on (?:it|that|this|those|them)|"
    r"skip (?:it|that|this|those|them)\b(?! (?:kind|sort|type|genre))|"  # "ok lets skip that one then"
    r"(?:do ?n'?t|do not) (?:really )?want to(?: (?:see|watch) (?:it|that|this|them|those)(?: ones?)?)?"
    r"(?=\s*(?:[.!,]|$))|"
    r"(?<!not )(?:too|a (?:little|bit)(?: too)?) (?:much )?\w+ for (?:my tastes?|me|us)|"
    r"(?:was|is|were|are) (?:the|one of the) worst\b|the worst (?:movies?|films?)\b|ruined\b|traumati[sz]ed|"
    r"never again|bored (?:me|us)\b|put (?:me|us) to sleep|(?:completely |totally |kinda )?lost (?:me|us)\b(?! in)|"
    # what a film did to the person or their children: "creeps me out", "gave my kids nightmares"
    r"(?:creep|freak)(?:s|ed)? (?:me|us|them|him|her) out|"
    r"gave (?:me|us|them|him|her|my (?:\w+ )?\w+|the kids) nightmares|"
    r"found (?:it|that|them|those) (?:\w+ )?(?:silly|childish|boring|dull|slow|annoying|confusing|pretentious)|"
    r"(?:give|gave|rate|rated|score)\b[^.!?]{0,40}?\b[0-4](?:\.5)?\s*(?:/|out of)\s*10\b|\b[0-4](?:\.5)?/10\b|"
    rf"{NO_THANKS.pattern}|"
    r"(?<!been )too (?:slow|long|violent|scary|gory|confusing|weird|depressing|sappy)|"  # not "it's been too long!"
    r"(?:was|pretty|kinda|kind of|really|very|so) slow(?![- ]burn)|"  # "pretty slow", not "a slow burn"
    r"(?:did|do|does|could)(?: not|n'?t) (?:get|see|understand) (?:the|all the|what the) hype|not worth the hype|"
    # scorn as people type it: "was dumb", "sucked", "a waste of time", "couldn't finish it", "fell asleep
    # during", "a snoozefest" (not "dumb fun", "stupid funny", "it sucked me in")
    r"dumb(?! fun| comed)|stupid(?! fun| comed)|idiotic|suck(?:s|ed)?(?! (?:me|us|you) in)|trash|garbage|rubbish|"
    r"(?:was|is|so|pretty|really|very|kinda|kind of|quite|just|too) bad|"
    r"(?:was|is|were|are|so|pretty|kinda|lowkey|both) mid(?![- ]?\d)|"
    r"snooze ?fest|yawn|letdown|forgettable|predictable|cheesy|painful|pointless|a (?:hot |total |complete )?mess|"
    r"waste of (?:time|money|\d)|regret(?:ted)? (?:watching|seeing|it\b)|"
    # "rewatched The Notebook twice which was a mistake lol", "saw Cats, big mistake"
    r"(?:which|that|it) was (?:a|such a) (?:\w+ )?mistake|(?:big|huge|total|massive) mistake|"
    r"(?:could ?n'?t|did ?n'?t|could not|did not|never) (?:even )?(?:finish|get through|sit through)|"
    r"walked out|(?:fell|fall|falling) asleep (?:during|in|watching)|turned (?:it|that) off|"
    # "I sat through it twice and wanted to die", "my daughter still hasn't recovered from marley and me"
    r"want(?:ed)? to die|(?:has|have|had)(?: not|n'?t) (?:yet |fully |really )?recovered from|never recovered from|"
    r"gave up (?:on|halfway|partway|after)|"
    r"hard pass)\b",  # not "nope" alone: "nope, haven't seen it" answers "have you seen it?"
    re.IGNORECASE,
)
# A yes/no question: "Is it boring?", "Was Heat too violent?", "..., but is it scary?" (not across a comma:
# "Heat was ok but it was boring, anything else?")
_ASKED = re.compile(
    r"(?:^|[.!?;,]|\b(?:and|but|so)\b)\s*(?:is|was|are|were|does|did|will|would)\s[^.!?;,]*\?", re.IGNORECASE
)


# "never, ever show me horror": one negation, not a clause of its own.
_EMPHATIC = re.compile(r"\b(?:never|not|no),\s*(?:ever|never)\b", re.IGNORECASE)


def straight(text: str) -> str:
    """Typographic apostrophes as plain ones ("didn’t") and the comma of "never, ever" as a space, one
    character for one, and scorn asked about
    blanked ("Is it boring?" says nothing yet; "is it any good?" stays, as the seekers' own labels
    read it): title spans stay put."""
    text = _EMPHATIC.sub(lambda m: m[0].replace(",", " "), text.replace("’", "'").replace("‘", "'"))
    return _ASKED.sub(lambda q: SCORN.sub(lambda w: " " * len(w[0]), q[0]), text)


# Praise that names no title, said of what it answers: "loved that one", "sounds great, I'll watch
# it", "I saw Heat and enjoyed it"; not a wish ("good night", "have a nice weekend").
PRAISE = re.compile(
    r"\b(?:lov(?:e|ed) (?:it|that|those|them|both)|liked|like (?:it|that|those|them|both)|enjoyed|"
    r"(?:great|good|awesome|amazing|nice|cool|sweet|lovely)(?! (?:night|morning|evening|afternoon|day|weekend|luck)\b)|"
    r"perfect|excellent|fantastic|brilliant|favou?rites?|"
    r"sounds? (?:fun|interesting)|"
    r"check (?:it|that|them|those|both)(?: of them)? out|"
    r"(?:will|i'?ll|gonna|going to) (?:definitely |probably |surely )?(?:watch|see|check|try)|"
    r"(?:to|on) (?:my|the|our) (?:watch ?)?list|enjoy|funny|hilarious|rewatch|"
    r"better than (?:i|we) (?:thought|expected)|"
    r"give (?:it|that|them|those|both)(?: one)? a (?:try|shot|go|look|watch)|"
    r"look (?:for|into|up|at) (?:it|that|them|those|both)|look (?:it|that|them|those|both)(?: one)? up|"
    r"looking forward to|"
    r"(?:(?:want|wanting|meaning|have|need|got) to|must|gotta) (?:see|watch))\b",
    re.IGNORECASE,
)
# Asking for something else is no praise of what was shown.
ELSE = re.compile(r"\b(?:something|anything|what) else\b|\b(?:other|another|different)\b", re.IGNORECASE)
# "It", "that one", "loved it": said of one or two titles; of more, which one? (unless "all", "both")
REFERABLE = 2

# Where a clause ends; a point between digits does not ("at least 2.5 hours"). "anything but",
# "nothing but" are no clause break: "anything but comedy" refuses comedy. "And"
# before a new opinion is one: "I loved Heat and I hate musicals" (over the 27,350 ReDial train
# seeker messages this break changes no reading of titles or genres).
_CLAUSE_BREAK = re.compile(
    r"(?:\.(?!\d)|(?<!\d)\.|[;!?\n])+|,|(?<!anything )(?<!nothing )(?<!everything )\bbut\b"
    r"|\b(?:however|though|although|whereas|yet|as long as)\b"
    r"|\band(?=\s+(?:i|we)(?:'m| am| really| also| just| do| totally)*\s+(?:hate[sd]?|dislike[sd]?|can'?t stand"
    r"|don'?t (?:really )?like|do not like|love[sd]?|like[sd]?|enjoy(?:ed)?|adore[sd]?|prefer)\b)"
    # a refusal joined on: "animated pls and nothing too scary" wants animation, refuses horror
    r"|\band(?=\s+(?:nothing|no|not|never)\b)",
    re.IGNORECASE,
)
# "Moana without the kids", "something like Heat without the violence": only what follows is ruled out.
WITHOUT = re.compile(r"\bwithout\b", re.IGNORECASE)
# A wish after what happened, in one clause: "my dog died on monday and i just want to curl up with ...".
_STORY_THEN_WISH = re.compile(
    r"(?<=\w)\W+(?:and|so|but|now)\s+(?:i|we)(?:'m| am|'re| are)?\s+(?:just\s+|really\s+|only\s+)?"
    r"(?:want|wanna|need|would like|'d like|feel like|in the mood for)\b",
    re.IGNORECASE,
)


def in_title(matches: tuple[TitleMatch, ...] | list[TitleMatch], start: int, end: int) -> bool:
    """Whether the span start:end overlaps one of the titles found."""
    return any(m.start < end and start < m.end for m in matches)


@dataclass(frozen=True)
class Clause:
    """One clause of a message, its catalog titles (spans within it), and its tone as read with the
    titles taken out ("No Country for Old Men" is no "no") and praise idioms read as "good" ("not
    bad" is no "not")."""

    text: str
    titles: tuple[TitleMatch, ...]
    bare: str  # the text without its titles, idioms read
    scorn: bool
    negative: bool  # scorn or a negation word

    @classmethod
    def of(cls, text: str, titles: tuple[TitleMatch, ...]) -> Clause:
        bare = text
        for start, end in sorted({(m.start, m.end) for m in titles}, reverse=True):  # a series: one span, many films
            bare = f"{bare[:start]} {bare[end:]}"
        bare = idioms(bare)
        scorn = bool(SCORN.search(bare))
        return cls(text, titles, bare, scorn, scorn or bool(NEGATION.search(bare)))

    def only_without(self) -> re.Match | None:
        """The clause's "without" (outside its titles) when it is the clause's only negation."""
        if NEGATION.search(WITHOUT.sub(" ", self.bare)):
            return None
        return next((w for w in WITHOUT.finditer(self.text) if not in_title(self.titles, w.start(), w.end())), None)

    def wanted(self) -> str:
        """What of the clause the retriever may embed: all of it without a negation word ("no horror"
        must not retrieve horror; "I loved No Country for Old Men" stays), what comes before a lone
        "without" ("something like Heat", not "the violence"), else nothing. A story told before the
        wish is left out: "my dog died on monday and i just want something comforting" must not
        retrieve films of dying."""
        if not NEGATION.search(self.bare):
            told = _STORY_THEN_WISH.search(self.text)
            if told and not any(m.start < told.start() for m in self.titles):
                return self.text[told.start() :].strip()
            return self.text.strip()
        if w := self.only_without():
            return self.text[: w.start()].strip()
        return ""


def _a_kind(text: str, m: TitleMatch, shown: Sequence[str], kinds: frozenset[str]) -> bool:
    return normalize(text[m.start : m.end]) in kinds and m.title not in shown and not quoted(text, m.start, m.end)


def clauses(
    text: str, titles: TitleIndex, shown: Sequence[str] = (), kinds: frozenset[str] = frozenset()
) -> Iterator[Clause]:
    """The text's clauses, each with the titles in it (misspelt ones too; `shown`: the cards on
    screen, named by a capital anywhere). Titles are found in the whole text first and never cut:
    "Mr. Holland's Opus", "Crouching Tiger, Hidden Dragon", and "I like Just Friends, Elf, Game
    Night" (alone at a clause's start, "Elf" would look like any word that starts a sentence).
    A title written as one of `kinds` (a word for a kind of film) is that kind, not the film, unless
    it is on screen or in quotes: "sci-fi, but no Horror" asks for no horror, not about *#Horror*."""
    matches = [m for m in titles.find(text, fuzzy=True, shown=shown) if not _a_kind(text, m, shown, kinds)]
    start = 0
    cuts = [c for c in _CLAUSE_BREAK.finditer(text) if not in_title(matches, c.start(), c.end())]
    for end, resume in [*((c.start(), c.end()) for c in cuts), (len(text), len(text))]:
        if text[start:end].strip():
            inside = [replace(m, start=m.start - start, end=m.end - start) for m in matches if start <= m.start < end]
            yield Clause.of(text[start:end], tuple(inside))
        start = resume
