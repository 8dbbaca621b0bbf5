"""Time FlexRec's transformers backend on the GPU against the CPU of the same machine, in one run.

    .venv/bin/python bench/llm_device.py [--model smollm2-135m] [--tokens 64] [--repeats 3]

Each device runs in its own process (the CPU one with CUDA hidden), through `load_chat_model`,
so what is timed is what a chat turn uses: bf16 with `device_map="auto"` on CUDA, fp32 on the
CPU. Per device: load (the GGUF conversion is cached first, so both load the same folder), time to
the first streamed token, tokens/s of a reply forced to the same length. The speed-up is
CPU time ÷ GPU time (GPU rate ÷ CPU rate).
Without a GPU it prints the CPU column only.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

MESSAGES = [
    {"role": "system", "content": "You recommend movies from a catalog, briefly."},
    {"role": "user", "content": "I loved Heat but hated Titanic. Something tense for tonight?"},
]


def measure(model_name: str, tokens: int, repeats: int, data_dir: str) -> dict:
    """Runs in the child process: the numbers of one device."""
    import torch

    from bot.llm_loader import load_chat_model
    from flexrec.settings import Settings

    started = time.perf_counter()
    model = load_chat_model(Settings(data_dir=data_dir, llm=model_name))
    loaded = time.perf_counter() - started
    if not repeats:  # the conversion pass: loading was all it was for
        return {}
    inner = model.model  # the transformers model; forced length keeps runs comparable
    ids = model._inputs(MESSAGES)
    first, rates = [], []
    for _ in range(repeats + 1):  # the first pass warms kernels and caches; it is not counted
        begin = time.perf_counter()
        pieces = model.stream(MESSAGES, 1)
        next(iter(pieces), None)
        first_token = time.perf_counter() - begin
        for _ in pieces:
            pass
        begin = time.perf_counter()
        out = inner.generate(**ids, max_new_tokens=tokens, min_new_tokens=tokens, do_sample=False)
        if torch.cuda.is_available():
            torch.cuda.synchronize()
        made = out.shape[1] - ids["input_ids"].shape[1]
        first.append(first_token)
        rates.append(made / (time.perf_counter() - begin))
    return {
        "device": f"{inner.device} {inner.dtype}",
        "load_s": loaded,
        "first_token_s": statistics.median(first[1:]),
        "tokens_per_s": statistics.median(rates[1:]),
        "gpu": torch.cuda.get_device_name(0) if torch.cuda.is_available() else "",
    }


def run_child(model: str, tokens: int, repeats: int, data_dir: str, hide_cuda: bool) -> dict:
    env = dict(os.environ, CUDA_VISIBLE_DEVICES="" if hide_cuda else os.environ.get("CUDA_VISIBLE_DEVICES", "0"))
    args = [sys.executable, __file__, "--child", "--model", model, "--tokens", str(tokens)]
    args += ["--repeats", str(repeats), "--data-dir", data_dir]
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"the {'CPU' if hide_cuda else 'GPU'} run failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="smollm2-135m")
    parser.add_argument("--tokens", type=int, default=64)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--data-dir")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.model, args.tokens, args.repeats, args.data_dir)))
        return

    import torch

    with tempfile.TemporaryDirectory(prefix="flexrec-bench-") as data_dir:
        run_child(args.model, 1, 0, data_dir, hide_cuda=True)  # converts a GGUF once, outside the timings
        cpu = run_child(args.model, args.tokens, args.repeats, data_dir, hide_cuda=True)
        gpu = run_child(args.model, args.tokens, args.repeats, data_dir, False) if torch.cuda.is_available() else None
    print(
        f"\n{args.model}, {args.tokens}-token replies, median of {args.repeats}; "
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs{', ' + gpu['gpu'] if gpu else ''}\n"
    )
    print("| measure | CPU | GPU | GPU speed-up |\n|---|---|---|---|")
    print(f"| device, dtype | {cpu['device']} | {gpu['device'] if gpu else '—'} | |")
    for key, label in (("load_s", "load (s)"), ("first_token_s", "first token (s)"), ("tokens_per_s", "tokens/s")):
        ratio = (gpu[key] / cpu[key] if key == "tokens_per_s" else cpu[key] / gpu[key]) if gpu else None
        print(
            f"| {label} | {cpu[key]:.3f} | {gpu[key]:.3f} | {ratio:.1f}× |"
            if gpu
            else f"| {label} | {cpu[key]:.3f} | — | |"
        )


if __name__ == "__main__":
    main()
