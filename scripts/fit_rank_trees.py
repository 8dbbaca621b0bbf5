"""Fit the tree ranker (`retrieval/ranking.py`, TreeRanker) on ReDial train and ship it (issue 28).

The samples are the harness's (scripts/experiments/rank_trees/rank_model.py): each recommender
mention of a train dialogue, its candidates the best 300 films under the old blend, scored with
popularity and collaborative vectors learned without that dialogue's fold. The setting and the
features were chosen on train only (fitted on folds 0-2, scored on folds 3-4:
docs/experiments/rank-trees.md); this script repeats that check for the record, then fits on all
train and writes `retrieval/data/rank_trees.skops` and the JSON beside it (how it was fitted).
Valid is not read here: `flexrec eval redial` measures the shipped ranker in the pipeline.

    .venv/bin/python scripts/fit_rank_trees.py [--without FEATURE ...] [--out FILE]   # ~2 min (~25 more
                                                       # the first time, to build the samples)
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
for path in (ROOT, ROOT / "scripts" / "experiments", ROOT / "scripts" / "experiments" / "rank_trees"):
    sys.path.insert(0, str(path))

from rank_model import EXTRA, load_splits, per_sample, recall_scores, sub, xy  # noqa: E402
from redial_harness import SHARED  # noqa: E402

from flexrec.evaluation.provenance import sha256  # noqa: E402
from retrieval.ranking import FEATURES, TREE_FEATURES, TREES, RankWeights  # noqa: E402

HARNESS = (*FEATURES, *EXTRA)  # the harness's columns
ARGS = argparse.ArgumentParser(description=__doc__.split("\n")[0])
ARGS.add_argument("--without", nargs="*", default=[], choices=TREE_FEATURES, help="features left out")
ARGS.add_argument("--out", type=Path, default=TREES, help="the model file (the JSON goes beside it)")
ARGS = ARGS.parse_args()
# the features the trees read: the harness's that the chat has too (TREE_FEATURES), less those left out
USED = tuple(f for f in TREE_FEATURES if f not in ARGS.without)
COLUMNS = [HARNESS.index(f) for f in USED]
# rising with every similarity, popularity and genre share; free in the conversation's size and the year
MONOTONE = {"text": 1, "collab": 1, "popularity": 1, "genre": 1, "genre_taste": 1, "collab_max": 1}
SETTING = {"learning_rate": 0.05, "max_iter": 400, "max_leaf_nodes": 15, "early_stopping": False, "random_state": 0}


def model():
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(**SETTING, monotonic_cst=[MONOTONE.get(f, 0) for f in USED])


def main() -> None:
    import skops.io

    train, _, fold = load_splits()
    fit_part = sub(train, lambda i, s: fold[i] in (0, 1, 2))
    check = sub(train, lambda i, s: fold[i] in (3, 4))
    x_check, _ = xy(check, COLUMNS)
    blend = RankWeights().blend()
    checked = {
        "shipped blend": recall_scores(check, [f[:, : len(FEATURES)] @ blend for f in check.features]),
        "trees": recall_scores(
            check, per_sample(check, model().fit(*xy(fit_part, COLUMNS)).decision_function(x_check))
        ),
    }
    print("train folds 0-2 → 3-4 (dedup):", checked, flush=True)
    started = time.time()
    trees = model().fit(*xy(train, COLUMNS))
    ARGS.out.parent.mkdir(parents=True, exist_ok=True)
    skops.io.dump(trees, ARGS.out, compression=8)  # zipfile.ZIP_DEFLATED
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    about = {
        "features": USED,
        "monotone": MONOTONE,
        "setting": SETTING,
        "fitted_on": {
            "file": "redial/train_data.jsonl",
            "sha256": sha256(SHARED / "redial" / "train_data.jsonl"),
            "samples": len(train.samples),
        },
        "train_folds_0_2_to_3_4": checked,
        "commit": commit.stdout.strip(),
        "date": time.strftime("%Y-%m-%d"),
        "seconds": round(time.time() - started),
    }
    ARGS.out.with_suffix(".json").write_text(json.dumps(about, indent=1) + "\n")
    print(f"wrote {ARGS.out} ({ARGS.out.stat().st_size // 1024} KiB) and its JSON")
    assert np.isfinite(trees.decision_function(x_check[:10])).all()


if __name__ == "__main__":
    main()
