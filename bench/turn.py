"""Benchmark one FlexRec chat turn on this machine and print a table.

    .venv/bin/python bench/turn.py [--turns 3]

Measured in one run, in a fresh temporary data dir: cold start (GGUF → cached safetensors), warm
start (cached weights), catalog ingestion, then per turn the time to item cards, to the first
streamed model token, the profile / retrieval / writing split and the reply's tokens/s. The
baseline, measured in the same run on the same prompt, is plain `model.generate` of the same
number of tokens with no FlexRec around it.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import tempfile
import time

from flexrec.services import build_recommender, go_offline, open_catalog
from flexrec.settings import Settings

MESSAGES = [
    "I loved The Matrix and Inception, but no horror please",
    "Something older, from the 80s",
    "I don't like Blade Runner",
    "hey, something funny for tonight?",
]


class TimedModel:
    """Wraps a ChatModel to note when each streamed reply starts and how many tokens it had."""

    def __init__(self, inner):
        self.inner, self.name = inner, inner.name
        self.first_token_at = None
        self.tokens = 0
        self.last_messages = None

    def generate(self, messages, max_new_tokens):
        return self.inner.generate(messages, max_new_tokens)

    def stream(self, messages, max_new_tokens):
        self.last_messages = messages
        text = ""
        for piece in self.inner.stream(messages, max_new_tokens):
            if self.first_token_at is None:
                self.first_token_at = time.perf_counter()
            text += piece
            yield piece
        self.tokens = len(self.inner.tokenizer(text, add_special_tokens=False)["input_ids"])


def bare_generate(llm, messages, n_tokens: int) -> float:
    """Seconds for plain model.generate of exactly n_tokens on the same prompt."""
    import torch

    inputs = llm._inputs(messages)
    start = time.perf_counter()
    with torch.inference_mode():
        llm.model.generate(
            **inputs,
            max_new_tokens=n_tokens,
            min_new_tokens=n_tokens,
            do_sample=False,
            pad_token_id=llm.tokenizer.eos_token_id,
        )
    return time.perf_counter() - start


def main() -> None:
    from bot.llm import load_chat_model

    parser = argparse.ArgumentParser()
    parser.add_argument("--turns", type=int, default=len(MESSAGES))
    args = parser.parse_args()
    go_offline()
    settings = Settings(data_dir=tempfile.mkdtemp(prefix="flexrec-bench-"))
    rows = []
    t = time.perf_counter()
    load_chat_model(settings)
    rows.append(("cold start: convert GGUF + load LLM", time.perf_counter() - t, ""))
    t = time.perf_counter()
    llm = load_chat_model(settings)
    rows.append(("warm start: load cached LLM", time.perf_counter() - t, ""))
    t = time.perf_counter()
    catalog = open_catalog(settings, progress=False)
    rows.append(("first start: ingest bundled catalog", time.perf_counter() - t, ""))
    timed = TimedModel(llm)
    rec = build_recommender(settings, llm=timed, catalog=catalog)

    per_turn: dict[str, list[float]] = {}
    session = None
    for message in MESSAGES[: args.turns]:
        timed.first_token_at = None
        start = time.perf_counter()
        cards_at = None
        for kind, event in rec.turn(session, message):
            if kind == "items":
                cards_at = time.perf_counter()
            turn = event
        end = time.perf_counter()
        session = turn.session_id
        base = bare_generate(llm, timed.last_messages, max(timed.tokens, 1))
        for key, value in {
            "item cards on screen": cards_at - start,
            "first streamed model token": (timed.first_token_at or end) - start,
            "profile step": turn.timings["profile"],
            "retrieval": turn.timings["retrieval"],
            "writing": turn.timings["writing"],
            "whole turn": end - start,
            "reply tokens/s": timed.tokens / turn.timings["writing"],
            "baseline: bare generate, same tokens": base,
            "baseline tokens/s": timed.tokens / base,
        }.items():
            per_turn.setdefault(key, []).append(value)

    print(
        f"\nFlexRec turn benchmark · {platform.processor() or platform.machine()} · "
        f"LLM {settings.llm} · {args.turns} turns (median)\n"
    )
    print(f"| {'measure':<40} | {'seconds (or tok/s)':>18} | {'vs baseline':>11} |")
    print(f"|{'-' * 42}|{'-' * 20}|{'-' * 13}|")
    for name, value, ratio in rows:
        print(f"| {name:<40} | {value:>18.2f} | {ratio:>11} |")
    base = statistics.median(per_turn["baseline: bare generate, same tokens"])
    for name, values in per_turn.items():
        value = statistics.median(values)
        ratio = f"{value / base:.2f}x" if name in ("writing", "whole turn") else ""
        print(f"| {name:<40} | {value:>18.2f} | {ratio:>11} |")


if __name__ == "__main__":
    main()
