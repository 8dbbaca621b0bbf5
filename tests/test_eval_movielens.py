"""The MovieLens simulated-user evaluation: titles, metrics by hand, item-kNN on a toy matrix, and a
real run on a few users when ../shared/data is present."""

import math
from pathlib import Path

import pytest

from flexrec.evaluation.movielens import ItemKNN, hit_and_ndcg, join_titles, readable_title


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Matrix, The (1999)", ("The Matrix", 1999)),
        ("Toy Story (1995)", ("Toy Story", 1995)),
        ("City of Lost Children, The (Cité des enfants perdus, La) (1995)", ("The City of Lost Children", 1995)),
        ("Léon: The Professional (a.k.a. The Professional) (Léon) (1994)", ("Léon: The Professional", 1994)),
        ("Babylon 5", ("Babylon 5", None)),
    ],
)
def test_readable_titles(raw, expected):
    assert readable_title(raw) == expected


def test_join_titles():
    assert join_titles(["A", "B", "C"]) == "A, B and C"


def test_hit_and_ndcg_by_hand():
    assert hit_and_ndcg(["x", "a", "y"], {"a", "b"}) == (
        1.0,
        pytest.approx((1 / math.log2(3)) / (1 + 1 / math.log2(3))),
    )
    assert hit_and_ndcg(["a", "b"], {"a", "b"}) == (1.0, pytest.approx(1.0))
    assert hit_and_ndcg(["x", "y"], {"a"}) == (0.0, 0.0)


def test_item_knn_recommends_co_liked_items():
    liked = {"u1": ["a", "b"], "u2": ["a", "b"], "u3": ["c", "d"], "u4": ["a", "b", "e"]}
    knn = ItemKNN(liked, ["a", "b", "c", "d", "e"])
    ranking = knn.rank(["a"], 3)
    assert ranking[0] == "b" and "a" not in ranking  # co-liked first; what was stated is filtered


SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
CATALOG = 1000


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "movielens" / "ratings.csv").exists(), reason="../shared/data not present")
def test_movielens_eval_on_a_few_users(settings, tmp_path):
    from flexrec.evaluation.movielens import run

    metrics = run(
        SHARED, tmp_path / "out", settings, limit=25, progress=False, docs=tmp_path / "ml.md", catalog_limit=CATALOG
    )
    assert metrics["n_users"] == 25 and metrics["catalog_size"] == CATALOG  # the most-rated: embedding all takes 4 min
    assert set(metrics["methods"]) == {"popularity", "item-knn", "pipeline"}
    # random Hit@10 over 2,000 items with ~40 held-out likes is about 18%: every method must clearly beat it
    for name, m in metrics["methods"].items():
        assert m["hit@10"] > 0.4, name
    assert (tmp_path / "out" / "metrics.md").read_text().startswith("| method | Hit@10")
    assert "25 simulated users" in (tmp_path / "ml.md").read_text()


@pytest.mark.skipif(not (SHARED / "movielens" / "tags.csv").exists(), reason="../shared/data not present")
def test_a_held_out_users_tags_are_no_keywords(tmp_path):
    """Their tags say what they watched: as keywords they would lead the search to their held-out movies."""
    import json
    from collections import Counter

    from flexrec.evaluation.movielens import build_catalog
    from flexrec.evaluation.sources import read_csv

    rows = read_csv(SHARED / "movielens" / "tags.csv")
    givers = Counter((r["movieId"], r["tag"].strip().lower()) for r in rows)
    tagged = [r for r in rows if givers[r["movieId"], r["tag"].strip().lower()] == 1]
    row = next(r for r in tagged if sum(r2["movieId"] == r["movieId"] for r2 in rows) < 8)  # fits the top 8
    out = tmp_path / "catalog.jsonl"

    def keywords(held_out: set[str]) -> list[str]:
        build_catalog(SHARED, out, keep={row["movieId"]}, held_out=held_out)
        return json.loads(out.read_text())["keywords"]

    tag = row["tag"].strip().lower()
    assert tag in keywords(set())
    assert tag not in keywords({row["userId"]})


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "movielens" / "ratings.csv").exists(), reason="../shared/data not present")
def test_cold_start_rows_on_a_few_users(settings, tmp_path):
    from flexrec.evaluation.movielens import run

    metrics = run(SHARED, tmp_path / "out", settings, limit=10, progress=False, cold_start=True, catalog_limit=CATALOG)
    assert metrics["stated_likes"] == "1-2" and metrics["starter_model"] == "none (the line's words)"
    assert set(metrics["methods"]) == {
        "popularity",
        "item-knn",
        "pipeline",
        "pipeline + starting profile",
        "pipeline + picked genres",
    }
    assert all(0 <= m["hit@10"] <= 1 for m in metrics["methods"].values())


def test_picked_genres_are_the_most_common_among_the_stated_movies():
    from flexrec.evaluation.movielens import picked_genres

    genres = {"a": ["Comedy", "Drama"], "b": ["Comedy", "Romance"], "c": ["Horror"]}
    assert picked_genres(["a", "b"], genres) == ["Comedy", "Drama"]
    assert picked_genres(["c", "x"], genres) == ["Horror"]
