"""What FlexRec says when a message asks for no recommendations: help, small talk, thanks, goodbye,
something not about films, and a question about one film. Texts are templates in
`prompts/answers.yaml`; a film's facts come from its catalog record only, so nothing is said that
the record does not hold.
"""

from __future__ import annotations

import re

from bot import prompts
from bot.profile import ProfileDelta, UserProfile
from bot.reading.intents import ASKS_FAVOURITE, THANKED
from retrieval.catalog import LANGUAGES, Item
from retrieval.retriever import Query, genre_groups


def say(name: str, **facts) -> str:
    return " ".join(prompts.text("answers", name, **facts).split())


def talk(intent: str, message: str, catalog_size: int, voice: bool = False) -> str:
    """The answer to help, small talk, goodbye or an off-topic message."""
    if intent == "help":
        return say("help_voice" if voice else "help", size=f"{catalog_size:,}")
    if intent == "small_talk" and THANKED.search(message):
        return say("thanks")
    if intent == "small_talk" and ASKS_FAVOURITE.search(message):
        return say("favourite")
    return say(intent)


def about(item: Item, what: str, thing: str | None = None) -> str:
    """One fact of a film's record, as asked ("plot", "runtime", "people", "year", "language",
    "rating", "genre"; "content": whether `thing` is in it; "judge": a yes-or-no question the record
    cannot settle, "is it sad?", answered with its summary), or that the record does not hold it."""
    if what == "content" and thing:
        return _content(item, thing)
    runtime, rating = getattr(item, "runtime", None), getattr(item, "rating", None)
    language = LANGUAGES.get(getattr(item, "language", None) or "")
    facts = {
        "label": item.label(),
        "title": item.title,
        "year": item.year,
        "genres": " and ".join(g.lower() for g in item.genres[:3]),
        "overview": item.overview,
        "runtime": runtime,
        "rating": f"{rating:.1f}" if rating is not None else None,
        "votes": f"{getattr(item, 'votes', 0) or 0:,}",
        "language": language,
    }
    known = {
        "plot": item.overview,
        "judge": item.overview,
        "runtime": runtime,
        "people": None,
        "year": item.year,
        "language": language,
        "rating": rating is not None and getattr(item, "votes", None),
        "genre": item.genres,
    }
    if what == "people":
        return say("people", **facts)
    return say(what if known.get(what) else f"{what}_unknown", **facts)


def series(item: Item, films: list[Item]) -> str:
    """The answer to "is there a sequel to it?": the later films of its series in the catalog, or the
    earlier ones where it is the latest (`films`: the series, itself included, oldest first; the
    retriever's `series`), or that the catalog has no other film of a series with it."""
    others = [f for f in films if f.id != item.id]
    if not others:
        return say("sequel_unknown", label=item.label())
    place = next((i for i, f in enumerate(films) if f.id == item.id), 0)
    if after := films[place + 1 :]:
        return say("sequel", label=item.label(), others=_and([f.label() for f in after[:4]]))
    return say("sequel_latest", label=item.label(), others=_and([f.label() for f in others[-4:]]))


def identified(items: list[Item], what: str | None, thing: str | None = None) -> str:
    """The answer to "what's the film where…": the nearest film as a guess, with its summary, and its
    record's answer to what else was asked ("and how long is it?"), then the next nearest."""
    first, *others = items
    said = [say("identified", label=first.label(), overview=first.overview)]
    if what not in (None, "plot", "judge"):
        said.append(about(first, what, thing))
    if others:
        said.append(say("identified_else", others=" or ".join(o.label() for o in others)))
    return " ".join(said)


def _and(names: list[str]) -> str:
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]


def acknowledge(delta: ProfileDelta, before: UserProfile) -> str:
    """What this message changed that the person should hear back: titles newly disliked or seen,
    genres newly ruled out, for now or for good ("Noted: no more The Matrix.", "Noted: never horror.");
    empty when nothing new."""
    said = []
    if disliked := [t for t in delta.disliked if t not in before.disliked]:
        said.append(say("noted_disliked", titles=_and(disliked[:3])))
    if retracted := [t for t in delta.retracted if t in before.liked + before.disliked and t not in delta.disliked]:
        said.append(say("noted_retracted", titles=_and(retracted[:3])))
    if seen := [t for t in delta.seen if t not in before.seen]:
        said.append(say("noted_seen", titles=_and(seen[:4])))
    if never := [g for g in delta.never_genres if g not in before.rules.exclude_genres]:
        said.append(say("noted_never", genres=_and([g.lower() for g in never])))
    excluded = [g for g in delta.exclude_genres if g not in before.constraints.exclude_genres]
    if excluded := [g for g in excluded if g not in delta.never_genres]:
        said.append(say("noted_excluded", genres=_and([g.lower() for g in excluded])))
    return " ".join(said)


def no_people(names: list[str]) -> str:
    """That the catalog cannot find films by who is in them or made them ("something with Tom Hanks"),
    said before cards that fit the rest of the message."""
    return say("no_people", names=_and(names[:3]))


def nearest(query: Query, left_out: dict[str, bool]) -> str:
    """That nothing in the catalog meets all that was asked, said before the nearest cards (only when
    the retriever found none that does: a genre is a wish the ranking weighs, so a card of another
    genre does not prove the catalog has none), and what of the request they leave out (`left_out`:
    retrieval.retriever.unmet's, each with whether no card meets it): "not all of these are in Spanish",
    "none of these is in German"."""
    said = {
        "language": f"in {LANGUAGES.get(query.language or '', query.language)}",
        "runtime": " and ".join(
            [f"{query.runtime_max} minutes or shorter"] * (query.runtime_max is not None)
            + [f"{query.runtime_min} minutes or longer"] * (query.runtime_min is not None)
        ),
        "rating_min": "highly rated",
        "years": _period(query.year_min, query.year_max),
        "require_genres": " and ".join(" or ".join(group) for group in genre_groups(query)),
    }
    none = [said[f] for f, no_card in left_out.items() if no_card and said.get(f)]
    some = [said[f] for f, no_card in left_out.items() if not no_card and said.get(f)]
    return say("nearest", by_none=", ".join(none), by_some=", ".join(some))


def _period(year_min: int | None, year_max: int | None) -> str:
    if year_min is not None and year_max is not None:
        return f"from {year_min} to {year_max}"
    return f"from {year_min} or later" if year_min is not None else f"from {year_max} or before" if year_max else ""


def _content(item: Item, thing: str) -> str:
    """Whether the record mentions `thing` (a keyword, or a word of the summary), singular or plural;
    its silence is no promise."""
    forms = {thing, thing.removesuffix("s"), thing.removesuffix("es"), f"{thing}s"} - {""}
    keywords = [
        k for k in getattr(item, "keywords", []) if any(re.search(rf"\b{re.escape(f)}\b", k.lower()) for f in forms)
    ]
    words = set(re.findall(r"[\w-]+", (item.overview or "").lower()))
    facts = {"label": item.label(), "thing": thing if thing.endswith("s") else f"{thing}s"}
    if keywords:
        return say("content", where=f"its keywords include {', '.join(keywords[:3])}", **facts)
    if forms & words:
        return say("content", where="its summary mentions it", **facts)
    return say("content_unknown", **facts)
