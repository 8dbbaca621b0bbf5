"""The conversation evaluation: the scripted conversations are well formed and name only catalog
titles; the checker fails the cards and profiles it must fail and passes good ones; one real run."""

import json
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest

from bot.profile import UserProfile
from flexrec.cli import main, parser
from flexrec.errors import InputError
from flexrec.evaluation import conversations as conv
from retrieval.catalog import Item, read_catalog
from retrieval.titles import normalize
from tests.conftest import FAST_LLM, write_jsonl

DATA = Path(__file__).resolve().parent / "data" / "conversations.jsonl"  # and the held-out sets beside it
CARD_NUMBERS = ("year_min", "year_max", "runtime_min", "runtime_max")


@pytest.fixture(scope="module")
def bundled(settings):
    items = read_catalog(settings.catalog_path)
    return {normalize(i.title) for i in items}, {g for i in items for g in i.genres}


# (a) the data file


@pytest.mark.parametrize("data", sorted(DATA.parent.glob("conversations*.jsonl")), ids=lambda p: p.stem)
def test_the_conversations_file_is_well_formed(bundled, data):
    least = 100 if data == DATA else 40
    titles, genres = bundled
    conversations = conv.read_conversations(data)
    assert len(conversations) >= least
    assert len({c["id"] for c in conversations}) == len(conversations)
    for c in conversations:
        assert c["who"].strip(), c["id"]
        assert 3 <= len(c["turns"]) <= 7, c["id"]
        for turn in c["turns"]:
            where = f"{c['id']}: {turn['say']!r}"
            expect = turn["expect"]
            assert set(expect) <= set(conv.EXPECT_KEYS), where
            assert set(conv.intents_of(expect.get("intent", []))) <= set(conv.INTENTS), where
            assert isinstance(expect.get("new_cards", True), bool), where
            for key in ("genres_required", "genres_excluded"):
                assert set(expect.get(key, [])) <= genres, f"{where}: {key} not as the catalog spells them"
            for key in CARD_NUMBERS:
                assert isinstance(expect.get(key, 0), int), where
            assert expect.get("year_min", 0) <= expect.get("year_max", 9999), where
            assert len(expect.get("language", "xx")) == 2, where
            for key in conv.TITLE_KEYS:
                for title in conv.titles_of(expect.get(key, [])):
                    assert normalize(title) in titles, f"{where}: {key} {title!r} is not a catalog title"


def test_the_conversations_cover_every_intent_and_property():
    conversations = conv.read_conversations(DATA)
    used = Counter(k for c in conversations for t in c["turns"] for k in t["expect"])
    intents = Counter(
        i for c in conversations for t in c["turns"] for i in conv.intents_of(t["expect"].get("intent", []))
    )
    assert set(used) == set(conv.EXPECT_KEYS)
    assert set(intents) == set(conv.INTENTS)


def test_a_typo_in_an_expect_key_or_intent_is_refused(tmp_path):
    good = {"id": "x", "who": "t", "turns": [{"say": "hi", "expect": {"intent": "small_talk"}}]}
    for bad in ({"genre_required": ["Drama"]}, {"intent": "chitchat"}, {"intent": ["goodbye", "chitchat"]}):
        path = write_jsonl(tmp_path / "c.jsonl", [good, {**good, "turns": [{"say": "hi", "expect": bad}]}])
        with pytest.raises(InputError, match=r"c\.jsonl:2"):
            conv.read_conversations(path)
    assert conv.read_conversations(write_jsonl(tmp_path / "ok.jsonl", [good] * 3), limit=2) == [good, good]


# (b) the checker, on hand-made turns


def item(id, title, year=2000, genres=("Drama",), keywords=(), **facts):
    base = Item(id=id, title=title, year=year, genres=list(genres), keywords=list(keywords))
    return SimpleNamespace(**{**base.model_dump(), **facts}) if facts else base


def turn(*items, reply="", intent="recommend", **profile):
    hits = [SimpleNamespace(id=i.id, item=i) for i in items]
    return SimpleNamespace(hits=hits, reply=reply, intent=intent, profile=UserProfile(**profile), dropped=[])


HEAT = item("1", "Heat", 1995, ["Crime", "Action"], ["los angeles", "bank robbery"])
ALIEN = item("2", "Alien", 1979, ["Horror", "Science Fiction"], ["space marine", "alien"])
UP = item("3", "Up", 2009, ["Animation", "Family"], ["dog", "balloon"])
NO_YEAR = item("4", "Undated", None, ["Drama"])


def faults(expect, t):
    return {k: v for k, v in conv.check_turn(expect, t).items() if v is not None}


