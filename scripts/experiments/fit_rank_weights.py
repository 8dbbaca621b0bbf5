"""Issue 4: learn RankWeights from ReDial *train* targets; check them on valid, with ablations.

Logistic regression of "is this candidate the movie the recommender named" on the candidates'
features (redial_harness.py), fitted on the train dialogues only: valid stays unseen, as the
data's rules require. Prints a markdown table (the old blend, the learned one, the shipped one,
the learned one refitted without each feature) and the learned weights to put in retrieval/ranking.py.

    .venv/bin/python scripts/experiments/fit_rank_weights.py > docs/experiments/rank-weights.md
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from redial_harness import OLD_BLEND, TOP, Harness, fit, recall  # noqa: E402


def main() -> None:
    from retrieval.ranking import FEATURES, RankWeights

    harness = Harness()
    train, valid = harness.split("train"), harness.split("valid")
    learned = fit(train)
    rows = [
        ("old blend (text, collab, popularity, genre)", OLD_BLEND),
        ("**learned, all features**", learned),
        ("shipped (retrieval/ranking.py)", RankWeights().blend()),
    ]
    for i, name in enumerate(FEATURES):
        rows.append((f"learned without `{name}`", fit(train, [c for c in range(len(FEATURES)) if c != i])))
    in_top = np.mean([t is not None for s, t in zip(valid.samples, valid.target, strict=True) if not s.is_repeat])
    print("# Learned ranking weights (issue 4)\n")
    print(
        f"Output of `scripts/experiments/fit_rank_weights.py`. Fitted on {len(train.samples)} targets of "
        f"`train_data.jsonl` (popularity and collaborative vectors cross-fitted: each dialogue's own movies "
        f"left out), evaluated on the {sum(not s.is_repeat for s in valid.samples)} non-repeat targets of "
        f"`valid_data.jsonl`. Candidates: the best {TOP} under the old blend ({in_top:.1%} of valid targets "
        "are among them), so Recall@50 has that ceiling here. Harness, not the product path: see "
        "`redial_harness.py`; the pipeline's own numbers are in docs/evaluation.md.\n"
    )
    print("| blend | " + " | ".join(FEATURES) + " | R@1 | R@10 | R@50 |")
    print("|---|" + "---|" * (len(FEATURES) + 3))
    for name, weights in rows:
        cells = [f"{w:.3f}" for w in weights] + [f"{v:.3f}" for v in recall(valid, weights).values()]
        print(f"| {name} | " + " | ".join(cells) + " |", flush=True)
    pairs = zip(FEATURES, learned, strict=True)
    print("\nLearned, for retrieval/ranking.py: " + ", ".join(f"{n}={w:.2f}" for n, w in pairs))


if __name__ == "__main__":
    main()
