"""The Chroma collection that holds the catalog: one client, upserts by id, typed reads.

chromadb is used directly (not through langchain-chroma) because retrieval needs ids, metadata and
stored vectors from one query, which langchain's Document results drop. Embeddings always come
from our model: the collection is created with `embedding_function=None`, so Chroma never falls
back to its default model (which would try to download).
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Mapping, Sequence
from urllib.parse import urlparse

import numpy as np

from flexrec.errors import StoreError
from flexrec.settings import Settings
from retrieval.catalog import Item
from retrieval.collab import CollabStore
from retrieval.guard import Guarded, bound_http, location
from retrieval.words import WordIndex

log = logging.getLogger(__name__)

COMPLETE, IN_PROGRESS = "complete", "in_progress"
# the scalar facts kept as metadata, under these keys (an original title is read by the title index)
FACTS = ("language", "runtime", "rating", "votes", "original_title")
# What the metadata of every item holds. 2: the facts above and `countries`; 3: `original_title`; a
# store at an older version is brought up to date on start (retrieval/ingest.py `ensure_catalog`).
SCHEMA = 3


def text_key(document: str) -> str:
    return hashlib.sha1(document.encode("utf-8")).hexdigest()


def open_client(settings: Settings):
    """The process's one Chroma client: a server when FLEXREC_CHROMA_URL is set, else a folder."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    try:
        if settings.chroma_url:
            url = urlparse(settings.chroma_url)
            client = chromadb.HttpClient(
                host=url.hostname or "127.0.0.1",
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=chroma_settings,
            )
            bound_http(client)  # chromadb's own waits forever on a hung server (retrieval/guard.py)
            return client
        settings.chroma_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)
    except Exception as exc:  # locked folder, unreachable server, corrupt sqlite: all fatal here
        where = settings.chroma_url or settings.chroma_dir
        raise StoreError(f"cannot open the Chroma store at {where}: {exc}") from exc


def _metadata(item: Item) -> dict:
    meta = {"title": item.title, "overview": item.overview, "popularity": item.popularity}
    if item.year is not None:
        meta["year"] = item.year
    if item.genres:  # Chroma rejects empty lists
        meta["genres"] = item.genres
        meta["genre_keys"] = [g.lower() for g in item.genres]
    if item.keywords:
        meta["keywords"] = item.keywords
    if item.countries:  # a list like genres, so a filter can ask {"countries": {"$contains": "FR"}}
        meta["countries"] = item.countries
    for key in FACTS:  # scalars; an unknown one is left out (Chroma has no null)
        if (value := getattr(item, key)) is not None:
            meta[key] = value
    return meta


def _item(item_id: str, meta: dict) -> Item:
    return Item(
        id=item_id,
        title=meta["title"],
        year=meta.get("year"),
        genres=meta.get("genres") or [],
        keywords=meta.get("keywords") or [],
        overview=meta.get("overview", ""),
        popularity=meta.get("popularity", 0.0),
        countries=meta.get("countries") or [],
        **{key: meta.get(key) for key in FACTS},  # absent in a store written before them: None
    )


def collection_name(base: str, embedder: str, default: str) -> str:
    """The collection of `base` for vectors of `embedder`: `base` itself for the default embedder,
    else `base` with the embedder's name, so that switching embedders (FLEXREC_EMBEDDING_MODEL) never
    mixes two models' vectors and switching back finds the old ones still there."""
    if embedder == default:
        return base
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", embedder).strip("-_") or "embedder"
    return f"{base}--{slug}"[:200]


