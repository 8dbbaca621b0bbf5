"""Issue 10: what the profile step's JSON costs under three ways of constraining it, in one run.

1. llama.cpp's own grammar sampler (llama-cpp-python's `grammar=`): it filters every candidate of
   the vocabulary at every step (152k for Qwen).
2. `GrammarGuide` (bot/llm_llamacpp.py): the same grammar, checking only the model's top token and
   filtering the whole vocabulary only when that one is refused.
3. The guide after the prompt's prefill (`{"opinions":`), which the model would otherwise write
   itself, token by token.

Greedy decoding, so all three must write the same JSON; the script checks that and prints the
seconds per profile call. The messages are the turn benchmark's four and four seeker messages in
ReDial's style. One llama.cpp context, the profile prompt's fixed start computed first.

    .venv/bin/python scripts/experiments/grammar_guide.py [--model qwen2.5-coder-1.5b]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

MESSAGES = [
    "I loved The Matrix and Inception, but no horror please",
    "Something older, from the 80s",
    "I don't like Blade Runner",
    "hey, something funny for tonight?",
    "Hi! I really liked Superbad and The Hangover. Titanic put me to sleep though.",
    "I haven't seen that one. Is it scary? I like a good thriller like Se7en",
    "Yes I saw Get Out, loved it",
    "I'm looking for a family movie for my kids, something like Toy Story or Frozen",
]


def main() -> None:
    from llama_cpp import LlamaGrammar

    from bot import prompts
    from bot.llm_loader import load_chat_model
    from bot.profiler import PREFILL
    from flexrec.services import go_offline
    from flexrec.settings import Settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="qwen2.5-coder-1.5b", help="a model llama.cpp runs")
    args = parser.parse_args()
    go_offline()
    model = load_chat_model(Settings(llm=args.model, llm_kv_slots=1), progress=False)
    schema = json.dumps(prompts.schema("profile_update"))
    model.warm_up(prompts.render("profile_update", prefill=False, message="", context=""))

    def own_grammar(messages):
        tokens, stop, _ = model.prompt_tokens(messages)
        grammar = LlamaGrammar.from_json_schema(schema, verbose=False)
        out = model.llama.create_completion(tokens, max_tokens=96, temperature=0.0, stop=stop, grammar=grammar)
        return out["choices"][0]["text"]

    ways = {
        "llama.cpp grammar sampler": (False, own_grammar),
        "GrammarGuide": (False, lambda m: model.generate(m, 96, schema=json.loads(schema))),
        "GrammarGuide after the prefill": (True, lambda m: PREFILL + model.generate(m, 96, schema=json.loads(schema))),
    }
    seconds, answers = {}, {}
    for name, (prefill, write) in ways.items():
        seconds[name], answers[name] = [], []
        for message in MESSAGES:
            messages = prompts.render("profile_update", prefill=prefill, message=message, context="")
            start = time.perf_counter()
            answers[name].append(json.loads(write(messages)))
            seconds[name].append(time.perf_counter() - start)
    same = all(len({json.dumps(a[i], sort_keys=True) for a in answers.values()}) == 1 for i in range(len(MESSAGES)))
    base = statistics.median(seconds["llama.cpp grammar sampler"])
    print(f"\nProfile JSON, {args.model}, {len(MESSAGES)} messages, one context; same answers: {same}\n")
    print("| constrained by | s per call (median) | total s | vs grammar sampler |")
    print("|---|---|---|---|")
    for name, s in seconds.items():
        print(f"| {name} | {statistics.median(s):.2f} | {sum(s):.2f} | {statistics.median(s) / base:.2f}x |")
    for message, answer in zip(MESSAGES, answers["GrammarGuide"], strict=True):
        print(f"- {message!r} → {json.dumps(answer)}")


if __name__ == "__main__":
    main()
