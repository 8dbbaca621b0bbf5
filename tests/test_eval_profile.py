"""The profile evaluation: ReDial's like/dislike labels against the profile the seeker's messages
build, on hand-made dialogues whose scores are worked out by hand; and one run on the real model."""

import json
import sqlite3
from pathlib import Path

import pytest

from bot.profile import UserProfile
from flexrec.errors import StoreError
from flexrec.evaluation import profile_eval
from retrieval.titles import TitleIndex
from tests.conftest import RECOMMENDER, SEEKER, redial_dialogue, write_jsonl

LIKED, DISLIKED, UNSAID = 1, 0, 2
CATALOG = [
    {"id": "1", "title": "Heat", "year": 1995, "genres": ["Crime"], "popularity": 10},
    {"id": "2", "title": "Titanic", "year": 1997, "genres": ["Romance"], "popularity": 9},
    {"id": "3", "title": "Alien", "year": 1979, "genres": ["Horror", "Science Fiction"], "popularity": 8},
    {"id": "4", "title": "The Matrix", "year": 1999, "genres": ["Science Fiction"], "popularity": 7},
    {"id": "5", "title": "Brazil", "year": 1985, "genres": ["Science Fiction"], "popularity": 6},
    {"id": "9", "title": "Heat", "year": 1986, "genres": ["Action"], "popularity": 1},
]
NAMES = {"1": "Heat (1995)", "2": "Titanic  (1997)", "3": "Alien (1979)", "4": "The Matrix (1999)", "5": "Brazil"}


def dialogue(cid, messages, labels, recommender_says):
    """`labels`: the seeker's answers; `recommender_says`: the recommender's answers about the seeker."""

    def questions(answers):
        return {k: {"suggested": 0, "seen": 1, "liked": v} for k, v in answers.items()}

    out = redial_dialogue(cid, messages, {k: NAMES[k] for k in labels}, questions(labels))
    return {**out, "respondentQuestions": questions(recommender_says)}


A = dialogue(
    "A",
    [
        (SEEKER, "I loved @1 but I hated @2"),
        (RECOMMENDER, "I hated @1, try @3"),  # the recommender's taste must not enter the seeker's profile
        (SEEKER, "ok"),
    ],
    {"1": LIKED, "2": DISLIKED, "3": UNSAID},
    {"1": LIKED, "2": LIKED, "3": UNSAID},  # the recommender misread Titanic
)
B = dialogue(
    "B",
    [
        (SEEKER, "I liked @3."),  # yet labelled disliked: a false positive for liked, a miss for disliked
        (RECOMMENDER, "Have you seen @4?"),
        (SEEKER, "I loved @5 too"),  # unlabelled (2): read as liked, but not scored
    ],
    {"3": DISLIKED, "4": LIKED, "5": UNSAID},
    {"3": DISLIKED, "4": LIKED},  # the recommender knew better than the seeker's words
)


@pytest.fixture
def files(tmp_path):
    catalog = write_jsonl(tmp_path / "catalog.jsonl", CATALOG)
    return write_jsonl(tmp_path / "dialogues.jsonl", [A, B]), catalog


def test_seeker_messages_and_labels():
    first, second = profile_eval.seeker_messages(A)  # each with what it replies to
    assert first == ("", "I loved Heat but I hated Titanic") and second == ("I hated Heat, try Alien", "ok")
    assert profile_eval.labels(B) == {"3": "disliked", "4": "liked"}
    assert profile_eval.labels({"initiatorQuestions": []}) == {}  # some ReDial rows have no answers


def test_messages_in_a_row_all_reply_to_the_recommender_s_last_run():
    d = dialogue(
        "C",
        [(RECOMMENDER, "Try @3"), (SEEKER, "Oh, I forgot that one."), (SEEKER, "It is not really scary")],
        {"3": DISLIKED},
        {},
    )
    assert profile_eval.seeker_messages(d) == [
        ("Try Alien", "Oh, I forgot that one."),
        ("Try Alien", "It is not really scary"),
    ]


def test_a_profile_title_counts_for_a_same_titled_movie_of_the_dialogue():
    titles = TitleIndex([("1", "Heat", 10), ("9", "Heat", 1), ("2", "Titanic", 5)])
    other_heat = {"movieMentions": {"9": "Heat (1986)", "2": "Titanic (1997)"}}
    guess = profile_eval.predicted(UserProfile(liked=["heat"], disliked=["Titanic"]), other_heat, titles)
    assert guess == {"liked": {"1", "9"}, "disliked": {"2"}}


