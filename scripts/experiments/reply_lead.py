"""Issue 27: what the model writes after the code's opener, per lead (docs/experiments/reply-lead.md).

A lead is the first words of the model's own text, put in the prompt after the opener and shown
only with what the model makes of them. Each variant sets the writer's openers and lead and runs
`flexrec eval writing`'s measure (evaluate_model) on the same contexts, with one model load:

    .venv/bin/python scripts/experiments/reply_lead.py --data ../shared/data/redial/train_data.jsonl \
        --contexts 60 --out /tmp/reply-lead none it open for

Develop on train; the chosen lead is then reported on valid. Prints one JSON line of metrics per
variant and writes each variant's replies to OUT/VARIANT.jsonl.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bot import writer  # noqa: E402
from flexrec.evaluation import redial_data, writing_eval  # noqa: E402
from flexrec.evaluation.profile_eval import chat_model  # noqa: E402
from flexrec.services import build_pipeline, go_offline, title_index  # noqa: E402
from flexrec.settings import Settings  # noqa: E402

BECAUSE, PLAIN = writer.BECAUSE_OPENERS, writer.OPENERS
# name -> (openers citing a liked title, other openers, lead); None: the shipped ones
VARIANTS = {
    "none": (None, None, ""),  # the model ends the opener's sentence (before the lead)
    "it": (tuple(f + "." for f in BECAUSE), tuple(f + "." for f in PLAIN), " It"),  # a new sentence
    "open": (  # none, with openers worded to stay open
        (
            "If you want more like {because}, try {title}",
            "Along the lines of {because}, I would start with {title}",
            "Close to {because}, I would go for {title}",
        ),
        ("I would start with {title}", "I would go for {title}", "My first pick is {title}"),
        "",
    ),
    "for": (None, None, " for"),  # a reason (the shipped lead)
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--contexts", type=int, default=60)
    parser.add_argument("--model", default="qwen2.5-coder-1.5b")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("variants", nargs="+", choices=list(VARIANTS))
    args = parser.parse_args()
    go_offline()
    args.out.mkdir(parents=True, exist_ok=True)
    settings = Settings()
    items = redial_data.catalog_items(args.data, args.out, None)
    titles, genres = title_index(items)
    rules = build_pipeline(settings, titles, genres)
    dialogues = redial_data.read_dialogues(args.data)
    contexts = writing_eval.build_contexts(dialogues, items, rules, args.contexts, settings.top_k)
    llm = chat_model(args.model, settings, None)
    pipeline = build_pipeline(settings, titles, genres, llm=llm)
    for name in args.variants:
        because, plain, lead = VARIANTS[name]
        writer.BECAUSE_OPENERS, writer.OPENERS, writer.LEAD = because or BECAUSE, plain or PLAIN, lead
        metrics, replies = writing_eval.evaluate_model(name, pipeline.writer, contexts, titles, progress=False)
        print(name, json.dumps(metrics), flush=True)
        with open(args.out / f"{name}.jsonl", "w", encoding="utf-8") as f:
            f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in replies)


if __name__ == "__main__":
    main()
