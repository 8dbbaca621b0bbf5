"""`Retriever.search(query, k)`: candidates from Chroma for one person's `Query`, as typed hits.

Two collections are asked: the text collection with a query vector that blends the query's words
with the stored vectors of the liked items ("more like these"), and the collaborative one
(retrieval/collab.py) with the mean vector of the items this conversation is about (liked, and
already shown but not rejected): "people who like these also like". Candidates from both are
scored by retrieval/ranking.py (features, learned weights). Hard constraints become Chroma
metadata filters; disliked items are excluded and items close to them, in either space, pushed down.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from flexrec.settings import default
from retrieval.catalog import AUDIENCE_GENRES, LANGUAGES, Item
from retrieval.ranking import (
    PUSHED_COLLAB,
    PUSHED_TEXT,
    RankWeights,
    TreeRanker,
    context_features,
    fame,
    features,
    genre_rows,
)
from retrieval.store import CatalogStore
from retrieval.titles import TitleIndex


@dataclass(frozen=True)
class Query:
    """What to look for, in the retriever's terms: the words to embed (only wanted ones: "no horror"
    must not retrieve horror), titles as the person named them, and hard constraints."""

    text: str = ""
    liked: tuple[str, ...] = ()
    disliked: tuple[str, ...] = ()
    seen: tuple[str, ...] = ()
    shown: tuple[str, ...] = ()  # item ids already recommended
    # Titles this message says were liked ("I loved Finding Nemo, something like it?"): "more like"
    # means these, not the whole conversation's items. Empty: the conversation's items, as a whole.
    focus: tuple[str, ...] = ()
    genres: tuple[str, ...] = ()  # wanted: ranked up
    require_genres: tuple[str, ...] = ()  # asked for now: a hit has one of each group (`genre_groups`)
    genres_together: bool = True  # False: one of the genres asked will do (the first looser query)
    every_genre: bool = False  # the kinds asked were named as one ("a horror comedy"): a hit has each of them
    exclude_genres: tuple[str, ...] = ()
    year_min: int | None = None
    year_max: int | None = None
    language: str | None = None  # ISO 639-1: "fr"
    runtime_max: int | None = None  # minutes
    runtime_min: int | None = None
    rating_min: float | None = None  # out of 10, from at least MIN_VOTES ratings
    avoid: tuple[str, ...] = ()  # themes, as catalog keywords: "violence", "serial killer"

    def without_facts(self) -> Query:
        """The query without what was asked of a film's facts (language, length, rating, themes)."""
        return replace(self, language=None, runtime_max=None, runtime_min=None, rating_min=None, avoid=())

    def relaxed(self) -> list[Query]:
        """Looser queries to try in turn when this one finds nothing: without one fact asked (the
        rating, then the length, then the period, then the language, which names what is asked more
        than a period does: "japanese films, older the better" of a catalog that has few old ones; the
        nearest keeps the rest of the request), then without the facts, then without the genres
        required too (they still rank up).
        First of all, a kind and an audience asked together ("a Hindi family drama") may be met apart."""
        apart = [replace(self, genres_together=False)] if len(genre_groups(self)) > 1 else []
        out = [
            *apart,
            replace(self, rating_min=None),
            replace(self, runtime_max=None, runtime_min=None),
            replace(self, year_min=None, year_max=None),  # "from the last 5 years" of a catalog that ends before
            replace(self, language=None),
            self.without_facts(),
            replace(self.without_facts(), require_genres=()),
        ]
        return [q for q in dict.fromkeys(out) if q != self]


MIN_VOTES = 100  # ratings an item needs before its average counts as "highly rated"


@dataclass(frozen=True)
class Hit:
    id: str
    score: float
    item: Item
    why: str  # one line for the card, from profile and catalog facts only
    because: str | None = None  # the liked title this hit is closest to, if any


