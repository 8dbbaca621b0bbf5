"""How a candidate is scored: five features and the weights that blend them.

One function computes the features, both in the chat (Retriever.search) and where the weights are
learned (scripts/experiments/fit_rank_weights.py), so a learned weight means the same thing in
both places. The weights were fitted by logistic regression on ReDial *train* targets and checked
on valid (docs/experiments/rank-weights.md); each stays settable (FLEXREC_RANK_*). One, collab,
was raised after the fit, where both held-out checks agree (docs/measured.md).

The other ranker (FLEXREC_RANKER=trees) is gradient-boosted trees over those features and three
more (TREE_FEATURES), fitted on ReDial train (scripts/fit_rank_trees.py; docs/experiments/rank-trees.md):
they see what a weighted sum cannot, such as collaborative closeness mattering more once a
conversation has named a few films, and find more of what ReDial's recommenders named; on the
chat's own turns they lose a few checks, so the blend stays the default. They are constrained to
rise with every similarity, so closeness to a disliked item, taken off a similarity (PUSHED_TEXT,
PUSHED_COLLAB), can only lower an item.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import astuple, dataclass, fields
from pathlib import Path

import numpy as np

from flexrec.settings import BUNDLED_TREES, default

FEATURES = ("text", "collab", "popularity", "genre", "genre_taste")
# the trees' features: FEATURES, the largest collaborative similarity to one of the conversation's
# items (beside the mean), how many items the conversation has, and the item's year (0: unknown)
TREE_FEATURES = (*FEATURES, "collab_max", "conversation_items", "year")
# which features lower an item when closeness to a disliked item or an avoided theme is subtracted
PUSHED_TEXT = (TREE_FEATURES.index("text"),)
PUSHED_COLLAB = (TREE_FEATURES.index("collab"), TREE_FEATURES.index("collab_max"))
TREES = BUNDLED_TREES  # the shipped trees, beside the bundled catalog
# the one class the shipped file holds beyond what skops trusts by default: scikit-learn's tree
TRUSTED = ["sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor"]


@dataclass(frozen=True)
class RankWeights:
    """The blend of FEATURES (in that order), then how hard closeness to a disliked item pushes down."""

    # The defaults are the settings' (flexrec/settings.py, FLEXREC_RANK_*): one source for each number.
    text: float = default("rank_text")  # cosine similarity of the item's text to the message and liked items
    collab: float = default("rank_collab")  # collaborative vector · the mean vector of the conversation's items
    popularity: float = default("rank_popularity")  # log popularity, scaled to 0..1 over the catalog
    genre: float = default("rank_genre")  # share of the asked-for genres the item has
    genre_taste: float = default("rank_genre_taste")  # cosine of the item's genres with the conversation's items'
    dislike: float = default("rank_dislike")  # closeness to a disliked item, subtracted

    def blend(self) -> np.ndarray:
        return np.array(astuple(self)[: len(FEATURES)], dtype=np.float32)

    def score(self, x: np.ndarray) -> np.ndarray:
        """Candidates × TREE_FEATURES (or FEATURES) → the blend of the first five."""
        return x[:, : len(FEATURES)] @ self.blend()


assert tuple(f.name for f in fields(RankWeights))[: len(FEATURES)] == FEATURES


def genre_rows(genre_lists: Iterable[Sequence[str]], vocabulary: dict[str, int]) -> np.ndarray:
    """One 0/1 row per item over `vocabulary` (lower-cased genre → column); unknown genres drop."""
    lists = list(genre_lists)
    rows = np.zeros((len(lists), len(vocabulary)), dtype=np.float32)
    for r, genres in enumerate(lists):
        for g in genres:
            if (c := vocabulary.get(g.lower())) is not None:
                rows[r, c] = 1.0
    return rows


def fame(popularity: np.ndarray, max_popularity: float) -> np.ndarray:
    """Log popularity scaled to 0..1 over the catalog: the ranking's popularity feature, and what
    favours a well-known film in a lookup by description."""
    return np.log1p(popularity) / (np.log1p(max_popularity) or 1.0)


def features(
    text: np.ndarray,
    collab: np.ndarray,
    about_collab: np.ndarray,
    popularity: np.ndarray,
    max_popularity: float,
    genres: np.ndarray,
    wanted: np.ndarray,
    about_genres: np.ndarray,
) -> np.ndarray:
    """Candidates × FEATURES.

    text: (n,) cosine similarities; collab: (n, d) collaborative vectors (zero rows: none);
    about_collab: (m, d) those of the conversation's items (m may be 0); popularity: (n,) raw;
    genres: (n, G) genre_rows of the candidates; wanted: (G,) the asked-for genres, 0/1;
    about_genres: (m', G) genre_rows of the conversation's items."""
    n = len(text)
    if len(about_collab):
        collab_mean = collab @ about_collab.mean(axis=0)
    else:
        collab_mean = np.zeros(n, dtype=np.float32)
    share = genres @ wanted / wanted.sum() if wanted.sum() else np.zeros(n, dtype=np.float32)
    taste = about_genres.mean(axis=0) if len(about_genres) else np.zeros(genres.shape[1], dtype=np.float32)
    norms = np.linalg.norm(genres, axis=1) * np.linalg.norm(taste)
    cosine = np.divide(genres @ taste, norms, out=np.zeros(n, dtype=np.float32), where=norms > 0)
    return np.column_stack([text, collab_mean, fame(popularity, max_popularity), share, cosine]).astype(np.float32)


def context_features(collab: np.ndarray, about_collab: np.ndarray, about: int, years: np.ndarray) -> np.ndarray:
    """Candidates × the three TREE_FEATURES after FEATURES. collab, about_collab: as for `features`;
    about: how many items the conversation has (with or without collaborative vectors); years: (n,)."""
    n = len(collab)
    closest = (collab @ about_collab.T).max(axis=1) if len(about_collab) else np.zeros(n, dtype=np.float32)
    return np.column_stack([closest, np.full(n, about, dtype=np.float32), years]).astype(np.float32)


class TreeRanker:
    """scikit-learn's HistGradientBoostingClassifier over TREE_FEATURES (is this candidate the film
    a ReDial recommender named next?), read with skops, which refuses any type it is not told to
    trust: a model file cannot run code as a pickle can."""

    def __init__(self, model, features: Sequence[str] = TREE_FEATURES):
        """`features`: those of TREE_FEATURES the model reads, in its order."""
        from threadpoolctl import ThreadpoolController

        self.model, self._threads = model, ThreadpoolController()
        self.columns = [TREE_FEATURES.index(f) for f in features]

    @classmethod
    def load(cls, path: Path = TREES) -> TreeRanker:
        """The trees saved at `path` (default: the shipped ones), checked against the features
        `about` (the JSON beside it) says they were fitted on, any of TREE_FEATURES."""
        import skops.io

        about = json.loads(path.with_suffix(".json").read_text())
        model = skops.io.load(path, trusted=TRUSTED)
        if not set(about["features"]) <= set(TREE_FEATURES) or model.n_features_in_ != len(about["features"]):
            raise ValueError(f"{path} was fitted on other features than {about['features']}")
        return cls(model, about["features"])

    def score(self, x: np.ndarray) -> np.ndarray:
        """Candidates × TREE_FEATURES → log-odds of being the one named. On one thread: a few
        hundred candidates are too few to share out, and scikit-learn's OpenMP pool and torch's
        contend, which made each call 2.5 times as slow (bench/ranking.py)."""
        with self._threads.limit(limits=1, user_api="openmp"):
            return self.model.decision_function(x[:, self.columns])
