"""GENRE's item enrichment of the ReDial evaluation's catalog, for `flexrec eval redial --enrichment`.

    .venv/bin/python scripts/enrich_redial_catalog.py OUT_DIR [--shared ../shared/data] [--limit N]

Builds the catalog exactly as `eval redial` does (`OUT_DIR/redial_catalog.jsonl`) and has the
configured LLM enrich it (bot/enricher.py: resumable, cached, FLEXREC_LLM_PARALLEL for a batched
server) into `OUT_DIR/redial_catalog.enrichment.jsonl`, in a fixed random order: whatever part is
done is a random sample of the catalog, so a run stopped after hours can already be evaluated
(with and without the fields, on the same items). Run it again to go on.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.enricher import Enricher  # noqa: E402
from bot.llm import close  # noqa: E402
from bot.llm_loader import load_chat_model  # noqa: E402
from flexrec.evaluation import redial_data  # noqa: E402
from flexrec.services import go_offline  # noqa: E402
from flexrec.settings import Settings  # noqa: E402
from retrieval.catalog import read_catalog  # noqa: E402
from retrieval.enrichment import enrichment_path  # noqa: E402

ORDER_SEED = 0  # one fixed order, so that every run (and every resumed one) goes on with the same sample


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("out", help="where the catalog and its enrichment go")
    p.add_argument("--shared", default=str(ROOT.parent / "shared" / "data"), help="the shared data folder")
    p.add_argument("--limit", type=int, default=None, help="stop after the first N items of the order")
    args = p.parse_args()
    go_offline()
    shared, out = Path(args.shared), Path(args.out)
    catalog = out / "redial_catalog.jsonl"
    train = redial_data.read_dialogues(shared / "redial" / "train_data.jsonl")
    redial_data.build_catalog(shared, redial_data.mention_counts(train), catalog)
    items = read_catalog(catalog)
    random.Random(ORDER_SEED).shuffle(items)
    llm = load_chat_model(Settings(), progress=True)
    try:
        print(Enricher(llm).run(items[: args.limit], enrichment_path(catalog), progress=True))
    except KeyboardInterrupt:
        print(f"\ninterrupted: what was enriched is kept in {enrichment_path(catalog)}", file=sys.stderr)
        return 130
    finally:
        close(llm)
    return 0


if __name__ == "__main__":
    sys.exit(main())
