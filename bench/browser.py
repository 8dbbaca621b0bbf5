"""Latency where people see it: Chromium on the real page, against a real `flexrec serve`.

    .venv/bin/python bench/browser.py [--model NAME] [--setting NAME=VALUE ...] [--out FILE]

Per turn of one scripted conversation, typed into the page and sent with Enter, the page itself
records (performance.now(), a MutationObserver) when the turn's new cards are on screen, when the
reply's first words replace the "thinking" sign, and when the reply's text last changed. The same
conversation then goes through the JSON API's event stream in the same run, a new session on the
same warm server: its `items`, first `text` and `done` events are what the server takes, so the
difference is what the page adds (Gradio's queue, its websocket/SSE hops, rendering). One turn
before the measured ones warms the server (the first search, the fixed prompt parts). Goals
(issue 29, default model on this 2-core CPU): cards <= 1.5 s, first visible words <= 3.0 s
(medians).
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.load import ROOT, git, start_server, stop_server, wait_ready  # noqa: E402

WARM_UP = "Hello! I like good movies."
MESSAGES = [
    "I loved The Matrix. Something like it?",
    "Something older, from the eighties",
    "I really enjoyed Alien, more like that",
    "Any good comedies for a family evening?",
    "I have seen that one. Something shorter please",
    "What about animated films?",
]
GOALS = {"cards": 1.5, "words": 3.0}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]

# Installed in the page before it loads: timestamps of what the person sees, from the Enter on.
WATCH = """
window.__fx = {enter: null};
const ids = () => [...document.querySelectorAll('.fx-card-text')].map(e => e.dataset.itemId).join(',');
const bots = () => [...document.querySelectorAll('#fx-chat .bot')];
// words, not the "thinking" sign nor the placeholder Gradio shows while it renders a message
const showing = el => el && !el.querySelector('.fx-typing') && !['', 'Loading content'].includes(el.innerText.trim());
document.addEventListener('keydown', e => {
  if (e.key !== 'Enter' || e.shiftKey || !e.target.closest('#fx-message')) return;
  // this turn's reply is the next assistant message: the "thinking" sign, then its words
  window.__fx = {enter: performance.now(), cards: null, words: null, changed: null, seen: null,
                 ids: ids(), reply: bots().length};
}, true);
new MutationObserver(() => {
  const fx = window.__fx;
  if (fx.enter === null) return;
  const now = performance.now();
  const cards = ids();
  if (fx.cards === null && cards && cards !== fx.ids) fx.cards = now;
  const reply = bots()[fx.reply];
  if (showing(reply)) {
    if (fx.words === null) fx.words = now;
    if (reply.innerText !== fx.seen) { fx.seen = reply.innerText; fx.changed = now; }
  }
}).observe(document, {subtree: true, childList: true, characterData: true});
"""


def browser_turns(url: str, messages: list[str], timeout_ms: int) -> list[dict]:
    """Each message typed and sent with Enter; seconds from the Enter to cards, words, whole reply."""
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.add_init_script(WATCH)
        page.goto(url, timeout=timeout_ms)
        page.locator(".fx-card-text").first.wait_for(timeout=timeout_ms)  # the welcome cards: loaded
        for message in [WARM_UP, *messages]:
            box = page.locator("#fx-message textarea")
            box.fill(message)
            box.press("Enter")
            page.wait_for_function("() => window.__fx.words !== null", timeout=timeout_ms)  # sent, and answered
            page.wait_for_function("() => !document.querySelector('#fx-message .generating')", timeout=timeout_ms)
            page.wait_for_timeout(300)  # a last render after the stream closed
            fx = page.evaluate("() => window.__fx")
            if message is WARM_UP:
                continue
            seconds = {
                k: None if fx[k] is None else (fx[k] - fx["enter"]) / 1000 for k in ("cards", "words", "changed")
            }
            rows.append(
                {"message": message, "cards": seconds["cards"], "words": seconds["words"], "whole": seconds["changed"]}
            )
        browser.close()
    return rows


def api_turns(url: str, messages: list[str], timeout: float) -> list[dict]:
    """The same messages through POST /api/chat/stream: when each event arrives, in seconds."""
    rows, session = [], None
    with httpx.Client(timeout=timeout, trust_env=False) as client:
        for message in [WARM_UP, *messages]:
            start, row = time.perf_counter(), {"message": message, "cards": None, "words": None, "whole": None}
            with client.stream("POST", url + "/api/chat/stream", json={"session_id": session, "message": message}) as r:
                r.raise_for_status()
                event = None
                for line in r.iter_lines():
                    if line.startswith("event:"):
                        event = line.split(":", 1)[1].strip()
                    elif line.startswith("data:"):
                        elapsed = time.perf_counter() - start
                        data = json.loads(line.split(":", 1)[1])
                        if event == "items":
                            row["cards"], session = elapsed, data["session_id"]
                        elif event == "text" and row["words"] is None and data["reply"].strip():
                            row["words"] = elapsed
                        elif event == "done":
                            row["whole"] = elapsed
                            row["timings"], row["read_as"] = data.get("timings"), data.get("read_as")
            if message is not WARM_UP:
                rows.append(row)
    return rows


def median(rows: list[dict], key: str) -> float | None:
    values = [r[key] for r in rows if r[key] is not None]
    return statistics.median(values) if values else None


def fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def report(info: dict, page: list[dict], api: list[dict]) -> str:
    lines = [
        "# FlexRec latency in the browser",
        "",
        f"- date: {info['date']} · commit {info['commit']} · model: {info['model']} · CPUs: {os.cpu_count()}",
        f"- machine: {info['machine']}",
        f"- command: `{info['command']}`",
        f"- {len(page)} measured turns of one conversation after one warm-up turn; medians; seconds from Enter",
        "",
        "| measure | page (Chromium) | API stream (same server, same run) | page / API | goal |",
        "|---|---|---|---|---|",
    ]
    names = {"cards": "item cards on screen", "words": "first reply words visible", "whole": "whole reply shown"}
    for key, name in names.items():
        seen, served = median(page, key), median(api, key)
        ratio = f"{seen / served:.2f}x" if seen and served else "–"
        goal = GOALS.get(key)
        verdict = "" if goal is None or seen is None else f"<= {goal} s: {'PASS' if seen <= goal else 'FAIL'}"
        lines.append(f"| {name} | {fmt(seen)} | {fmt(served)} | {ratio} | {verdict} |")
    lines += ["", "Per turn (page / API):", "", "| message | cards | first words | whole reply |", "|---|---|---|---|"]
    for p, a in zip(page, api, strict=True):
        cells = [f"{fmt(p[k])} / {fmt(a[k])}" for k in names]
        lines.append(f"| {p['message']} | " + " | ".join(cells) + " |")
    split = [a["timings"] for a in api if a.get("timings")]
    if split:
        lines += ["", "Where the server's time goes (API turns, median seconds):", ""]
        for part in sorted({k for t in split for k in t}):
            lines.append(f"- {part}: {fmt(statistics.median(t[part] for t in split if part in t))}")
    return "\n".join(lines) + "\n"


def memory_gib() -> int:
    return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") >> 30


def run_info(model: str | None) -> dict:
    """When, at which commit, with which model, on which machine and by which command a run was made."""
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": (git("rev-parse", "--short", "HEAD") or "?") + ("-dirty" if git("status", "-s", "-uno") else ""),
        "model": model or os.environ.get("FLEXREC_LLM") or "product default",
        "machine": f"{os.uname().machine}, {os.cpu_count()} CPUs, {memory_gib()} GiB memory",
        "command": shlex.join([sys.executable.removeprefix(f"{ROOT}/"), *sys.argv]),
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model", default=None, help="passed to `flexrec serve --model` (default: the product default)")
    p.add_argument("--setting", action="append", default=[], help="NAME=VALUE, a FLEXREC_ setting for the server")
    p.add_argument("--timeout", type=float, default=300, help="seconds one turn may take")
    p.add_argument("--out", default=None, help="also write the report here, and its raw numbers beside it as .json")
    args = p.parse_args()
    for setting in args.setting:
        name, _, value = setting.partition("=")
        os.environ[f"FLEXREC_{name.upper()}"] = value
    info = run_info(args.model)
    with tempfile.TemporaryDirectory(prefix="flexrec-bench-") as data, open(Path(data) / "server.log", "w") as log:
        proc, url = start_server(args.model, Path(data) / "data", log)
        try:
            wait_ready(proc, url, 900, Path(log.name))
            page = browser_turns(url, MESSAGES, int(args.timeout * 1000))
            api = api_turns(url, MESSAGES, args.timeout)
        finally:
            stop_server(proc)
    text = report(info, page, api)
    print(text, end="")
    if args.out:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text)
        out.with_suffix(".json").write_text(json.dumps({"info": info, "page": page, "api": api}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
