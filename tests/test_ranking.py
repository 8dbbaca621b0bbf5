"""The candidate features, their weights and the shipped tree ranker (retrieval/ranking.py), on small
hand-made arrays."""

import numpy as np
import pytest

from flexrec.services import rank_weights
from flexrec.settings import Settings
from retrieval.ranking import (
    FEATURES,
    PUSHED_COLLAB,
    PUSHED_TEXT,
    TREE_FEATURES,
    TREES,
    RankWeights,
    TreeRanker,
    context_features,
    features,
    genre_rows,
)

VOCABULARY = {"action": 0, "comedy": 1, "drama": 2, "horror": 3}


def _features(genres, about_genres=(), wanted=(), popularity=(0, 0, 0), collab=None, about_collab=None):
    n = len(genres)
    return features(
        np.zeros(n, dtype=np.float32),
        np.zeros((n, 2), dtype=np.float32) if collab is None else np.asarray(collab, dtype=np.float32),
        np.zeros((0, 2), dtype=np.float32) if about_collab is None else np.asarray(about_collab, dtype=np.float32),
        np.asarray(popularity, dtype=np.float32),
        100.0,
        genre_rows(genres, VOCABULARY),
        genre_rows([wanted], VOCABULARY)[0],
        genre_rows(about_genres, VOCABULARY),
    )


def column(name):
    return FEATURES.index(name)


def test_genre_rows_are_case_blind_and_drop_unknown_names():
    rows = genre_rows([["Action", "COMEDY"], ["Western"]], VOCABULARY)
    assert rows.tolist() == [[1, 1, 0, 0], [0, 0, 0, 0]]


def test_genre_taste_follows_the_conversations_movies():
    f = _features([["Horror"], ["Comedy", "Drama"], []], about_genres=[["Comedy"], ["Comedy", "Drama"]])
    taste = f[:, column("genre_taste")]
    assert taste[1] > 0.9 and taste[0] == 0 and taste[2] == 0  # an item with no genres scores 0, not NaN


def test_asked_for_genres_score_by_share():
    f = _features([["Action", "Comedy"], ["Action"], ["Drama"]], wanted=["Action", "Comedy"])
    assert f[:, column("genre")].tolist() == [1.0, 0.5, 0.0]


def test_nothing_known_yet_gives_zeros_not_errors():
    f = _features([["Action"], ["Drama"], ["Comedy"]], popularity=[100, 10, 0])
    assert not np.isnan(f).any()
    assert f[:, column("collab")].tolist() == [0, 0, 0] and f[:, column("genre_taste")].tolist() == [0, 0, 0]
    assert f[0, column("popularity")] == pytest.approx(1.0) and f[2, column("popularity")] == 0


def test_collab_is_closeness_to_the_mean_of_the_conversation():
    f = _features([[], [], []], collab=[[1, 0], [0, 1], [0, 0]], about_collab=[[1, 0], [0.5, 0]])
    assert f[:, column("collab")].tolist() == pytest.approx([0.75, 0.0, 0.0])


def test_the_settings_carry_the_learned_weights_and_env_overrides_them(monkeypatch):
    assert rank_weights(Settings()) == RankWeights()
    monkeypatch.setenv("FLEXREC_RANK_GENRE_TASTE", "0")
    assert rank_weights(Settings()).genre_taste == 0.0
    assert RankWeights().blend().tolist() == pytest.approx([getattr(RankWeights(), f) for f in FEATURES])


def test_context_features_are_the_closest_conversation_item_its_size_and_the_year():
    x = context_features(
        np.array([[1, 0], [0, 1]], np.float32), np.array([[0.5, 0], [0, 0.9]], np.float32), 3, np.array([1999, 0.0])
    )
    np.testing.assert_allclose(x, [[0.5, 3, 1999], [0.9, 3, 0]], rtol=1e-6)
    alone = context_features(np.ones((2, 2), np.float32), np.zeros((0, 2), np.float32), 0, np.zeros(2))
    assert alone.tolist() == [[0, 0, 0], [0, 0, 0]]  # a conversation with no items yet: nothing is close


def test_pushed_features_are_similarities_the_blend_and_trees_both_read():
    assert [TREE_FEATURES[i] for i in PUSHED_TEXT] == ["text"]
    assert [TREE_FEATURES[i] for i in PUSHED_COLLAB] == ["collab", "collab_max"]
    x = np.random.default_rng(0).random((4, len(TREE_FEATURES))).astype(np.float32)
    assert RankWeights().score(x) == pytest.approx(x[:, : len(FEATURES)] @ RankWeights().blend())


@pytest.fixture(scope="module")
def trees():
    return TreeRanker.load()


def test_the_shipped_trees_rise_with_every_similarity(trees):
    """Monotone by construction (scripts/fit_rank_trees.py): taking closeness to a disliked item off
    a similarity can only lower an item, whatever the other features are."""
    rng = np.random.default_rng(1)
    x = np.column_stack(
        [rng.random((300, 5)), rng.random(300), rng.integers(0, 8, 300), rng.integers(1950, 2020, 300)]
    ).astype(np.float32)
    base = trees.score(x)
    assert np.isfinite(base).all() and base.std() > 0  # a model that tells candidates apart
    for name in ("text", "collab", "popularity", "genre", "genre_taste", "collab_max"):
        lower = x.copy()
        lower[:, TREE_FEATURES.index(name)] -= 0.3
        assert (trees.score(lower) <= base + 1e-9).all(), name
    text = x.copy()
    text[:, 0] = 0.0
    assert (trees.score(text) < base).mean() > 0.5  # text similarity matters to most candidates


def test_a_model_file_for_other_features_is_refused(tmp_path):
    import json
    import shutil

    path = tmp_path / "trees.skops"
    shutil.copyfile(TREES, path)
    about = json.loads(TREES.with_suffix(".json").read_text())
    for named in (list(FEATURES), [*FEATURES, "mood", "runtime", "rating"]):  # fewer; ones the chat lacks
        path.with_suffix(".json").write_text(json.dumps({**about, "features": named}))
        with pytest.raises(ValueError, match="other features"):
            TreeRanker.load(path)


def test_a_model_file_that_would_run_code_is_refused(tmp_path):
    """skops, unlike pickle, loads only the types it is told to trust: a file holding a function to
    call (here print; in an attack, os.system) is refused before anything in it runs."""
    import json
    import shutil

    import skops.io
    from sklearn.preprocessing import FunctionTransformer

    path = tmp_path / "trees.skops"
    skops.io.dump(FunctionTransformer(func=print), path)
    shutil.copyfile(TREES.with_suffix(".json"), path.with_suffix(".json"))
    with pytest.raises(skops.io.exceptions.UntrustedTypesFoundException):
        TreeRanker.load(path)
    assert json.loads(path.with_suffix(".json").read_text())["features"] == list(TREE_FEATURES)


def test_the_settings_pick_the_ranker(monkeypatch):
    assert Settings().ranker == "blend" and Settings().rank_trees_path == TREES
    monkeypatch.setenv("FLEXREC_RANKER", "trees")
    assert Settings().ranker == "trees"
    monkeypatch.setenv("FLEXREC_RANKER", "forest")
    with pytest.raises(ValueError):
        Settings()
