"""A reply to the cards just shown that names no title, genre, person or period: "loved that one",
"sounds great, I'll watch it", "not for me". It speaks of what it answers.
"""

from __future__ import annotations

import re

from bot.profile import ProfileDelta
from bot.reading.language import ELSE, NEGATION, PRAISE, REFERABLE, SCORN, UNSEEN, idioms, straight

_ALL = re.compile(r"\b(?:all|both|them|those|these|each)\b", re.IGNORECASE)
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
    if not shown or (len(shown) > REFERABLE and not _ALL.search(message)):
        return ProfileDelta()  # "loved it" of four cards: which one? The LLM may tell; the rules don't
    if SCORN.search(message):  # "not a fan of that one, anything else?" still scorns it
        return ProfileDelta(disliked=shown)
    said = UNSEEN.sub(" ", message)  # "No, I haven't seen it, but I'll check it out": no denial of the praise
    said = _NOT_SEEN_ANSWER.sub(" ", said)  # "no I haven't, I'll check it out"
    if said != message:
        said = _ANSWER_NO.sub(" ", said)
    asks_more = ELSE.search(said) and not (_ANOTHER_GOOD.search(said) and not _ASKS.search(said))
    if PRAISE.search(said) and not NEGATION.search(said) and not asks_more:
        return ProfileDelta(liked=shown)
    return ProfileDelta()
