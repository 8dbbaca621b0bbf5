"""Issue 4: how Recall on ReDial valid grows with the number of train dialogues we learn from.

The published systems learned from ReDial's 10,006 train dialogues; we may learn from the 3,200 of
train_data.jsonl (500 until 2026-12). This relearns popularity and the collaborative vectors
(MovieLens always included) from random subsets of train_data.jsonl and scores valid with the
shipped weights (redial_harness.py), so the slope per doubling of dialogues can be read off.

    .venv/bin/python scripts/experiments/learning_curve.py > docs/experiments/learning-curve.md
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from redial_harness import Harness, recall, subset  # noqa: E402

HALVINGS = 5  # sizes: none, then the whole file halved this many times, ..., the whole file
REPEATS = 3  # random subsets per size below the whole file


def main() -> None:
    from retrieval.ranking import RankWeights

    harness = Harness()
    blend = RankWeights().blend()
    rng = np.random.default_rng(0)
    print("# Recall against the number of train dialogues (issue 4)\n")
    print(
        "Output of `scripts/experiments/learning_curve.py`: valid targets without repeats, shipped weights, "
        f"popularity and collaborative vectors learned from n random train dialogues (mean of {REPEATS} "
        "random subsets for each size between) plus MovieLens.\n"
    )
    print("| train dialogues | R@1 | R@10 | R@50 |\n|---|---|---|---|")
    whole = len(harness.train)
    for size in (0, *(whole >> k for k in range(HALVINGS, -1, -1))):
        runs = []
        for _ in range(REPEATS if 0 < size < len(harness.train) else 1):
            dialogues = [harness.train[i] for i in rng.permutation(len(harness.train))[:size]]
            valid = harness.split("valid", dialogues)  # the last one: all of train
            runs.append(list(recall(valid, blend).values()))
        print(f"| {size} | " + " | ".join(f"{v:.3f}" for v in np.mean(runs, axis=0)) + " |", flush=True)

    from flexrec.evaluation import redial_data

    seen = redial_data.mention_counts(harness.train)
    print(f"\nWith all {whole}, split by whether the target is ever mentioned in them:\n")
    print("| targets (without repeats) | n | R@1 | R@10 | R@50 |\n|---|---|---|---|---|")
    for name, keep in (
        ("mentioned in train", lambda s: s.target in seen),
        ("never mentioned", lambda s: s.target not in seen),
    ):
        part = subset(valid, lambda s, keep=keep: keep(s) and not s.is_repeat)
        cells = " | ".join(f"{v:.3f}" for v in recall(part, blend).values())
        print(f"| {name} | {len(part.samples)} | {cells} |")


if __name__ == "__main__":
    main()
