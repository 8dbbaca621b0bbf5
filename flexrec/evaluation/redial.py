"""`flexrec eval redial`: Recall@k on ReDial for popularity, embedding-only and the full pipeline.

All three rank the same ReDial catalog (ingested through the product's own ingestion code) for the
same targets in one run. The pipeline is the chat's, built by the same wiring
(flexrec.services.build_pipeline): each seeker message read once and given to the profile step,
then the retriever. `--mode rules` skips the LLM in the profile step.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

import numpy as np
from tqdm import tqdm

from bot.profile import UserProfile
from bot.query import search_query
from bot.writer import TITLE_YEAR
from flexrec.errors import InputError
from flexrec.evaluation import redial_data
from flexrec.evaluation.metrics import KS, rank_of, summarize
from flexrec.evaluation.provenance import sha256
from flexrec.evaluation.report import write_reports
from flexrec.evaluation.sources import movielens_baskets, read_csv
from flexrec.services import Pipeline, build_pipeline, rank_weights
from flexrec.settings import Settings
from retrieval.titles import TitleIndex

CONTEXT_CHARS = 1200  # the recent end of the dialogue: MiniLM reads 256 word pieces at most
DEPTH = max(KS)


def context_text(sample: redial_data.Sample) -> str:
    return " ".join(text for _, text in sample.context)[-CONTEXT_CHARS:]


def last_seeker_text(sample: redial_data.Sample) -> str:
    return next((text for role, text in reversed(sample.context) if role == "seeker" and text.strip()), "")


def collab_baskets(shared: Path, train: list[dict]) -> list[tuple[list[str], float]]:
    """The train dialogues' movies and MovieLens users' 4+ ratings, as ReDial ids (via the join table)."""
    to_redial: dict[str, list[str]] = {}
    for row in read_csv(shared / "movies" / "redial_to_catalog.csv"):
        if row["movielens_movieId"]:
            to_redial.setdefault(row["movielens_movieId"], []).append(row["redial_movieId"])
    return redial_data.baskets(train, redial_data.DIALOGUE_WEIGHT) + movielens_baskets(shared, to_redial)


def _write_catalog(catalog_file: Path, items) -> None:
    """The catalog file cut to `items` (a part of it, in its order)."""
    with open(catalog_file, "w", encoding="utf-8") as f:
        f.writelines(i.model_dump_json(exclude_none=True) + "\n" for i in items)


def _keep_enriched(catalog_file: Path, enrichment: Path) -> None:
    """Cut the catalog file to the items `enrichment` enriches (from their current text), and put the
    enrichment beside it. A partial enrichment made in a random order is a random sample of the
    catalog, so with and without its fields the same sample compares like with like."""
    import shutil

    from retrieval.catalog import read_catalog
    from retrieval.enrichment import content_key, enrichment_path, load

    done = {(r.id, r.content) for r in load(enrichment)}
    items = [i for i in read_catalog(catalog_file) if (i.id, content_key(i)) in done]
    if not items:
        raise InputError(f"{enrichment} enriches no item of the ReDial catalog: is it that catalog's enrichment?")
    _write_catalog(catalog_file, items)
    beside = enrichment_path(catalog_file)
    if enrichment.resolve() != beside.resolve():
        shutil.copyfile(enrichment, beside)


def _keep_most_mentioned(catalog_file: Path, popularity: dict[str, int], n: int) -> None:
    """Cut the catalog file to the `n` movies the train dialogues mention most (ties by id), for
    quick runs: embedding the whole catalog takes minutes on a CPU."""
    from retrieval.catalog import read_catalog

    items = read_catalog(catalog_file)
    top = set(sorted((i.id for i in items), key=lambda i: (-popularity.get(i, 0), i))[:n])
    _write_catalog(catalog_file, [i for i in items if i.id in top])


def collab_vectors(shared: Path, train: list[dict]) -> dict:
    """Collaborative vectors for the ReDial catalog, from the train dialogues and MovieLens only."""
    from retrieval.collab import learn_vectors

    return learn_vectors(collab_baskets(shared, train))


def open_redial_catalog(
    settings: Settings,
    shared: Path,
    train: list[dict],
    out: Path,
    progress: bool = True,
    enrichment: Path | None = None,
    catalog_limit: int | None = None,
):
    """The ReDial movie list as a catalog in the `redial-eval` collection, popularity and collaborative
    vectors from `train` (and MovieLens) only: the store, its title index and genre names.
    `catalog_limit`: only the N movies the train dialogues mention most (`redial-eval-topN`).
    `enrichment`: an enrichment file of this catalog (`redial_catalog.enrichment.jsonl`, made by
    scripts/enrich_redial_catalog.py); the catalog is then the items it enriches, and it goes beside
    the catalog, where ingestion finds it (embedded or not as FLEXREC_ENRICH_FIELDS says)."""
    from flexrec.services import catalog_index, open_catalog
    from retrieval.collab import collab_path, save_vectors
    from retrieval.ingest import ingest_file

    catalog_file = out / "redial_catalog.jsonl"
    popularity = redial_data.mention_counts(train)
    redial_data.build_catalog(shared, popularity, catalog_file)
    if enrichment is not None:
        _keep_enriched(catalog_file, enrichment)
    if catalog_limit:
        _keep_most_mentioned(catalog_file, popularity, catalog_limit)
    save_vectors(collab_path(catalog_file), collab_vectors(shared, train))  # ingested with the catalog
    collection = f"redial-eval-top{catalog_limit}" if catalog_limit else "redial-eval"  # never mixed
    store, _, _ = open_catalog(settings.model_copy(update={"collection": collection}), ingest=False)
    # unchanged items keep their text vectors; nothing of an earlier run's catalog or collaborative
    # vectors (another train file, a learning-curve fold) survives into this one
    ingest_file(store, catalog_file, progress=progress, exact=True, enrich=settings.enrich_fields)
    return (store, *catalog_index(store))


class PipelineRanker:
    """The chat's path: profile from the seeker's messages so far, then the retriever; with a
    writer, also the reply for the top hits, to measure grounding (`--generate`). `profile`: what
    it has read of the current dialogue."""

    def __init__(
        self, pipeline: Pipeline, titles: TitleIndex, top_k: int = 4, query: str = "dialogue", write: bool = False
    ):
        self.reader, self.updater, self.retriever = pipeline.reader, pipeline.profiler, pipeline.retriever
        self.writer = pipeline.writer if write else None
        self.titles, self.top_k, self.query = titles, top_k, query
        self._dialogue, self.profile, self._read = None, UserProfile(), 0
        self.seconds: list[float] = []
        self.replies = {"n": 0, "with_outside_title_before_filter": 0, "titles_named": 0, "titles_in_catalog": 0}

    def _write(self, sample: redial_data.Sample, hits) -> None:
        """Write the reply for this turn and count what the grounding filter saw."""
        last_seeker = last_seeker_text(sample)
        guard = self.writer.guard(self.profile, hits, last_seeker)
        reply = "".join(self.writer.stream(self.profile, last_seeker or "Any suggestions?", hits, guard))
        titles = self.titles
        found = titles.find(reply)
        # "Title (Year)" spans the finder skipped (it distrusts e.g. "13th"): the capture may start
        # before the title ("Also worth a look: 13th"), so a catalog title ending it counts.
        extra = [n.split() for n in TITLE_YEAR.findall(reply) if not titles.find(n)]
        in_catalog = [any(titles.lookup(" ".join(w[i:])) for i in range(len(w))) for w in extra]
        self.replies["n"] += 1
        self.replies["with_outside_title_before_filter"] += bool(guard.dropped)
        self.replies["titles_named"] += len(found) + len(extra)
        self.replies["titles_in_catalog"] += len(found) + sum(in_catalog)

    def __call__(self, sample: redial_data.Sample) -> list[str]:
        start = time.perf_counter()
        if sample.dialogue_id != self._dialogue:
            self._dialogue, self.profile, self._read = sample.dialogue_id, UserProfile(), 0
        # each seeker message with what it answers, as the chat reads a reply to the cards it showed
        answers = redial_data.replies(sample.context)
        for context, text in answers[self._read :]:
            self.profile = self.updater.update(self.profile, self.reader.read_answer(text[:4000], context)).profile
        self._read = len(answers)
        # the human recommender's earlier suggestions stand for what the bot has shown
        self.profile = self.profile.model_copy(update={"recommended": sample.recommended_before})
        # "more like" means the titles the seeker's last message liked, as in the chat (bot/query.py)
        last = self.reader.read(last_seeker_text(sample))
        reading = self.reader.read(context_text(sample)) if self.query == "dialogue" else last
        wants = search_query(self.profile, reading, last.delta)
        hits = self.retriever.search(wants, DEPTH + len(sample.mentioned_before))
        if self.writer is not None:
            self._write(sample, hits[: self.top_k])
        self.seconds.append(time.perf_counter() - start)
        return [h.id for h in hits]


def evaluate(samples, rankers: dict[str, Callable], progress: bool = True) -> dict:
    ranks: dict[str, list] = {name: [] for name in rankers}
    dedup: dict[str, list] = {name: [] for name in rankers}
    for sample in tqdm(samples, desc="Ranking", unit="target", disable=not progress):
        for name, ranker in rankers.items():
            ranking = ranker(sample)
            ranks[name].append(rank_of(sample.target, ranking))
            if not sample.is_repeat:
                dedup[name].append(rank_of(sample.target, ranking, sample.mentioned_before))
    return {name: {**summarize(ranks[name]), "dedup": summarize(dedup[name])} for name in rankers}


def run(
    data: Path,
    out: Path,
    settings: Settings,
    limit: int | None = None,
    mode: str = "rules",
    shared: Path | None = None,
    docs: Path | None = None,
    progress: bool = True,
    llm=None,
    generate: bool = False,
    query: str = "dialogue",
    label: str = "main",
    note: str = "",
    on_train: bool = False,
    enrichment: Path | None = None,
    catalog_limit: int | None = None,
) -> dict:
    """`on_train`: evaluate even when `data` is the train file the popularity and the collaborative
    vectors are learned from (a figure that then says so); refused otherwise. `enrichment`: rank only
    the items that enrichment file enriches, and count only the targets among them
    (`open_redial_catalog`). `catalog_limit`: likewise, only the N movies the train dialogues mention
    most (quick runs; no figure to compare with the whole catalog's)."""
    shared = shared or data.parent.parent
    train_file = shared / "redial" / "train_data.jsonl"
    fits_on = data.is_file() and train_file.is_file() and sha256(data) == sha256(train_file)
    if fits_on and not on_train:
        raise InputError(
            f"{data} is the train file this evaluation learns from: its figures would not be held out. "
            "Evaluate valid_data.jsonl, or pass --on-train to measure on the training data knowingly."
        )
    train = redial_data.read_dialogues(train_file)
    popularity = redial_data.mention_counts(train)
    store, titles, genres = open_redial_catalog(settings, shared, train, out, progress, enrichment, catalog_limit)

    dialogues = redial_data.read_dialogues(data, limit)
    samples = [s for d in dialogues for s in redial_data.samples(d)]
    by_popularity = [m for m, _ in sorted(popularity.items(), key=lambda kv: (-kv[1], kv[0]))]
    if enrichment is not None or catalog_limit:  # a part of the catalog: what is outside is neither ranked nor sought
        inside = {item.id for item in store.all_items()}
        samples = [s for s in samples if s.target in inside]
        by_popularity = [m for m in by_popularity if m in inside]

    def popular(sample):
        return by_popularity[: DEPTH + len(sample.mentioned_before)]

    def embedding(sample):
        vector = store.embed_query(context_text(sample))
        return [item.id for item, _, _ in store.query(vector, DEPTH + len(sample.mentioned_before), None)]

    if (mode == "llm" or generate) and llm is None:
        from bot.llm_loader import load_chat_model

        llm = load_chat_model(settings)
    read_by = settings.model_copy(update={"llm_profiler": mode == "llm"})
    parts = build_pipeline(read_by, titles, genres, store, llm)
    pipeline = PipelineRanker(parts, titles, settings.top_k, query, write=generate)
    updater = pipeline.updater
    rankers = {"popularity": popular, "embedding": embedding, "pipeline": pipeline}
    if mode == "llm":  # the rules-only pipeline on the same targets, to show what the LLM adds
        rankers["pipeline-rules"] = PipelineRanker(build_pipeline(settings, titles, genres, store), titles, query=query)
    started = time.perf_counter()
    methods = evaluate(samples, rankers, progress)
    llm_calls = updater.stats["llm_usable"] + updater.stats["llm_unusable"]
    metrics = {
        "n_targets": len(samples),
        "n_targets_dedup": sum(not s.is_repeat for s in samples),
        "n_dialogues": len(dialogues),
        "n_train_dialogues": len(train),  # what popularity and the collaborative vectors learned from
        "data": str(data),
        "mode": mode,
        "query": query,
        "label": label,
        "note": note,
        "on_train": fits_on,  # evaluated on the dialogues it learned from: no held-out figure
        "ranker": settings.ranker,  # runs recorded before the trees have none: the blend
        # how the trees were fitted (the JSON beside their file): their features, setting and data
        "rank_trees": json.loads(settings.rank_trees_path.with_suffix(".json").read_text())
        if settings.ranker == "trees"
        else None,
        "rank_weights": asdict(rank_weights(settings)),
        "catalog_size": store.count(),
        "catalog_limit": catalog_limit,  # the N most mentioned movies only; None: the whole catalog
        "enrichment": {"file": str(enrichment), "sha256": sha256(enrichment), "fields": settings.enrich_fields}
        if enrichment is not None
        else None,
        "methods": methods,
        "pipeline_profile_llm_usable_share": round(updater.stats["llm_usable"] / llm_calls, 4) if llm_calls else None,
        "pipeline_seconds_per_turn": {
            "mean": round(statistics.mean(pipeline.seconds), 4) if pipeline.seconds else None,
            "p95": round(float(np.percentile(pipeline.seconds, 95)), 4) if pipeline.seconds else None,
        },
        "wall_seconds": round(time.perf_counter() - started, 1),
    }
    if generate:
        r = pipeline.replies
        metrics["generation"] = {
            "replies": r["n"],
            # before the grounding filter: replies where the model named a movie outside the hits
            "outside_title_share_before_filter": round(r["with_outside_title_before_filter"] / r["n"], 4),
            # after it: of the movie titles the user saw, the share that are catalog items
            "titles_in_catalog_share": round(r["titles_in_catalog"] / r["titles_named"], 4)
            if r["titles_named"]
            else None,
        }
    write_reports(metrics, out, docs)
    return metrics
