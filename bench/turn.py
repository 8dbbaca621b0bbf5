"""Benchmark FlexRec chat turns per model on this machine and print one table.

    .venv/bin/python bench/turn.py [--model NAME ...] [--turns 4] [--setting NAME=VALUE ...]

Per model, in a fresh temporary data dir: cold start (the first load: joining the chunks or
converting the GGUF, then loading), warm start (loading again), then per turn of one conversation
the time to item cards, to the first streamed reply token, the profile / retrieval / writing split,
the whole turn and the reply's tokens/s. The baseline, measured in the same run for each turn, is
the bare runtime with no FlexRec around it: the same reply prompt, forced to the same number of
tokens, on a fresh context (llama.cpp without FlexRec's KV cache, or plain `model.generate`).
Each `--setting` (a Settings field, e.g. `llm_kv_slots=1` or `reply_prompt_items=1`) adds one column
per model, measured in the same run, so settings are compared on the same machine state.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import tempfile
import time
from pathlib import Path

from flexrec.services import build_recommender, go_offline, open_catalog
from flexrec.settings import Settings

MESSAGES = [
    "I loved The Matrix and Inception, but no horror please",
    "Something older, from the 80s",
    "I don't like Blade Runner",
    "hey, something funny for tonight?",
]
MODELS = ["qwen2.5-coder-1.5b", "smollm2-135m"]


class TimedModel:
    """Wraps a ChatModel to note when each streamed reply starts and which prompt it had."""

    def __init__(self, inner):
        self.inner, self.name = inner, inner.name
        self.supports_prefill, self.supports_schema = inner.supports_prefill, inner.supports_schema
        self.first_token_at = None
        self.reply = ""
        self.last_messages = None

    def generate(self, messages, max_new_tokens, schema=None):
        return self.inner.generate(messages, max_new_tokens, schema=schema)

    def __getattr__(self, name):  # warm_up and the like, where the backend has them
        return getattr(self.inner, name)

    def stream(self, messages, max_new_tokens):
        self.last_messages, self.reply = messages, ""
        for piece in self.inner.stream(messages, max_new_tokens):
            if self.first_token_at is None:
                self.first_token_at = time.perf_counter()
            self.reply += piece
            yield piece


class BareLlamaCpp:
    """llama-cpp-python alone: same GGUF, threads and context flags as the product (flash attention,
    as bot/llm_llamacpp.py loads it), no FlexRec, no cache across calls."""

    def __init__(self, model):
        from llama_cpp import Llama

        self.model = model
        inner = model.llama
        self.llama = Llama(
            model_path=inner.model_path,
            n_ctx=inner.n_ctx(),
            n_threads=inner.n_threads,
            flash_attn=True,
            verbose=False,
        )
        self.llama.set_cache(None)

    def tokens(self, text: str) -> int:
        return len(self.llama.tokenize(text.encode(), add_bos=False))

    def seconds(self, messages, n_tokens: int) -> float:
        import numpy as np

        prompt, _, _ = self.model.prompt_tokens(messages)
        eos = self.llama.token_eos()

        def no_eos(_, logits):  # forces exactly n_tokens, as the reply had
            logits[eos] = -np.inf
            return logits

        self.llama.reset()
        start = time.perf_counter()
        self.llama.create_completion(prompt, max_tokens=n_tokens, temperature=0.0, logits_processor=[no_eos])
        return time.perf_counter() - start


class BareTransformers:
    """Plain `model.generate` of exactly n tokens on the same prompt."""

    def __init__(self, model):
        self.model = model

    def tokens(self, text: str) -> int:
        return len(self.model.tokenizer(text, add_special_tokens=False)["input_ids"])

    def seconds(self, messages, n_tokens: int) -> float:
        import torch

        inputs = self.model._inputs(messages)
        start = time.perf_counter()
        with torch.inference_mode():
            self.model.model.generate(
                **inputs,
                max_new_tokens=n_tokens,
                min_new_tokens=n_tokens,
                do_sample=False,
                pad_token_id=self.model.tokenizer.eos_token_id,
            )
        return time.perf_counter() - start


def bench_model(name: str, turns: int, catalog_dir: Path, overrides: dict[str, str] | None = None) -> dict[str, float]:
    from bot.llm_loader import load_chat_model

    settings = Settings(data_dir=tempfile.mkdtemp(prefix="flexrec-bench-"), llm=name, **(overrides or {}))
    results: dict[str, float] = {}
    t = time.perf_counter()
    load_chat_model(settings, progress=False)
    results["cold start: prepare weights + load"] = time.perf_counter() - t
    t = time.perf_counter()
    llm = load_chat_model(settings, progress=False)
    results["warm start: load"] = time.perf_counter() - t
    catalog = open_catalog(settings.model_copy(update={"chroma_path": catalog_dir}), progress=False)
    bare = BareLlamaCpp(llm) if hasattr(llm, "llama") else BareTransformers(llm)
    timed = TimedModel(llm)
    rec = build_recommender(settings, llm=timed, catalog=catalog)
    t = time.perf_counter()
    rec.warm_up()  # the server does this in the background at start
    results["warm-up: first search, fixed prompt parts"] = time.perf_counter() - t

    per_turn: dict[str, list[float]] = {}
    session = None
    for message in MESSAGES[:turns]:
        timed.first_token_at = None
        start = time.perf_counter()
        cards_at = None
        for kind, event in rec.turn(session, message):
            if kind == "items":
                cards_at = time.perf_counter()
            turn = event
        end = time.perf_counter()
        session = turn.session_id
        n_tokens = max(bare.tokens(timed.reply), 1)
        base = bare.seconds(timed.last_messages, n_tokens)
        for key, value in {
            "item cards on screen": cards_at - start,
            "first reply token": (timed.first_token_at or end) - start,
            "profile step": turn.timings["profile"],
            "retrieval": turn.timings["retrieval"],
            "writing": turn.timings["writing"],
            "whole turn": end - start,
            "reply tokens/s": n_tokens / turn.timings["writing"],
            "bare runtime: same prompt, same tokens": base,
            "bare runtime tokens/s": n_tokens / base,
        }.items():
            per_turn.setdefault(key, []).append(value)
    results.update({key: statistics.median(values) for key, values in per_turn.items()})
    results["profile step, first turn"] = per_turn["profile step"][0]
    if turns > 1:
        results["profile step, later turns (KV cache)"] = statistics.median(per_turn["profile step"][1:])
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", action="append", help=f"model to time (repeatable; default: {' and '.join(MODELS)})")
    parser.add_argument("--turns", type=int, default=len(MESSAGES))
    parser.add_argument("--setting", action="append", default=[], metavar="NAME=VALUE", help="a variant (repeatable)")
    args = parser.parse_args()
    variants = {s: s.split("=", 1) for s in args.setting}
    if bad := [s for s, pair in variants.items() if len(pair) < 2 or pair[0] not in Settings.model_fields]:
        parser.error(f"--setting takes NAME=VALUE with NAME a Settings field, not {bad[0]!r}")
    go_offline()
    models = args.model or MODELS
    catalog_dir = Path(tempfile.mkdtemp(prefix="flexrec-bench-chroma-"))
    t = time.perf_counter()
    open_catalog(Settings(data_dir=catalog_dir, chroma_path=catalog_dir), progress=False)
    ingest = time.perf_counter() - t
    runs = {name: (name, {}) for name in models}
    if variants:  # one column per model and settings variant, all in this run
        runs = {f"{name}, {s}": (name, dict([pair])) for name in models for s, pair in variants.items()}
    results = {label: bench_model(name, args.turns, catalog_dir, over) for label, (name, over) in runs.items()}
    models = list(runs)

    print(
        f"\nFlexRec turn benchmark · {platform.machine()} · {args.turns} turns (median) · "
        f"first start: ingest bundled catalog {ingest:.1f} s\n"
    )
    header = "".join(f" {name + ' (s or tok/s)':>34} | {'vs bare':>7} |" for name in models)
    print(f"| {'measure':<40} |{header}")
    print(f"|{'-' * 42}|" + f"{'-' * 36}|{'-' * 9}|" * len(models))
    for key in results[models[0]]:
        cells = ""
        for name in models:
            value = results[name].get(key, float("nan"))
            base = results[name]["bare runtime: same prompt, same tokens"]
            ratio = f"{value / base:.2f}x" if key in ("writing", "whole turn") else ""
            cells += f" {value:>34.2f} | {ratio:>7} |"
        print(f"| {key:<40} |{cells}")


if __name__ == "__main__":
    main()
