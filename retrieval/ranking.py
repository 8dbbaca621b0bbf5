"""How a candidate is scored: five features and the weights that blend them.

One function computes the features, both in the chat (Retriever.search) and where the weights are
learned (scripts/experiments/fit_rank_weights.py), so a learned weight means the same thing in
both places. The weights were fitted by logistic regression on ReDial *train* targets and checked
on valid (docs/experiments/rank-weights.md); each stays settable (FLEXREC_RANK_*). One, collab,
was raised after the fit, where both held-out checks agree (docs/measured.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import astuple, dataclass, fields

import numpy as np

from flexrec.settings import default

FEATURES = ("text", "collab", "popularity", "genre", "genre_taste")


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
