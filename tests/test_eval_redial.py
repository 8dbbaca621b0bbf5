"""The ReDial evaluation: targets, repeats, Recall@k and the popularity baseline on hand-made
dialogues; and, when ../shared/data is present, a real retrieval-only run that must beat chance."""

from pathlib import Path

import pytest

from flexrec.evaluation import redial_data
from flexrec.evaluation.metrics import rank_of, recall_at, summarize
from flexrec.evaluation.redial import evaluate
from flexrec.evaluation.sources import tmdb_genre_names
from tests.conftest import RECOMMENDER, SEEKER, redial_dialogue

dialogue = redial_dialogue  # (cid, messages, mentions)


D1 = dialogue(
    "1",
    [
        (SEEKER, "hi, I loved @10"),
        (RECOMMENDER, "then try @20 or @30"),  # two targets, neither a repeat
        (SEEKER, "seen @20, what else?"),
        (RECOMMENDER, "@20 again, or @10 and @40"),  # @20 and @10 are repeats, @40 is new
    ],
    {"10": "Alien  (1979)", "20": "Aliens (1986)", "30": "Predator (1987)", "40": "The Thing"},
)


def test_targets_contexts_and_repeats():
    samples = redial_data.samples(D1)
    assert [(s.target, s.is_repeat) for s in samples] == [
        ("20", False),
        ("30", False),
        ("20", True),
        ("10", True),
        ("40", False),
    ]
    first = samples[0]
    assert first.context == [("seeker", "hi, I loved Alien")]  # @id replaced by the name, year split off
    assert first.mentioned_before == {"10"}
    last = samples[-1]
    assert [role for role, _ in last.context] == ["seeker", "recommender", "seeker"]
    assert last.mentioned_before == {"10", "20", "30"}
    # what the recommender suggested so far stands for what the bot has shown; @10 was the seeker's
    assert [s.recommended_before for s in samples] == [[], [], ["20", "30"], ["20", "30"], ["20", "30"]]


def test_a_mention_without_a_name_reads_as_a_movie():
    """The train file holds one mention whose name is null; every reader of the dialogues must take it."""
    nameless = dialogue("3", [(SEEKER, "I liked @50 and @10"), (RECOMMENDER, "try @20")], {"50": None, "10": "Alien"})
    assert redial_data.samples(nameless)[0].context == [("seeker", "I liked a movie and Alien")]


def test_baskets_are_the_movies_of_each_dialogue():
    empty = dialogue("2", [(SEEKER, "hello")], {})
    assert redial_data.baskets([D1, empty], 5.0) == [(["10", "20", "30", "40"], 5.0)]


def test_movielens_genres_take_the_names_the_rule_reader_and_tmdb_use():
    """Without this, "sci-fi" (→ Science Fiction) never matched a MovieLens-only movie ("Sci-Fi")."""
    assert tmdb_genre_names("Adventure|Children|Sci-Fi|IMAX|Musical") == [
        "Adventure",
        "Family",
        "Science Fiction",
        "Music",
    ]
    assert tmdb_genre_names("(no genres listed)") == []


def test_recall_is_computed_as_defined():
    # ranks: 0 (top), 3, 12, None (not ranked), 49, 50
    ranks = [0, 3, 12, None, 49, 50]
    assert recall_at(ranks, 1) == pytest.approx(1 / 6)
    assert recall_at(ranks, 10) == pytest.approx(2 / 6)
    assert recall_at(ranks, 50) == pytest.approx(4 / 6)
    assert summarize(ranks) == {"recall@1": 0.1667, "recall@10": 0.3333, "recall@50": 0.6667}
    assert recall_at([], 10) == 0.0


def test_rank_ignores_excluded_items():
    ranking = ["a", "b", "c", "d"]
    assert rank_of("c", ranking) == 2
    assert rank_of("c", ranking, excluded={"a", "b"}) == 0
    assert rank_of("z", ranking) is None


