"""A reply to the cards just shown that names no title, genre, person or period: "loved that one",
"sounds great, I'll watch it", "not for me", "seen them all", "not the first one". It speaks of
what it answers, or of the cards it points to by place.
"""

from __future__ import annotations

import re

from bot.profile import ProfileDelta
from bot.reading.intents import card_places
from bot.reading.language import (
    ELSE,
    LUKEWARM,
    NEGATION,
    PRAISE,
    REFERABLE,
    SCORN,
    SEEN_WORD,
    UNSEEN,
    idioms,
    straight,
)
from retrieval.titles import normalize

# "loved them", "none of those": a reply that means every card it answers
ALL_CARDS = re.compile(r"\b(?:all|both|them|those|these|each)\b", re.IGNORECASE)
# "Have you seen it?" answered without the verb: "no I haven't", "not yet", "I didn't".
_NOT_SEEN_ANSWER = re.compile(
    r"^\W*(?:(?:no|nope|nah)\b\W*)?(?:(?:i|we)\s+)?(?:(?:have|did)(?:n'?t| not)|not yet|never)\b"
    r"(?!\s+(?:like|liked|enjoy))",
    re.IGNORECASE,
)
_ANSWER_NO = re.compile(r"^\W*(?:no|nope|nah)\b", re.IGNORECASE)  # to "have you seen it?"
# "That is another good one!" praises it; "another good one would be great?" asks for more.
_ANOTHER_GOOD = re.compile(
    r"\banother (?:really |very |super )?(?:good|great|awesome|amazing|excellent|fantastic|classic|favou?rite)\b", re.I
)
_ASKS = re.compile(r"\?|\b(?:would|could|can|suggest|recommend|know|need|want|give me|please)\b", re.IGNORECASE)


def reply_delta(message: str, shown: list[str]) -> ProfileDelta:
    """What a reply says of the titles it answers (`shown`): all liked on clear praise without
    negation, all disliked on clear scorn, else nothing. Asking for something else is not praise
    ("another one would be great"), and a reply to more than two titles must say it means them all."""
    message = idioms(straight(message))
    if not shown or (len(shown) > REFERABLE and not ALL_CARDS.search(message)):
        return ProfileDelta()  # "loved it" of four cards: which one? The LLM may tell; the rules don't
    if SCORN.search(message):  # "not a fan of that one, anything else?" still scorns it
        return ProfileDelta(disliked=shown)
    said = UNSEEN.sub(" ", message)  # "No, I haven't seen it, but I'll check it out": no denial of the praise
    said = _NOT_SEEN_ANSWER.sub(" ", said)  # "no I haven't, I'll check it out"
    if said != message:
        said = _ANSWER_NO.sub(" ", said)
    asks_more = ELSE.search(said) and not (_ANOTHER_GOOD.search(said) and not _ASKS.search(said))
    if len(shown) == 1 and SIMILAR.search(said) and not NEGATION.search(said):
        return ProfileDelta(liked=shown)  # "sounds cool. anything similar?" of the one film: more like it
    if PRAISE.search(said) and not NEGATION.search(said) and not asks_more:
        return ProfileDelta(liked=shown)
    return ProfileDelta()


# "Seen them all", "I've watched both", "saw those", "seen em all", "all watched": every card answered, seen.
_SEEN_ALL = re.compile(
    r"\b(?:seen|watched|saw)\s+(?:(?:them|em|those|these|all|both)(?:\s+(?:all|both|already|before))?"
    r"|all (?:of )?(?:them|em|those|these)|every (?:one|single one))\b|^\W*(?:all|both)\s+(?:seen|watched)\b",
    re.IGNORECASE,
)
# "I've seen that one", "saw it already": the one card answered, seen.
_SEEN_IT = re.compile(r"\b(?:seen|watched|saw)\s+(?:it|that(?: one)?|this(?: one)?)\b", re.IGNORECASE)
_REJECT = re.compile(r"^\W*(?:not|no|nope|nah)\b", re.IGNORECASE)  # "not the first one"
_LOVED = re.compile(r"\b(?:lov(?:e|ed)|liked|enjoyed|adored)\b", re.IGNORECASE)
SIMILAR = re.compile(r"\b(?:anything|something|more|one|ones|films?|movies?|stuff) similar\b(?! to\b)", re.I)
_MORE_LIKE = re.compile(r"\b(?:more like|similar to|something like|one like)\b", re.IGNORECASE)  # "more like the 2nd"