def test_a_card_of_an_excluded_genre_fails_and_good_cards_pass():
    assert faults({"genres_excluded": ["Horror"]}, turn(HEAT, UP)) == {}
    assert faults({"genres_excluded": ["Horror"]}, turn(HEAT, ALIEN)) == {
        "genres_excluded": "Alien (1979): genre Horror"
    }
    assert faults({"genres_required": ["Crime", "Family"]}, turn(HEAT, UP)) == {}
    assert set(faults({"genres_required": ["Family"]}, turn(HEAT, UP))) == {"genres_required"}


def test_a_card_outside_the_years_fails_and_an_unknown_year_fails_too():
    assert faults({"year_min": 1990, "year_max": 2010}, turn(HEAT, UP)) == {}
    found = faults({"year_min": 1990, "year_max": 2010}, turn(HEAT, ALIEN, NO_YEAR))
    assert found == {"year_min": "Alien (1979): year 1979; Undated: year unknown", "year_max": "Undated: year unknown"}


def test_runtime_language_and_keywords_are_catalog_facts():
    short = item("5", "Short", runtime=85, language="fr")
    unknown = item("6", "Unknown")  # a catalog without runtime or language yet: None does not hold
    assert faults({"runtime_max": 90, "language": "fr"}, turn(short)) == {}
    assert set(faults({"runtime_max": 90, "language": "fr"}, turn(short, unknown))) == {"runtime_max", "language"}
    assert faults({"keywords_excluded": ["dog"]}, turn(HEAT, ALIEN)) == {}
    assert faults({"keywords_excluded": ["dog"]}, turn(UP)) == {"keywords_excluded": "Up (2009): keywords dog"}
    assert faults({"keywords_excluded": ["robbery"]}, turn(HEAT))  # a word inside a keyword
    assert faults({"keywords_excluded": ["rob"]}, turn(HEAT)) == {}  # but not part of a word


def test_card_properties_are_skipped_without_cards_and_new_cards_judges_that():
    expect = {"new_cards": True, "genres_required": ["Crime"], "not_recommended": ["Heat"]}
    assert conv.check_turn(expect, turn()) == {"new_cards": "0 new cards"}
    tally = conv.Tally()
    tally.add(expect, conv.check_turn(expect, turn()))
    props = tally.as_dict()["properties"]
    assert props["new_cards"] == {"checks": 1, "held": 0, "share": 0.0, "skipped": 0}
    assert props["genres_required"] == {"checks": 0, "held": 0, "share": None, "skipped": 1}
    assert faults({"not_recommended": ["heat"]}, turn(HEAT, UP)) == {"not_recommended": "Heat (1995): recommended"}
    assert faults({"new_cards": False}, turn(HEAT)) == {"new_cards": "1 new cards"}


def test_profile_intent_and_reply_checks():
    t = turn(reply="Amélie is about a shy waitress in Paris.", intent="ask_film", liked=["Heat (1995)", "Up"])
    assert faults({"liked": ["Heat", "up"], "intent": "ask_film", "reply_mentions": "Amelie"}, t) == {}
    assert faults({"not_liked": ["Alien"], "disliked": [], "seen": []}, t) == {}
    found = faults({"liked": ["Alien"], "not_liked": ["Up"], "intent": "help", "reply_mentions": "Up"}, t)
    assert set(found) == {"liked", "not_liked", "intent", "reply_mentions"}
    assert faults({"intent": ["help", "ask_film"]}, t) == {}
    # "seen" asks that the profile know the title was watched: an opinion of it says so too
    assert faults({"seen": ["Heat", "Up"]}, t) == {}
    assert faults({"seen": ["Alien"]}, t) == {"seen": "not in seen: Alien"}
    assert faults({"intent": ["help", "small_talk"]}, t) == {"intent": "intent 'ask_film', not help or small_talk"}


def test_a_card_shown_twice_in_a_conversation_fails_no_repeats(tmp_path):
    script = [{"say": "crime", "expect": {"genres_required": ["Crime"]}}, {"say": "more", "expect": {}}]
    data = [{"id": "a", "who": "t", "turns": script}, {"id": "b", "who": "t", "turns": script}]
    replies = {"a": [turn(HEAT), turn(UP, HEAT)], "b": [turn(HEAT), turn(UP)]}
    rows, asked = [], []

    def chat(session, message):
        asked.append(session)
        return replies["a" if len(asked) <= 2 else "b"][(len(asked) - 1) % 2]

    m = conv.evaluate("fake", chat, data, rows.append, progress=False)
    assert asked[0] == asked[1] != asked[2] == asked[3]  # a session per conversation
    assert m["properties"]["no_repeats"] == {"checks": 2, "held": 1, "share": 0.5, "skipped": 0}
    assert m["properties"]["genres_required"]["share"] == 1.0
    assert rows[1]["failures"] == ["no_repeats: shown again: Heat (1995)"]
    assert [r["failures"] for r in rows[2:]] == [[], []]
    assert m["overall"] == {"checks": 4, "held": 3, "share": 0.75}


