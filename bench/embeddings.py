"""Text embedders compared in one run: ReDial valid recall, ingestion items/s and query ms (issue 28).

    .venv/bin/python bench/embeddings.py [--embedder NAME_OR_PATH ...] [--limit 100] [--items 500] [--out DIR]

Per embedder, on this machine and in this run: the load time; documents per second embedding the
first `--items` items of the bundled catalog (the text Chroma stores, `Item.document()`); the median
and p95 milliseconds of one query (the last seeker message of each valid target, as the chat embeds a
message); and `flexrec eval redial` on the first `--limit` valid dialogues in a fresh data dir, so
each embedder's vectors are its own: Recall@10 and @50 of the embedding alone and of the whole
pipeline, without repeats (the goals) and with them. The baseline is all-MiniLM-L6-v2, the shipped
default, measured the same way; ratios are against it. The ranking weights are the shipped ones,
which were tuned with MiniLM's vectors.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from flexrec.evaluation import redial, redial_data
from flexrec.services import go_offline
from flexrec.settings import Settings
from retrieval.catalog import read_catalog
from retrieval.embeddings import load_embeddings

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "retrieval" / "data" / "movies.jsonl"
VALID = ROOT.parent / "shared" / "data" / "redial" / "valid_data.jsonl"
BASELINE = "all-MiniLM-L6-v2"
QUERIES = 200


def speed(name: str, documents: list[str], queries: list[str], models_dir: Path) -> dict:
    load_embeddings(name, models_dir)  # a model joined from chunks is joined once, before the clock
    start = time.perf_counter()
    model = load_embeddings(name, models_dir)
    model.embed_query("warm up")  # the first call pays one-off costs (threads, buffers)
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    vectors = model.embed_documents(documents)
    per_second = len(documents) / (time.perf_counter() - start)
    ms = []
    for text in queries:
        t = time.perf_counter()
        model.embed_query(text)
        ms.append((time.perf_counter() - t) * 1000)
    return {
        "dimensions": len(vectors[0]),
        "load_s": round(loaded, 2),
        "ingest_items_per_s": round(per_second, 1),
        "query_ms_median": round(statistics.median(ms), 1),
        "query_ms_p95": round(float(np.percentile(ms, 95)), 1),
    }


def recall(name: str, limit: int, out: Path) -> dict:
    data_dir = Path(tempfile.mkdtemp(prefix="flexrec-bench-emb-"))
    settings = Settings(data_dir=data_dir, embedding_model=name)
    metrics = redial.run(VALID, out, settings, limit=limit, progress=False)
    methods = metrics["methods"]
    return {
        f"{method} R@{k}{' dedup' if dedup else ''}": (methods[method]["dedup"] if dedup else methods[method])[
            f"recall@{k}"
        ]
        for method in ("embedding", "pipeline")
        for dedup in (True, False)
        for k in (10, 50)
    }


def queries(limit: int) -> list[str]:
    samples = (s for d in redial_data.read_dialogues(VALID, limit) for s in redial_data.samples(d))
    texts = [text for s in samples if (text := redial.last_seeker_text(s))]
    return texts[:QUERIES]


def table(results: dict[str, dict]) -> str:
    names = list(results)
    rows = list(results[names[0]])
    base = results[BASELINE] if BASELINE in results else results[names[0]]
    lines = ["| measure | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for row in rows:
        cells = []
        for name in names:
            value = results[name][row]
            ratio = f" ({value / base[row]:.2f}x)" if name != BASELINE and base[row] else ""
            cells.append(f"{value}{ratio}")
        lines.append(f"| {row} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--embedder", action="append", help="a name or folder (repeatable; the baseline is added)")
    parser.add_argument("--limit", type=int, default=100, help="valid dialogues for the recall run")
    parser.add_argument("--items", type=int, default=500, help="catalog items embedded for the items/s figure")
    parser.add_argument("--out", type=Path, help="where the table and JSON go")
    args = parser.parse_args()
    go_offline()
    names = [BASELINE, *[n for n in args.embedder or [] if n != BASELINE]]
    documents = [item.document() for item in read_catalog(CATALOG)[: args.items]]
    texts = queries(args.limit)
    results = {}
    work = Path(tempfile.mkdtemp(prefix="flexrec-bench-emb-out-"))
    for name in names:  # speed first, all on a quiet machine; then recall
        results[name] = speed(name, documents, texts, work / "models")
        print(name, json.dumps(results[name]), flush=True)
    for name in names:
        results[name].update(recall(name, args.limit, work / name.replace("/", "_")))
        print(name, json.dumps(results[name]), flush=True)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout
    header = (
        f"# Embedders, {datetime.now(UTC):%Y-%m-%d} at {commit.strip()}\n\n"
        f"Recall: the first {args.limit} ReDial valid dialogues (`flexrec eval redial --limit {args.limit}`), shipped "
        f"ranking weights. Speed: {len(documents)} catalog documents, {len(texts)} single queries; ratios against "
        f"{BASELINE}, measured in the same run.\n\n"
    )
    report = header + table(results) + "\n"
    print("\n" + report)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "embedders.md").write_text(report, encoding="utf-8")
        (args.out / "embedders.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
