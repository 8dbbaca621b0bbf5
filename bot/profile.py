"""The interest profile: one `UserProfile` type and a pure `merge` of a proposed change into it.

Two kinds of wish live in it. Titles liked, disliked and seen last, and so do the genres said as a
rule ("I love westerns", "never horror": `rules`). What one request asks ("a French comedy under two
hours": genres, period, language, length, rating, themes to avoid) is `constraints`: it holds while
the person refines that request ("older", "no gore") and gives way when they ask for something new.

Everything that learns about the user (the LLM profiler, the rule matcher, the feedback buttons,
an entry typed into the profile panel) produces a `ProfileDelta`; only `merge` turns deltas into a
new profile, so the rules for changing one's mind (a newly disliked title leaves `liked`, and back)
live in exactly one place. `remove` is the one way back out (the panel's × and the API's edit).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from retrieval.catalog import AUDIENCE_GENRES
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
    """The request of the moment: what the cards must be."""

    year_min: int | None = None
    year_max: int | None = None
    genres: list[str] = Field(default_factory=list)  # wanted: a card has at least one
    every_genre: bool = False  # the kinds were named as one ("a horror comedy", "a romcom"): a card has each
    exclude_genres: list[str] = Field(default_factory=list)
    language: str | None = None  # ISO 639-1: "fr"
    runtime_max: int | None = None  # minutes
    runtime_min: int | None = None  # minutes: "a 3 hour epic"
    rating_min: float | None = None  # out of 10
    avoid: list[str] = Field(default_factory=list)  # themes, as catalog keywords: "violence"


class Rules(BaseModel):
    """Genres said as lasting taste: loved ones rank up in every request, never-ones stay out of
    every request that does not ask for them by name."""

    genres: list[str] = Field(default_factory=list)
    exclude_genres: list[str] = Field(default_factory=list)


class ProfileDelta(BaseModel):
    """What one message says about the user. Empty lists and None mean "nothing new"."""

    liked: list[str] = Field(default_factory=list)
    disliked: list[str] = Field(default_factory=list)
    seen: list[str] = Field(default_factory=list)  # titles seen, no opinion given: never recommended
    retracted: list[str] = Field(default_factory=list)  # taken back: out of liked and disliked
    topics: list[str] = Field(default_factory=list)
    genres: list[str] = Field(default_factory=list)
    exclude_genres: list[str] = Field(default_factory=list)
    every_genre: bool = False  # `genres` named as one kind ("a horror comedy"): a film of each, not of either
    year_min: int | None = Field(default=None, ge=1870, le=2100)
    year_max: int | None = Field(default=None, ge=1870, le=2100)
    language: str | None = Field(default=None, pattern=r"^[a-z]{2}$")
    runtime_max: int | None = Field(default=None, ge=1, le=1000)
    runtime_min: int | None = Field(default=None, ge=1, le=1000)
    rating_min: float | None = Field(default=None, ge=0, le=10)
    avoid: list[str] = Field(default_factory=list)
    # Fields above from `genres` on are the request's. `new_request`: they start a new one instead of
    # refining the current one. The rules (lasting genres) come as their own two lists.
    new_request: bool = False
    new_occasion: bool = False  # for someone else, or started over: the time there is goes too
    # bounds of the request the person lets go ("any year", "the length doesn't matter"), unless said anew
    lifted: list[Literal["period", "length", "language", "genres"]] = Field(default_factory=list)
    always_genres: list[str] = Field(default_factory=list)
    never_genres: list[str] = Field(default_factory=list)

    @field_validator(
        "liked", "disliked", "seen", "retracted", "topics", "genres", "exclude_genres", "avoid", "always_genres",
        "never_genres", mode="before",
    )  # fmt: skip
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
    constraints: Constraints = Field(default_factory=Constraints)  # the request of the moment
    rules: Rules = Field(default_factory=Rules)  # lasting genres
    recommended: list[str] = Field(default_factory=list)  # item ids already shown, newest last
    # the cards of the last turn that showed any, in order: what "the first one" means (a turn may show
    # fewer cards than the one before it, so the tail of `recommended` cannot say)
    showing: list[str] = Field(default_factory=list)
    answered: list[str] = Field(default_factory=list)  # the film the last answer was about: what "it" means next
    turns: int = 0


def _mentions(entry: str, names: set[str]) -> bool:
    """True when `entry` is one of `names`, or contains one as whole words ("The Matrix" ⊇ "matrix")."""
    key = f" {normalize(entry)} "
    return any(f" {name} " in key for name in names if name)


def _without(values: list[str], removed: list[str]) -> list[str]:
    names = {normalize(v) for v in removed}
    return [v for v in values if not _mentions(v, names)]


THEMED_GENRES = {"Music": "musical"}  # genres also refused as a theme: "no musicals" refuses both
# The request's fields each bound a person may let go holds (ProfileDelta.lifted)
_LIFTED_FIELDS = {
    "period": ("year_min", "year_max"),
    "length": ("runtime_min", "runtime_max"),
    "language": ("language",),
}


def _request(old: Constraints, delta: ProfileDelta) -> Constraints:
    """The request after `delta`: a new one in its place, or the current one refined (a wish added,
    a new period or bound replacing the old)."""
    if delta.new_request:  # the time there is stays for a new kind of film ("we have 90 minutes", then "a comedy")
        old = Constraints() if delta.new_occasion else Constraints(runtime_max=old.runtime_max)
    # a genre asked for in refining takes the old ones' place ("something funnier" after martial arts asks
    # for comedies, not for either), but whom the films are for stays ("for my kids", then "an adventure")
    # a genre refused by its theme while the request asks for it keeps the genre and refuses the theme:
    # "films about musicians", then "but not a musical" (Whiplash is Music, not a musical)
    refused = [g for g in delta.exclude_genres if not (g in old.genres and THEMED_GENRES.get(g) in delta.avoid)]
    kept = _without(old.genres, refused)
    genres = _clean([*(g for g in kept if g in AUDIENCE_GENRES), *delta.genres] if delta.genres else kept)
    exclude = _clean(_without(old.exclude_genres, delta.genres) + refused)
    if "genres" in delta.lifted and not delta.genres:  # "comedy not necessary": the kinds go, whom it is for stays
        genres = [g for g in genres if g in AUDIENCE_GENRES]
    if delta.lifted:  # "peu importe l'année finalement": the period asked before goes
        fields = [field for kind in delta.lifted for field in _LIFTED_FIELDS.get(kind, ())]
        old = old.model_copy(update=dict.fromkeys(fields))
    year_min, year_max = old.year_min, old.year_max
    if delta.year_min is not None or delta.year_max is not None:  # a new period replaces the old
        year_min, year_max = delta.year_min, delta.year_max
        if year_min is not None and year_max is not None and year_min > year_max:
            year_min, year_max = year_max, year_min
    # a new bound on the length replaces its own kind, and the other where the two cannot both hold
    # ("a 3 hour epic" after "under two hours"; "at least 90 minutes" keeps "under two hours")
    runtime_min = delta.runtime_min if delta.runtime_min is not None else old.runtime_min
    runtime_max = delta.runtime_max if delta.runtime_max is not None else old.runtime_max
    if runtime_min is not None and runtime_max is not None and runtime_min > runtime_max:
        runtime_min, runtime_max = (None, runtime_max) if delta.runtime_max is not None else (runtime_min, None)
    return Constraints(
        year_min=year_min,
        year_max=year_max,
        genres=genres,
        every_genre=delta.every_genre if delta.genres else old.every_genre and len(genres) > 1,
        exclude_genres=exclude,
        language=delta.language or old.language,
        runtime_max=runtime_max,
        runtime_min=runtime_min,
        rating_min=delta.rating_min or old.rating_min,
        avoid=_clean(old.avoid + delta.avoid),
    )


def merge(profile: UserProfile, delta: ProfileDelta, shown: list[str] = ()) -> UserProfile:
    """Return a new profile with `delta` applied and `shown` item ids added to `recommended` (and, where
    any were shown, made the cards on screen)."""
    # Saying both about one entry in one message counts as disliking it: the safer reading.
    liked = _clean(_without(profile.liked + delta.liked, delta.disliked + delta.retracted))[-MAX_ENTRIES:]
    disliked = _clean(_without(profile.disliked, delta.liked + delta.retracted) + delta.disliked)[-MAX_ENTRIES:]
    seen = _clean(profile.seen + delta.seen)[-MAX_ENTRIES * 5 :]
    topics = _clean(_without(profile.topics, delta.disliked) + delta.topics)[-MAX_ENTRIES:]
    rules = profile.rules
    loved = _clean(_without(rules.genres, delta.never_genres) + delta.always_genres)
    never = _clean(_without(rules.exclude_genres, delta.always_genres) + delta.never_genres)
    recommended = list(dict.fromkeys([*profile.recommended, *shown]))[-500:]
    return UserProfile(
        liked=liked,
        disliked=disliked,
        seen=seen,
        topics=topics,
        constraints=_request(profile.constraints, delta),
        rules=Rules(genres=loved, exclude_genres=never),
        recommended=recommended,
        showing=list(shown) if shown else profile.showing,
        turns=profile.turns,
    )


def as_delta(profile: UserProfile) -> ProfileDelta:
    """A whole profile as one change to merge (an accepted starting profile): its request, if any,
    replaces the current one."""
    c, r = profile.constraints, profile.rules
    request = c.model_dump()
    return ProfileDelta(
        liked=profile.liked,
        disliked=profile.disliked,
        seen=profile.seen,
        topics=profile.topics,
        always_genres=r.genres,
        never_genres=r.exclude_genres,
        new_request=c != Constraints(),
        **request,
    )


# What a person can add to or remove from their profile, by the panel or the API: each kind is one
# field of ProfileDelta, so adding is a merge like any other.
EntryKind = Literal[
    "liked", "disliked", "seen", "topics", "always_genres", "never_genres",
    "genres", "exclude_genres", "year_min", "year_max", "language", "runtime_max", "runtime_min", "rating_min",
    "avoid",
]  # fmt: skip
_LISTS = ("liked", "disliked", "seen", "topics")
_RULES = {"always_genres": "genres", "never_genres": "exclude_genres"}  # entry kind → Rules field
_REQUEST_LISTS = ("genres", "exclude_genres", "avoid")
_YEARS = ("year_min", "year_max")
_SCALARS = (*_YEARS, "language", "runtime_max", "runtime_min", "rating_min")  # one value each, in the request
_NUMBERS = {"year_min": int, "year_max": int, "runtime_max": int, "runtime_min": int, "rating_min": float}


class Entry(BaseModel):
    kind: EntryKind
    value: str = Field(min_length=1, max_length=120)

    @field_validator("value", mode="before")
    @classmethod
    def _strip(cls, value):
        return " ".join(value.split()) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _value_fits_kind(self):
        if self.kind in _YEARS and not (self.value.isdigit() and 1870 <= int(self.value) <= 2100):
            raise ValueError(f"{self.kind} must be a year between 1870 and 2100, not {self.value!r}")
        try:
            self.delta()
        except ValueError:  # a runtime of "long", a language of "French" (the code is "fr")
            raise ValueError(f"{self.value!r} is not a valid {self.kind}") from None
        return self

    def delta(self) -> ProfileDelta:
        """This entry as a change to merge."""
        if self.kind in _SCALARS:
            return ProfileDelta(**{self.kind: _NUMBERS.get(self.kind, str)(self.value)})
        return ProfileDelta(**{self.kind: [self.value]})


def entries(profile: UserProfile) -> list[Entry]:
    """Everything in the profile as removable entries, in panel order."""
    c, r = profile.constraints, profile.rules
    out = [Entry(kind=k, value=v) for k in _LISTS for v in getattr(profile, k)]
    out += [Entry(kind=k, value=v) for k, field in _RULES.items() for v in getattr(r, field)]
    out += [Entry(kind=k, value=v) for k in _REQUEST_LISTS for v in getattr(c, k)]
    out += [Entry(kind=k, value=f"{getattr(c, k):g}" if k == "rating_min" else str(getattr(c, k))) for k in _SCALARS
            if getattr(c, k) is not None]  # fmt: skip
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
    key, c, r = normalize(entry.value), profile.constraints, profile.rules
    if entry.kind in _LISTS:
        return profile.model_copy(update={entry.kind: [v for v in getattr(profile, entry.kind) if normalize(v) != key]})
    if entry.kind in _RULES:
        kept = [v for v in getattr(r, _RULES[entry.kind]) if normalize(v) != key]
        return profile.model_copy(update={"rules": r.model_copy(update={_RULES[entry.kind]: kept})})
    if entry.kind in _REQUEST_LISTS:
        kept = [v for v in getattr(c, entry.kind) if normalize(v) != key]
        return profile.model_copy(update={"constraints": c.model_copy(update={entry.kind: kept})})
    if (value := getattr(c, entry.kind)) is not None and entry.delta() == ProfileDelta(**{entry.kind: value}):
        return profile.model_copy(update={"constraints": c.model_copy(update={entry.kind: None})})
    return profile