def build_where(c: Query) -> dict | None:
    """Hard constraints as a Chroma filter (seen/disliked ids are dropped after the query). An item
    without the fact a constraint asks about (no runtime, no rating) does not pass it."""
    parts = []
    if c.year_min is not None:
        parts.append({"year": {"$gte": c.year_min}})
    if c.year_max is not None:
        parts.append({"year": {"$lte": c.year_max}})
    parts += [{"genre_keys": {"$not_contains": g.lower()}} for g in c.exclude_genres]
    for group in genre_groups(c):
        some = [{"genre_keys": {"$contains": g}} for g in group]
        parts.append(some[0] if len(some) == 1 else {"$or": some})
    if c.language is not None:
        parts.append({"language": c.language})
    if c.runtime_max is not None:
        parts.append({"runtime": {"$lte": c.runtime_max}})
    if c.runtime_min is not None:
        parts.append({"runtime": {"$gte": c.runtime_min}})
    if c.rating_min is not None:
        parts += [{"rating": {"$gte": c.rating_min}}, {"votes": {"$gte": MIN_VOTES}}]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else {"$and": parts}


def passes(c: Query, item: Item) -> bool:
    """`build_where` in Python, for candidates fetched by id: Chroma's get with ids and a where
    clause is far slower than without it (docs/measured.md)."""
    if c.year_min is not None and (item.year is None or item.year < c.year_min):
        return False
    if c.year_max is not None and (item.year is None or item.year > c.year_max):
        return False
    if c.language is not None and item.language != c.language:
        return False
    if c.runtime_max is not None and (item.runtime is None or item.runtime > c.runtime_max):
        return False
    if c.runtime_min is not None and (item.runtime is None or item.runtime < c.runtime_min):
        return False
    rated = item.rating is not None and item.rating >= (c.rating_min or 0) and (item.votes or 0) >= MIN_VOTES
    if c.rating_min is not None and not rated:
        return False
    genres = {g.lower() for g in item.genres}
    if any(not set(group) & genres for group in genre_groups(c)):
        return False
    return not {g.lower() for g in c.exclude_genres} & genres


_AUDIENCE = frozenset(g.lower() for g in AUDIENCE_GENRES)


def genre_groups(c: Query) -> list[list[str]]:
    """The genres asked for (lower case) as groups a hit must each meet with one genre: whom the film
    is for (AUDIENCE_GENRES) and what kind it is. "for my kids", then "something funnier", asks for a
    family comedy, not for any family film or any comedy; "action or comedy" asks for either, "a
    horror comedy" (`every_genre`) for both. Not `genres_together`: one group, any genre asked."""
    lower = list(dict.fromkeys(g.lower() for g in c.require_genres))
    if not c.genres_together:
        return [lower] if lower else []
    audience = [g for g in lower if g in _AUDIENCE]
    kinds = [g for g in lower if g not in _AUDIENCE]
    return [group for group in (audience, *([[g] for g in kinds] if c.every_genre else [kinds])) if group]


def unmet(c: Query, items: list[Item]) -> dict[str, bool]:
    """The facts asked (`Query` field names, a period as "years", a length as "runtime") that some
    of these items do not meet, each with whether none does: what the nearest cards leave out of the
    request ("not all of these are in Spanish", "none of these is in German")."""
    out = {}
    for field, kept in (
        ("language", lambda i: c.language is None or i.language == c.language),
        ("runtime", lambda i: passes(Query(runtime_max=c.runtime_max, runtime_min=c.runtime_min), i)),
        ("rating_min", lambda i: passes(Query(rating_min=c.rating_min), i)),
        ("years", lambda i: passes(Query(year_min=c.year_min, year_max=c.year_max), i)),
        ("require_genres", lambda i: passes(Query(require_genres=c.require_genres, every_genre=c.every_genre), i)),
    ):
        met = [kept(i) for i in items]
        if not all(met):
            out[field] = not any(met)
    return out


def about_avoided(c: Query, item: Item) -> bool:
    """Whether one of the item's keywords is a theme the person wants to avoid ("serial killer")."""
    return bool(c.avoid) and any(theme in keyword.lower() for keyword in item.keywords for theme in c.avoid)


def _unit(v: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(v))
    return v / n if n else v