class CatalogStore:
    """One Chroma collection of catalog items, embedded with `embeddings` (a langchain Embeddings)
    whose configured name is `model_name` (it keys the precomputed vectors a catalog may ship)."""

    def __init__(self, client, name: str, embeddings, model_name: str):
        self.embeddings, self.model_name = embeddings, model_name
        self._query_cache: dict[str, np.ndarray] = {}
        self._by_popularity: list[tuple[float, str]] | None = None
        self._words: WordIndex | None = None
        self.collab = CollabStore(client, f"{name}-collab")  # the items' collaborative vectors
        try:
            collection = client.get_or_create_collection(
                name, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
            )
        except Exception as exc:
            raise StoreError(f"cannot open Chroma collection {name!r}: {exc}") from exc
        # a server gone away is a StoreError (the API's 503), not whatever chromadb let through
        self.collection = Guarded(collection, location(client))
        embedder = (collection.metadata or {}).get("flexrec_embedder")
        if embedder and embedder != model_name:  # searching one model's vectors with another's is noise
            raise StoreError(
                f"Chroma collection {name!r} holds vectors of the embedder {embedder!r}, not {model_name!r}; "
                "each embedder keeps its own collection (retrieval.store.collection_name)"
            )

    def embed_query(self, text: str) -> np.ndarray:
        """A unit query vector; the last few are cached (an eval asks for the same context often)."""
        if text not in self._query_cache:
            if len(self._query_cache) >= 64:
                self._query_cache.pop(next(iter(self._query_cache)))
            self._query_cache[text] = np.asarray(self.embeddings.embed_query(text), dtype=np.float32)
        return self._query_cache[text]

    def count(self) -> int:
        return self.collection.count()

    def state(self) -> str:
        """'complete', 'in_progress' (an ingestion was interrupted) or 'empty'."""
        state = (self.collection.metadata or {}).get("flexrec_ingest")
        return state or (COMPLETE if self.count() else "empty")

    def schema(self) -> int:
        """The `SCHEMA` every stored item's metadata follows: an empty store follows the current one,
        a store written before the version was recorded the first."""
        recorded = (self.collection.metadata or {}).get("flexrec_schema")
        return int(recorded) if recorded is not None else (SCHEMA if not self.count() else 1)

    def enriched(self) -> tuple[str, ...]:
        """The enrichment fields the stored texts were embedded with (retrieval/enrichment.py)."""
        return tuple(f for f in (self.collection.metadata or {}).get("flexrec_enriched", "").split(",") if f)

    def _mark(self, state: str, source: str, schema: int, enriched: Sequence[str] | None = None) -> None:
        metadata = {
            "flexrec_ingest": state,
            "flexrec_source": source,
            "flexrec_schema": schema,
            "flexrec_embedder": self.model_name,
        }
        if fields := ",".join(self.enriched() if enriched is None else enriched):  # modify replaces it all
            metadata["flexrec_enriched"] = fields
        self.collection.modify(metadata=metadata)

    def refresh_metadata(
        self, items: Sequence[Item], batch_size: int = 256, extra: Mapping[str, str] | None = None
    ) -> int:
        """Rewrite the metadata of those `items` the store holds with the same text (nothing is
        embedded, nothing added), and record the store as following `SCHEMA`. How a store from before
        a metadata field gains it from the catalog it was ingested from. Returns how many were rewritten.
        `extra`: as in `upsert`."""
        extra, rewritten = extra or {}, 0
        for start in range(0, len(items), batch_size):
            batch = {i.id: i for i in items[start : start + batch_size]}
            got = self.collection.get(ids=list(batch), include=["documents"])
            same = [
                batch[i]
                for i, d in zip(got["ids"], got["documents"], strict=True)
                if batch[i].document(extra.get(i, "")) == d
            ]
            if same:
                self.collection.update(ids=[i.id for i in same], metadatas=[_metadata(i) for i in same])
                rewritten += len(same)
        meta = self.collection.metadata or {}
        self._mark(meta.get("flexrec_ingest", COMPLETE), meta.get("flexrec_source", "?"), SCHEMA)
        self._forget()  # popularity and summaries may be new
        return rewritten

    def _stored(self, batch: Sequence[Item], documents: list[str]) -> tuple[dict[str, list[float]], set[str]]:
        """Stored vectors of items whose text is unchanged, and the ids of those whose metadata is
        unchanged too: re-ingesting a file embeds only what changed, and writes only that."""
        got = self.collection.get(ids=[i.id for i in batch], include=["documents", "embeddings", "metadatas"])
        wanted = {i.id: (i, d) for i, d in zip(batch, documents, strict=True)}
        known, same = {}, set()
        for i, d, e, m in zip(got["ids"], got["documents"], got["embeddings"], got["metadatas"], strict=True):
            if i in wanted and wanted[i][1] == d:
                known[i] = list(e)
                if m == _metadata(wanted[i][0]):
                    same.add(i)
        return known, same

    def upsert(
        self,
        items: Sequence[Item],
        source: str,
        batch_size: int = 128,
        window: int = 512,
        progress=None,
        precomputed: dict[str, list[float]] | None = None,
        extra: Mapping[str, str] | None = None,
        enriched: Sequence[str] = (),
    ) -> None:
        """Embed and upsert `items` by id. The collection is marked in progress until the last batch.

        `precomputed` maps a document's text hash (see `text_key`) to its vector for this model.
        `extra`: id → words added to that item's embedded text (its enrichment, `Item.document`);
        `enriched`: the enrichment fields they hold, recorded so that a start can tell whether the
        store follows the configured ones (retrieval/ingest.py `ensure_catalog`). `window`: how many
        items are embedded together, shortest text first, before they are stored in the file's order:
        the wider, the less padding, and the more a crash mid-window loses (512: 8-17 s of work here).
        """
        # items written now follow SCHEMA, but the others of an older store do not yet
        schema, extra = self.schema(), extra or {}
        self._mark(IN_PROGRESS, source, schema)
        for start in range(0, len(items), window):
            part = items[start : start + window]
            documents = [i.document(extra.get(i.id, "")) for i in part]
            known, same = self._stored(part, documents)
            for item, doc in zip(part, documents, strict=True):
                if item.id not in known and precomputed and (v := precomputed.get(text_key(doc))) is not None:
                    known[item.id] = v
            missing = [(i.id, d) for i, d in zip(part, documents, strict=True) if i.id not in known]
            # embedded shortest first: a batch of like lengths pads little (twice the items/s here)
            missing.sort(key=lambda pair: len(pair[1]))
            for s in range(0, len(missing), batch_size):
                ids, texts = zip(*missing[s : s + batch_size], strict=True)
                known.update(zip(ids, self.embeddings.embed_documents(list(texts)), strict=True))
            # stored in the file's order, a batch at a time, whatever order they were embedded in
            for s in range(0, len(part), batch_size):
                pairs = zip(part[s : s + batch_size], documents[s : s + batch_size], strict=True)
                batch = [(i, d) for i, d in pairs if i.id not in same]
                if batch:
                    self.collection.upsert(
                        ids=[i.id for i, _ in batch],
                        embeddings=[known[i.id] for i, _ in batch],
                        documents=[d for _, d in batch],
                        metadatas=[_metadata(i) for i, _ in batch],
                    )
                if progress is not None:  # what is counted is stored (or was, as it is)
                    progress.update(min(batch_size, len(part) - s))
        self._forget()
        self._mark(COMPLETE, source, schema, enriched)

    def _forget(self) -> None:
        """Drop what is read once from the items and kept (popularity, words): they have changed."""
        self._by_popularity, self._words = None, None

    def words(self) -> WordIndex:
        """The items' summaries and keywords as words (retrieval/words.py); built on first use and kept
        until the items change."""
        if self._words is None:
            self._words = WordIndex(self.all_items())
        return self._words

    def _popularity(self) -> list[tuple[float, str]]:
        """(popularity, id), most popular first; read once and cached until the next upsert."""
        if self._by_popularity is None:
            got = self.collection.get(include=["metadatas"])
            pairs = ((float(m.get("popularity", 0.0)), i) for i, m in zip(got["ids"], got["metadatas"], strict=True))
            self._by_popularity = sorted(pairs, key=lambda p: (-p[0], p[1]))
        return self._by_popularity

    def keep_only(self, ids: set[str], batch_size: int = 2048) -> int:
        """Delete every item not in `ids`; the number deleted. What an earlier load left behind then
        cannot reach the next search."""
        gone = [i for i in self.collection.get(include=[])["ids"] if i not in ids]
        for start in range(0, len(gone), batch_size):
            self.collection.delete(ids=gone[start : start + batch_size])
        if gone:
            self._forget()
        return len(gone)

    def max_popularity(self) -> float:
        """The catalog's largest popularity: scales the popularity prior to 0..1."""
        ranked = self._popularity()
        return ranked[0][0] if ranked else 0.0

    def most_popular(self, n: int) -> list[str]:
        return [i for _, i in self._popularity()[:n]]

    def all_items(self) -> list[Item]:
        got = self.collection.get(include=["metadatas"])
        return [_item(i, m) for i, m in zip(got["ids"], got["metadatas"], strict=True)]

    def vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        if not ids:
            return {}
        got = self.collection.get(ids=list(dict.fromkeys(ids)), include=["embeddings"])
        return {i: np.asarray(v, dtype=np.float32) for i, v in zip(got["ids"], got["embeddings"], strict=True)}

    def items(self, ids: Sequence[str]) -> list[tuple[Item, np.ndarray]]:
        """The given items with their stored vectors."""
        if not ids:
            return []
        got = self.collection.get(ids=list(dict.fromkeys(ids)), include=["metadatas", "embeddings"])
        return [
            (_item(i, m), np.asarray(e, dtype=np.float32))
            for i, m, e in zip(got["ids"], got["metadatas"], got["embeddings"], strict=True)
        ]

    def query(self, vector: np.ndarray, k: int, where: dict | None) -> list[tuple[Item, float, np.ndarray]]:
        """Nearest items to `vector` passing `where`: (item, cosine similarity, stored vector)."""
        k = min(k, self.count())
        if k <= 0:
            return []
        got = self.collection.query(
            query_embeddings=[vector.tolist()],
            n_results=k,
            where=where,
            include=["metadatas", "distances", "embeddings"],
        )
        return [
            (_item(i, m), 1.0 - float(d), np.asarray(e, dtype=np.float32))
            for i, m, d, e in zip(
                got["ids"][0], got["metadatas"][0], got["distances"][0], got["embeddings"][0], strict=True
            )
        ]
