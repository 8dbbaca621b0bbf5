"""What the retriever is asked for one person and one message: the words to embed (the message's
wanted clauses plus the profile's wants), the profile's titles, the request of the moment (genres a
card must have, period, language, length, rating, themes to avoid) and the lasting genres."""

from __future__ import annotations

from bot.profile import ProfileDelta, UserProfile
from bot.reading import Reading
from bot.reading.lookup import Lookup
from retrieval.retriever import Query


def search_query(profile: UserProfile, reading: Reading | None = None, delta: ProfileDelta | None = None) -> Query:
    """`profile`: after the message's change is merged in (its request holds what the message asked);
    `reading`: the message this search answers (None: the profile alone, as for a new start);
    `delta`: what the profile step made of it (default: the rules' reading), whose liked titles
    are what this search is "more like"."""
    said = delta or (reading.delta if reading else None)
    # liked now, not only said to be seen ("seen mamma mia lol" asks for other films, not more of it)
    focus = tuple(t for t in said.liked if t in profile.liked and t not in said.seen) if said else ()
    c, rules = profile.constraints, profile.rules
    wants = list(dict.fromkeys(c.genres + rules.genres)) + profile.topics
    clauses = list(reading.wanted) if reading else []
    asked = {g.lower() for g in c.genres}  # a lasting "never" gives way where this request names the genre
    never = [g for g in rules.exclude_genres if g.lower() not in asked]
    return Query(
        text=" ".join(clauses + ([", ".join(wants)] if wants else [])),
        liked=tuple(profile.liked),
        disliked=tuple(profile.disliked),
        seen=tuple(profile.seen),
        shown=tuple(profile.recommended),
        focus=focus,
        genres=tuple(dict.fromkeys(c.genres + rules.genres)),
        require_genres=tuple(c.genres),
        every_genre=c.every_genre,
        exclude_genres=tuple(dict.fromkeys(c.exclude_genres + never)),
        year_min=c.year_min,
        year_max=c.year_max,
        language=c.language,
        runtime_max=c.runtime_max,
        runtime_min=c.runtime_min,
        rating_min=c.rating_min,
        avoid=tuple(c.avoid),
    )


def lookup_query(lookup: Lookup) -> Query:
    """A film asked after by its description: its words, and the facts it states as hard constraints."""
    return Query(
        text=lookup.text,
        require_genres=lookup.genres,
        language=lookup.language,
        year_min=lookup.year_min,
        year_max=lookup.year_max,
    )
