"""The writing evaluation: fixed contexts from hand-made dialogues, the independent outside-title
check, the counting (with a fake that hallucinates, to make the failure happen), and a real run."""

import json

import pytest

from bot.profile import UserProfile
from bot.writer import Writer
from flexrec.errors import ModelError
from flexrec.evaluation import writing_eval
from flexrec.services import build_pipeline, title_index
from flexrec.settings import Settings
from retrieval.catalog import Item
from retrieval.retriever import Hit
from tests.conftest import RECOMMENDER, SEEKER, redial_dialogue, write_jsonl

CATALOG = [
    {"id": "1", "title": "Heat", "year": 1995, "genres": ["Crime"], "popularity": 10},
    {"id": "2", "title": "Titanic", "year": 1997, "genres": ["Romance"], "popularity": 9},
    {"id": "3", "title": "Alien", "year": 1979, "genres": ["Horror", "Science Fiction"], "popularity": 8},
    {"id": "4", "title": "The Matrix", "year": 1999, "genres": ["Science Fiction"], "popularity": 7},
    {"id": "5", "title": "Brazil", "year": 1985, "genres": ["Science Fiction"], "popularity": 6},
    {"id": "6", "title": "Die Hard", "year": 1988, "genres": ["Action"], "popularity": 50},
    {"id": "7", "title": "Blade Runner", "year": 1982, "genres": ["Science Fiction"], "popularity": 5},
]
NAMES = {r["id"]: f"{r['title']} ({r['year']})" for r in CATALOG}


def dialogue(cid, messages):
    return redial_dialogue(cid, messages, NAMES)


W1 = dialogue(
    "W1",
    [
        (SEEKER, "hi"),
        (RECOMMENDER, "hello"),
        (SEEKER, "I loved @1 but I hated @2"),
        (RECOMMENDER, "Try @3 or @1"),  # the context's turn: @3 new, @1 the seeker's own
        (SEEKER, "seen it"),
        (RECOMMENDER, "then @4"),
    ],
)
W2 = dialogue(
    "W2",
    [
        (RECOMMENDER, "@6 is great"),  # before the seeker said anything: not a context
        (SEEKER, "I hated @6"),
        (RECOMMENDER, "ok, @5 then"),
    ],
)
W3 = dialogue("W3", [(SEEKER, "hello"), (RECOMMENDER, "what do you like?")])  # names nothing: no context


@pytest.fixture
def files(tmp_path):
    catalog = write_jsonl(tmp_path / "catalog.jsonl", CATALOG)
    return write_jsonl(tmp_path / "dialogues.jsonl", [W3, W1, W2]), catalog


def contexts(n=50, k=4):
    items = [Item.model_validate(r) for r in CATALOG]
    titles, genres = title_index(items)
    return writing_eval.build_contexts([W3, W1, W2], items, build_pipeline(Settings(), titles, genres), n, k)


def test_contexts_are_the_recommenders_picks_filled_with_popular_movies_of_their_genres():
    first, second = contexts()
    assert first.dialogue_id == "W1" and first.message == "I loved Heat but I hated Titanic"
    assert (first.profile.liked, first.profile.disliked) == (["Heat"], ["Titanic"])
    # picks from this turn on, without the seeker's Heat; then science fiction before the more popular Die Hard
    assert [h.id for h in first.hits] == ["3", "4", "5", "7"]
    assert second.dialogue_id == "W2" and second.profile.disliked == ["Die Hard"]
    assert [h.id for h in second.hits] == ["5", "3", "4", "7"]
    assert [h.id for h in contexts(n=1, k=2)[0].hits] == ["3", "4"]
    # the opener cites the seeker's last liked title, in the wording of each context's turn
    assert {h.because for h in first.hits} == {"Heat"} and {h.because for h in second.hits} == {None}
    assert (first.profile.turns, second.profile.turns) == (0, 1)


def test_own_words_are_words_beyond_the_openers_and_its_year():
    opener = "I would start with Alien"
    assert not writing_eval.own_words(["I would start with Alien (1979)."], opener)
    assert not writing_eval.own_words(["I would start with Alien."], opener)
    assert writing_eval.own_words(["I would start with Alien.", "It is tense."], opener)
    assert writing_eval.own_words(["I would start with Alien, or The Matrix."], opener)


