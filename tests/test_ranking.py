"""The candidate features and their weights (retrieval/ranking.py), on small hand-made arrays."""

import numpy as np
import pytest

from flexrec.services import rank_weights
from flexrec.settings import Settings
from retrieval.ranking import FEATURES, RankWeights, features, genre_rows

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
