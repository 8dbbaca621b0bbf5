"""Does llama-server's greedy reply depend on what else is computed with it? Per server setting.

    .venv/bin/python bench/batch_invariance.py [--model NAME_OR_GGUF] [--tokens 80] [--out FILE]

Issue 29 asks that a reply under batching be the one a person alone gets. Greedy decoding repeats
itself only for the same arithmetic, and llama.cpp's arithmetic for a token may depend on how many
tokens share its step. For each setting this starts the server as `flexrec serve` does
(bot/llm_server_process.py) plus the setting's extra flags, and asks eight prompts three ways:
alone with no prompt cache (the reference), alone after half of the prompt was cached by an earlier
request (the prompt computed in two steps), and all eight at once (decoded in one batch). It prints
how many of the eight replies are the reference's, word for word, and the wall time of the eight at
once. `-ub 1` (one token per step) is the control: no step holds two tokens.
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

SETTINGS = {  # name -> flags added to the product's
    "as the product starts it": [],
    "no weight repacking": ["--no-repack"],
    "no repacking, a KV cache per slot, no flash attention": ["--no-repack", "--no-kv-unified", "-fa", "off"],
    "one token per step (-ub 1, control)": ["-ub", "1"],
}
FILMS = ["Alien", "Toy Story", "Heat", "Amelie", "The Matrix", "Jaws", "Fargo", "Up"]


def ask(root: str, content: str, tokens: int, cache: bool) -> str:
    body = {
        "messages": [{"role": "system", "content": "You recommend films. Be brief and warm."},
                     {"role": "user", "content": content}],
        "max_tokens": tokens, "temperature": 0, "cache_prompt": cache,
    }  # fmt: skip
    r = httpx.post(f"{root}/v1/chat/completions", json=body, timeout=600, trust_env=False)
    r.raise_for_status()
    return r.json()["choices"][0]["message"]["content"]


def measure(settings: Settings, model, flags: list[str], tokens: int) -> tuple[int, int, float]:
    prompts = [f"I loved {film}. Tell me about two films like it and why, in three sentences." for film in FILMS]
    with tempfile.TemporaryDirectory() as tmp:
        server = LlamaServerProcess.from_settings(settings, model, len(prompts), Path(tmp) / "server.log")
        server.command += flags
        root = server.start()
        try:
            alone = [ask(root, p, tokens, cache=False) for p in prompts]
            split = []
            for p in prompts:
                ask(root, p[: len(p) // 2], 1, cache=True)  # the first half now sits in a slot's cache
                split.append(ask(root, p, tokens, cache=True))
            start = time.monotonic()
            with ThreadPoolExecutor(len(prompts)) as pool:
                together = list(pool.map(lambda p: ask(root, p, tokens, cache=False), prompts))
            wall = time.monotonic() - start
        finally:
            server.close()
    same = lambda other: sum(a == b for a, b in zip(alone, other, strict=True))  # noqa: E731
    return same(split), same(together), wall


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model", default=None, help="FLEXREC_LLM for the run (default: the product default)")
    p.add_argument("--tokens", type=int, default=80)
    p.add_argument("--out", default=None)
    args = p.parse_args()
    go_offline()
    settings = Settings(**({"llm": args.model} if args.model else {}))
    model = resolve(settings)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    lines = [
        "# llama-server: is a greedy reply the same whatever shares its steps? (bench/batch_invariance.py)",
        "",
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M UTC} · commit {commit.stdout.strip()} · model: {model.name}"
        f" · {len(FILMS)} prompts · {args.tokens} tokens each · greedy",
        "",
        "| server setting | extra flags | as alone, prompt half cached | as alone, 8 at once | 8 at once, wall |",
        "|---|---|---|---|---|",
    ]
    for name, flags in SETTINGS.items():
        split, together, wall = measure(settings, model, flags, args.tokens)
        n = len(FILMS)
        row = f"| {name} | `{' '.join(flags) or '—'}` | {split} / {n} | {together} / {n} | {wall:.1f} s |"
        lines.append(row)
        print(row, file=sys.stderr, flush=True)
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        Path(args.out).write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
