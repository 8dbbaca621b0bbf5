"""GENRE's item enrichment, the LLM as tagger: for each catalog item, what a person would search by
(mood, themes, audience, setting, a one-line pitch), written from the item's own record under the
schema of prompts/item_enrichment.yaml, for retrieval only (retrieval/enrichment.py).

A long job (hours for a few thousand items with the 1.5B model on a CPU), so each answer is appended
to the enrichment file as soon as it is made, in the items' order, and cached by the record's text,
the prompt and the model: a run cut off by a crash or Ctrl-C, or run again, asks only for what is
missing, and a changed record, prompt or model asks again. A model served with several slots
(FLEXREC_LLM_PARALLEL, a llama-server at FLEXREC_LLM_URL) is asked about as many items at once, which
its batching decodes for little more than the time of one (bench/enrichment.py). An answer that is
no JSON or off the schema is counted and not written: the item stays un-enriched, and the next run
tries it again.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
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

    def __init__(self, llm: ChatModel, max_new_tokens: int = MAX_NEW_TOKENS, at_once: int | None = None):
        """`at_once`: items asked about together; by default as many as the model runs at once (its
        `parallel`: a server's slots), one where it cannot say."""
        self.llm, self.max_new_tokens = llm, max_new_tokens
        self.at_once = max(1, at_once or getattr(llm, "parallel", None) or 1)
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
        found, outcome = self._answer(item, messages or self.messages(item))
        self.stats[outcome] += 1
        return found

    def _answer(self, item: Item, messages: Messages) -> tuple[Enrichment | None, str]:
        """The enrichment (None if unusable) and its outcome for `stats`. Counting is left to the
        caller's thread, so that answers made at once in several threads count no race."""
        try:
            raw = self.llm.generate(messages, self.max_new_tokens, schema=prompts.schema(PROMPT))
            data, repaired = parse_object(PREFILL + raw if self.llm.supports_prefill else raw)
            found = Enrichment.model_validate(data)
        except UnusableJSON as exc:
            log.info("enrichment of %s: no JSON in the answer (%s)", item.id, exc)
            return None, "not_json"
        except ValidationError as exc:
            log.info("enrichment of %s: off the schema (%s)", item.id, str(exc).splitlines()[0])
            return None, "off_schema"
        except Exception as exc:  # one failing call must not cost the items already done
            log.warning("enrichment of %s: the LLM failed (%s)", item.id, exc)
            return None, "llm_failed"
        return found, "repaired" if repaired else "strict"

    def _answers(self, todo: list[tuple[Item, Messages, str]]) -> Iterator[tuple[tuple[Item, Messages, str], tuple]]:
        """Each asked item with its answer, in the items' order. With `at_once` > 1, that many are
        asked together and a few more are queued behind them, never the whole list: stopping (Ctrl-C,
        a crash) drops what is queued and waits only for the answers being made."""
        if self.at_once == 1:
            for ask in todo:
                yield ask, self._answer(ask[0], ask[1])
            return
        with ThreadPoolExecutor(self.at_once, thread_name_prefix="enrich") as pool:
            waiting: deque = deque()
            try:
                for ask in todo:
                    waiting.append((ask, pool.submit(self._answer, ask[0], ask[1])))
                    if len(waiting) >= 2 * self.at_once:
                        ask_, answer = waiting.popleft()
                        yield ask_, answer.result()
                while waiting:
                    ask_, answer = waiting.popleft()
                    yield ask_, answer.result()
            finally:
                for _, answer in waiting:
                    answer.cancel()

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
        bar = tqdm(total=len(todo), desc="Enriching", unit="item", disable=not progress)
        with appender(path) as write, bar, closing(self._answers(todo)) as answers:  # closed: nothing more is asked
            for (item, _, key), (found, outcome) in answers:
                self.stats[outcome] += 1
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
