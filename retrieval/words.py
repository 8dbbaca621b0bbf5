"""The catalog's records as words, for finding a film by what happens in it: "the one where a guy
lives the same day over and over" has the very words of *Groundhog Day*'s summary, which a small
sentence embedder ranks below films about "a day in the life". TF-IDF (scikit-learn) over each
item's summary and keywords, words and word pairs: a rare word or pair the description shares with a
summary counts for much, "the" and "movie" for nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from retrieval.catalog import Item


def _text(item: Item) -> str:
    return " ".join([item.overview, *item.keywords])


class WordIndex:
    """Built once per catalog state (the store rebuilds it after an ingestion)."""

    def __init__(self, items: Sequence[Item]):
        self.ids = [item.id for item in items]
        self._row = {item_id: n for n, item_id in enumerate(self.ids)}
        self._vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
        try:
            self._matrix = self._vectorizer.fit_transform([_text(item) for item in items])
        except ValueError:  # no word of two letters in any record (or no record): nothing to match by words
            self._matrix = None

    def _scores(self, text: str) -> np.ndarray:
        """Cosine of `text` with every item's words (TF-IDF rows are unit length)."""
        if self._matrix is None:
            return np.zeros(len(self.ids), dtype=np.float32)
        return (self._matrix @ self._vectorizer.transform([text]).T).toarray().ravel()

    def top(self, text: str, k: int) -> list[tuple[str, float]]:
        """The k items whose words are nearest the text's, with their scores; none that shares no word."""
        scores = self._scores(text)
        best = np.argsort(-scores, kind="stable")[:k]
        return [(self.ids[n], float(scores[n])) for n in best if scores[n] > 0]

    def scores(self, text: str, ids: Sequence[str]) -> dict[str, float]:
        """The text's score with each of these items (0 for an id the index does not hold)."""
        scores = self._scores(text)
        return {i: float(scores[self._row[i]]) if i in self._row else 0.0 for i in ids}
