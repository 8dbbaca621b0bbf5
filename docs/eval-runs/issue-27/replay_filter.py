"""Replay recorded replies through today's grounding filter and print each sentence it drops.

    .venv/bin/python docs/eval-runs/issue-27/replay_filter.py TURNS.jsonl [...] > dropped.txt

Each turn's reply goes through bot.writer.GroundingFilter with the turn's cards and message, whole
(no streaming), the model not rerun. The turns do not record the person's liked titles, which the
filter lets a reply cite, so sentences citing them are dropped here and not in the product: compare
two replays (before and after a change, `diff`), not one replay with the shown text.
"""

import json
import sys

from bot.writer import GroundingFilter
from flexrec.services import title_index
from flexrec.settings import Settings
from retrieval.catalog import read_catalog
from retrieval.retriever import Hit

CATALOG = read_catalog(Settings().catalog_path)
ITEMS = {i.title: i for i in CATALOG}
TITLES, _ = title_index(CATALOG)


def main(paths: list[str]) -> None:
    replies = losing = 0
    for path in paths:
        for turn in map(json.loads, open(path, encoding="utf-8")):
            if not turn["cards"] or not turn["reply"]:
                continue
            items = [ITEMS[c["title"]] for c in turn["cards"] if c["title"] in ITEMS]
            guard = GroundingFilter(TITLES, [Hit(i.id, 1.0, i, "") for i in items], asked=turn["say"])
            guard.clauses = False
            guard.feed(turn["reply"])
            guard.flush()
            replies += 1
            losing += bool(guard.dropped)
            for sentence in guard.dropped:
                print(f"{turn['conversation']}/{turn['turn']}: {sentence}")
    print(f"{losing} of {replies} replies lose a sentence", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
