"""Cold start: a starting profile from one line and/or picked genres, and popular picks that span
tastes for someone FlexRec knows nothing about."""

import pytest

from bot.profiler import ProfileUpdater
from bot.reading import Reader
from bot.starter import Starter, content_words
from flexrec.errors import InputError
from retrieval.titles import TitleIndex

GENRES = ["Action", "Animation", "Comedy", "Family", "Horror", "Science Fiction"]
TITLES = TitleIndex([("m1", "Alien", 50), ("m2", "Up", 40)])


def starter(llm=None) -> Starter:
    return Starter(llm, ProfileUpdater(llm, TITLES, GENRES), Reader(TITLES))


def test_the_line_without_filler_is_a_topic():
    assert content_words("I'm 12 and love space") == "space"
    assert content_words("A nurse who loves quiet British dramas") == "nurse quiet british dramas"


def test_without_an_understanding_llm_the_line_and_the_picks_make_the_profile():
    p = starter().propose("I'm 12 and love space, no horror", ["science fiction", "Animation"])
    assert p.constraints.genres == ["Science Fiction", "Animation"]  # catalog spelling
    assert p.rules.genres == ["Science Fiction", "Animation"]  # picked as taste: they outlast the first request
    both = starter().propose("I love comedies", ["Animation"])  # the line adds to the picks
    assert both.constraints.genres == ["Animation", "Comedy"] and both.rules.genres == ["Animation", "Comedy"]
    assert p.constraints.exclude_genres == ["Horror"]  # what the line says outright, by the rule reader
    assert p.topics == ["space"]
    assert starter().propose("", ["Comedy"]).constraints.genres == ["Comedy"]
    assert starter().propose("I loved Alien").liked == ["Alien"]


@pytest.mark.parametrize(
    "description, genres, error",
    [
        ("", [], "describe yourself"),
        ("   ", [], "describe yourself"),
        ("x" * 301, [], "at most 300"),
        ("", ["Space Opera Noir"], "not a genre"),
    ],
)
def test_nothing_to_go_on_or_bad_input_is_a_clear_error(description, genres, error):
    with pytest.raises(InputError, match=error):
        starter().propose(description, genres)


class BrokenModel:
    """A model that fails mid-call, to make the failure path happen."""

    name, supports_prefill, supports_schema = "broken", False, True

    def generate(self, *args, **kwargs):
        raise RuntimeError("the model server went away")


def test_a_failing_llm_falls_back_to_the_line_itself():
    p = starter(BrokenModel()).propose("I'm 12 and love space")
    assert p.topics == ["space"]


@pytest.mark.slow
def test_welcome_picks_are_popular_and_span_genres(recommender):
    hits = recommender.welcome()
    assert len(hits) == recommender.top_k
    popular = set(recommender.retriever.store.most_popular(100))
    assert all(h.id in popular and h.why.startswith("Popular with many viewers") for h in hits)
    for i, a in enumerate(hits):  # no two picks share more than a fifth of their genres
        for b in hits[i + 1 :]:
            x, y = set(a.item.genres), set(b.item.genres)
            assert len(x & y) / len(x | y) <= 0.2


@pytest.mark.slow
def test_an_accepted_start_is_stored_and_steers_the_first_cards(recommender):
    proposal = recommender.propose_start("", ["Animation"])
    profile, hits = recommender.accept_start("starter-test", proposal)
    assert recommender.profile("starter-test").constraints.genres == ["Animation"]
    assert hits and all("Animation" in h.item.genres for h in hits[:2])
    assert [h.id for h in hits] == profile.recommended[-len(hits) :]  # counted as shown


def test_built_without_numbers_the_parts_take_the_settings_defaults(monkeypatch):
    """Tests and scripts build the parts directly; they must generate as much as the app does."""
    from bot.writer import Writer
    from flexrec.settings import Settings

    for name in list(Settings.model_fields):
        monkeypatch.delenv(f"FLEXREC_{name.upper()}", raising=False)
    settings = Settings(_env_file=None)
    built = starter()
    writer = Writer(None, TITLES)
    assert built.max_new_tokens == built.profiler.max_new_tokens == settings.profile_max_new_tokens
    assert (writer.max_new_tokens, writer.prompt_items) == (settings.reply_max_new_tokens, settings.reply_prompt_items)
