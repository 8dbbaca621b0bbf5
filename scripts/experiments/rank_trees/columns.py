"""Which features the shipped trees read (issue 28): setting "a" (rate .05, 400 rounds, 15 leaves) on
subsets of the harness's ten columns, fitted on train folds 0-2 and scored on folds 3-4. Train only.

    .venv/bin/python scripts/experiments/rank_trees/columns.py eight seven nine eight_mono eight_mono_free_popularity

The columns: rank_model's FEATURES (0-4), then rank_model.EXTRA (5-9).
n_turns (a ReDial message count) and text_rank (a rank among the harness's 300 candidates) have no
equal in the chat, so the product's choice is among sets without them."""

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "scripts" / "experiments"))
sys.path.insert(0, str(ROOT))
from rank_model import load_splits, per_sample, recall_scores, sub, xy  # noqa: E402
from sklearn.ensemble import HistGradientBoostingClassifier  # noqa: E402

EIGHT = [0, 1, 2, 3, 4, 5, 6, 8]
SETS = {  # name: (columns, monotone constraints or None)
    "seven": ([0, 1, 2, 3, 4, 5, 6], None),
    "eight": (EIGHT, None),
    "nine": ([0, 1, 2, 3, 4, 5, 6, 8, 9], None),
    "eight_mono": (EIGHT, [1, 1, 1, 1, 1, 1, 0, 0]),
    "eight_mono_free_popularity": (EIGHT, [1, 1, 0, 1, 1, 1, 0, 0]),
    "seven_mono_no_collab_max": ([0, 1, 2, 3, 4, 6, 8], [1, 1, 1, 1, 1, 0, 0]),
    "five_mono": ([0, 1, 2, 3, 4], [1, 1, 1, 1, 1]),
}

train, _, fold = load_splits()
fit_part = sub(train, lambda i, s: fold[i] in (0, 1, 2))
check = sub(train, lambda i, s: fold[i] in (3, 4))
for name in sys.argv[1:]:
    cols, monotone = SETS[name]
    started = time.time()
    m = HistGradientBoostingClassifier(
        learning_rate=0.05,
        max_iter=400,
        max_leaf_nodes=15,
        early_stopping=False,
        random_state=0,
        monotonic_cst=monotone,
    ).fit(*xy(fit_part, cols))
    x, _ = xy(check, cols)
    scores = per_sample(check, m.decision_function(x))
    print(name, f"({time.time() - started:.0f}s), folds 3-4:", recall_scores(check, scores), flush=True)
