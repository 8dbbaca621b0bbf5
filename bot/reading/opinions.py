"""Titles and what a message says of them, clause by clause: liked, disliked, taken back ("I never
said I liked it"), seen ("seen Heat already", which also counts as liked: seekers who say so mostly
liked the film, by ReDial's labels), or only mentioned (not seen, hedged, compared). "It" and "that one" speak of the
one or two titles just named.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from bot.reading.intents import card_places
from bot.reading.language import (
    ELSE,
    LITOTES,
    LUKEWARM,
    NO_THANKS,
    NOT_WORD,
    PRAISE,
    REFERABLE,
    UNLOVED,
    UNSEEN,
    Clause,
    in_title,
)
from bot.reading.wishes import GENRE_WORDS
from retrieval.titles import TitleIndex, normalize

# "not as good as Heat": the titles after it are the standard, liked; the one compared gets no opinion.
_COMPARED = re.compile(
    NOT_WORD + r"(?:quite\s+|nearly\s+)?(?:as|so)\s+(?:good|great|funny|fun|exciting|much)\s+as\b", re.IGNORECASE
)
# A hedge is no opinion: "I'm not sure if I've seen Domino", "I don't know if I'd like Heat".
_HEDGE = re.compile(r"\b(?:(?:do ?n'?t|do not) know|not sure) (?:if|whether)\b", re.IGNORECASE)
# "I liked it better than Heat": the titles after it are the lesser ones, and the praise is not theirs.
# After "better than" they are disliked: so the seekers labelled them on the train split.
_BETTER = re.compile(r"\b(?:better|more) than\b", re.IGNORECASE)
# "I don't like Nolan", "not a fan of Adam Sandler": the object of a like/dislike verb, as written.
_NAMED = re.compile(
    r"\b(?:like[sd]?|love[sd]?|adore[sd]?|enjoy(?:ed|s)?|hate[sd]?|dislike[sd]?|fan of|stand)\s+"
    r"((?:[A-Z][\w'.-]+)(?:\s+[A-Z][\w'.-]*){0,3})"  # a name of two letters at least: not the "E" of "E.T."
)
# "I've seen Heat but not Titanic": a clause of only a negation and titles, after one that says what
# was seen, leaves out that verb; it says Titanic was not seen, not that it is disliked.
_ONLY_NOT = re.compile(r"\s*(?:not|never|(?:have|has)n'?t)(?:\s+(?:yet|either))?\s*", re.IGNORECASE)
_SAW = re.compile(r"\b(?:seen|saw|watched)\b", re.IGNORECASE)
# Saying a title was seen: "seen Heat", "we already watched it", "Heat I've seen". Not a question to
# FlexRec ("have you seen Heat?"), whose answer is not the person's.
_SEEN = re.compile(
    r"\b(?:seen|saw|watched|re-?watched|already|made (?:me|us) watch|done (?:those|them|that|it|both)(?! with)"
    r"|(?:we|i)(?:'?ve| have)? (?:did|done)(?! (?:with|it|that|this)\b))\b",  # "we did paddington at christmas"
    re.IGNORECASE,
)
# Seen again and again, so not to be shown: "Home Alone we watch every single year, so skip that one"
# skips it for having seen it, not for disliking it.
_REWATCHED = re.compile(
    r"\b(?:watch|watched|see|seen)\b[^.!?]{0,20}?\b(?:every (?:single )?(?:year|christmas|holiday|time|weekend)"
    r"|all the time|(?:a )?(?:million|hundred|thousand|dozen|gazillion) times|\d+ times)\b",
    re.IGNORECASE,
)
_SKIPPED = re.compile(
    r"^\W*(?:so\W+)?(?:(?:we|i|you) can |let'?s |please |just )?skip (?:it|that|this)(?: one)?\W*$", re.IGNORECASE
)
_ASKS_US = re.compile(r"\b(?:have|did|had) you\b", re.IGNORECASE)
# A clause of titles alone goes on with the last one's verb: "I have seen Casablanca, and 12 Angry Men."
_ONLY_TITLES = re.compile(r"[\W_]*(?:(?:and|or|also|too|as well)\b[\W_]*)*", re.IGNORECASE)
# Taking back what the profile holds: "I never said I liked Twilight", "take Heat off my likes".
_RETRACT = re.compile(
    r"\b(?:never|didn'?t|did not|don'?t remember) (?:say|said|saying) (?:that )?(?:i|we) (?:\w+ )?"
    r"(?:liked?|loved?|enjoyed|enjoy|disliked?|hated?)\b|\b(?:remove|take|delete|drop)\b.*\b(?:from|off|out of) my\b",
    re.IGNORECASE,
)
# A clause that names no title but scorns "it" speaks of the titles just named; so does a clause
# that is only a verdict ("Titanic destroyed me, never again").
_BACK = re.compile(r"\b(?:it|that|this|they|them|those|which)\b", re.IGNORECASE)  # "... and Mamma Mia! which i hated"
_ALL_OF_THEM = re.compile(r"\b(?:both|all (?:of them|three|four))\b", re.IGNORECASE)
# A clause that is a verdict alone, after the titles it judges: "seen Zombieland and Heat. boring",
# "I tried Heat but gave up halfway", "Inception? eh, didn't get the hype", "Titanic... not for me",
# "seen the conjuring n saw, both mid tbh", "saving private ryan too. overrated if you ask me",
# "i loved finding nemo. alien, not so much".
_VERDICT = re.compile(
    r"\W*(?:(?:eh|honestly|tbh|just|i|we|really|kinda|both|(?:it )?was)\W+)*"
    r"(?:never again|(?:so |really |pretty |super |kinda |way )?(?:boring|awful|terrible|overrated|dull|dumb|stupid"
    r"|lame|cringe|trash|garbage|mid|disappointing|forgettable|pointless)|meh|ugh|hard pass|yawn|snooze ?fest"
    r"|not (?:really )?(?:for (?:me|us)|my thing|my cup of tea)|not so much|not (?:really )?a fan"
    r"|gave up(?: on it)?(?: (?:halfway|partway|after (?:\w+ )?(?:minutes|mins|an hour|\w+ hour)))?(?: through)?"
    r"|(?:did|do|could)(?: not|n'?t) (?:get|see|understand) the hype|not worth the hype"
    r"|(?:could|did)(?: not|n'?t) (?:even )?(?:finish|get through|sit through)(?: it)?"
    r"|fell asleep(?: halfway)?(?: through)?|walked out|turned it off|waste of time)"
    r"(?:\W+(?:tbh|honestly|lol|though|tho|imo|imho|if you ask me|in my opinion))*\W*",
    re.IGNORECASE,
)
# A verdict with its subject dropped, after a clause that named titles: "seen Apocalypse Now, was too long
# and confusing for me", "saw both, were way too slow".
_DROPPED_IT = re.compile(r"\W*(?:(?:but|and|though|tho|honestly|tbh|i mean)\W+)*(?:was|were)\b", re.IGNORECASE)
# Titles given as examples of the kind the clause before spoke of, and judged with it: "so sick of found
# footage stuff, the paranormal activity type", "no more superhero movies, marvel kind of stuff"
_EXAMPLES = re.compile(
    r"\W*(?:(?:the|that|this|those|like)\W+)*(?:type|kind|sort|style)(?: of (?:thing|stuff|films?|movies?))?\W*",
    re.IGNORECASE,
)
# A refusal of the title just named in this message, not of the cards: "Titanic? nope" (alone, "nope"
# answers "have you seen it?" as often as it scorns).
_REFUSED = re.compile(r"\W*(?:nope|nah|no way|pass)\W*", re.IGNORECASE)


class Opinions:
    """The liked and disliked titles (and people: "I don't like Nolan") of one message, read clause
    by clause in order. `shown`: the titles the message replies to, which "it" refers to until it
    names one itself ("That's a little old for my taste. I loved Heat")."""

    def __init__(self, titles: TitleIndex, shown: Sequence[str] = ()):
        self.titles = titles
        self.liked: list[str] = []
        self.disliked: list[str] = []
        self.retracted: list[str] = []  # titles taken back: neither liked nor disliked now
        self.seen: list[str] = []  # titles said to be seen (liked as well, unless disliked)
        self._seeing = False  # whether the last clause said what was seen
        self._previous = ""  # the last clause
        self._refused = False  # whether the last clause ruled something out
        self._named = False  # whether the last clause named titles
        self._rewatched = False  # whether the last clause said its titles are watched again and again
        self._shown = list(shown)
        self._said_of = list(shown) if len(shown) <= REFERABLE else []  # what "it" can refer back to

    def compared(self, clause: Clause) -> bool:
        """A comparison ("not as good as Heat") likes the standard and says nothing else."""
        c = _COMPARED.search(clause.text)
        if c and any(m.start >= c.end() for m in clause.titles):
            self.liked.extend(m.title for m in clause.titles if m.start >= c.end())
            return True
        return False

    def read(self, clause: Clause) -> None:
        text, matches, bare, scorn, negative = clause.text, clause.titles, clause.bare, clause.scorn, clause.negative
        if matches and _RETRACT.search(text):
            self.retracted.extend(m.title for m in matches)
            self._said_of = [m.title for m in matches][:REFERABLE]  # "I never said I liked Heat, I hate it"
            self._previous, self._named = text, False
            return
        liked, disliked = self.liked, self.disliked
        if matches and self._refused and _EXAMPLES.fullmatch(bare):  # "sick of X stuff, the Y type"
            scorn = negative = True
        # a hedge, or "better than" (not "can't get better than", which is praise), leaves the titles after
        # it unjudged; praise idioms are blanked, not skipped: "Heat is not bad and better than Titanic"
        lesser = _BETTER.search(LITOTES.sub(lambda m: " " * len(m[0]), text))
        cut = min((m.start() for m in (_HEDGE.search(text), lesser) if m), default=len(text))
        found = [m.title for m in matches if m.end <= cut]
        named = [  # people ("I don't like Nolan"), not the start of a title ("I love Mr. Holland's Opus")
            n[1]  # nor a kind of film written as a name ("I like Comedy": the wishes read it)
            for n in _NAMED.finditer(text[:cut])
            if not self.titles.find(n[1])
            and not in_title(matches, n.start(1), n.end(1))
            and normalize(n[1]) not in GENRE_WORDS
            and normalize(n[1]) not in ENGLISH_STOP_WORDS  # "not like TOO scary": a word stressed, no name
        ]
        # not having seen it is no opinion, without a reason to dislike
        unseen = UNSEEN.search(bare) or (matches and _ONLY_NOT.fullmatch(bare) and _SAW.search(self._previous))
        if not scorn and negative and (w := clause.only_without()):
            liked.extend(t.title for t in matches if t.end <= w.start() and t.title in found)  # "Heat without ..."
            found = [t.title for t in matches if t.start >= w.end() and t.title in found]
            named = [n for n in named if text.find(n) >= w.end()]
        lukewarm = (not negative and LUKEWARM.search(bare) and not PRAISE.search(bare)) or UNLOVED.search(bare)
        if lukewarm:  # "Heat was ok", "didn't love Heat": seen, not liked
            self.seen.extend(t for t in found if t not in self.seen)
        elif scorn or not unseen:
            (disliked if negative else liked).extend(found + named)
        said_seen = _SEEN.search(bare) and not _ASKS_US.search(bare)
        self._seeing = bool(found and not unseen and (said_seen or (self._seeing and _ONLY_TITLES.fullmatch(bare))))
        if self._seeing:
            self.seen.extend(found)
        elif said_seen and not matches and not unseen and (_BACK.search(bare) or _ALL_OF_THEM.search(bare)):
            # "Heat and Alien, seen them", "superbad and the hangover are out, seen both"
            self.seen.extend(t for t in self._said_of if t not in self.seen)
        worse = lesser and lesser[0].lower().startswith("better") and not _HEDGE.search(text, 0, lesser.start())
        if worse and not negative:  # "way better than Titanic"
            disliked.extend(m.title for m in matches if m.start >= lesser.end())
        said_of = self._said_of
        back = _BACK.search(bare) or NO_THANKS.search(bare) or _VERDICT.fullmatch(bare)
        back = back or (self._named and _DROPPED_IT.match(bare))
        refused = not matches and self._named and _REFUSED.fullmatch(bare)
        if self._rewatched and not matches and _SKIPPED.match(bare):  # "we watch it every year, so skip it"
            self.seen.extend(t for t in said_of if t not in self.seen)
        elif (scorn and not matches and back) or refused:  # "...but it was corny", "Titanic? nope"
            self.liked = liked = [t for t in liked if t not in said_of]
            disliked.extend(t for t in said_of if t not in disliked)
        elif lukewarm and not matches:
            self.liked = liked = [t for t in liked if t not in said_of]  # "it was fine I guess": seen, no more
            self.seen.extend(t for t in said_of if t not in self.seen)
        elif not negative and not matches and _BACK.search(bare) and PRAISE.search(bare) and not ELSE.search(bare):
            liked.extend(t for t in said_of if t not in liked + disliked)  # "I saw Heat and enjoyed it"
        if matches:
            self._said_of = found if len(found) <= REFERABLE else []
        elif places := card_places(text, len(self._shown)):  # "the first one I know already, it was boring"
            self._said_of = [self._shown[p] for p in places]
        self._named = bool(found)  # whether this clause named the titles a refusal after it turns down
        self._rewatched = bool(found) and bool(_REWATCHED.search(bare))
        self._refused = negative or scorn
        self._previous = text
