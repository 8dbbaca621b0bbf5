"""Issue 28: does the collaborative feature gain from weighting the conversation's movies by how
recently they came up, instead of their plain mean; and which dimensions and damping (chosen on
valid with 500 train dialogues) suit 3,200? Developed on ReDial *train* only.

The train dialogues are cut in FOLDS folds; each fold's samples are scored with popularity and
collaborative vectors learned from the other folds (redial_harness.py). Each variant's blend is
fitted by logistic regression on the samples of folds 0-2 and its recall is read on folds 3-4,
so the weights are never scored on what chose them. Valid is not read.

    .venv/bin/python scripts/experiments/collab_recency.py > docs/experiments/collab-recency.md
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from redial_harness import FOLDS, OLD_BLEND, TOP, Harness, Split, fit, recall  # noqa: E402


def ordered_mentions(dialogue: dict) -> list[list[str]]:
    """Per sample of redial_data.samples(dialogue), in the same order: the movies mentioned
    before it, oldest first (a movie mentioned again moves to the end)."""
    from flexrec.evaluation.redial_data import MENTION

    out, order = [], []
    recommender = dialogue["respondentWorkerId"]
    for message in dialogue["messages"]:
        ids = list(dict.fromkeys(MENTION.findall(message["text"])))
        if message["senderWorkerId"] == recommender and ids:
            out += [list(order)] * len(ids)
        order = [m for m in order if m not in ids] + ids
    return out


def weights_for(kind: str, n: int) -> np.ndarray:
    """How much each of n movies (oldest first) counts in the conversation's collaborative vector."""
    age = np.arange(n)[::-1].astype(np.float32)  # 0 for the latest
    if kind == "mean":
        w = np.ones(n, dtype=np.float32)
    elif kind == "last":
        w = (age == 0).astype(np.float32)
    elif kind.startswith("decay"):
        w = float(kind[5:]) ** age
    else:
        raise ValueError(kind)
    return w / w.sum()


# (query, dimensions, damping): the shipped collaborative model is ("mean", DIM, DAMPING)
VARIANTS = (
    ("mean", 256, 2.0),
    ("decay0.8", 256, 2.0),
    ("decay0.6", 256, 2.0),
    ("decay0.4", 256, 2.0),
    ("last", 256, 2.0),
    ("mean", 128, 2.0),
    ("mean", 512, 2.0),
    ("mean", 256, 0.5),
    ("mean", 256, 5.0),
)


def build(harness: Harness) -> dict[str, Split]:
    from flexrec.evaluation import redial_data
    from retrieval.ranking import features

    splits = {v: Split([], [], [], []) for v in VARIANTS}
    for fold in range(FOLDS):
        held = [d for k, d in enumerate(harness.train) if k % FOLDS == fold]
        rest = [d for k, d in enumerate(harness.train) if k % FOLDS != fold]
        popularity = harness.popularity(rest)
        models = {(d, g): harness.collab(rest, d, g) for _, d, g in VARIANTS}
        top = float(popularity.max())
        pairs = [
            (s, o)
            for d in held
            for s, o in zip(redial_data.samples(d), ordered_mentions(d), strict=True)
            if s.target in harness.index
        ]
        text = harness.contexts([s for s, _ in pairs]) @ harness.text_vectors.T
        for q, (sample, order) in enumerate(pairs):
            sample.fold = fold
            about = [harness.index[m] for m in order if m in harness.index]
            wanted = harness.wanted(sample)
            for variant in VARIANTS:
                query, collab = variant[0], models[variant[1:]]
                if about:
                    # features() takes the mean of about_collab: hand it the one weighted vector
                    mean = (weights_for(query, len(about))[:, None] * collab[about]).sum(axis=0, keepdims=True)
                else:
                    mean = np.zeros((0, collab.shape[1]), dtype=np.float32)
                everything = features(
                    text[q], collab, mean, popularity, top, harness.genres, wanted, harness.genres[about]
                )
                score = everything @ OLD_BLEND
                score[about] = -np.inf
                rows = np.argsort(-score, kind="stable")[:TOP]
                hit = np.flatnonzero(rows == harness.index[sample.target])
                split = splits[variant]
                split.samples.append(sample)
                split.candidates.append(rows)
                split.features.append(everything[rows])
                split.target.append(int(hit[0]) if len(hit) else None)
        print(f"fold {fold} done", file=sys.stderr, flush=True)
    return splits


def part(split: Split, folds: set[int]) -> Split:
    rows = [i for i, s in enumerate(split.samples) if s.fold in folds]
    return Split(*([getattr(split, f)[i] for i in rows] for f in ("samples", "candidates", "features", "target")))


def main() -> None:
    from retrieval.ranking import FEATURES

    harness = Harness()
    splits = build(harness)
    fit_folds, read_folds = {0, 1, 2}, set(range(3, FOLDS))
    n_read = sum(not s.is_repeat for s in part(splits[VARIANTS[0]], read_folds).samples)
    print("# Recency in the collaborative feature (issue 28)\n")
    print(
        f"Output of `scripts/experiments/collab_recency.py`: ReDial *train* only, {FOLDS} folds of "
        f"{len(harness.train)} dialogues, popularity and collaborative vectors of each fold learned from "
        f"the others. Blends fitted on folds 0-2, recall (repeats removed) read on the {n_read} targets "
        f"of folds 3-4. Candidates: each variant's best {TOP} under the old blend. Harness, not the "
        "product path (redial_harness.py).\n"
    )
    print("| collaborative query | dimensions | damping | " + " | ".join(FEATURES) + " | R@1 | R@10 | R@50 |")
    print("|---|---|---|" + "---|" * (len(FEATURES) + 3))
    for variant in VARIANTS:
        weights = fit(part(splits[variant], fit_folds))
        cells = [f"{w:.3f}" for w in weights] + [
            f"{v:.3f}" for v in recall(part(splits[variant], read_folds), weights).values()
        ]
        print(f"| {' | '.join(map(str, variant))} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