def test_popularity_counts_dialogues_and_repeats_are_handled_in_both_variants():
    train = [
        dialogue("t1", [(SEEKER, "@40 @40 @10")], {"40": "The Thing", "10": "Alien"}),
        dialogue("t2", [(SEEKER, "@40")], {"40": "The Thing"}),
        dialogue("t3", [(SEEKER, "@20")], {"20": "Aliens"}),
    ]
    counts = redial_data.mention_counts(train)
    assert counts == {"40": 2, "10": 1, "20": 1}  # per dialogue, not per mention
    order = [m for m, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    assert order == ["40", "10", "20"]
    result = evaluate(redial_data.samples(D1), {"popularity": lambda s: order}, progress=False)["popularity"]
    # with repeats: targets 20 (rank 2), 30 (absent), 20 (2), 10 (1), 40 (0)
    assert result["recall@1"] == pytest.approx(1 / 5, abs=1e-4)
    assert result["recall@10"] == pytest.approx(4 / 5, abs=1e-4)
    # repeats removed: targets 20 (10 excluded → rank 1), 30 (absent), 40 (10,20 excluded → rank 0)
    assert result["dedup"] == {"recall@1": 0.3333, "recall@10": 0.6667, "recall@50": 0.6667}


def _metrics(label: str, r10: float) -> dict:
    recall = {"recall@1": 0.01, "recall@10": r10, "recall@50": 0.3}
    return {
        "n_targets": 10, "n_targets_dedup": 8, "n_dialogues": 3, "n_train_dialogues": 7, "data": "valid_data.jsonl",
        "mode": "rules",
        "query": "dialogue", "label": label, "note": f"note for {label}", "catalog_size": 100,
        "methods": {"pipeline": {**recall, "dedup": recall}},
        "pipeline_profile_llm_usable_share": None, "pipeline_seconds_per_turn": {"mean": 0.1, "p95": 0.2},
    }  # fmt: skip


def test_every_recorded_run_is_listed_and_main_is_the_headline(tmp_path):
    from flexrec.evaluation.report import write_reports

    docs = tmp_path / "docs" / "evaluation.md"
    (docs.parent).mkdir()
    (docs.parent / "evaluation-levers.md").write_text("## What each lever gave\n\nHand-written notes.\n")
    write_reports(_metrics("main", 0.123), tmp_path / "a", docs)
    write_reports(_metrics("collab-off", 0.045), tmp_path / "b", docs)
    page = docs.read_text()
    assert "| pipeline | 0.010 | 0.123 |" in page  # the headline table is main's, not the latest run's
    assert page.index("`main` | note for main | 7 |") < page.index("`collab-off` | note for collab-off")
    assert "learn from the 7 dialogues of `train_data.jsonl`" in page  # what the figures learned from
    assert "| 0.045 |" in page and "Hand-written notes." in page
    assert sorted(p.name for p in (docs.parent / "eval-runs").iterdir()) == ["collab-off.json", "main.json"]


SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
needs_shared_data = pytest.mark.skipif(
    not (SHARED / "redial" / "valid_data.jsonl").exists(), reason="../shared/data not present"
)
QUICK_CATALOG = 1000  # the movies train mentions most: embedding all 6,924 takes two minutes here


@pytest.mark.slow
@needs_shared_data
def test_retrieval_only_eval_on_20_valid_dialogues_beats_chance(settings, tmp_path):
    from flexrec.evaluation.redial import run

    metrics = run(
        SHARED / "redial" / "valid_data.jsonl",
        tmp_path / "out",
        settings,
        limit=20,
        mode="rules",
        docs=tmp_path / "evaluation.md",
        progress=False,
        catalog_limit=QUICK_CATALOG,
    )
    assert metrics["catalog_size"] == QUICK_CATALOG == metrics["catalog_limit"] and metrics["n_dialogues"] == 20
    chance_at_50 = 50 / metrics["catalog_size"]
    for name in ("popularity", "embedding", "pipeline"):
        assert metrics["methods"][name]["recall@50"] > 3 * chance_at_50, name
        assert metrics["methods"][name]["dedup"]["recall@50"] > 3 * chance_at_50, name
    for name in ("metrics.json", "metrics.md", "recall.png"):
        assert (tmp_path / "out" / name).stat().st_size > 0
    assert "UniCRS" in (tmp_path / "evaluation.md").read_text()
    assert "the most mentioned in train only" in (tmp_path / "evaluation.md").read_text()
    assert (tmp_path / "eval-runs" / "main.json").exists()


@needs_shared_data
def test_with_an_enrichment_file_only_its_items_are_ranked_and_sought(settings, tmp_path):
    """A partial enrichment of the ReDial catalog (a random sample of it) makes the catalog: targets
    outside it are not counted, and FLEXREC_ENRICH_FIELDS decides whether its fields are embedded."""
    import random

    from flexrec.errors import InputError
    from flexrec.evaluation.redial import run
    from retrieval.catalog import read_catalog
    from retrieval.enrichment import Record, content_key

    train = redial_data.read_dialogues(SHARED / "redial" / "train_data.jsonl")
    whole = tmp_path / "whole" / "redial_catalog.jsonl"
    redial_data.build_catalog(SHARED, redial_data.mention_counts(train), whole)
    assert len(read_catalog(whole)) == 6924  # the whole ReDial movie list (the quick runs rank a part)
    sample = random.Random(0).sample(read_catalog(whole), 400)
    made = {"mood": ["tense"], "themes": ["a heist"], "audience": "adults", "setting": "a city", "pitch": "A job."}
    path = tmp_path / "redial_catalog.enrichment.jsonl"
    path.write_text("".join(Record(id=i.id, content=content_key(i), key=i.id, model="m", enrichment=made)
                            .model_dump_json() + "\n" for i in sample))  # fmt: skip
    dialogues = redial_data.read_dialogues(SHARED / "redial" / "valid_data.jsonl", 50)
    inside = {i.id for i in sample}
    wanted = [s for d in dialogues for s in redial_data.samples(d) if s.target in inside]
    # a store of its own: the other runs' whole catalog keeps its vectors in the suite's
    enriched = settings.model_copy(update={"enrich_fields": "all", "data_dir": tmp_path / "data"})
    metrics = run(SHARED / "redial" / "valid_data.jsonl", tmp_path / "out", enriched, limit=50, progress=False,
                  enrichment=path)  # fmt: skip
    assert metrics["catalog_size"] == 400 and metrics["n_targets"] == len(wanted) > 0
    assert metrics["enrichment"]["fields"] == "all" and len(metrics["enrichment"]["sha256"]) == 64
    from flexrec.services import open_catalog
    from tests.test_enrichment import stored_documents

    store = open_catalog(enriched.model_copy(update={"collection": "redial-eval"}), ingest=False)[0]
    documents = stored_documents(store)
    assert store.enriched() and len(documents) == 400 and all("A job." in documents[i.id] for i in sample)
    other = tmp_path / "other.enrichment.jsonl"
    other.write_text(Record(id="nope", content="x", key="k", model="m", enrichment=made).model_dump_json() + "\n")
    with pytest.raises(InputError, match="enriches no item"):
        run(SHARED / "redial" / "valid_data.jsonl", tmp_path / "out2", enriched, limit=5, progress=False,
            enrichment=other)  # fmt: skip


@pytest.mark.slow
@needs_shared_data
def test_llm_mode_reports_the_llm_share_the_rules_pipeline_and_grounding(settings, llm, tmp_path):
    from flexrec.evaluation.redial import run

    metrics = run(
        SHARED / "redial" / "valid_data.jsonl",
        tmp_path / "out",
        settings,
        limit=2,
        mode="llm",
        progress=False,
        catalog_limit=QUICK_CATALOG,  # the store the rules run above made
        llm=llm,
        generate=True,
        docs=tmp_path / "evaluation.md",
    )
    assert set(metrics["methods"]) == {"popularity", "embedding", "pipeline", "pipeline-rules"}
    assert 0.0 <= metrics["pipeline_profile_llm_usable_share"] <= 1.0
    assert metrics["pipeline_seconds_per_turn"]["mean"] > 0 and metrics["pipeline_seconds_per_turn"]["p95"] > 0
    generation = metrics["generation"]
    assert generation["replies"] == metrics["n_targets"]
    assert 0.0 <= generation["outside_title_share_before_filter"] <= 1.0
    assert generation["titles_in_catalog_share"] == 1.0  # after the filter, every title shown is a catalog item
    assert "Generated replies" in (tmp_path / "evaluation.md").read_text()


def test_the_pipeline_reads_a_reply_as_answering_the_recommenders_suggestion(catalog):
    """As the chat reads a reply against the cards it showed: "Not for me" after "try Titanic"."""
    from flexrec.evaluation.redial import PipelineRanker
    from flexrec.services import build_pipeline
    from flexrec.settings import Settings

    store, titles, genres = catalog
    d = dialogue(
        "9",
        [
            (SEEKER, "hi, I loved @1"),
            (RECOMMENDER, "then try @2"),
            (SEEKER, "Not for me, I'm afraid"),
            (RECOMMENDER, "how about @3"),
        ],
        {"1": "Alien  (1979)", "2": "Titanic (1997)", "3": "Star Wars (1977)"},
    )
    ranker = PipelineRanker(build_pipeline(Settings(), titles, genres, store), titles)
    for sample in redial_data.samples(d):
        ranker(sample)
    assert ranker.profile.liked == ["Alien"] and ranker.profile.disliked == ["Titanic"]
