"""An item's enrichment (GENRE's LLM as tagger): what a person would search by, written by the LLM
from the item's own record (bot/enricher.py), and the append-only JSONL file beside the catalog
that keeps it (`movies.enrichment.jsonl` beside `movies.jsonl`).

For retrieval only: its fields may be added to the text an item is embedded by (`enrich_fields` in
Settings, off until valid recall says they help); it is never shown as a fact, since the product
only says what the catalog record says. The file is written one line per item as each is made, so
an interrupted run keeps what it did: a cut-off last line is skipped when read, and the next append
starts on a line of its own.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pydantic import BaseModel, ValidationError, field_validator, model_validator

from flexrec.errors import FlexRecError, StoreError
from retrieval.catalog import Item
from retrieval.store import text_key

log = logging.getLogger(__name__)

FIELDS = ("mood", "themes", "audience", "setting", "pitch")
# Clipping bounds: a few words each, so the enrichment never outweighs the record in the embedded text.
MOST = {"mood": 3, "themes": 4}  # entries in a list
CHARS = {"mood": 30, "themes": 40, "audience": 60, "setting": 60, "pitch": 160}  # characters in an entry


def _clip(text: str, chars: int) -> str:
    """Whitespace-normalised text of at most `chars` characters, cut at a word boundary."""
    text = " ".join(text.split())
    if len(text) <= chars:
        return text
    cut = text[: chars + 1].rsplit(" ", 1)[0] if " " in text[:chars] else text[:chars]
    return cut.rstrip(" ,;:-")


class Enrichment(BaseModel):
    """What a person would search this item by. Over-long answers are clipped, not refused; a
    missing field, a wrong type or an answer with nothing in it is a ValidationError."""

    mood: list[str]  # a few words: "tense", "heartwarming"
    themes: list[str]  # a few short phrases: "survival", "coming of age"
    audience: str  # who it suits: "families with young children"
    setting: str  # where and when it takes place: "a spaceship, the far future"
    pitch: str  # one sentence

    @field_validator("mood", "themes", mode="before")
    @classmethod
    def _phrases(cls, value, info):
        if isinstance(value, str):  # "dark, tense": small models write a list as one string
            value = value.split(",")
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError("must be a list of short phrases")
        out: list[str] = []
        for v in value:
            v = _clip(v, CHARS[info.field_name])
            if v and v.lower() not in {o.lower() for o in out}:
                out.append(v)
        return out[: MOST[info.field_name]]

    @field_validator("audience", "setting", "pitch", mode="before")
    @classmethod
    def _short(cls, value, info):
        if not isinstance(value, str):
            raise ValueError("must be text")
        return _clip(value, CHARS[info.field_name])

    @model_validator(mode="after")
    def _something(self):
        if not any(getattr(self, f) for f in FIELDS):
            raise ValueError("the answer is empty")
        return self

    def text(self, fields: Iterable[str] = FIELDS) -> str:
        """The chosen fields as words to embed: "Mood: tense, dark. Setting: a spaceship."."""
        parts = []
        for name in fields:
            value = getattr(self, name)
            value = ", ".join(value) if isinstance(value, list) else value
            if value:
                parts.append(f"{name.capitalize()}: {value.rstrip('.')}.")
        return " ".join(parts)


class Record(BaseModel):
    """One line of the enrichment file."""

    id: str
    content: str  # `content_key` of the record it was written from: a changed record needs a new one
    key: str  # the cache key: the record's text, the prompt and the model (bot/enricher.py)
    model: str
    enrichment: Enrichment


def content_key(item: Item) -> str:
    """The hash of what the LLM is shown of an item: its embedded record text, without enrichment."""
    return text_key(item.document())


def enrichment_path(catalog: str | Path) -> Path:
    """Where a catalog keeps its enrichment: movies.enrichment.jsonl beside movies.jsonl."""
    catalog = Path(catalog)
    return catalog.with_name(f"{catalog.name.split('.')[0]}.enrichment.jsonl")


def parse_fields(spec: str) -> tuple[str, ...]:
    """The enrichment fields a setting names ("mood, themes", "all"; empty: none), in FIELDS order."""
    names = {n for n in spec.replace(",", " ").lower().split()}
    if names == {"all"}:
        return FIELDS
    unknown = sorted(names - set(FIELDS))
    if unknown:
        raise FlexRecError(
            f"FLEXREC_ENRICH_FIELDS: unknown field {unknown[0]!r}; use some of {', '.join(FIELDS)}, or all"
        )
    return tuple(f for f in FIELDS if f in names)


def load(path: Path) -> list[Record]:
    """Every readable record of the file, in the order written (none if there is no file). A line
    that is not a record (the last one, cut off by a crash) is skipped with a warning."""
    if not path.is_file():
        return []
    records, bad = [], 0
    with path.open(encoding="utf-8", errors="replace") as f:
        for line in f:
            if not line.strip():
                continue
            try:
                records.append(Record.model_validate_json(line))
            except ValidationError:
                bad += 1
    if bad:
        log.warning("%s: skipped %d unreadable line(s) (a run cut off mid-write?)", path, bad)
    return records


def texts(items: Iterable[Item], path: Path, fields: tuple[str, ...]) -> dict[str, str]:
    """id → the enrichment words to embed, for the items whose latest record in `path` was written
    from their current text (an item changed since is embedded without, until enriched again)."""
    if not fields:
        return {}
    latest = {(r.id, r.content): r.enrichment for r in load(path)}  # a later line wins
    out = {}
    for item in items:
        found = latest.get((item.id, content_key(item)))
        if found is not None and (words := found.text(fields)):
            out[item.id] = words
    return out


@contextmanager
def appender(path: Path) -> Iterator:
    """`write(record)`: appends one line and flushes it to disk, so a crash or Ctrl-C keeps it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        f = path.open("a+b")
    except OSError as exc:
        raise StoreError(f"cannot write the enrichment file {path}: {exc.strerror or exc}") from exc

    def write(record: Record) -> None:
        f.write(record.model_dump_json().encode("utf-8") + b"\n")
        f.flush()
        os.fsync(f.fileno())

    with f:
        end = f.seek(0, os.SEEK_END)
        if end:
            f.seek(end - 1)
            if f.read(1) != b"\n":  # the last run died mid-line: the next record gets a line of its own
                f.write(b"\n")
        yield write
