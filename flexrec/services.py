"""Building FlexRec's parts from settings: the only place that knows how they fit together."""

from __future__ import annotations

import logging
import os
import re
from collections import Counter
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from flexrec.settings import Settings

if TYPE_CHECKING:
    from bot.profiler import ProfileUpdater
    from bot.reading import Reader
    from bot.starter import Starter
    from bot.translator import Translator
    from bot.writer import Writer
    from retrieval.retriever import Retriever

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
    from retrieval.store import CatalogStore, collection_name, open_client

    go_offline()
    store = CatalogStore(
        open_client(settings),
        collection_name(
            settings.collection, settings.embedding_model, Settings.model_fields["embedding_model"].default
        ),
        load_embeddings(settings.embedding_model, settings.models_dir),
        settings.embedding_model,
    )
    if ingest:
        report = ensure_catalog(store, settings.catalog_path, progress=progress, enrich=settings.enrich_fields)
        if report:
            log.info("%s", report)
    return (store, *catalog_index(store))


def catalog_index(store):
    """The title index and the genre vocabulary of what the store holds now."""
    return title_index(store.all_items())


FREQUENT = 10  # overviews that use a word, for it to be an everyday word of film talk ("edge", "game", "help")


def title_index(items):
    """The title index and the genre vocabulary of these catalog items, as the chat builds them."""
    from retrieval.titles import TitleIndex

    items = list(items)
    prose: set[str] = set()  # ordinary words, no typos of titles
    used: Counter[str] = Counter()  # in how many summaries each word is
    for item in items:
        text = (item.overview or "").lower()
        prose.update(text.split())
        used.update(set(re.findall(r"[a-z]+", text)))
    frequent = {w for w, n in used.items() if n >= FREQUENT}
    titles = TitleIndex(
        ((i.id, i.title, i.popularity, i.year) for i in items),
        words=prose,
        frequent=frequent,
        others=((i.id, i.original_title) for i in items if i.original_title),
    )
    return titles, sorted({g for i in items for g in i.genres})


def rank_weights(settings: Settings):
    from retrieval.ranking import RankWeights

    return RankWeights(**{f.name: getattr(settings, f"rank_{f.name}") for f in fields(RankWeights)})


@dataclass(frozen=True)
class Pipeline:
    """The parts of a turn: read the message, update the profile, retrieve, write."""

    reader: Reader
    profiler: ProfileUpdater
    retriever: Retriever | None  # None where only the profile step is asked (the profile evaluation)
    writer: Writer  # without a model, it writes the code's opener and listing alone
    starter: Starter
    translator: Translator | None = None  # None without a model that translates: read as written


def build_pipeline(settings: Settings, titles, genres, store=None, llm=None, reuse: Pipeline | None = None) -> Pipeline:
    """The parts from settings, for the chat and every evaluation alike. `llm`: the chat model, or
    None for the rules alone; the profile step asks it where it reads preferences better than the
    rules (`use_llm_profiler`, FLEXREC_LLM_PROFILER). `reuse`: an earlier build over the same
    settings, whose learned reader (its weights and sentence encoder) and tree ranker are taken as
    they are, not loaded again."""
    from bot.models import llm_first, use_llm_profiler, use_translation
    from bot.profiler import ProfileUpdater
    from bot.reading import Reader
    from bot.reading.taste import ENCODER, TasteModel
    from bot.starter import Starter
    from bot.translator import Translator
    from bot.writer import Writer
    from retrieval.embeddings import load_embeddings
    from retrieval.ranking import TreeRanker
    from retrieval.retriever import Retriever

    items = store.all_items() if store is not None else []
    taste = reuse.reader.taste if reuse is not None else None
    if settings.taste_reader and reuse is None:  # encoder: the catalog's own where it is the one fitted
        same = store is not None and store.model_name == ENCODER
        encoder = store.embeddings if same else load_embeddings(ENCODER, settings.models_dir)
        taste = TasteModel.load(encoder.embed_documents)
    reader = Reader(titles, frozenset(k.lower() for item in items for k in item.keywords), taste)  # themes it knows
    profile_llm = llm if llm is not None and use_llm_profiler(settings) else None
    first = profile_llm is not None and llm_first(settings)
    profiler = ProfileUpdater(profile_llm, titles, genres, settings.profile_max_new_tokens, llm_first=first)
    retriever = None
    writer = Writer(llm, titles, settings.reply_max_new_tokens, settings.reply_prompt_items)
    if store is not None:
        weights = rank_weights(settings)
        if reuse is not None and reuse.retriever is not None:
            trees = reuse.retriever.trees
        else:
            trees = TreeRanker.load(settings.rank_trees_path) if settings.ranker == "trees" else None
        retriever = Retriever(
            store,
            titles,
            weights,
            settings.retrieval_pool,
            settings.popular_pool,
            settings.identify_fame,
            settings.identify_words,
            trees,
        )
    translating = llm is not None and use_translation(settings)
    return Pipeline(
        reader=reader,
        profiler=profiler,
        retriever=retriever,
        writer=writer,
        starter=Starter(profile_llm, profiler, reader, settings.profile_max_new_tokens),
        translator=Translator(llm, settings.translate_max_new_tokens) if translating else None,
    )


class CatalogFollower:
    """The chat's parts over the catalog as it is now: when the store's item count moved (an ingest
    by another server process or `flexrec ingest` into a shared Chroma), the title index, genres and
    themes are read again and the parts rebuilt. Retrieval itself always sees the store as it is;
    this is for names ("I loved <a title ingested a minute ago>") and filters by genre."""

    def __init__(self, settings: Settings, store, llm, parts: Pipeline):
        """`parts`: the chat's parts now; their learned reader serves every rebuild."""
        self.settings, self.store, self.llm, self.parts = settings, store, llm, parts
        self.count = store.count()

    def __call__(self) -> Pipeline | None:
        count = self.store.count()
        if count == self.count:
            return None
        log.info("the catalog now holds %d items (was %d): its index is read again", count, self.count)
        self.count = count
        index = catalog_index(self.store)
        self.parts = build_pipeline(self.settings, *index, self.store, self.llm, reuse=self.parts)
        return self.parts


def build_recommender(settings: Settings, progress: bool = True, llm=None, catalog=None, model: bool = True):
    """The chat from settings; `llm` and `catalog` (open_catalog's result) may be given to share them.
    `model=False`: no LLM at all, the rules read and the code writes (`eval conversations --model rules`)."""
    from bot.conversation import Recommender
    from bot.llm_loader import load_chat_model
    from bot.profile_store import ProfileStore

    store, titles, genres = catalog or open_catalog(settings, progress=progress)
    if model and llm is None:
        llm = load_chat_model(settings, progress=progress)
    parts = build_pipeline(settings, titles, genres, store, llm)
    return Recommender(
        reader=parts.reader,
        profiler=parts.profiler,
        retriever=parts.retriever,
        writer=parts.writer,
        profiles=ProfileStore(settings.profiles_target),
        top_k=settings.top_k,
        max_message_chars=settings.max_message_chars,
        message_tokens=settings.llm_context // 2,
        starter=parts.starter,
        translator=parts.translator,
        follow=CatalogFollower(settings, store, llm, parts),
    )
