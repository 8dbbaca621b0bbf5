"""A numpy harness for ranking experiments on ReDial: seconds per variant instead of a 20-minute
`flexrec eval redial` run.

Every sample (a recommender's mention, as in flexrec/evaluation/redial_data.py) becomes a list of
candidates with retrieval/ranking.py's features, computed by the product's own `features()` from
the same catalog vectors. Two things are simplified, so compare variants here and confirm the
chosen one with `flexrec eval redial`:
- the conversation's movies are the ids mentioned before (the product finds them by title), and
  the asked-for genres are the rule reader's genres over the seeker's messages;
- the candidates are the TOP best of the whole catalog under the old default blend (text, collab,
  popularity, genre), not the product's pools; a target outside them is a miss.

Train samples are scored *as if unseen*: their dialogue is left out of the popularity counts and
out of the collaborative vectors (learned per fold, FOLDS folds of the train dialogues).
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared" / "data"
OUT = ROOT / "eval-out" / "harness"
TOP = 300
FOLDS = 5
OLD_BLEND = np.array([0.4, 1.0, 0.1, 0.05, 0.0], dtype=np.float32)  # RankWeights before the fit


@dataclass
class Split:
    samples: list  # redial_data.Sample
    candidates: list[np.ndarray]  # per sample: catalog rows, best first under OLD_BLEND
    features: list[np.ndarray]  # per sample: candidates × FEATURES
    target: list[int | None]  # per sample: the target's position among the candidates


class Harness:
    def __init__(self, settings=None):
        from flexrec.evaluation import redial_data
        from flexrec.evaluation.redial import collab_baskets, open_redial_catalog
        from flexrec.services import go_offline
        from flexrec.settings import Settings
        from retrieval.ranking import genre_rows

        go_offline()
        self.train = redial_data.read_dialogues(SHARED / "redial" / "train_data.jsonl")
        self.valid = redial_data.read_dialogues(SHARED / "redial" / "valid_data.jsonl")
        self.store, self.titles, _ = open_redial_catalog(settings or Settings(), SHARED, self.train, OUT)
        got = self.store.collection.get(include=["embeddings"])
        self.ids = got["ids"]
        self.index = {m: i for i, m in enumerate(self.ids)}
        self.text_vectors = np.asarray(got["embeddings"], dtype=np.float32)
        items = {i.id: i for i in self.store.all_items()}
        vocabulary = {g: c for c, g in enumerate(sorted({g.lower() for i in items.values() for g in i.genres}))}
        self.vocabulary = vocabulary
        self.genres = genre_rows((items[m].genres for m in self.ids), vocabulary)
        self.movielens = collab_baskets(SHARED, [])

    def popularity(self, dialogues: list[dict]) -> np.ndarray:
        from flexrec.evaluation import redial_data

        counts = np.zeros(len(self.ids), dtype=np.float32)
        for movie, n in redial_data.mention_counts(dialogues).items():
            if movie in self.index:  # one train mention names a movie outside ReDial's list
                counts[self.index[movie]] = n
        return counts

    def collab(self, dialogues: list[dict], dim: int | None = None, damping: float | None = None) -> np.ndarray:
        """Collaborative vectors learned from these dialogues and MovieLens, as rows of the catalog
        (retrieval/collab.py's dimensions and damping unless given)."""
        from flexrec.evaluation import redial_data
        from flexrec.evaluation.redial_data import DIALOGUE_WEIGHT
        from retrieval.collab import DAMPING, DIM, learn_vectors

        dim, damping = dim or DIM, DAMPING if damping is None else damping
        baskets = redial_data.baskets(dialogues, DIALOGUE_WEIGHT) + self.movielens
        rows = np.zeros((len(self.ids), dim), dtype=np.float32)
        for movie, vector in learn_vectors(baskets, dim, damping).items():
            if movie in self.index:
                rows[self.index[movie]] = vector
        return rows

    def contexts(self, samples) -> np.ndarray:
        """The embedded dialogue text of each sample, cached by content."""
        from flexrec.evaluation.redial import context_text

        texts = [context_text(s) for s in samples]
        path = OUT / f"contexts-{hashlib.sha1(chr(0).join(texts).encode()).hexdigest()[:12]}.npy"
        if not path.exists():
            OUT.mkdir(parents=True, exist_ok=True)
            print(f"embedding {len(texts)} dialogue contexts (cached after)…", file=sys.stderr)
            np.save(path, np.asarray(self.store.embeddings.embed_documents(texts), dtype=np.float32))
        return np.load(path)

    def wanted(self, sample) -> np.ndarray:
        """The asked-for genres: the rule reader's, over the seeker's messages so far."""
        from bot.reading import Reader
        from retrieval.ranking import genre_rows
        from retrieval.titles import TitleIndex

        reader = Reader(TitleIndex([]))
        genres = [g for role, text in sample.context if role == "seeker" for g in reader.read(text).delta.genres]
        return genre_rows([genres], self.vocabulary)[0]

    def split(self, name: str, train: list[dict] | None = None) -> Split:
        """`valid`: scored with everything learned from all of `train` (default: the train file).
        `train`: each sample scored with what its dialogue's fold left out."""
        from flexrec.evaluation import redial_data

        train = self.train if train is None else train
        if name == "valid":
            groups = [(self.valid, self.popularity(train), self.collab(train))]
        else:
            groups = []
            for fold in range(FOLDS):
                held = [d for k, d in enumerate(train) if k % FOLDS == fold]
                rest = [d for k, d in enumerate(train) if k % FOLDS != fold]
                groups.append((held, self.popularity(rest), self.collab(rest)))
        split = Split([], [], [], [])
        for dialogues, popularity, collab in groups:
            samples = [s for d in dialogues for s in redial_data.samples(d) if s.target in self.index]
            self._add(split, samples, popularity, collab)
        return split

    def _add(self, split: Split, samples, popularity: np.ndarray, collab: np.ndarray) -> None:
        from retrieval.ranking import features

        if not samples:
            return
        text = self.contexts(samples) @ self.text_vectors.T
        top = float(popularity.max())
        empty = np.zeros((0, collab.shape[1]), dtype=np.float32)
        for q, sample in enumerate(samples):
            about = [self.index[m] for m in sample.mentioned_before if m in self.index]
            wanted = self.wanted(sample)
            everything = features(
                text[q], collab, collab[about] if about else empty, popularity, top, self.genres, wanted,
                self.genres[about],
            )  # fmt: skip
            score = everything @ OLD_BLEND
            score[about] = -np.inf
            rows = np.argsort(-score, kind="stable")[:TOP]
            hit = np.flatnonzero(rows == self.index[sample.target])
            split.samples.append(sample)
            split.candidates.append(rows)
            split.features.append(everything[rows])
            split.target.append(int(hit[0]) if len(hit) else None)


def subset(split: Split, keep) -> Split:
    """The samples for which keep(sample) is true."""
    rows = [i for i, s in enumerate(split.samples) if keep(s)]
    return Split(*([getattr(split, f)[i] for i in rows] for f in ("samples", "candidates", "features", "target")))


def recall(split: Split, blend: np.ndarray, ks=(1, 10, 50)) -> dict[str, float]:
    """Recall@k without repeats (the dedup protocol) of the candidates ordered by `blend`."""
    hits, n = np.zeros(len(ks)), 0
    for sample, feats, target in zip(split.samples, split.features, split.target, strict=True):
        if sample.is_repeat:
            continue
        n += 1
        if target is not None:
            score = feats @ blend
            rank = int((score > score[target]).sum())
            hits += [rank < k for k in ks]
    return {f"R@{k}": round(float(h / n), 3) for k, h in zip(ks, hits, strict=True)}


def fit(split: Split, columns: list[int] | None = None) -> np.ndarray:
    """Blend weights by logistic regression (target vs the other candidates), on standardized
    features, returned in raw units and scaled so that `text` weighs 0.4 as before."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    width = split.features[0].shape[1]
    columns = list(range(width)) if columns is None else columns
    x = np.vstack(split.features)[:, columns]
    y = np.concatenate([np.arange(len(f)) == t for f, t in zip(split.features, split.target, strict=True)])
    scaler = StandardScaler().fit(x)
    model = LogisticRegression(C=1.0, max_iter=5000).fit(scaler.transform(x), y)
    weights = np.zeros(width, dtype=np.float32)
    weights[columns] = model.coef_[0] / scaler.scale_
    return weights * (0.4 / weights[0]) if weights[0] > 0 else weights
