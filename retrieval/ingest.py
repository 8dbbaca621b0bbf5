"""Loading a catalog file into the store: validate everything first, then upsert with a progress bar.

A file with malformed rows is refused whole (every bad row listed as file:line), so the store never
holds half of a file without saying so; an ingestion cut off mid-way leaves the collection marked
"in_progress", which `ensure_catalog` reports and repairs on the next start. A complete store written
before some metadata field existed gains it on start from the configured catalog (`refresh_metadata`).
With `enrich` (Settings.enrich_fields) the embedded texts take those fields of the enrichment file
beside the catalog (retrieval/enrichment.py); a store embedded with other fields is ingested again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from tqdm import tqdm

from flexrec.errors import CatalogError
from retrieval import collab, enrichment
from retrieval.catalog import Item, read_arrays, read_catalog
from retrieval.store import COMPLETE, IN_PROGRESS, SCHEMA, CatalogStore, text_key

log = logging.getLogger(__name__)


@dataclass
class IngestReport:
    path: str
    rows: int
    before: int
    after: int

    def __str__(self) -> str:
        added = self.after - self.before
        return (
            f"{self.rows} items from {self.path}: {added} new, {self.rows - added} updated; {self.after} in the store"
        )


def vectors_path(catalog: str | Path, model_name: str) -> Path:
    """Where a catalog ships precomputed vectors for one embedding model: movies.<model>.npz."""
    catalog = Path(catalog)
    return catalog.with_name(f"{catalog.name.split('.')[0]}.{model_name.replace('/', '--')}.npz")


def save_vectors(path: Path, items: list[Item], vectors) -> None:
    keys = np.array([text_key(i.document()) for i in items])
    np.savez_compressed(path, keys=keys, vectors=np.asarray(vectors, dtype=np.float16))


def load_vectors(path: Path) -> dict[str, list[float]]:
    """Vectors keyed by document hash; a stale entry simply never matches and gets re-embedded, and a
    damaged file (only a speed-up) is reported and ignored: everything is embedded afresh."""
    try:
        data = read_arrays(path, ("keys", "vectors"))
    except CatalogError as exc:
        log.warning("%s", exc)
        return {}
    if data is None:
        return {}
    return {k: v.astype(np.float32).tolist() for k, v in zip(data["keys"], data["vectors"], strict=True)}


def ingest_file(
    store: CatalogStore, path: str | Path, progress: bool = True, exact: bool = False, enrich: str = ""
) -> IngestReport:
    return ingest_items(store, read_catalog(path), path, progress, exact, enrich)


def enrichment_texts(items: list[Item], path: str | Path, enrich: str) -> tuple[dict[str, str], tuple[str, ...]]:
    """id → the enrichment words the items' embedded texts take (the fields `enrich` names, from the
    enrichment file beside catalog `path`), and those fields."""
    fields = enrichment.parse_fields(enrich)
    if not fields:
        return {}, fields
    source = enrichment.enrichment_path(path)
    extra = enrichment.texts(items, source, fields)
    if not source.is_file():
        log.warning("enrichment fields are set, but %s has none (`flexrec ingest %s --enrich` makes it)", path, path)
    else:
        log.info("%d of %d items embedded with their enrichment (%s)", len(extra), len(items), ", ".join(fields))
    return extra, fields


def ingest_items(
    store: CatalogStore,
    items: list[Item],
    path: str | Path,
    progress: bool = True,
    exact: bool = False,
    enrich: str = "",
) -> IngestReport:
    """Upsert items already read from `path` (which also names the vectors it may ship). `exact`: the
    store then holds this file and nothing else, items and collaborative vectors (an evaluation that
    rebuilds its catalog from other data must not search what an earlier run left). `enrich`: the
    enrichment fields added to the embedded texts (Settings.enrich_fields; empty: none)."""
    extra, fields = enrichment_texts(items, path, enrich)
    before = store.count()
    precomputed = load_vectors(vectors_path(path, store.model_name))
    ids = {i.id for i in items}
    if exact:
        store.keep_only(ids)
    ingest_collab(store, path, ids, exact)
    with tqdm(total=len(items), desc="Ingesting catalog", unit="item", disable=not progress) as bar:
        store.upsert(items, source=str(path), progress=bar, precomputed=precomputed, extra=extra, enriched=fields)
    return IngestReport(str(path), len(items), before, store.count())


def ingest_collab(store: CatalogStore, path: str | Path, ids: set[str] | None = None, exact: bool = False) -> int:
    """Load the collaborative vectors a catalog ships (movies.collab.npz), for the items it holds;
    `exact`: they replace every vector stored before, none of which survives.

    A catalog without them is fine: retrieval then ranks by text and popularity alone."""
    vectors = collab.load_vectors(collab.collab_path(path))
    if ids is not None:
        vectors = {i: v for i, v in vectors.items() if i in ids}
    if exact:
        store.collab.replace(vectors)
    elif vectors:
        store.collab.upsert(vectors)
    return len(vectors)


def refresh_metadata(store: CatalogStore, path: Path, enrich: str = "") -> None:
    """A store written before some metadata (a film's language, runtime, ...) gains it from the catalog
    file: its items there with unchanged text get their metadata rewritten, keeping their vectors.
    Ingestion alone would not do it, as a complete store is not ingested again on start."""
    try:
        items = read_catalog(path)
    except CatalogError as exc:
        log.warning("the store predates some catalog fields, but %s cannot be read to add them: %s", path, exc)
        return
    count = store.refresh_metadata(items, extra=enrichment_texts(items, path, enrich)[0])
    log.info("the store predated some catalog fields: added them to %d items from %s", count, path)


def ensure_catalog(
    store: CatalogStore, default_path: Path, progress: bool = True, enrich: str = ""
) -> IngestReport | None:
    """Ingest the configured catalog on first start, again if the last ingestion was cut off, and
    again if its texts were embedded with other enrichment fields than `enrich` asks for (unchanged
    texts keep their vectors)."""
    state = store.state()
    if state == COMPLETE and store.enriched() != enrichment.parse_fields(enrich):
        log.info("the catalog's texts were embedded with other enrichment fields: ingesting %s again", default_path)
        return ingest_file(store, default_path, progress=progress, enrich=enrich)
    if state == COMPLETE:
        if store.schema() < SCHEMA:
            refresh_metadata(store, default_path, enrich)
        if not store.collab.count() and collab.collab_path(default_path).exists():
            ingest_collab(store, default_path, {i.id for i in store.all_items()})  # a store from before them
        return None
    if state == IN_PROGRESS:
        source = (store.collection.metadata or {}).get("flexrec_source", "?")
        log.warning("the last ingestion (%s) was interrupted; ingesting %s again", source, default_path)
    else:
        log.info("empty catalog store: ingesting %s (once)", default_path)
    return ingest_file(store, default_path, progress=progress, enrich=enrich)