# "Seen all but the last", "seen everything except Up": every card seen, bar those named after.
_ALL_BUT = re.compile(
    r"\b(?:seen|watched|saw)\s+(?:them |em |these |those )?(?:all|everything|every one|all of (?:them|these|those)"
    r"|all (?:these|those))\b(?:\s+(?:already|before))?\s*,?\s*(?:except(?: for)?|but|apart from|besides|other than"
    r"|not)\s+(?P<rest>.+)$",
    re.IGNORECASE,
)


def seen_all_but(message: str, shown: list[str]) -> ProfileDelta | None:
    """ "Seen all but the last", "seen everything except Up": the cards seen, bar those the rest of the
    message points to by place or names; None where the message says no such thing."""
    m = _ALL_BUT.search(straight(message))
    if not shown or not m:
        return None
    rest = normalize(m["rest"])
    left_out = {shown[p] for p in card_places(m["rest"], len(shown))}
    left_out |= {t for t in shown if re.search(rf"\b{re.escape(normalize(t))}\b", rest)}
    if not left_out:
        return None
    return ProfileDelta(seen=[t for t in shown if t not in left_out])


def card_reply(message: str, shown: list[str]) -> ProfileDelta:
    """A reply to the cards as a whole or by place: "seen them all" marks all seen; "not the first
    one" rejects that card, "seen the second" marks it seen, "more like the second" and "the third
    looks good" like it; else what `reply_delta` reads of it."""
    said = straight(message)
    unseen = UNSEEN.search(said)
    if places := card_places(said, len(shown)):
        pointed = [shown[p] for p in places]
        if _REJECT.search(said) or SCORN.search(idioms(said)):
            return ProfileDelta(disliked=pointed)
        if _MORE_LIKE.search(said) or (_LOVED.search(said) and not NEGATION.search(said)):
            return ProfileDelta(liked=pointed)  # "more like the 2nd", "loved the second one!"
        judged = reply_delta(message, pointed)  # praise says more than "seen": "seen the first, loved it"
        watched = (SEEN_WORD.search(said) or LUKEWARM.search(said)) and not unseen  # "the first was ok"
        if not judged.is_empty() or not watched:
            return judged
        return ProfileDelta(seen=pointed)
    judged = reply_delta(message, shown)
    if (_SEEN_ALL.search(said) or (len(shown) == 1 and _SEEN_IT.search(said))) and not unseen:
        return judged.model_copy(update={"seen": shown})  # "seen it, it was lovely": seen, and liked
    return judged


# Refining by comparison with the cards just shown: "older", "something more recent", "shorter".
_OLDER = re.compile(r"\b(?:older|earlier|less recent)\b", re.IGNORECASE)
_NEWER = re.compile(r"\b(?:newer|more recent|more modern|later)\b", re.IGNORECASE)
# "shorter", "not as long", "these are too long" (not "nothing too long": a length of its own)
_SHORTER = re.compile(
    r"\b(?:shorter|quicker|less long|not (?:as|so) long|(?<!not )(?<!nothing )too long)\b", re.IGNORECASE
)
# A figure of its own ("older, from the 70s", "shorter, under 90 minutes") wins over the comparison.
_FIGURE = re.compile(r"\d|\b(?:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties|hours?)\b", re.I)


def compared_bounds(
    message: str, years: list[int], runtimes: list[int], period: tuple[int | None, int | None] = (None, None)
) -> dict:
    """The bounds "older", "newer" and "shorter" put, said of the cards just shown (their `years`
    and `runtimes`, where known) and of the `period` asked for (first year, last year): older than the
    oldest and than a closed period ("the 80s"; "older" after "from 2010 on" may mean within it),
    newer than the newest and than a closed period, shorter than the shortest. Fields of a
    ProfileDelta; empty when the message compares nothing or gives figures."""
    if _FIGURE.search(message):
        return {}
    older, newer = bool(_OLDER.search(message)), bool(_NEWER.search(message))
    bounds: dict = {}
    first, last = period if None not in period else (None, None)
    if years and older != newer:
        before, after = min([*years, *([first] if first else [])]), max([*years, *([last] if last else [])])
        bounds = {"year_min": None, "year_max": before - 1} if older else {"year_min": after + 1}
        bounds.setdefault("year_max", None)
    if runtimes and _SHORTER.search(message):
        bounds["runtime_max"] = min(runtimes) - 1
    return bounds
