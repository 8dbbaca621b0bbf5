"""Issue 4, lever 4: does reranking the pipeline's top candidates by the LLM's log-likelihood help?

For each ReDial target, the pipeline (rules profile, default weights) proposes its top TOP
candidates; the LLM scores each as the continuation of "…You should watch" after the dialogue
(mean log-probability of the title's tokens, one batched forward pass), and the candidates are
re-ordered by pipeline score + LAMBDA · (log-likelihood, scaled to 0..1 within the turn).
Prints Recall@1/@10 (within the top TOP, so R@10 is comparable) per LAMBDA and the seconds the
scoring adds per turn. Needs the ReDial catalog from a previous `flexrec eval redial` run.

    .venv/bin/python scripts/experiments/llm_rerank.py --limit 30
    FLEXREC_LLM=smollm2-135m .venv/bin/python scripts/experiments/llm_rerank.py --limit 30

A GGUF model (the 1.5B default) is scored through llama.cpp, others through transformers.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

TOP = 20
LAMBDAS = (0.0, 0.05, 0.1, 0.2, 1000.0)  # 1000: the LLM's order alone


def _messages(context: str) -> list[dict[str, str]]:
    return [
        {"role": "system", "content": "You are a movie expert who recommends movies."},
        {"role": "user", "content": context[-600:] + "\nWhat movie should I watch?"},
        {"role": "assistant", "content": "You should watch"},
    ]


class LlamaCppScorer:
    """The same score on a GGUF model through llama.cpp: the prompt is evaluated once, then each
    title from the end of the prompt (the KV cache is cut back to the prompt between titles)."""

    def __init__(self, llm):
        from llama_cpp import Llama

        self.chat = llm
        self.llama = Llama(model_path=llm.llama.model_path, n_ctx=2048, logits_all=True, verbose=False)

    def __call__(self, context: str, titles: list[str]) -> list[float]:
        import numpy as np

        def logp(row):
            row = row - row.max()
            return row - np.log(np.exp(row).sum())

        prompt, _, _ = self.chat.prompt_tokens(_messages(context))
        self.llama.reset()
        self.llama.eval(prompt)
        first = logp(self.llama.scores[len(prompt) - 1])
        scores = []
        for title in titles:
            ids = self.llama.tokenize((" " + title).encode(), add_bos=False)
            self.llama.n_tokens = len(prompt)
            self.llama.eval(ids)
            rows = self.llama.scores[len(prompt) : len(prompt) + len(ids) - 1]
            values = [first[ids[0]]] + [logp(rows[i - 1])[ids[i]] for i in range(1, len(ids))]
            scores.append(float(statistics.mean(values)))
        return scores


def title_loglik(llm, context: str, titles: list[str]) -> list[float]:
    """Mean log-probability of each title after the prompt: the prompt runs once, its KV cache is
    repeated for the batch of titles."""
    import torch

    tok, model = llm.tokenizer, llm.model
    messages = _messages(context)
    prompt = tok.apply_chat_template(messages, continue_final_message=True, tokenize=False)
    prompt_ids = torch.tensor([tok(prompt, add_special_tokens=False)["input_ids"]])
    seqs = [tok(" " + t, add_special_tokens=False)["input_ids"] for t in titles]
    width = max(len(s) for s in seqs)
    pad = tok.pad_token_id or tok.eos_token_id
    ids = torch.full((len(seqs), width), pad)
    mask = torch.zeros((len(seqs), prompt_ids.shape[1] + width), dtype=torch.long)
    mask[:, : prompt_ids.shape[1]] = 1
    for row, s in enumerate(seqs):
        ids[row, : len(s)] = torch.tensor(s)
        mask[row, prompt_ids.shape[1] : prompt_ids.shape[1] + len(s)] = 1
    with torch.no_grad():
        first = model(input_ids=prompt_ids, use_cache=True)
        cache = first.past_key_values
        cache.batch_repeat_interleave(len(seqs))
        rest = model(input_ids=ids, attention_mask=mask, past_key_values=cache).logits.float()
    first_logp = torch.log_softmax(first.logits[0, -1].float(), dim=-1)
    rest_logp = torch.log_softmax(rest, dim=-1)
    scores = []
    for row, s in enumerate(seqs):
        values = [float(first_logp[s[0]])] + [float(rest_logp[row, i - 1, s[i]]) for i in range(1, len(s))]
        scores.append(statistics.mean(values))
    return scores


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--data", default="../shared/data/redial/valid_data.jsonl")
    p.add_argument("--limit", type=int, default=60, help="dialogues")
    args = p.parse_args()

    from bot.llm_loader import load_chat_model
    from bot.query import search_query
    from flexrec.evaluation import redial_data
    from flexrec.evaluation.redial import PipelineRanker
    from flexrec.services import build_pipeline, go_offline, open_catalog
    from flexrec.settings import Settings

    go_offline()
    settings = Settings().model_copy(update={"collection": "redial-eval"})
    store, titles, genres = open_catalog(settings, ingest=False, progress=False)
    llm = load_chat_model(settings)
    score = LlamaCppScorer(llm) if hasattr(llm, "llama") else lambda context, titles: title_loglik(llm, context, titles)
    rules = build_pipeline(settings, titles, genres, store)
    reader, retriever = rules.reader, rules.retriever
    pipeline = PipelineRanker(rules, titles)
    samples = [s for d in redial_data.read_dialogues(args.data, args.limit) for s in redial_data.samples(d)]
    hits_at = {lam: {1: 0, 10: 0} for lam in LAMBDAS}
    seconds, n = [], 0
    for sample in samples:
        if sample.is_repeat:
            continue
        n += 1
        pipeline(sample)  # updates the profile for this point of the dialogue
        text = " ".join(t for _, t in sample.context)[-1200:]
        hits = retriever.search(search_query(pipeline.profile, reader.read(text)), TOP)
        start = time.perf_counter()
        ll = score(" ".join(t for _, t in sample.context), [h.item.title for h in hits])
        seconds.append(time.perf_counter() - start)
        lo, hi = min(ll), max(ll)
        scaled = [(x - lo) / (hi - lo) if hi > lo else 0.0 for x in ll]
        if n % 20 == 0:
            print(f"{n} targets, {statistics.mean(seconds):.2f} s per scoring", file=sys.stderr, flush=True)
        for lam in LAMBDAS:
            rescored = sorted(((h.score + lam * s, h.id) for h, s in zip(hits, scaled, strict=True)), reverse=True)
            order = [item_id for _, item_id in rescored]
            for k in (1, 10):
                hits_at[lam][k] += sample.target in order[:k]
    print(f"{n} targets without repeats from {args.limit} dialogues; LLM {settings.llm}; top {TOP} reranked")
    print("| lambda | R@1 | R@10 |\n|---|---|---|")
    for lam in LAMBDAS:
        name = "LLM order alone" if lam >= 1000 else f"{lam}"
        print(f"| {name} | {hits_at[lam][1] / n:.3f} | {hits_at[lam][10] / n:.3f} |")
    print(
        f"LLM scoring: {statistics.mean(seconds):.3f} s per turn (p95 {sorted(seconds)[int(0.95 * len(seconds))]:.3f})"
    )


if __name__ == "__main__":
    main()
