"""What translating first costs the person who writes in a language the rules do not read.

    .venv/bin/python bench/translation.py [--model NAME] [--rounds 2] [--out FILE]

One `flexrec serve` on the default model; in Chromium, one conversation of five requests in
English (the baseline: the same product, nothing to translate) and the same five requests each in
a language the rules do not read (Russian, Turkish, Czech, Japanese, Indonesian), so that the chat
model translates each before the rules read it. The two conversations alternate on the same warm
server, `--rounds` times each, each in a new page and session, so that neither has the warmer
machine. The page records when the cards appear, when the reply's first words do and when the
reply last changed (bench/browser.py's watcher); the same messages through the JSON API, in the
same run, give the server's split, the translation step included, and what each was read as.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.browser import api_turns, browser_turns, fmt, median, run_info  # noqa: E402
from bench.load import start_server, stop_server, wait_ready  # noqa: E402

ENGLISH = [
    "I loved The Matrix. Something like it?",
    "Something older, from the eighties",
    "Any good comedies for a family evening?",
    "What about animated films?",
    "I have seen that one. Something shorter please",
]
TRANSLATED = [  # the same requests, each in a language the rules do not read
    "Мне очень понравилась «Матрица». Есть что-нибудь похожее?",
    "Daha eski bir şey olsun, seksenlerden",
    "Nějaké dobré komedie na rodinný večer?",
    "アニメ映画はどうですか？",
    "Saya sudah menonton yang itu. Yang lebih pendek, tolong",
]
MEASURES = {"cards": "item cards on screen", "words": "first reply words visible", "whole": "whole reply shown"}


def split(rows: list[dict], part: str) -> float | None:
    values = [r["timings"][part] for r in rows if r.get("timings") and part in r["timings"]]
    return statistics.median(values) if values else None


def report(info: dict, runs: dict[str, dict[str, list[dict]]]) -> str:
    english, other = runs["english"], runs["translated"]
    lines = [
        "# What translating first costs, in the browser",
        "",
        f"- date: {info['date']} · commit {info['commit']} · model: {info['model']} · CPUs: {os.cpu_count()}",
        f"- machine: {info['machine']}",
        f"- command: `{info['command']}`",
        f"- {len(english['page'])} English turns and {len(other['page'])} turns of the same requests in other "
        "languages, alternating conversations on one warm server; medians; seconds from Enter",
        "",
        "| measure (page, Chromium) | English (baseline) | other languages | ratio |",
        "|---|---|---|---|",
    ]
    for key, name in MEASURES.items():
        base, seen = median(english["page"], key), median(other["page"], key)
        ratio = f"{seen / base:.2f}x" if seen and base else "–"
        lines.append(f"| {name} | {fmt(base)} | {fmt(seen)} | {ratio} |")
    lines += ["", "| server step (API, same run) | English (baseline) | other languages | ratio |", "|---|---|---|---|"]
    for part in ("translation", "profile", "retrieval", "writing"):
        base, seen = split(english["api"], part), split(other["api"], part)
        ratio = f"{seen / base:.2f}x" if seen and base else "–"
        lines.append(f"| {part} | {fmt(base)} | {fmt(seen)} | {ratio} |")
    read = [r for r in other["api"] if r.get("read_as")]
    lines += [
        "",
        f"Messages the model translated: {len(read)} of {len(other['api'])} (API turns). Read as:",
        "",
        "| message | read as | cards (page, s) | translation (API, s) |",
        "|---|---|---|---|",
    ]
    for page, api in zip(other["page"], other["api"], strict=True):
        took = api["timings"]["translation"] if api.get("timings") else None
        read_as = api.get("read_as") or "(as written)"
        lines.append(f"| {page['message']} | {read_as} | {fmt(page['cards'])} | {fmt(took)} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model", default=None, help="passed to `flexrec serve --model` (default: the product default)")
    p.add_argument("--rounds", type=int, default=2, help="conversations in each language group")
    p.add_argument("--timeout", type=float, default=300, help="seconds one turn may take")
    p.add_argument("--out", default=None, help="also write the report here, and its raw numbers beside it as .json")
    args = p.parse_args()
    info = run_info(args.model)
    runs = {name: {"page": [], "api": []} for name in ("english", "translated")}
    with tempfile.TemporaryDirectory(prefix="flexrec-bench-") as data, open(Path(data) / "server.log", "w") as log:
        proc, url = start_server(args.model, Path(data) / "data", log)
        try:
            wait_ready(proc, url, 900, Path(log.name))
            for i in range(args.rounds):  # English first in even rounds, last in odd ones
                order = [("english", ENGLISH), ("translated", TRANSLATED)]
                for name, messages in order if i % 2 == 0 else order[::-1]:
                    runs[name]["page"] += browser_turns(url, messages, int(args.timeout * 1000))
                    runs[name]["api"] += api_turns(url, messages, args.timeout)
        finally:
            stop_server(proc)
    text = report(info, runs)
    print(text, end="")
    if args.out:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text)
        out.with_suffix(".json").write_text(json.dumps({"info": info, **runs}, indent=1, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
