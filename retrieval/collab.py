"""Collaborative item vectors ("people who like A also like B") and the Chroma collection holding them.

Semantic similarity misses taste that text does not state: fans of Deadpool also name Guardians of
the Galaxy. The vectors are learned from *baskets* (the movies one MovieLens user rated 4 or more,
the movies one ReDial dialogue mentions) by a truncated SVD of the item × basket matrix (PureSVD,
scipy's `svds`), with each item's column divided by (its norm + DAMPING) before the SVD. Then the
inner product of two item vectors approximates their co-occurrence cosine, shrunk for items seen in
few baskets, which otherwise look alike by chance. Because the length of a vector carries how well
supported it is, the collection uses inner-product space, not cosine.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from flexrec.errors import StoreError
from retrieval.catalog import read_arrays
from retrieval.guard import Guarded, location

log = logging.getLogger(__name__)

DIM = 256
DAMPING = 2.0  # chosen on ReDial valid among 0, 2 and 10 (docs/measured.md)


def learn_vectors(
    baskets: Iterable[tuple[Sequence[str], float]], dim: int = DIM, damping: float = DAMPING
) -> dict[str, np.ndarray]:
    """Item id → vector from (item ids, weight) baskets; an item in no basket gets no vector."""
    import scipy.sparse as sp
    from scipy.sparse.linalg import svds

    rows, cols, vals, ids = [], [], [], {}
    for row, (items, weight) in enumerate(baskets):
        for item in dict.fromkeys(items):
            rows.append(row)
            cols.append(ids.setdefault(item, len(ids)))
            vals.append(float(weight))
    if not ids:
        return {}
    x = sp.csc_matrix((vals, (rows, cols)), shape=(max(rows) + 1, len(ids)), dtype=np.float64)
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=0)).ravel())
    damped = (x @ sp.diags(1.0 / (norms + damping))).T.tocsr()  # items × baskets
    k = min(dim, min(damped.shape) - 1)
    if k < 1:
        dense = damped.toarray()  # too small to factor: the damped columns are the vectors
        return {item: dense[i].astype(np.float32) for item, i in ids.items()}
    u, s, _ = svds(damped, k=k, random_state=0)
    vectors = (u * s).astype(np.float32)
    return {item: vectors[i] for item, i in ids.items()}


def collab_path(catalog: str | Path) -> Path:
    """Where a catalog ships its collaborative vectors: movies.collab.npz beside movies.jsonl."""
    catalog = Path(catalog)
    return catalog.with_name(f"{catalog.stem}.collab.npz")


def save_vectors(path: Path, vectors: dict[str, np.ndarray]) -> None:
    ids = sorted(vectors)
    np.savez_compressed(path, ids=np.array(ids), vectors=np.array([vectors[i] for i in ids], dtype=np.float16))


def load_vectors(path: Path) -> dict[str, np.ndarray]:
    data = read_arrays(path, ("ids", "vectors"))
    if data is None:
        return {}
    return {str(i): v.astype(np.float32) for i, v in zip(data["ids"], data["vectors"], strict=True)}


class CollabStore:
    """The second Chroma collection: one collaborative vector per catalog item that has one."""

    def __init__(self, client, name: str):
        self.client, self.name = client, name
        self.collection = self._open()

    def _open(self):
        try:
            collection = self.client.get_or_create_collection(
                self.name, embedding_function=None, configuration={"hnsw": {"space": "ip"}}
            )
        except Exception as exc:
            raise StoreError(f"cannot open Chroma collection {self.name!r}: {exc}") from exc
        return Guarded(collection, location(self.client))  # unreachable: StoreError (retrieval/guard.py)

    def _recreate(self) -> None:
        self.client.delete_collection(self.name)
        self.collection = self._open()

    def _dimension(self) -> int | None:
        got = self.collection.peek(1)
        return len(got["embeddings"][0]) if got["ids"] else None

    def count(self) -> int:
        return self.collection.count()

    def replace(self, vectors: dict[str, np.ndarray]) -> None:
        """Hold exactly `vectors`: items without one lose any they had (an eval fold relearns them)."""
        self._recreate()
        self.upsert(vectors)

    def upsert(self, vectors: dict[str, np.ndarray], batch_size: int = 2048) -> None:
        """Add or update vectors by id. Vectors of another size than those stored replace them all:
        two learned spaces cannot be mixed."""
        if not vectors:
            return
        size, stored = len(next(iter(vectors.values()))), self._dimension()
        if stored is not None and stored != size:
            log.warning("collaborative vectors changed size (%d → %d): replacing them all", stored, size)
            self._recreate()
        ids = sorted(vectors)
        for start in range(0, len(ids), batch_size):
            chunk = ids[start : start + batch_size]
            self.collection.upsert(ids=chunk, embeddings=[vectors[i].tolist() for i in chunk])

    def vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        if not ids:
            return {}
        got = self.collection.get(ids=list(dict.fromkeys(ids)), include=["embeddings"])
        return {i: np.asarray(e, dtype=np.float32) for i, e in zip(got["ids"], got["embeddings"], strict=True)}

    def query(self, vector: np.ndarray, k: int) -> dict[str, float]:
        """The k items with the largest inner product with `vector`: id → score."""
        n = self.count()
        if not n:
            return {}
        got = self.collection.query(query_embeddings=[vector.tolist()], n_results=min(k, n), include=["distances"])
        return {i: 1.0 - float(d) for i, d in zip(got["ids"][0], got["distances"][0], strict=True)}
