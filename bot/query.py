"""What the retriever is asked for one person and one message: the profile's titles and
constraints, the words to embed (the message's wanted clauses plus the profile's wants), and the
facts this message asks of a film (language, length, rating, themes to avoid)."""

from __future__ import annotations

from bot.profile import UserProfile
from bot.reading import Reading
from retrieval.retriever import Query


def search_query(profile: UserProfile, reading: Reading | None = None) -> Query:
    """`reading`: the message this search answers (None: the profile alone, as for a new start)."""
    c = profile.constraints
    wants = c.genres + profile.topics
    clauses = list(reading.wanted) if reading else []
    return Query(
        text=" ".join(clauses + ([", ".join(wants)] if wants else [])),
        liked=tuple(profile.liked),
        disliked=tuple(profile.disliked),
        seen=tuple(profile.seen),
        shown=tuple(profile.recommended),
        genres=tuple(c.genres),
        exclude_genres=tuple(c.exclude_genres),
        year_min=c.year_min,
        year_max=c.year_max,
        language=reading.facts.language if reading else None,
        runtime_max=reading.facts.runtime_max if reading else None,
        rating_min=reading.facts.rating_min if reading else None,
        avoid=tuple(reading.facts.avoid) if reading else (),
    )