def test_outside_titles_are_those_neither_hit_nor_cited():
    titles, _ = title_index(Item.model_validate(r) for r in CATALOG)
    hits = [Hit("3", 0.0, Item(id="3", title="Alien"), why="")]
    text = "Try Alien. Brazil is lovely. Since you liked Heat, Die Hard fits too."
    assert writing_eval.outside_titles(titles, text, hits, cited=["Heat"]) == ["Brazil", "Die Hard"]
    # a hit whose title holds another catalog title names only itself
    long_hit = [Hit("7", 0.0, Item(id="7", title="Alien: The Brazil Years"), why="")]
    assert writing_eval.outside_titles(titles, "Try Alien: The Brazil Years.", long_hit, cited=[]) == []


def test_a_hit_beyond_the_openers_is_one_the_models_own_sentences_name():
    titles, _ = title_index(Item.model_validate(r) for r in CATALOG)
    hits = [Hit(i, 0.0, Item.model_validate(CATALOG[int(i) - 1]), why="") for i in ("3", "4", "5")]
    for text, beyond in [
        ("I would start with Alien. It is tense.", False),
        ("I would start with Alien. Since you liked Heat, Die Hard fits.", False),  # Die Hard: outside, dropped
        ("I would start with Alien, or The Matrix if you want less blood.", True),
    ]:
        guard = Writer(None, titles).guard(UserProfile(liked=["Heat"]), hits)
        guard.feed(text)
        guard.flush()
        assert writing_eval.beyond_opener(guard.named(hits), hits) is beyond, text


class HallucinatingLLM:
    """A fake whose reason after the opener names Die Hard: outside the hits for W1, the seeker's own
    (disliked, so citable) title for W2. Only to make the failure happen; real runs are below."""

    name = "fake"
    supports_prefill, supports_schema = True, False

    def generate(self, messages, max_new_tokens):
        return "".join(self.stream(messages, max_new_tokens))

    def stream(self, messages, max_new_tokens):
        yield from [" fans of Die", " Hard."]


def test_counts_follow_the_grounding_filter(files, settings, tmp_path):
    data, catalog = files
    out = tmp_path / "out"
    metrics = writing_eval.run(
        data, out, settings, ["fake"], progress=False, catalog=catalog, llms={"fake": HallucinatingLLM()}
    )
    fake = metrics["models"]["fake"]
    assert fake["n"] == 2 and metrics["n_contexts"] == 2
    assert fake["hallucination_rate_before"] == 0.5  # W1's only sentence dropped; W2 may cite Die Hard
    assert fake["hallucination_rate_after"] == 0.0
    # W1's reason after the opener went wrong: the opener stands as the sentence, no fallback
    assert fake["fallback_share"] == 0.0
    assert fake["grounded_reply_share"] == 1.0
    assert fake["beyond_opener_share"] == 0.0  # W2 kept its opener's hit and the cited Die Hard only
    assert json.loads((out / "metrics.json").read_text()) == metrics
    assert (out / "metrics.md").read_text() == writing_eval.table(metrics) + "\n"
    replies = [json.loads(line) for line in (out / "replies.jsonl").read_text().splitlines()]
    assert replies[0]["dropped"] == ["Since you liked Heat, try Alien for fans of Die Hard."]
    assert "Die Hard" not in replies[0]["reply"] and "Die Hard" in replies[1]["reply"]
    assert replies[0]["reply"].startswith("Since you liked Heat, try Alien. Also worth a look:")


def test_rules_cannot_write(files, settings, tmp_path):
    data, catalog = files
    with pytest.raises(ModelError):
        writing_eval.run(data, tmp_path / "out", settings, ["rules"], progress=False, catalog=catalog)


@pytest.mark.slow
def test_a_real_model_never_leaves_an_outside_title(files, settings, llm, tmp_path):
    data, catalog = files
    name = settings.llm  # smollm2-135m in the tests
    metrics = writing_eval.run(
        data, tmp_path / "out", settings, [name], progress=False, catalog=catalog, llms={name: llm}
    )
    model = metrics["models"][name]
    assert set(model) == {*writing_eval.KEYS, "seconds_per_reply", "n"} and model["n"] == 2
    assert model["hallucination_rate_after"] == 0.0
    assert model["grounded_reply_share"] == 1.0  # the opener or the fallback names a hit
    assert 0.0 <= model["hallucination_rate_before"] <= 1.0 and model["seconds_per_reply"] > 0
