"""How much llama-server's decoding gains from batching on this machine, apart from everything else.

    .venv/bin/python bench/batch_decode.py [--model NAME_OR_GGUF] [--parallel 8] [--tokens 60] [--out FILE]

Starts the server the way `flexrec serve` does (bot/llm_server_process.py, same flags and
environment), then sends one short prompt per slot, first one at a time (the baseline, same run),
then all at once, each forced to write exactly `--tokens` tokens (`ignore_eos`), and prints the
decoding speed alone and in all. Prompts are tiny, so this is decoding, not prompt processing:
bench/load.py --sweep measures whole turns.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.llm_server_process import LlamaServerProcess  # noqa: E402
from bot.models import resolve  # noqa: E402
from flexrec.services import go_offline  # noqa: E402
from flexrec.settings import Settings  # noqa: E402


def ask(root: str, i: int, tokens: int) -> float:
    """Decoding tokens/s of one request, as the server timed it."""
    messages = [{"role": "user", "content": f"Recommend a film like number {i} of the Star Wars series."}]
    body = {"messages": messages, "max_tokens": tokens, "temperature": 0, "ignore_eos": True}
    r = httpx.post(f"{root}/v1/chat/completions", json=body, timeout=600, trust_env=False)
    r.raise_for_status()
    return r.json()["timings"]["predicted_per_second"]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model", default=None, help="FLEXREC_LLM for the run (default: the product default)")
    p.add_argument("--parallel", type=int, default=8)
    p.add_argument("--tokens", type=int, default=60)
    p.add_argument("--out", default=None)
    args = p.parse_args()
    go_offline()
    settings = Settings(**({"llm": args.model} if args.model else {}))
    model = resolve(settings)
    with tempfile.TemporaryDirectory() as tmp:
        server = LlamaServerProcess.from_settings(settings, model, args.parallel, Path(tmp) / "server.log")
        root = server.start()
        try:
            ask(root, -1, 4)  # warm: the first request pays for loading pages of the weights
            alone = [ask(root, i, args.tokens) for i in range(args.parallel)]
            start = time.monotonic()
            with ThreadPoolExecutor(args.parallel) as pool:
                together = list(pool.map(lambda i: ask(root, i, args.tokens), range(args.parallel)))
            wall = time.monotonic() - start
        finally:
            server.close()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    median_alone = sorted(alone)[len(alone) // 2]
    in_all = args.parallel * args.tokens / wall
    lines = [
        "# llama-server decoding, alone and batched (bench/batch_decode.py)",
        "",
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M UTC} · commit {commit.stdout.strip()} · model: {model.name}"
        f" · slots: {args.parallel} · tokens per request: {args.tokens}",
        "",
        "| measure | tokens/s | vs alone |",
        "|---|---|---|",
        f"| one request alone (median of {args.parallel}) | {median_alone:.1f} | 1.00x |",
        f"| {args.parallel} at once, each (median) | {sorted(together)[len(together) // 2]:.1f} | |",
        f"| {args.parallel} at once, in all (tokens / wall time) | {in_all:.1f} | {in_all / median_alone:.2f}x |",
    ]
    text = "\n".join(lines) + "\n"
    print(text, end="")
    if args.out:
        Path(args.out).write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
