"""`Retriever.search(profile, message, k)`: candidates from Chroma for this person, as typed hits.

The query vector blends the message's positive wording with the stored vectors of the liked items
("more like these"); hard constraints become Chroma metadata filters; disliked items are excluded
and items close to them pushed down. Negated words never enter the query ("no horror" must not
retrieve horror), which is why the query text is built from the profile, not the raw message.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bot.profile import UserProfile
from bot.rules import CLAUSES, NEGATION
from retrieval.catalog import Item
from retrieval.store import CatalogStore
from retrieval.titles import TitleIndex

POOL = 60  # candidates fetched before re-ranking
DISLIKE_WEIGHT = 0.5  # how hard similarity to a disliked item pushes a candidate down
POPULARITY_WEIGHT = 0.03  # a light prior: among near-ties, prefer what more people have seen


@dataclass(frozen=True)
class Hit:
    id: str
    score: float
    item: Item
    why: str  # one line for the card, from profile and catalog facts only
    because: str | None = None  # the liked title this hit is closest to, if any


def positive_text(profile: UserProfile, message: str) -> str:
    """The words to embed: the message's clauses without negation, plus the profile's wants."""
    clauses = [c.strip() for c in CLAUSES.split(message) if c and c.strip() and not NEGATION.search(c)]
    wants = profile.constraints.genres + profile.topics
    return " ".join(clauses + ([", ".join(wants)] if wants else []))


def build_where(profile: UserProfile) -> dict | None:
    """Hard constraints as a Chroma filter (seen/disliked ids are dropped after the query)."""
    c, parts = profile.constraints, []
    if c.year_min is not None:
        parts.append({"year": {"$gte": c.year_min}})
    if c.year_max is not None:
        parts.append({"year": {"$lte": c.year_max}})
    parts += [{"genre_keys": {"$not_contains": g.lower()}} for g in c.exclude_genres]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else {"$and": parts}


def _unit(v: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(v))
    return v / n if n else v


class Retriever:
    def __init__(self, store: CatalogStore, titles: TitleIndex):
        self.store, self.titles = store, titles

    def _ids(self, names: list[str]) -> dict[str, str]:
        """Profile entries that are catalog titles → {item id: title}."""
        found = {}
        for name in names:
            hit = self.titles.lookup(name)
            if hit:
                found[hit[0]] = hit[1]
        return found

    def search(self, profile: UserProfile, message: str, k: int) -> list[Hit]:
        liked, disliked = self._ids(profile.liked), self._ids(profile.disliked)
        vectors = self.store.vectors([*liked, *disliked])
        liked_vecs = {i: vectors[i] for i in liked if i in vectors}
        disliked_vecs = [vectors[i] for i in disliked if i in vectors]
        text = positive_text(profile, message)
        parts = [_unit(self.store.embed_query(text))] if text else []
        if liked_vecs:
            parts.append(_unit(np.mean(list(liked_vecs.values()), axis=0)))
        if not parts:  # nothing to go on yet: popular, well-described items near a neutral query
            parts.append(_unit(self.store.embed_query("a great movie")))
        query = _unit(np.sum(parts, axis=0))
        seen = set(liked) | set(disliked) | set(profile.recommended)
        where = build_where(profile)
        candidates = [c for c in self.store.query(query, max(POOL, k) + len(seen), where) if c[0].id not in seen]
        max_pop = max((c[0].popularity for c in candidates), default=0.0) or 1.0
        ranked = []
        for item, sim, vec in candidates:
            penalty = max((float(vec @ d) for d in disliked_vecs), default=0.0)
            prior = POPULARITY_WEIGHT * np.log1p(item.popularity) / np.log1p(max_pop)
            ranked.append((sim - DISLIKE_WEIGHT * max(penalty, 0.0) + prior, item, vec))
        ranked.sort(key=lambda r: -r[0])
        hits = []
        for score, item, vec in ranked[:k]:
            closest = max(liked_vecs, key=lambda i: float(vec @ liked_vecs[i]), default=None)
            because = liked[closest] if closest else None
            hits.append(Hit(item.id, round(score, 4), item, self._why(profile, item, because), because))
        return hits

    @staticmethod
    def _why(profile: UserProfile, item: Item, because: str | None) -> str:
        """One line from profile and catalog facts only: the closest liked title, matching wants."""
        reasons = [f"because you liked {because}"] if because else []
        wanted = {g.lower() for g in profile.constraints.genres}
        matching = [g for g in item.genres if g.lower() in wanted]
        if matching:
            reasons.append(f"it is {' and '.join(matching).lower()}, as you asked")
        c = profile.constraints
        if item.year and (c.year_min or c.year_max):
            reasons.append(f"from {item.year}, in the period you asked for")
        if not reasons and item.genres:
            reasons.append(f"{', '.join(item.genres[:2]).lower()} that matches what you described")
        text = "; ".join(reasons)
        return text[0].upper() + text[1:] if text else "Popular with many viewers"
