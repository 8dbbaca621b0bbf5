"""GENRE's item enrichment, the LLM as tagger: for each catalog item, what a person would search by
(mood, themes, audience, setting, a one-line pitch), written from the item's own record under the
schema of prompts/item_enrichment.yaml, for retrieval only (retrieval/enrichment.py).

A long job (hours for a few thousand items with the 1.5B model on a CPU), so each answer is appended
to the enrichment file as soon as it is made, and cached by the record's text, the prompt and the
model: a run cut off by a crash or Ctrl-C, or run again, asks only for what is missing, and a changed
record, prompt or model asks again. An answer that is no JSON or off the schema is counted and not
written: the item stays un-enriched, and the next run tries it again.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError
from tqdm import tqdm

from bot import prompts
from bot.json_text import UnusableJSON, parse_object
from bot.llm import ChatModel, Messages, clip
from retrieval.catalog import Item
from retrieval.enrichment import Enrichment, Record, appender, content_key, load

log = logging.getLogger(__name__)

PROMPT = "item_enrichment"
PREFILL = '{"mood":'  # must match the prompt's final assistant turn
# The longest answer the schema's bounds allow is about 190 tokens; a typical one is 60-90.
MAX_NEW_TOKENS = 192
OVERVIEW_TOKENS = 512  # a catalog overview may hold 5,000 characters: more costs time and says little more


@dataclass
class EnrichReport:
    path: Path
    total: int  # items asked for
    cached: int  # already enriched from the same record, prompt and model: not asked again
    made: int = 0
    failed: int = 0  # unusable answers or failed calls: still un-enriched, tried again by the next run

    def __str__(self) -> str:
        again = " (the next run tries them again)" if self.failed else ""
        return (
            f"{self.made} of {self.total} items enriched now, {self.cached} were already, "
            f"{self.failed} failed{again}; in {self.path}"
        )


class Enricher:
    """On a backend with constrained decoding (llama.cpp) the answer is written under the schema's
    grammar; elsewhere it is parsed with bounded repair (bot/json_text.py). Either way it is
    validated and clipped (`Enrichment`). `stats` counts each outcome."""

    def __init__(self, llm: ChatModel, max_new_tokens: int = MAX_NEW_TOKENS):
        self.llm, self.max_new_tokens = llm, max_new_tokens
        self.stats: Counter[str] = Counter()

    def messages(self, item: Item) -> Messages:
        """The prompt for one item: its record as a JSON object, so that its text reads as data."""
        record = {
            "title": item.title,
            "year": item.year,
            "genres": item.genres,
            "keywords": item.keywords,
            "overview": clip(self.llm, item.overview, OVERVIEW_TOKENS),
        }
        return prompts.render(PROMPT, prefill=self.llm.supports_prefill, record=json.dumps(record, ensure_ascii=False))

    def key(self, messages: Messages) -> str:
        """The cache key: the prompt as rendered for the item (its record and the prompt's text), the
        schema and the model's name."""
        blob = json.dumps([self.llm.name, messages, prompts.schema(PROMPT)], ensure_ascii=False, sort_keys=True)
        return hashlib.sha1(blob.encode("utf-8")).hexdigest()

    def _ask(self, item: Item) -> tuple[Item, Messages, str]:
        messages = self.messages(item)
        return item, messages, self.key(messages)

    def enrich(self, item: Item, messages: Messages | None = None) -> Enrichment | None:
        """The item's enrichment, or None (counted in `stats`, logged) when the answer is unusable or
        the call failed."""
        messages = messages or self.messages(item)
        try:
            raw = self.llm.generate(messages, self.max_new_tokens, schema=prompts.schema(PROMPT))
            data, repaired = parse_object(PREFILL + raw if self.llm.supports_prefill else raw)
            found = Enrichment.model_validate(data)
        except UnusableJSON as exc:
            self.stats["not_json"] += 1
            log.info("enrichment of %s: no JSON in the answer (%s)", item.id, exc)
        except ValidationError as exc:
            self.stats["off_schema"] += 1
            log.info("enrichment of %s: off the schema (%s)", item.id, str(exc).splitlines()[0])
        except Exception as exc:  # one failing call must not cost the items already done
            self.stats["llm_failed"] += 1
            log.warning("enrichment of %s: the LLM failed (%s)", item.id, exc)
        else:
            self.stats["repaired" if repaired else "strict"] += 1
            return found
        return None

    def run(
        self,
        items: Sequence[Item],
        path: Path,
        progress: bool = True,
        on_item: Callable[[Item, Enrichment | None], None] | None = None,
    ) -> EnrichReport:
        """Enrich the `items` not yet enriched in the file at `path`, appending each as it is made.
        A progress bar (with its ETA) counts the items asked for; `on_item` is called after each."""
        done = {r.key for r in load(path)}
        todo = [ask for ask in map(self._ask, items) if ask[2] not in done]
        report = EnrichReport(path, len(items), len(items) - len(todo))
        if not todo:
            return report
        with appender(path) as write, tqdm(total=len(todo), desc="Enriching", unit="item", disable=not progress) as bar:
            for item, messages, key in todo:
                found = self.enrich(item, messages)
                if found is None:
                    report.failed += 1
                else:
                    write(Record(id=item.id, content=content_key(item), key=key, model=self.llm.name, enrichment=found))
                    report.made += 1
                bar.set_postfix(failed=report.failed, refresh=False)
                bar.update()
                if on_item is not None:
                    on_item(item, found)
        return report