def test_a_movie_mentioned_without_a_name_is_scored_as_no_title():
    """Train line 567 names movie 50 null: the whole train file once failed on it."""
    titles = TitleIndex([("2", "Titanic", 5)])
    nameless = {"movieMentions": {"50": None, "2": "Titanic (1997)"}}
    assert profile_eval.predicted(UserProfile(liked=["Titanic"]), nameless, titles) == {
        "liked": {"2"},
        "disliked": set(),
    }


def test_rules_scores_and_baseline_are_as_worked_out_by_hand(files, settings, tmp_path):
    data, catalog = files
    out = tmp_path / "out"
    metrics = profile_eval.run(data, out, settings, ["rules"], progress=False, catalog=catalog)
    rules = metrics["models"]["rules"]
    # liked: Heat right; Alien (B) wrongly liked; The Matrix (B) missed. disliked: Titanic right, Alien missed.
    assert rules["liked"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "n": 2}
    assert rules["disliked"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "n": 2}
    # the baseline with the rules' dislikes: Heat and The Matrix liked (right), Titanic not, Alien liked (wrong)
    assert rules["liked_unless_disliked"] == {"precision": 0.6667, "recall": 1.0, "f1": 0.8, "n": 2}
    assert rules["constrained_share"] == 0.0 and rules["llm_usable_share"] is None
    assert rules["seconds_per_message"] > 0
    # all four labelled movies called liked: 2 of 4 right, every liked one found, no dislike found
    assert metrics["baseline"] == {
        "liked": {"precision": 0.5, "recall": 1.0, "f1": 0.6667, "n": 2},
        "disliked": {"precision": 0.0, "recall": 0.0, "f1": 0.0, "n": 2},
        "counts": {"liked": {"tp": 2, "fp": 2, "fn": 0}, "disliked": {"tp": 0, "fp": 0, "fn": 2}},
    }
    assert rules["counts"] == {"liked": {"tp": 1, "fp": 1, "fn": 1}, "disliked": {"tp": 1, "fp": 0, "fn": 1}}
    # the recommender's answers: Heat, Titanic (wrong), The Matrix liked; Alien disliked (right)
    assert metrics["human"] == {
        "liked": {"precision": 0.6667, "recall": 1.0, "f1": 0.8, "n": 2},
        "disliked": {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "n": 2},
        "liked_unless_disliked": {"precision": 0.6667, "recall": 1.0, "f1": 0.8, "n": 2},
        "counts": {"liked": {"tp": 2, "fp": 1, "fn": 0}, "disliked": {"tp": 1, "fp": 0, "fn": 1}},
    }
    assert metrics["n_dialogues"] == 2 and metrics["n_messages"] == 4
    assert json.loads((out / "metrics.json").read_text()) == metrics
    page = (out / "metrics.md").read_text()
    assert page == profile_eval.table(metrics) + "\n"
    assert "| rules | 0.500 | 0.500 | 0.500 | 1.000 | 0.500 | 0.667 | 0.000 |" in page
    assert "| baseline: all liked | 0.500 | 1.000 | 0.667 | 0.000 | 0.000 | 0.000 | – | – |" in page
    bound = "| rules, liked unless disliked (upper bound) |"
    assert f"{bound} 0.667 | 1.000 | 0.800 | 1.000 | 0.500 | 0.667 | 0.000 |" in page
    assert "| human: the recommender's answers | 0.667 | 1.000 | 0.800 | 1.000 | 0.500 | 0.667 | – | – |" in page


def test_a_dialogue_without_recommender_answers_reads_as_nothing_said():
    assert profile_eval.recommender_reading({"respondentQuestions": None}) == {"liked": set(), "disliked": set()}
    assert profile_eval.recommender_reading(A) == {"liked": {"1", "2"}, "disliked": set()}


def test_limit_reads_only_the_first_dialogues(files, settings, tmp_path):
    data, catalog = files
    metrics = profile_eval.run(data, tmp_path / "out", settings, ["rules"], limit=1, progress=False, catalog=catalog)
    assert metrics["models"]["rules"]["liked"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "n": 1}
    assert metrics["baseline"]["liked"]["precision"] == 0.5  # Heat liked, Titanic disliked


