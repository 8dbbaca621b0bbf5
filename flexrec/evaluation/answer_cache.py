"""A model's answers kept by prompt, so re-scoring a reader asks the model only what is new.

Every backend decodes greedily, so the same prompt to the same model gets the same answer, and the
profile prompt holds only the message and what it replies to, never the profile. A rule change
re-scored with the 1.5B model (about three hours over the valid split on two cores) then costs
seconds. For evaluation only: the chat never reuses answers. The key is the model's name, the
messages, the token limit and the schema; delete the file after changing the weights behind a name
or how a backend decodes.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from bot.llm import ChatModel, Messages
from flexrec.errors import StoreError


def open_answers(path: Path) -> sqlite3.Connection:
    """The answers file, created if new; StoreError, with the file left as it was, when it cannot be
    one (another file, a folder). Opened before any model loads, so a wrong path fails in a second."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        db = sqlite3.connect(path)
        db.execute("CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, text TEXT NOT NULL)")
    except sqlite3.DatabaseError as exc:  # a directory, another file, no permission
        raise StoreError(f"{path} cannot be used as an answers file: {exc}") from exc
    return db


class CachedChatModel:
    """`model` behind an answers file that `open_answers` opened (and whose caller closes it);
    `hits` / `misses` count the lookups."""

    def __init__(self, model: ChatModel, answers: sqlite3.Connection):
        self.model, self.hits, self.misses, self._db = model, 0, 0, answers

    def __getattr__(self, attr):  # name, supports_schema, warm_up, ...: the model's own
        return getattr(self.model, attr)

    def _key(self, messages: Messages, max_new_tokens: int, schema: dict | None) -> str:
        blob = json.dumps([self.model.name, messages, max_new_tokens, schema], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode()).hexdigest()

    def generate(self, messages: Messages, max_new_tokens: int, schema: dict | None = None) -> str:
        key = self._key(messages, max_new_tokens, schema)
        row = self._db.execute("SELECT text FROM answers WHERE key = ?", (key,)).fetchone()
        if row is not None:
            self.hits += 1
            return row[0]
        text = self.model.generate(messages, max_new_tokens, schema=schema)
        with self._db:  # committed at once: a run stopped midway keeps what it paid for
            self._db.execute("INSERT OR REPLACE INTO answers VALUES (?, ?)", (key, text))
        self.misses += 1
        return text

    def stream(self, messages: Messages, max_new_tokens: int) -> Iterator[str]:
        return self.model.stream(messages, max_new_tokens)
