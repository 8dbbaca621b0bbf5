"""The interest profile: one `UserProfile` type and a pure `merge` of a proposed change into it.

Everything that learns about the user (the LLM profiler, the rule matcher, the feedback buttons,
an entry typed into the profile panel) produces a `ProfileDelta`; only `merge` turns deltas into a
new profile, so the rules for changing one's mind (a newly disliked title leaves `liked`, and back)
live in exactly one place. `remove` is the one way back out (the panel's × and the API's edit).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator

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
    seen: list[str] = Field(default_factory=list)  # titles seen, no opinion given: never recommended
    topics: list[str] = Field(default_factory=list)
    genres: list[str] = Field(default_factory=list)
    exclude_genres: list[str] = Field(default_factory=list)
    year_min: int | None = Field(default=None, ge=1870, le=2100)
    year_max: int | None = Field(default=None, ge=1870, le=2100)

    @field_validator("liked", "disliked", "seen", "topics", "genres", "exclude_genres", mode="before")
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
    seen: list[str] = Field(default_factory=list)
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
    seen = _clean(profile.seen + delta.seen)[-MAX_ENTRIES * 5 :]
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
        seen=seen,
        topics=topics,
        constraints=Constraints(year_min=year_min, year_max=year_max, genres=genres, exclude_genres=exclude),
        recommended=recommended,
        turns=profile.turns,
    )


# What a person can add to or remove from their profile, by the panel or the API: each kind is one
# field of ProfileDelta (years included), so adding is a merge like any other.
EntryKind = Literal["liked", "disliked", "seen", "topics", "genres", "exclude_genres", "year_min", "year_max"]


class Entry(BaseModel):
    kind: EntryKind
    value: str = Field(min_length=1, max_length=120)

    @field_validator("value", mode="before")
    @classmethod
    def _strip(cls, value):
        return " ".join(value.split()) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _year_is_a_year(self):
        if self.kind in _YEARS and not (self.value.isdigit() and 1870 <= int(self.value) <= 2100):
            raise ValueError(f"{self.kind} must be a year between 1870 and 2100, not {self.value!r}")
        return self

    def delta(self) -> ProfileDelta:
        """This entry as a change to merge."""
        value = int(self.value) if self.kind in _YEARS else [self.value]
        return ProfileDelta(**{self.kind: value})


_YEARS = ("year_min", "year_max")
_LISTS = ("liked", "disliked", "seen", "topics")
_CONSTRAINT_LISTS = ("genres", "exclude_genres")


def entries(profile: UserProfile) -> list[Entry]:
    """Everything in the profile as removable entries, in panel order."""
    c = profile.constraints
    out = [Entry(kind=k, value=v) for k in _LISTS for v in getattr(profile, k)]
    out += [Entry(kind=k, value=v) for k in _CONSTRAINT_LISTS for v in getattr(c, k)]
    out += [Entry(kind=k, value=str(getattr(c, k))) for k in _YEARS if getattr(c, k) is not None]
    return out


def add(profile: UserProfile, entry: Entry) -> UserProfile:
    """`entry` merged in; a single year bound keeps the other one (merge replaces a whole period)."""
    delta, c = entry.delta(), profile.constraints
    if entry.kind in _YEARS:
        delta = delta.model_copy(
            update={"year_min": delta.year_min or c.year_min, "year_max": delta.year_max or c.year_max}
        )
    return merge(profile, delta)


def remove(profile: UserProfile, entry: Entry) -> UserProfile:
    """`entry` taken out, matched case-insensitively; removing what is not there changes nothing."""
    key, c = normalize(entry.value), profile.constraints
    if entry.kind in _LISTS:
        return profile.model_copy(update={entry.kind: [v for v in getattr(profile, entry.kind) if normalize(v) != key]})
    if entry.kind in _CONSTRAINT_LISTS:
        kept = [v for v in getattr(c, entry.kind) if normalize(v) != key]
        return profile.model_copy(update={"constraints": c.model_copy(update={entry.kind: kept})})
    if str(getattr(c, entry.kind)) == entry.value:
        return profile.model_copy(update={"constraints": c.model_copy(update={entry.kind: None})})
    return profile