def test_a_run_in_parts_adds_up_to_the_whole(files, settings, tmp_path):
    data, catalog = files

    def part(**where):
        return profile_eval.run(data, tmp_path / "out", settings, ["rules"], progress=False, catalog=catalog, **where)

    whole, first, second = part(), part(limit=1), part(skip=1)
    assert second["n_dialogues"] == 1 and second["skip"] == 1
    assert second["baseline"]["counts"]["disliked"] == {"tp": 0, "fp": 0, "fn": 1}  # only B: Alien
    for reader in (lambda m: m["models"]["rules"], lambda m: m["baseline"], lambda m: m["human"]):
        for cls in ("liked", "disliked"):
            total = {k: reader(first)["counts"][cls][k] + reader(second)["counts"][cls][k] for k in ("tp", "fp", "fn")}
            assert total == reader(whole)["counts"][cls]


def test_a_file_that_is_not_an_answers_file_is_refused_before_a_model_loads_and_left_as_it_was(
    files, settings, tmp_path
):
    data, catalog = files
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes, not a database\n" * 100)
    for wrong in (notes, tmp_path):  # another file, a folder
        with pytest.raises(StoreError, match="cannot be used as an answers file"):
            # no such model: it would fail with a ModelError, were it loaded first
            profile_eval.run(data, tmp_path / "out", settings, ["no/such-model"], catalog=catalog, answers=wrong)
    assert notes.read_text() == "my notes, not a database\n" * 100


SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.mark.skipif(not (SHARED / "redial" / "valid_data.jsonl").exists(), reason="../shared/data not present")
def test_on_real_valid_dialogues_the_counts_match_the_labels(settings, tmp_path):
    data = SHARED / "redial" / "valid_data.jsonl"
    metrics = profile_eval.run(data, tmp_path / "out", settings, ["rules"], limit=10, progress=False)
    answers = [
        a
        for line in data.read_text().splitlines()[:10]
        for a in (json.loads(line)["initiatorQuestions"] or {}).values()
    ]
    assert metrics["baseline"]["liked"]["n"] == sum(a["liked"] == 1 for a in answers)
    assert metrics["baseline"]["disliked"]["n"] == sum(a["liked"] == 0 for a in answers)
    assert metrics["models"]["rules"]["liked"]["recall"] > 0.1  # the rules find a good part of the liked movies


@pytest.mark.slow
def test_a_real_model_run_has_the_documented_shape(files, settings, llm, tmp_path):
    data, catalog = files
    name = settings.llm  # smollm2-135m in the tests
    metrics = profile_eval.run(
        data, tmp_path / "out", settings, [name, "rules"], progress=False, catalog=catalog, llms={name: llm}
    )
    model = metrics["models"][name]
    assert set(model) == {
        "liked",
        "disliked",
        "liked_unless_disliked",
        "counts",
        "constrained_share",
        "llm_usable_share",
        "seconds_per_message",
        "answers_reused",
    }
    for cls in ("liked", "disliked", "liked_unless_disliked"):
        assert set(model[cls]) == {"precision", "recall", "f1", "n"} and model[cls]["n"] == 2
        assert all(0.0 <= model[cls][k] <= 1.0 for k in ("precision", "recall", "f1"))
    assert 0.0 <= model["constrained_share"] <= 1.0 and 0.0 <= model["llm_usable_share"] <= 1.0
    # an LLM call per message costs more than the rules alone
    assert model["seconds_per_message"] > metrics["models"]["rules"]["seconds_per_message"]
    assert model["answers_reused"] == 0  # no --answers file


@pytest.mark.slow
def test_a_rerun_with_an_answers_file_asks_the_model_nothing_and_scores_the_same(files, settings, llm, tmp_path):
    data, catalog = files
    name, answers = settings.llm, tmp_path / "answers.sqlite3"

    def run():
        return profile_eval.run(
            data, tmp_path / "out", settings, [name], progress=False, catalog=catalog, llms={name: llm}, answers=answers
        )

    first, second = run(), run()
    asked = first["models"][name]["llm_usable_share"] is not None
    assert asked and first["models"][name]["answers_reused"] == 0
    calls = second["models"][name]["answers_reused"]
    with sqlite3.connect(answers) as db:  # every answer the first run paid for, and only those
        assert calls > 0 and db.execute("SELECT count(*) FROM answers").fetchone()[0] == calls
    assert second["models"][name]["counts"] == first["models"][name]["counts"]
    assert f"Answers reused from --answers, which take no time in s/message: {name} {calls}." in (
        (tmp_path / "out" / "metrics.md").read_text()
    )
