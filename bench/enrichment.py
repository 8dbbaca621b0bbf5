"""How fast GENRE's item enrichment runs (`flexrec ingest --enrich`): one item at a time in process,
against a llama-server with several slots asked about as many items at once (FLEXREC_LLM_PARALLEL).

    .venv/bin/python bench/enrichment.py [--model NAME_OR_GGUF] [--items 24] [--slots 4,8] [--out FILE]

Each path enriches the same items of the bundled catalog (evenly spread over it) into a file of its
own, after one untimed item per slot (loading; each slot computes the prompt's fixed start once).
The in-process path is the baseline, in the same run; for each path the table gives items per
minute, the ratio, the failed answers, how many answers are word for word the baseline's (batching
changes llama.cpp's arithmetic a little), and what the whole bundled catalog would take at that pace.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.browser import run_info  # noqa: E402
from bot.enricher import Enricher  # noqa: E402
from bot.llm import close  # noqa: E402
from bot.llm_loader import load_chat_model  # noqa: E402
from flexrec.services import go_offline  # noqa: E402
from flexrec.settings import BUNDLED_CATALOG, Settings  # noqa: E402
from retrieval.catalog import read_catalog  # noqa: E402
from retrieval.enrichment import load  # noqa: E402


def timed(settings: Settings, items, warm, folder: Path) -> dict:
    """One path: its model loaded, one item per slot untimed, then the items enriched and timed."""
    llm = load_chat_model(settings, progress=False)
    try:
        enricher = Enricher(llm)
        enricher.run(warm[: enricher.at_once], folder / "warm.jsonl", progress=False)
        start = time.monotonic()
        report = enricher.run(items, folder / "timed.jsonl", progress=False)
        seconds = time.monotonic() - start
    finally:
        close(llm)
    answers = {r.id: r.enrichment.model_dump() for r in load(folder / "timed.jsonl")}
    return {"seconds": seconds, "failed": report.failed, "at_once": enricher.at_once, "answers": answers}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model", default=None, help="FLEXREC_LLM for the run (default: the product default)")
    p.add_argument("--items", type=int, default=24)
    p.add_argument("--slots", default="4,8", help="the served paths' slot counts, comma-separated")
    p.add_argument("--out", default=None, help="also write the report here, and its raw numbers beside it as .json")
    args = p.parse_args()
    go_offline()
    info = run_info(args.model)
    catalog = read_catalog(BUNDLED_CATALOG)
    step = len(catalog) // (args.items + 1)
    items, warm = catalog[step : step * (args.items + 1) : step], catalog[1:step]  # warm: items not timed
    base = {"llm": args.model} if args.model else {}
    runs = {}
    with tempfile.TemporaryDirectory(prefix="flexrec-bench-") as tmp:
        paths = [("one at a time, in process", 0)]
        paths += [(f"{n} slots, {n} at once", int(n)) for n in args.slots.split(",")]
        for name, slots in paths:
            folder = Path(tmp) / f"p{slots}"
            folder.mkdir()
            settings = Settings(data_dir=folder, llm_parallel=slots, **base)
            runs[name] = timed(settings, items, warm, folder)
            print(f"{name}: {runs[name]['seconds']:.0f} s", file=sys.stderr)
    baseline = runs[paths[0][0]]
    rate = {name: len(items) / run["seconds"] * 60 for name, run in runs.items()}
    lines = [
        "# Item enrichment, one at a time and batched (bench/enrichment.py)",
        "",
        f"- {info['date']} · commit {info['commit']} · model: {info['model']} · {info['machine']}",
        f"- {len(items)} items of the bundled catalog ({len(catalog)} in all), the same for each path",
        f"- command: `{info['command']}`",
        "",
        "| path | items/min | vs in process | failed | answers as in process | whole catalog |",
        "|---|---|---|---|---|---|",
    ]
    for name, run in runs.items():
        same = sum(run["answers"].get(i) == a for i, a in baseline["answers"].items())
        hours = len(catalog) / rate[name] / 60
        lines.append(
            f"| {name} | {rate[name]:.1f} | {rate[name] / rate[paths[0][0]]:.2f}x | {run['failed']} "
            f"| {same} of {len(baseline['answers'])} | {hours:.1f} h |"
        )
    text = "\n".join(lines) + "\n"
    print(text, end="")
    if args.out:
        Path(args.out).write_text(text)
        raw = {"run": info, "items": [i.id for i in items], "paths": runs}
        Path(args.out).with_suffix(".json").write_text(json.dumps(raw, indent=1, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
