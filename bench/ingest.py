"""Benchmark catalog ingestion (embedding + Chroma upsert) on the bundled catalog; print a table.

Each run stores the first `--items` items of a catalog (`--catalog`; the bundled
`retrieval/data/movies.jsonl` by default, or e.g. the ReDial catalog `flexrec eval redial` writes
into its output dir, whose texts vary more in length) in a fresh Chroma store, with the default text
embedder (all-MiniLM-L6-v2), and without the vectors a catalog ships (which would make it a copy, not
an embedding). Measured in one run, interleaved round by round:

- `CatalogStore.upsert` as shipped: each window of items embedded shortest text first, then stored
  in the file's order a batch at a time, so a crash keeps every batch counted as done;
- the same with a window of one batch (how it embedded before: each batch of the file as it comes);
- the baseline: one `embed_documents` call over all the texts (sentence-transformers then sorts the
  whole lot by length, the least padding there is) and one Chroma `add` per 1024 items; it keeps
  nothing if stopped half-way.

    .venv/bin/python bench/ingest.py [--catalog FILE] [--items 1536] [--rounds 2]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--catalog", type=Path, default=None, help="default: the bundled catalog")
    p.add_argument("--items", type=int, default=1536)
    p.add_argument("--rounds", type=int, default=2)
    args = p.parse_args()

    from flexrec.services import go_offline
    from flexrec.settings import Settings
    from retrieval.catalog import read_catalog
    from retrieval.embeddings import load_embeddings
    from retrieval.store import CatalogStore, _metadata, open_client

    go_offline()
    settings = Settings()
    catalog = args.catalog or settings.catalog_path
    items = read_catalog(catalog)[: args.items]
    embeddings = load_embeddings(settings.embedding_model)
    embeddings.embed_documents(["warm up"])  # threads and buffers, before any clock

    def fresh(name: str) -> CatalogStore:
        client = open_client(Settings(data_dir=Path(tempfile.mkdtemp(prefix="flexrec-bench-"))))
        return CatalogStore(client, name, embeddings, settings.embedding_model)

    def shipped() -> None:
        fresh("shipped").upsert(items, source="bench")

    def by_batch() -> None:
        fresh("by-batch").upsert(items, source="bench", window=128)

    def baseline() -> None:
        store = fresh("baseline")
        documents = [i.document() for i in items]
        vectors = embeddings.embed_documents(documents)
        for s in range(0, len(items), 1024):
            store.collection.add(
                ids=[i.id for i in items[s : s + 1024]],
                embeddings=vectors[s : s + 1024],
                documents=documents[s : s + 1024],
                metadatas=[_metadata(i) for i in items[s : s + 1024]],
            )

    cases = {"upsert, window 512 (shipped)": shipped, "upsert, window 128 (one batch)": by_batch}
    times: dict[str, list[float]] = {name: [] for name in (*cases, "baseline")}
    for _ in range(args.rounds):
        for name, run in (*cases.items(), ("baseline", baseline)):
            t = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - t)

    base = statistics.median(times["baseline"])
    lengths = [len(i.document()) for i in items]
    print(
        f"\nFlexRec ingestion benchmark · {platform.processor() or platform.machine()} · "
        f"{len(items)} items of {catalog.name} (text {statistics.median(lengths):.0f} characters median, "
        f"{max(lengths)} at most), {settings.embedding_model} · {args.rounds} rounds\n"
    )
    print(f"| {'measure':<44} | {'s (med)':>8} | {'items/s':>8} | {'vs baseline':>11} |")
    print(f"|{'-' * 46}|{'-' * 10}|{'-' * 10}|{'-' * 13}|")
    for name, values in times.items():
        med = statistics.median(values)
        label = "baseline: one embed call, one add per 1024" if name == "baseline" else name
        print(f"| {label:<44} | {med:>8.1f} | {len(items) / med:>8.1f} | {med / base:>10.2f}x |")


if __name__ == "__main__":
    main()
