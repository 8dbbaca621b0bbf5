"""The default tier, for real: the 1.5B model's 22 chunks joined and checked, then whole turns on
llama.cpp that record liked and disliked titles right, including where the rule reader cannot."""

import hashlib

import pytest

from bot.models import MODELS, ensure_weights
from bot.reading import Reader
from flexrec.services import build_recommender
from flexrec.settings import Settings

DEFAULT = "qwen2.5-coder-1.5b"


@pytest.fixture(scope="module")
def default_settings(tmp_path_factory):
    return Settings(data_dir=tmp_path_factory.mktemp("flexrec-default"), llm=DEFAULT)


@pytest.fixture(scope="module")
def default_recommender(default_settings, catalog):
    return build_recommender(default_settings, progress=False, catalog=catalog)


@pytest.mark.slow
def test_the_real_chunks_join_into_the_checked_file(default_settings):
    model = MODELS[DEFAULT]
    path = ensure_weights(model, default_settings, progress=False)
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(1 << 24):
            digest.update(block)
    assert path.stat().st_size == model.size and digest.hexdigest() == model.sha256
    assert ensure_weights(model, default_settings, progress=False) == path  # reused, not joined again


@pytest.mark.slow
def test_a_turn_records_liked_and_disliked_titles(default_recommender):
    turn = default_recommender.chat(None, "I loved Alien but hated Titanic")
    assert "Alien" in turn.profile.liked and "Titanic" in turn.profile.disliked
    assert "Titanic" not in turn.profile.liked and turn.reply.strip() and turn.error is None
    assert default_recommender.profiler.stats["constrained"] >= 1


@pytest.mark.slow
def test_the_llm_understands_what_the_rules_miss(default_recommender, catalog):
    message = "Titanic made me want to claw my eyes out. Alien on the other hand was brilliant."
    rules = Reader(catalog[1]).read(message).delta
    assert "Titanic" not in rules.disliked  # the rule reader alone gets this one wrong
    turn = default_recommender.chat(None, message)
    assert "Titanic" in turn.profile.disliked and "Titanic" not in turn.profile.liked
    assert "Alien" in turn.profile.liked


@pytest.mark.slow
def test_a_starting_profile_from_one_line(default_recommender):
    profile = default_recommender.propose_start("I'm 12 and love space")
    assert profile.topics and {"Science Fiction", "Adventure", "Family", "Animation"} & set(profile.constraints.genres)
    assert "Family" not in profile.constraints.exclude_genres


@pytest.mark.slow
def test_a_language_the_rules_do_not_read_is_read_through_its_translation(default_recommender):
    """Greek thanks, which the rules alone take for a request, and a Czech like."""
    thanks = default_recommender.chat(None, "Ευχαριστώ πολύ!")
    assert thanks.read_as and thanks.intent in ("small_talk", "goodbye") and not thanks.hits
    liked = default_recommender.chat(None, "Viděl jsem Alien a moc se mi líbil. Máš něco podobného?")
    assert "Alien" in liked.read_as and "Alien" in liked.profile.liked and liked.hits
    assert all(hit.item.title != "Alien" for hit in liked.hits)
