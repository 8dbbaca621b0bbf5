"""How well is a message's genre and period wish read? Rules alone against an LLM with the rules.

`flexrec eval profile` scores liked and disliked titles only: ReDial labels nothing else. This
probe scores the constraints, on 79 seeker messages of ReDial's valid split labelled by hand
(`data/constraint_probe.jsonl`: the genres asked for, the genres ruled out, the period, `@id`
replaced by the movie's name). About a third are plain asks ("a good action movie"); the rest are
where readings go wrong: negation near a genre word that rules nothing out ("a horror movie I have
never seen", "it doesn't have to be animated"), genre words that describe a film or a piece of
gossip ("that sounds funny", "the Woody Allen drama"), and "classic" or "old" said of a film
rather than asked for. The period convention is the rule reader's: "older" = up to 1999, "newer" =
from 2010.

Per reader: the share of messages read exactly right (genres, exclusions and period all as
labelled), then the errors by kind: a genre on the wrong side (asked for ↔ ruled out), a wished-for
genre or period missed, one added that the message does not ask for. Prints a table and each
message some reader got wrong.

    .venv/bin/python scripts/experiments/constraint_probe.py [--model qwen2.5-coder-1.5b]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

DATA = Path(__file__).parent / "data" / "constraint_probe.jsonl"


def errors(delta, label: dict) -> Counter:
    want_g, want_x = set(label["genres"]), set(label["exclude_genres"])
    got_g, got_x = set(delta.genres), set(delta.exclude_genres)
    period = tuple(label["period"]) if label["period"] else (None, None)
    c = Counter()
    c["wrong side"] = len(got_g & want_x) + len(got_x & want_g)
    c["missed"] = len(want_g - got_g - got_x) + len(want_x - got_x - got_g)
    c["added"] = len(got_g - want_g - want_x) + len(got_x - want_x - want_g)
    got_p = (delta.year_min, delta.year_max)
    if got_p != period:
        c["period missed" if period != (None, None) and got_p == (None, None) else "period wrong or added"] += 1
    return c


def main() -> None:
    from bot.profile import UserProfile
    from flexrec.evaluation import profile_eval
    from flexrec.services import build_pipeline, go_offline
    from flexrec.settings import Settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--model", action="append", help="an LLM to read with the rules (default: FLEXREC_LLM; `rules`: none)"
    )
    parser.add_argument("--data", type=Path, default=Path("../shared/data/redial/valid_data.jsonl"))
    parser.add_argument("--labels", type=Path, default=DATA, help="labelled messages (default: the probe set)")
    args = parser.parse_args()
    go_offline()
    settings = Settings()
    out = Path("eval-out/constraint-probe")
    titles, genres = profile_eval.title_index(profile_eval.redial_data.catalog_items(args.data, out))
    labels = [json.loads(line) for line in args.labels.read_text(encoding="utf-8").splitlines() if line.strip()]
    models = [m for m in (args.model or [settings.llm]) if m != profile_eval.RULES]
    readers = {profile_eval.RULES: None, **{name: name for name in models}}
    rows, wrong = {}, {}
    for reader, name in readers.items():
        llm = None if name is None else profile_eval.chat_model(name, settings)
        asked = settings.model_copy(update={"llm": name or settings.llm, "llm_profiler": llm is not None})
        parts = build_pipeline(asked, titles, genres, llm=llm)
        totals, exact, start = Counter(), 0, time.perf_counter()
        for i, label in enumerate(labels):
            delta = parts.profiler.update(UserProfile(), parts.reader.read(label["text"])).delta
            c = errors(delta, label)
            totals.update(c)
            exact += not sum(c.values())
            if sum(c.values()):
                wrong.setdefault(i, {})[reader] = (delta.genres, delta.exclude_genres, delta.year_min, delta.year_max)
        rows[reader] = {
            "exact": exact / len(labels),
            **totals,
            "s/message": (time.perf_counter() - start) / len(labels),
        }
    kinds = ["wrong side", "missed", "added", "period missed", "period wrong or added"]
    print(f"\n{len(labels)} hand-labelled seeker messages (ReDial valid, {args.labels.name})\n")
    print("| reader | read exactly right | " + " | ".join(kinds) + " | s/message |")
    print("|---|---|" + "---|" * len(kinds) + "---|")
    for reader, r in rows.items():
        print(
            f"| {reader} | {r['exact']:.3f} | "
            + " | ".join(str(r.get(k, 0)) for k in kinds)
            + f" | {r['s/message']:.2f} |"
        )
    print("\nMisread (genres, excluded, year_min, year_max):")
    for i, by in wrong.items():
        label = labels[i]
        print(f"- {label['text']!r}: want {label['genres']}, {label['exclude_genres']}, {label['period']}")
        for reader, got in by.items():
            print(f"    {reader}: {got}")


if __name__ == "__main__":
    main()
