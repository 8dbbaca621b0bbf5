"""Issue 4, lever 1: which collaborative model, compared in one run on the ReDial valid targets.

A fast offline harness, not the product path: every catalog item is scored in numpy as
    collab(item, movies mentioned so far) + 0.1 · popularity + 0.4 · cosine(dialogue text, item text)
(RankWeights' defaults when this was run; retrieval/ranking.py has today's), with the dialogue's
movie ids taken straight from the data instead of the profile's title matching. It ranks the whole
catalog (no candidate pool), so its numbers run a little above `flexrec eval redial` (and a "vec"
model scores a repeat by its own length: compare the dedup columns). What it is for is the
*comparison* between models, all learned from the same baskets (ReDial train dialogues, weight 5,
plus MovieLens users' 4+ ratings):

    .venv/bin/python scripts/experiments/collab_variants.py

Needs the ReDial catalog in the `redial-eval` collection (any `flexrec eval redial` run makes it).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"


def main() -> None:
    import scipy.sparse as sp
    from implicit.als import AlternatingLeastSquares
    from implicit.nearest_neighbours import BM25Recommender, CosineRecommender

    from flexrec.evaluation import redial_data
    from flexrec.evaluation.redial import collab_baskets, collab_vectors, context_text
    from flexrec.services import go_offline, open_catalog
    from flexrec.settings import Settings
    from retrieval.collab import learn_vectors

    go_offline()
    store, _, _ = open_catalog(Settings().model_copy(update={"collection": "redial-eval"}), ingest=False)
    got = store.collection.get(include=["embeddings"])
    ids, text_vectors = got["ids"], np.asarray(got["embeddings"], dtype=np.float32)
    index = {m: i for i, m in enumerate(ids)}
    train = redial_data.read_dialogues(SHARED / "redial" / "train_data.jsonl")
    samples = [
        s for d in redial_data.read_dialogues(SHARED / "redial" / "valid_data.jsonl") for s in redial_data.samples(d)
    ]
    print(f"embedding {len(samples)} dialogue contexts…", file=sys.stderr)
    queries = np.asarray(store.embeddings.embed_documents([context_text(s) for s in samples]), dtype=np.float32)
    text = queries @ text_vectors.T
    pop = np.zeros(len(ids), dtype=np.float32)
    for movie, n in redial_data.mention_counts(train).items():
        pop[index[movie]] = n
    prior = np.log1p(pop) / np.log1p(pop).max()

    baskets = collab_baskets(SHARED, train)
    rows, cols, vals = [], [], []
    for r, (items, w) in enumerate(baskets):
        for m in dict.fromkeys(items):
            rows.append(r), cols.append(index[m]), vals.append(w)
    matrix = sp.csr_matrix((vals, (rows, cols)), shape=(len(baskets), len(ids)), dtype=np.float32)

    def as_matrix(vectors: dict) -> np.ndarray:
        dim = len(next(iter(vectors.values())))
        out = np.zeros((len(ids), dim), dtype=np.float32)
        for m, v in vectors.items():
            out[index[m]] = v
        return out

    def knn(model_cls) -> sp.csr_matrix:
        model = model_cls(K=200, num_threads=1)
        model.fit(matrix, show_progress=False)
        sim = model.similarity.tocsr().astype(np.float32)
        sim.setdiag(0)
        return sim / sim.max()

    def als(factors: int) -> np.ndarray:
        model = AlternatingLeastSquares(factors=factors, regularization=0.05, iterations=20, random_state=0)
        model.fit(matrix, show_progress=False)
        f = model.item_factors
        return 0.3 * f / (np.linalg.norm(f, axis=1, keepdims=True) + 1e-9)

    variants = {
        "none (text + popularity only)": None,
        "PureSVD 256, damping 0": ("vec", as_matrix(learn_vectors(baskets, damping=0.0))),
        "PureSVD 256, damping 2 (shipped)": ("vec", as_matrix(collab_vectors(SHARED, train))),
        "PureSVD 256, damping 10": ("vec", as_matrix(learn_vectors(baskets, damping=10.0))),
        "PureSVD 64, damping 2": ("vec", as_matrix(learn_vectors(baskets, dim=64))),
        "implicit ALS 64 factors (unit, x0.3)": ("vec", als(64)),
        "implicit item-kNN cosine K=200": ("sim", knn(CosineRecommender)),
        "implicit item-kNN BM25 K=200": ("sim", knn(BM25Recommender)),
    }
    print("| collaborative model | R@1 | R@10 | R@50 | dedup R@1 | R@10 | R@50 |\n|---|---|---|---|---|---|---|")
    for name, model in variants.items():
        hits, dedup = np.zeros(3), np.zeros(3)
        for q, s in enumerate(samples):
            mentioned = [index[m] for m in s.mentioned_before]
            score = 0.1 * prior + 0.4 * text[q]
            if model and mentioned:
                kind, m = model
                score = score + (
                    m @ m[mentioned].mean(0) if kind == "vec" else np.asarray(m[mentioned].mean(0)).ravel()
                )
            target = index[s.target]
            hits += [(score > score[target]).sum() < k for k in (1, 10, 50)]
            if not s.is_repeat:
                score[mentioned] = -np.inf
                dedup += [(score > score[target]).sum() < k for k in (1, 10, 50)]
        n, nd = len(samples), sum(not s.is_repeat for s in samples)
        cells = [f"{x / n:.3f}" for x in hits] + [f"{x / nd:.3f}" for x in dedup]
        print(f"| {name} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
