"""Experiment (issue 28): a tree ranker (scikit-learn's HistGradientBoostingClassifier, pointwise)
over the harness's candidates (scripts/experiments/redial_harness.py), against the linear blend.
Chosen on train folds only: fitted on the train dialogues of folds 0-2 (k % 5), scored on folds 3-4;
`more.py` tries more settings the same way, then reads valid once for the one chosen.

    .venv/bin/python scripts/experiments/rank_trees/rank_model.py   # builds and caches the splits (~25 min)
    .venv/bin/python scripts/experiments/rank_trees/more.py b c      # more settings, train folds
    .venv/bin/python scripts/experiments/rank_trees/more.py --valid a

Output: docs/experiments/rank-trees.md. The cache goes to /tmp/rk (splits.pkl, ~1 GB)."""

from __future__ import annotations

import pickle
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "scripts" / "experiments"))
sys.path.insert(0, str(ROOT))
from redial_harness import Harness, Split, TOP, OLD_BLEND, fit, recall, FOLDS  # noqa

# named as retrieval/ranking.py names those it shares (TREE_FEATURES)
EXTRA = ("collab_max", "conversation_items", "n_turns", "year", "text_rank")
CACHE = Path("/tmp/rk/splits.pkl")


class Harness2(Harness):
    def __init__(self):
        super().__init__()
        items = {i.id: i for i in self.store.all_items()}
        self.years = np.array([float(items[m].year or 0) for m in self.ids], dtype=np.float32)

    def _add(self, split, samples, popularity, collab):
        from retrieval.ranking import context_features, features

        if not samples:
            return
        text = self.contexts(samples) @ self.text_vectors.T
        top = float(popularity.max())
        empty = np.zeros((0, collab.shape[1]), dtype=np.float32)
        for q, sample in enumerate(samples):
            about = [self.index[m] for m in sample.mentioned_before if m in self.index]
            wanted = self.wanted(sample)
            ev = features(
                text[q],
                collab,
                collab[about] if about else empty,
                popularity,
                top,
                self.genres,
                wanted,
                self.genres[about],
            )
            score = ev @ OLD_BLEND
            score[about] = -np.inf
            rows = np.argsort(-score, kind="stable")[:TOP]
            hit = np.flatnonzero(rows == self.index[sample.target])
            # EXTRA's order: collab_max, conversation_items (context_features, as the product computes them), then
            # n_turns, year, text_rank
            near = context_features(collab[rows], collab[about] if about else empty, len(about), self.years[rows])
            tr = np.argsort(np.argsort(-text[q][rows])).astype(np.float32)
            ex = np.column_stack([near[:, :2], np.full(len(rows), len(sample.context), np.float32), near[:, 2], tr])
            split.samples.append(sample)
            split.candidates.append(rows)
            split.features.append(np.hstack([ev[rows], ex]).astype(np.float32))
            split.target.append(int(hit[0]) if len(hit) else None)


def recall_scores(split, scores, ks=(1, 10, 50)):
    hits, n = np.zeros(len(ks)), 0
    for sample, sc, target in zip(split.samples, scores, split.target, strict=True):
        if sample.is_repeat:
            continue
        n += 1
        if target is not None:
            rank = int((sc > sc[target]).sum())
            hits += [rank < k for k in ks]
    return {f"R@{k}": round(float(h / n), 4) for k, h in zip(ks, hits, strict=True)}


def sub(split, keep):
    r = [i for i, s in enumerate(split.samples) if keep(i, s)]
    return Split(*([getattr(split, f)[i] for i in r] for f in ("samples", "candidates", "features", "target")))


def xy(split, cols):
    x = np.vstack([f[:, cols] for f in split.features])
    y = np.concatenate([np.arange(len(f)) == t for f, t in zip(split.features, split.target, strict=True)])
    return x, y


def per_sample(split, flat):
    out, i = [], 0
    for f in split.features:
        out.append(flat[i : i + len(f)])
        i += len(f)
    return out


def load_splits(cache: Path = CACHE):
    """(train split, valid split, each train sample's fold), built once and cached."""
    cache.parent.mkdir(exist_ok=True)
    if cache.exists():
        tr, va, fold = pickle.load(open(cache, "rb"))
    else:
        h = Harness2()
        t0 = time.time()
        tr = h.split("train")
        va = h.split("valid")
        order = {str(d["conversationId"]): k for k, d in enumerate(h.train)}
        fold = [order.get(s.dialogue_id, -1) % FOLDS for s in tr.samples]
        pickle.dump((tr, va, fold), open(cache, "wb"))
        print(f"splits built in {time.time() - t0:.0f}s", file=sys.stderr)
    return tr, va, fold


def main():
    tr, va, fold = load_splits()
    fit_part = sub(tr, lambda i, s: fold[i] in (0, 1, 2))
    check = sub(tr, lambda i, s: fold[i] in (3, 4))
    print(f"train folds 0-2: {len(fit_part.samples)} samples; folds 3-4: {len(check.samples)}", end="; ")
    print(f"unknown fold: {sum(f < 0 for f in fold)}")
    base5 = list(range(5))
    allc = list(range(5 + len(EXTRA)))
    from retrieval.ranking import RankWeights

    shipped = RankWeights().blend()
    print(
        "shipped blend, folds 3-4:",
        recall(Split(check.samples, check.candidates, [f[:, :5] for f in check.features], check.target), shipped),
    )
    lin = fit(Split(fit_part.samples, fit_part.candidates, [f[:, :5] for f in fit_part.features], fit_part.target))
    print(
        "linear refit (5), folds 3-4:",
        recall(Split(check.samples, check.candidates, [f[:, :5] for f in check.features], check.target), lin),
    )
    from sklearn.ensemble import HistGradientBoostingClassifier

    for cols, name in ((base5, "trees, 5 features"), (allc, "trees, 5 + extra")):
        for lr, it, leaves in ((0.1, 200, 31), (0.05, 400, 15)):
            x, y = xy(fit_part, cols)
            t0 = time.time()
            m = HistGradientBoostingClassifier(
                learning_rate=lr, max_iter=it, max_leaf_nodes=leaves, early_stopping=False, random_state=0
            ).fit(x, y)
            xc, _ = xy(check, cols)
            sc = per_sample(check, m.decision_function(xc))
            print(
                f"{name} lr={lr} it={it} leaves={leaves} ({time.time() - t0:.0f}s), folds 3-4:",
                recall_scores(check, sc),
                flush=True,
            )


if __name__ == "__main__":
    main()
