"""Re-score a hand check with the claim check of today's code: each shown sentence of the recorded
turns goes through bot.claims.unsupported (its subject carried from the sentence before, and a
sentence naming several films cut into each film's part, as the writer does; titles taken out
first); a statement in a sentence it drops is gone, and so is a person claim made by the old
code-written opener ("Since you liked X", "If you enjoyed X", "For a fan of X"), which the openers
no longer make. The model is not rerun.

    .venv/bin/python docs/eval-runs/issue-27/rescore_hand_check.py TURNS.jsonl LABELS.jsonl
"""

import json
import re
import sys

from bot.claims import unsupported
from bot.writer import _SENTENCE_END, _by_film
from flexrec.services import title_index
from flexrec.settings import Settings
from retrieval.catalog import read_catalog
from retrieval.retriever import Hit
from retrieval.titles import normalize

CATALOG = read_catalog(Settings().catalog_path)
ITEMS = {i.title: i for i in CATALOG}
TITLES, _ = title_index(CATALOG)
CODE = re.compile(r"^(Also worth a look|You might enjoy|Noted|Got it|No \w+, then|Sorry about that)")
OPENER = re.compile(r"^(?:Since you liked|If you enjoyed|For a fan of) ")


def check(turn: dict) -> list[tuple[str, str | None]]:
    """(sentence, the claim the filter now refuses, or None) for each shown sentence of a turn."""
    cards = [ITEMS[c["title"]] for c in turn["cards"] if c["title"] in ITEMS]
    subject, out = [], []
    for s in [x.strip() for x in _SENTENCE_END.split(turn["reply"]) if x.strip()]:
        said = f" {normalize(s)} "
        subject = [i for i in cards if f" {normalize(i.title)} " in said] or subject
        if CODE.match(s) or not cards:  # written by code, not the model
            out.append((s, None))
            continue
        named = [Hit(i.id, 0.0, i, "") for i in cards if f" {normalize(i.title)} " in said]
        parts = _by_film(s, named) if len(named) > 1 else [(s, [Hit(i.id, 0.0, i, "") for i in subject])]
        claims = (unsupported(blank(part, cards), [h.item for h in about], turn["say"]) for part, about in parts)
        out.append((s, next((c for c in claims if c), None)))
    return out


def blank(text: str, cards: list) -> str:
    """The text with the cards' and any catalog titles taken out, as the writer does."""
    for name in sorted({i.title for i in cards} | {m.title for m in TITLES.find(text)}, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", " ", text, flags=re.IGNORECASE)
    return text


def main(turns_path: str, labels_path: str) -> None:
    turns = {(t["conversation"], t["turn"]): t for t in map(json.loads, open(turns_path, encoding="utf-8"))}
    labels = [json.loads(line) for line in open(labels_path, encoding="utf-8")]
    ok_before = ok_after = lost = bad_before = bad_after = 0
    for label in labels:
        refused = [s for s, claim in check(turns[label["conversation"], label["turn"]]) if claim]
        failed_before = failed_after = False
        for st in (st for st in label["statements"] if st["shown"]):
            sentence = st["sentence"].strip()
            gone = any(sentence in s or s in sentence for s in refused)
            gone = gone or (st["about"] == "the person" and bool(OPENER.match(sentence)))
            bad = st["verdict"] != "supported"
            bad_before += bad
            bad_after += bad and not gone
            lost += gone and not bad and st["about"] != "the person"
            failed_before |= bad
            failed_after |= bad and not gone
        ok_before += not failed_before
        ok_after += not failed_after
    n = len(labels)
    print(f"shown replies with no unsupported statement: {ok_before}/{n} -> {ok_after}/{n}")
    print(f"unsupported or contradicted shown statements: {bad_before} -> {bad_after}")
    print(f"supported film statements lost with a dropped sentence: {lost}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