class Retriever:
    """`pool`: candidates fetched from each collection; `popular_pool`: the most popular items,
    always candidates (docs/measured.md has what larger pools cost and bring)."""

    def __init__(
        self,
        store: CatalogStore,
        titles: TitleIndex,
        weights: RankWeights | None = None,
        pool: int = default("retrieval_pool"),
        popular_pool: int = default("popular_pool"),
        fame: float = default("identify_fame"),
        words: float = default("identify_words"),
        trees: TreeRanker | None = None,
    ):
        """`fame`, `words`: how much a film's popularity and the words its record shares with a
        description count in finding it by that description (`identify`), beside text similarity.
        `trees`: the ranker, where not the blend of `weights` (whose `dislike` pushes either, and
        whose zero `collab` or `popularity` leaves those candidates out of either)."""
        self.store, self.titles, self.weights = store, titles, weights or RankWeights()
        self.trees = trees
        self.pool, self.popular_pool, self.fame, self.words = pool, popular_pool, fame, words

    @property
    def ranker(self) -> TreeRanker | RankWeights:
        """What scores the candidates: the trees where given, else the blend."""
        return self.trees or self.weights

    def items(self, ids: list[str]) -> list[Item]:
        """The catalog items with these ids that exist, in the store's order."""
        return [item for item, _ in self.store.items(ids)]

    def find(self, title: str) -> Item | None:
        """The catalog item a title names ("Heat", "Heat (1995)"), or None."""
        hit = self.titles.resolve(title)
        found = self.items([hit[0]]) if hit else []
        return found[0] if found else None

    def series(self, item: Item) -> list[Item]:
        """The catalog's films of the series `item` is part of, itself included, oldest first; empty
        when its title names no series."""
        films = self.items([item_id for _, item_id, _ in self.titles.series_of(item.id, item.title)])
        return sorted(films, key=lambda f: (f.year or 9999, f.title))

    def size(self) -> int:
        """How many items the catalog holds."""
        return self.store.count()

    def name(self, item: Item) -> str:
        """How a profile names this item: its title, or "Title (Year)" when the title alone is another's."""
        return self.titles.name(item.id, item.title, item.year)

    def _ids(self, names) -> dict[str, str]:
        """Names that are catalog titles → {item id: title}."""
        found = {}
        for name in names:
            hit = self.titles.resolve(name)  # also a misspelling stored before
            if hit:
                found[hit[0]] = hit[1]
        return found

    def _text_query(self, text: str, liked_vecs: dict[str, np.ndarray]) -> np.ndarray:
        parts = [_unit(self.store.embed_query(text))] if text else []
        if liked_vecs:
            parts.append(_unit(np.mean(list(liked_vecs.values()), axis=0)))
        if not parts:  # nothing to go on yet: popular, well-described items near a neutral query
            parts.append(_unit(self.store.embed_query("a great movie")))
        return _unit(np.sum(parts, axis=0))

    def identify(self, q: Query, k: int) -> list[Item]:
        """The k films that fit a description best ("a weatherman who relives the same day"; `q.text`),
        among those with the facts it states (German, from the eighties), or without them when none
        has them: nearest in text, a well-known film before an obscure one as near."""
        vec, pool = _unit(self.store.embed_query(q.text)), max(self.pool, k)
        by_words = dict(self.store.words().top(q.text, pool)) if self.words else {}
        for c in [q, *q.relaxed()]:
            rows = {item.id: (item, sim) for item, sim, _ in self.store.query(vec, pool, build_where(c))}
            # the films nearest in words, which the sentence embedder may not have among its nearest
            fresh = [i for i in by_words if i not in rows]
            rows |= {item.id: (item, float(v @ vec)) for item, v in self.store.items(fresh) if passes(c, item)}
            if rows:
                break
        if not rows:
            return []
        ids = list(rows)
        known = fame(np.array([rows[i][0].popularity for i in ids]), self.store.max_popularity())
        shared = self.store.words().scores(q.text, ids) if self.words else dict.fromkeys(ids, 0.0)
        score = {i: rows[i][1] + self.words * shared[i] + self.fame * f for i, f in zip(ids, known, strict=True)}
        return [rows[i][0] for i in sorted(ids, key=lambda i: (-score[i], i))[:k]]

    def search(self, q: Query, k: int) -> list[Hit]:
        """The top k hits; when what was asked rules out everything (no French horror under 80
        minutes, or a catalog without those facts), the nearest without it (`Query.relaxed`): the
        caller can tell by `passes`."""
        hits = self._search(q, k)
        for looser in q.relaxed():
            if hits:
                break
            hits = self._search(looser, k)
        return hits

    def _search(self, q: Query, k: int) -> list[Hit]:
        w = self.weights
        liked, disliked = self._ids(q.liked), self._ids(q.disliked)
        focus = {i: name for i, name in self._ids(q.focus).items() if i not in disliked}
        # what "more like" means: the titles this message liked, else the conversation's items
        # (liked, and shown without being rejected)
        about = list(focus) or [i for i in dict.fromkeys([*liked, *q.shown]) if i not in disliked]
        anchors = focus or liked  # the liked titles a hit's "because" may name
        known = {item.id: (item, vec) for item, vec in self.store.items([*about, *disliked])}
        liked_vecs = {i: known[i][1] for i in anchors if i in known}
        disliked_vecs = [known[i][1] for i in disliked if i in known]
        query = self._text_query(q.text, liked_vecs)
        seen = set(liked) | set(disliked) | set(q.shown) | set(self._ids(q.seen))
        where = build_where(q)
        pool = max(self.pool, k) + len(seen)
        candidates = {item.id: (item, sim, vec) for item, sim, vec in self.store.query(query, pool, where)}

        collab = self.store.collab.vectors([*about, *disliked]) if w.collab else {}
        about_collab = [collab[i] for i in about if i in collab]
        disliked_collab = [collab[i] for i in disliked if i in collab]
        more = self.store.most_popular(self.popular_pool) if w.popularity and self.store.max_popularity() else []
        if about_collab:
            more += list(self.store.collab.query(np.mean(about_collab, axis=0), pool))
        fresh = [i for i in dict.fromkeys(more) if i not in candidates and i not in seen]
        for item, vec in self.store.items(fresh):
            if passes(q, item):
                candidates[item.id] = (item, float(vec @ query), vec)
        rows = [c for i, c in candidates.items() if i not in seen and not about_avoided(q, c[0])]
        if not rows:
            return []
        about_items = [known[i][0] for i in about if i in known]
        ranked = self._score(q, rows, about_items, len(about), about_collab, disliked_vecs, disliked_collab)
        ranked.sort(key=lambda r: (-r[0], r[1].id))
        hits = []
        for score, item, vec in ranked[:k]:
            closest = max(liked_vecs, key=lambda i: float(vec @ liked_vecs[i]), default=None)
            because = anchors[closest] if closest else None
            hits.append(Hit(item.id, round(float(score), 4), item, self._why(q, item, because), because))
        return hits

    def _score(self, q: Query, rows, about_items, n_about, about_collab, disliked_vecs, disliked_collab):
        """(score, item, text vector) per candidate row, by the ranker, from TREE_FEATURES less the
        push of disliked items, which repel as a liked item's neighbours would be drawn in either
        space: closeness to one is taken off the text and collaborative similarities."""
        w = self.weights
        items = [item for item, _, _ in rows]
        vecs = np.array([vec for _, _, vec in rows], dtype=np.float32)
        collab_of = self.store.collab.vectors([i.id for i in items]) if about_collab or disliked_collab else {}
        size = len(next(iter(about_collab or disliked_collab), [0.0]))
        collab = np.array([collab_of.get(i.id, np.zeros(size, np.float32)) for i in items], dtype=np.float32)
        names = {g.lower() for i in [*items, *about_items] for g in i.genres} | {g.lower() for g in q.genres}
        vocabulary = {g: c for c, g in enumerate(sorted(names))}
        about_matrix = np.array(about_collab, dtype=np.float32).reshape(-1, size)
        x = np.hstack(
            [
                features(
                    np.array([sim for _, sim, _ in rows], dtype=np.float32),
                    collab,
                    about_matrix,
                    np.array([i.popularity for i in items], dtype=np.float32),
                    self.store.max_popularity(),
                    genre_rows((i.genres for i in items), vocabulary),
                    genre_rows([q.genres], vocabulary)[0],
                    genre_rows((i.genres for i in about_items), vocabulary),
                ),
                context_features(
                    collab, about_matrix, n_about, np.array([float(i.year or 0) for i in items], np.float32)
                ),
            ]
        )
        if disliked_vecs:
            x[:, PUSHED_TEXT] -= w.dislike * np.maximum((vecs @ np.array(disliked_vecs).T).max(axis=1), 0.0)[:, None]
        if q.avoid:  # items about an avoided theme without the keyword for it: pushed as a dislike would be
            themes = np.array([_unit(self.store.embed_query(theme)) for theme in q.avoid])
            x[:, PUSHED_TEXT] -= w.dislike * np.maximum((vecs @ themes.T).max(axis=1), 0.0)[:, None]
        if disliked_collab:
            x[:, PUSHED_COLLAB] -= (
                w.dislike * np.maximum((collab @ np.array(disliked_collab).T).max(axis=1), 0.0)[:, None]
            )
        scores = self.ranker.score(x)
        return [(float(score), item, vec) for score, item, vec in zip(scores, items, vecs, strict=True)]

    def popular_diverse(self, k: int) -> list[Hit]:
        """For someone FlexRec knows nothing about: popular items that span tastes. In popularity
        order, an item is taken only if it shares at most a fifth of its genres with each one taken
        (genre-set Jaccard ≤ 0.2); the rest fill up by popularity."""
        items = [item for item, _ in self.store.items(self.store.most_popular(self.popular_pool))]
        items.sort(key=lambda i: (-i.popularity, i.id))

        def overlap(a: Item, b: Item) -> float:
            x, y = set(a.genres), set(b.genres)
            return len(x & y) / len(x | y) if x | y else 1.0

        picked: list[Item] = []
        for item in items:
            if len(picked) < k and all(overlap(item, p) <= 0.2 for p in picked):
                picked.append(item)
        picked += [i for i in items if i not in picked][: k - len(picked)]
        return [Hit(i.id, i.popularity, i, self._popular_why(i)) for i in picked]

    @staticmethod
    def _popular_why(item: Item) -> str:
        genres = f": {', '.join(item.genres[:2]).lower()}" if item.genres else ""
        return f"Popular with many viewers{genres}"

    @staticmethod
    def _why(c: Query, item: Item, because: str | None) -> str:
        """One line from profile and catalog facts only: the closest liked title, matching wants."""
        reasons = [f"because you liked {because}"] if because else []
        asked = {g.lower() for g in c.require_genres}
        if matching := [g for g in item.genres if g.lower() in asked]:
            reasons.append(f"it is {' and '.join(matching).lower()}, as you asked")
        loved = {g.lower() for g in c.genres} - asked  # lasting taste: "I love westerns"
        if loved_too := [g for g in item.genres if g.lower() in loved]:
            reasons.append(f"{' and '.join(loved_too).lower()}, a kind you love")
        if item.year and (c.year_min or c.year_max):
            reasons.append(f"from {item.year}, in the period you asked for")
        if c.language and item.language == c.language:
            reasons.append(f"in {LANGUAGES.get(item.language, item.language)}, as you asked")
        if (c.runtime_max or c.runtime_min) and item.runtime:
            reasons.append(f"{item.runtime} minutes long")
        if c.rating_min and item.rating:
            reasons.append(f"rated {item.rating:.1f}/10 by {item.votes or 0:,} viewers")
        if not reasons and item.genres:
            reasons.append(f"{', '.join(item.genres[:2]).lower()} that matches what you described")
        text = "; ".join(reasons)
        return text[0].upper() + text[1:] if text else "Popular with many viewers"
