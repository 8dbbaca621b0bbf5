"""The interest profile: one `UserProfile` type and a pure `merge` of a proposed change into it.

Everything that learns about the user (the LLM profiler, the rule matcher, later: feedback buttons)
produces a `ProfileDelta`; only `merge` turns deltas into a new profile, so the rules for changing
one's mind (a newly disliked title leaves `liked`, and back) live in exactly one place.
"""

from __future__ import annotations

from pydantic import BaseModel, Field, field_validator

from retrieval.titles import normalize

MAX_ENTRIES = 40  # per list: bounds prompt size and the profile panel


def _clean(values: list[str]) -> list[str]:
    """Strip, drop empties and case-insensitive duplicates, keep first spelling and order."""
    seen, out = set(), []
    for value in values:
        value = " ".join(str(value).split())[:120]
        key = normalize(value)
        if key and key not in seen:
            seen.add(key)
            out.append(value)
    return out


class Constraints(BaseModel):
    year_min: int | None = None
    year_max: int | None = None
    genres: list[str] = Field(default_factory=list)  # wanted genres
    exclude_genres: list[str] = Field(default_factory=list)


class ProfileDelta(BaseModel):
    """What one message says about the user. Empty lists and None mean "nothing new"."""

    liked: list[str] = Field(default_factory=list)
    disliked: list[str] = Field(default_factory=list)
    topics: list[str] = Field(default_factory=list)
    genres: list[str] = Field(default_factory=list)
    exclude_genres: list[str] = Field(default_factory=list)
    year_min: int | None = Field(default=None, ge=1870, le=2100)
    year_max: int | None = Field(default=None, ge=1870, le=2100)

    @field_validator("liked", "disliked", "topics", "genres", "exclude_genres", mode="before")
    @classmethod
    def _as_list(cls, value):
        if value is None:
            return []
        value = [value] if isinstance(value, str) else value
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError("must be a list of strings")
        return _clean(value)

    def is_empty(self) -> bool:
        return self == ProfileDelta()


class UserProfile(BaseModel):
    """What FlexRec believes about one person; shown to them as is."""

    liked: list[str] = Field(default_factory=list)
    disliked: list[str] = Field(default_factory=list)
    topics: list[str] = Field(default_factory=list)
    constraints: Constraints = Field(default_factory=Constraints)
    recommended: list[str] = Field(default_factory=list)  # item ids already shown, newest last
    turns: int = 0


def _mentions(entry: str, names: set[str]) -> bool:
    """True when `entry` is one of `names`, or contains one as whole words ("The Matrix" ⊇ "matrix")."""
    key = f" {normalize(entry)} "
    return any(f" {name} " in key for name in names if name)


def _without(values: list[str], removed: list[str]) -> list[str]:
    names = {normalize(v) for v in removed}
    return [v for v in values if not _mentions(v, names)]


def merge(profile: UserProfile, delta: ProfileDelta, shown: list[str] = ()) -> UserProfile:
    """Return a new profile with `delta` applied and `shown` item ids added to `recommended`."""
    # Saying both about one entry in one message counts as disliking it: the safer reading.
    liked = _clean(_without(profile.liked + delta.liked, delta.disliked))[-MAX_ENTRIES:]
    disliked = _clean(_without(profile.disliked, delta.liked) + delta.disliked)[-MAX_ENTRIES:]
    topics = _clean(_without(profile.topics, delta.disliked) + delta.topics)[-MAX_ENTRIES:]
    old = profile.constraints
    genres = _clean(_without(old.genres, delta.exclude_genres) + delta.genres)
    exclude = _clean(_without(old.exclude_genres, delta.genres) + delta.exclude_genres)
    year_min, year_max = old.year_min, old.year_max
    if delta.year_min is not None or delta.year_max is not None:  # a new period replaces the old
        year_min, year_max = delta.year_min, delta.year_max
        if year_min is not None and year_max is not None and year_min > year_max:
            year_min, year_max = year_max, year_min
    recommended = list(dict.fromkeys([*profile.recommended, *shown]))[-500:]
    return UserProfile(
        liked=liked,
        disliked=disliked,
        topics=topics,
        constraints=Constraints(year_min=year_min, year_max=year_max, genres=genres, exclude_genres=exclude),
        recommended=recommended,
        turns=profile.turns,
    )