def test_removed_sentences_are_counted_and_each_shown_once():
    data = [{"id": "a", "who": "t", "turns": [{"say": "x", "expect": {}}] * 3}]
    removed = iter([["Heat won ten Oscars.", "It stars Tom Cruise."], ["Heat won ten Oscars."], []])

    def chat(session, message):
        return SimpleNamespace(**{**vars(turn(HEAT)), "dropped": next(removed)})

    rows = []
    m = conv.evaluate("fake", chat, data, rows.append, progress=False)
    assert m["dropped"] == 3
    assert [d["sentence"] for d in m["dropped_examples"]] == ["Heat won ten Oscars.", "It stars Tom Cruise."]
    assert rows[1]["dropped"] == ["Heat won ten Oscars."]
    assert "Reply sentences the grounding filter removed: 3." in conv.table(
        {"models": {"fake": m}, "n_conversations": 1, "n_turns": 3, "data": "x"}
    )


def test_a_turn_that_raises_is_reported_and_the_run_goes_on():
    data = [{"id": "a", "who": "t", "turns": [{"say": "x", "expect": {"intent": "recommend"}}] * 2}]
    calls = []

    def chat(session, message):
        calls.append(message)
        if len(calls) == 1:
            raise RuntimeError("boom")
        return turn(HEAT)

    rows = []
    m = conv.evaluate("fake", chat, data, rows.append, progress=False)
    assert m["turns_failed"] == 1 and m["properties"]["intent"]["held"] == 1
    assert rows[0]["failures"] == ["intent: turn failed: boom"]


def test_the_command_line_takes_several_models_and_refuses_a_missing_file(tmp_path, capsys):
    args = parser().parse_args(["eval", "conversations", "--model", "a", "--model", "b", "--limit", "2"])
    assert (args.models, args.limit, args.data) == (["a", "b"], 2, "tests/data/conversations.jsonl")
    assert args.out == "eval-out/conversations"
    assert main(["eval", "conversations", "--data", str(tmp_path / "none.jsonl"), "--out", str(tmp_path)]) == 2
    assert "no conversations file" in capsys.readouterr().err


# (c) a real run on the fast model


@pytest.mark.slow  # 80-90 s of turns on SmolLM2-135M (measured on the shared, busy 2 cores)
def test_a_real_run_on_three_conversations_writes_its_files(settings, recommender, tmp_path):
    out = tmp_path / "out"
    metrics = conv.run(DATA, out, settings, [FAST_LLM], limit=3, progress=False, recommenders={FAST_LLM: recommender})
    m = metrics["models"][FAST_LLM]
    assert metrics["n_conversations"] == 3 and m["n_turns"] == metrics["n_turns"] >= 9
    assert m["turns_failed"] == 0
    for p in [*m["properties"].values(), m["overall"]]:
        assert p["share"] is None or 0.0 <= p["share"] <= 1.0
        assert p["held"] <= p["checks"]
    assert m["properties"]["no_repeats"]["checks"] == 3
    rows = [json.loads(line) for line in (out / "turns.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) == m["n_turns"]
    assert {"conversation", "say", "intent", "cards", "reply", "failures", "dropped"} <= set(rows[0])
    assert json.loads((out / "metrics.json").read_text(encoding="utf-8")) == metrics
    md = (out / "metrics.md").read_text(encoding="utf-8")
    assert "| property | checks | held | share |" in md and "| no_repeats |" in md


@pytest.mark.slow  # about 2 minutes: 465 turns of reading and retrieval, no model
def test_the_whole_set_without_a_model_keeps_its_reading_checks(settings, catalog, tmp_path):
    """Every conversation through the rules and the code's own replies: the reading, the request and
    the retrieval are the product's, only the LLM's part of the reply is missing. A change that breaks
    the reading of the set shows here, without waiting for a model run."""
    from flexrec.services import build_recommender

    chat = build_recommender(settings, progress=False, catalog=catalog, model=False)
    assert chat.writer.llm is None
    metrics = conv.run(DATA, tmp_path, settings, ["rules"], progress=False, recommenders={"rules": chat})
    m = metrics["models"]["rules"]
    assert m["turns_failed"] == 0 and m["n_turns"] == metrics["n_turns"] >= 400
    # the floor is below today's 0.876 (docs/eval-runs/issue-27): a drop past it is a broken reading
    assert m["overall"]["share"] >= 0.85, m["overall"]
    assert m["properties"]["intent"]["share"] >= 0.8 and m["properties"]["seen"]["share"] >= 0.7
    rows = [json.loads(line) for line in (tmp_path / "turns.jsonl").read_text(encoding="utf-8").splitlines()]
    with_cards = [r for r in rows if r["cards"]]
    assert with_cards and all(r["cards"][0]["title"] in r["reply"] for r in with_cards)  # the code's opener names it
