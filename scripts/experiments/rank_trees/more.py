"""More tree configs on train folds (fit 0-2, score 3-4); then, with --valid CONFIG, one valid read."""

import pickle
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "scripts" / "experiments"))
sys.path.insert(0, str(ROOT))
from rank_model import EXTRA, per_sample, recall_scores, sub, xy  # noqa: E402
from redial_harness import Split, fit, recall  # noqa: E402
from sklearn.ensemble import HistGradientBoostingClassifier  # noqa: E402

tr, va, fold = pickle.load(open("/tmp/rk/splits.pkl", "rb"))
allc = list(range(5 + len(EXTRA)))
CONFIGS = {"a": (0.05, 400, 15), "b": (0.03, 800, 15), "c": (0.05, 400, 7), "d": (0.05, 800, 15), "e": (0.02, 1000, 31)}


def model(cfg, split):
    lr, it, leaves = CONFIGS[cfg]
    x, y = xy(split, allc)
    return HistGradientBoostingClassifier(
        learning_rate=lr, max_iter=it, max_leaf_nodes=leaves, early_stopping=False, random_state=0
    ).fit(x, y)


if "--valid" in sys.argv:
    cfg = sys.argv[-1]
    from retrieval.ranking import RankWeights

    def five(s):
        return Split(s.samples, s.candidates, [f[:, :5] for f in s.features], s.target)

    print("VALID (one read), fitted on all train folds")
    print("shipped blend:", recall(five(va), RankWeights().blend()))
    print("linear refit on all train:", recall(five(va), fit(five(tr))))
    m = model(cfg, tr)
    xv, _ = xy(va, allc)
    print(f"trees {cfg} {CONFIGS[cfg]}:", recall_scores(va, per_sample(va, m.decision_function(xv))))
    pickle.dump(m, open(f"/tmp/rk/model-{cfg}.pkl", "wb"))
else:
    fit_part = sub(tr, lambda i, s: fold[i] in (0, 1, 2))
    check = sub(tr, lambda i, s: fold[i] in (3, 4))
    xc, _ = xy(check, allc)
    for cfg in sys.argv[1:]:
        t0 = time.time()
        m = model(cfg, fit_part)
        print(
            f"trees {cfg} {CONFIGS[cfg]} ({time.time() - t0:.0f}s), folds 3-4:",
            recall_scores(check, per_sample(check, m.decision_function(xc))),
            flush=True,
        )
