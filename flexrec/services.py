"""Building FlexRec's parts from settings: the only place that knows how they fit together."""

from __future__ import annotations

import logging
import os
from dataclasses import fields

from flexrec.settings import Settings

log = logging.getLogger(__name__)


def go_offline() -> None:
    """No hub, no analytics, no telemetry: this product runs with package registries only.

    Also OpenMP threads that sleep when idle instead of spinning: llama.cpp and torch share two
    cores with the web server, and spinning threads under contention made generation 10-100x slower
    (bench/turn.py). Must run before either library starts its thread pool."""
    for key, value in {
        "OMP_WAIT_POLICY": "PASSIVE",
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "HF_HUB_DISABLE_TELEMETRY": "1",
        "GRADIO_ANALYTICS_ENABLED": "False",
        "ANONYMIZED_TELEMETRY": "False",
    }.items():
        os.environ.setdefault(key, value)


def open_catalog(settings: Settings, ingest: bool = True, progress: bool = True):
    """The catalog store (ingesting the configured catalog if needed) and its title index."""
    from retrieval.embeddings import load_embeddings
    from retrieval.ingest import ensure_catalog
    from retrieval.store import CatalogStore, open_client

    go_offline()
    store = CatalogStore(
        open_client(settings), settings.collection, load_embeddings(settings.embedding_model), settings.embedding_model
    )
    if ingest:
        report = ensure_catalog(store, settings.catalog_path, progress=progress)
        if report:
            log.info("%s", report)
    return (store, *catalog_index(store))


def catalog_index(store):
    """The title index and the genre vocabulary of what the store holds now."""
    return title_index(store.all_items())


def title_index(items):
    """The title index and the genre vocabulary of these catalog items, as the chat builds them."""
    from retrieval.titles import TitleIndex

    items = list(items)
    titles = TitleIndex((i.id, i.title, i.popularity, i.year) for i in items)
    return titles, sorted({g for i in items for g in i.genres})


def rank_weights(settings: Settings):
    from retrieval.ranking import RankWeights

    return RankWeights(**{f.name: getattr(settings, f"rank_{f.name}") for f in fields(RankWeights)})


def build_recommender(settings: Settings, progress: bool = True, llm=None, catalog=None):
    """All parts from settings; `llm` and `catalog` (open_catalog's result) may be given to share them."""
    from bot.conversation import Recommender
    from bot.llm_loader import load_chat_model
    from bot.models import llm_first, use_llm_profiler
    from bot.profile_store import ProfileStore
    from bot.profiler import ProfileUpdater
    from bot.starter import Starter
    from bot.writer import Writer
    from retrieval.retriever import Retriever

    store, titles, genres = catalog or open_catalog(settings, progress=progress)
    llm = llm or load_chat_model(settings, progress=progress)
    profiler = ProfileUpdater(
        llm if use_llm_profiler(settings) else None,
        titles,
        genres,
        settings.profile_max_new_tokens,
        llm_first=llm_first(settings),
    )
    return Recommender(
        profiler=profiler,
        retriever=Retriever(store, titles, rank_weights(settings)),
        writer=Writer(llm, titles, settings.reply_max_new_tokens, settings.reply_prompt_items),
        profiles=ProfileStore(settings.profiles_db),
        top_k=settings.top_k,
        max_message_chars=settings.max_message_chars,
        message_tokens=settings.llm_context // 2,
        starter=Starter(profiler.llm, profiler, settings.profile_max_new_tokens),
    )
