"""The catalog: one `Item` type and a strict reader for CSV and JSONL catalog files.

Schema (README "Catalog format"): `id` and `title` required; `year` (int), `genres` and `keywords`
(a JSON list, or in CSV a "|"-separated string), `overview`, `popularity` (number) optional; so are
the facts `language` (ISO 639-1), `countries` (ISO 3166-1 alpha-2, a list like genres), `runtime`
(minutes), `rating` (0-10) and `votes` (how many ratings), which retrieval may filter on, and
`original_title` (the title in its own language: "El laberinto del fauno"), by which people may name it.
Every malformed row is reported as file:line with what is wrong; nothing is half-read.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError, field_validator

from flexrec.errors import CatalogError

MAX_FIELD_CHARS = 5000
_LANGUAGE = re.compile(r"[a-z]{2}")
_COUNTRY = re.compile(r"[A-Z]{2}")


# Genres that say whom a film is for, or its form, more than what it is about: a request may ask one of
# these and a kind ("a family comedy", "a documentary about music"), each asked in its own right
# (retrieval/retriever.py, bot/profile.py).
AUDIENCE_GENRES = ("Family", "Animation", "Documentary")
# Names of the ISO 639-1 codes the catalog's films are mostly made in (TMDB's), for people to read.
LANGUAGES = {
    "en": "English", "fr": "French", "es": "Spanish", "de": "German", "it": "Italian", "ja": "Japanese",
    "ko": "Korean", "zh": "Chinese", "cn": "Cantonese", "hi": "Hindi", "ru": "Russian", "pt": "Portuguese",
    "sv": "Swedish", "da": "Danish", "no": "Norwegian", "nl": "Dutch", "fa": "Persian", "he": "Hebrew",
    "ar": "Arabic", "th": "Thai", "id": "Indonesian", "te": "Telugu", "ta": "Tamil", "pl": "Polish",
    "ro": "Romanian", "cs": "Czech", "hu": "Hungarian", "tr": "Turkish", "el": "Greek", "fi": "Finnish",
    "is": "Icelandic", "ky": "Kyrgyz", "af": "Afrikaans", "vi": "Vietnamese", "xx": "no spoken language",
}  # fmt: skip


class Item(BaseModel):
    id: str = Field(min_length=1, max_length=200)
    title: str = Field(min_length=1, max_length=300)
    year: int | None = Field(default=None, ge=1870, le=2100)
    genres: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    overview: str = Field(default="", max_length=MAX_FIELD_CHARS)
    popularity: float = Field(default=0.0, ge=0)
    language: str | None = None  # original language, ISO 639-1 ("en")
    countries: list[str] = Field(default_factory=list)  # production countries, ISO 3166-1 alpha-2 ("US")
    runtime: int | None = Field(default=None, ge=1, le=1000)  # minutes
    rating: float | None = Field(default=None, ge=0, le=10, allow_inf_nan=False)  # e.g. TMDB's vote average
    votes: int | None = Field(default=None, ge=0)  # how many ratings `rating` averages
    original_title: str | None = Field(default=None, max_length=300)  # in its own language: "Cidade de Deus"

    @field_validator("id", "title", "overview", mode="before")
    @classmethod
    def _text(cls, value):
        if isinstance(value, bool) or value is None:
            raise ValueError("must be text")
        return " ".join(str(value).split()) if isinstance(value, str | int) else value

    @field_validator("year", "popularity", mode="before")
    @classmethod
    def _blank_is_none(cls, value):
        return None if value == "" else value

    @field_validator("original_title", mode="before")
    @classmethod
    def _other_title(cls, value):
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise ValueError("must be text")
        return " ".join(str(value).split()) or None  # blank: none

    @field_validator("language", mode="before")
    @classmethod
    def _language(cls, value):
        if value is None or value == "":
            return None
        code = value.strip().lower() if isinstance(value, str) else None
        if not code or not _LANGUAGE.fullmatch(code):
            raise ValueError("must be a two-letter ISO 639-1 code such as 'en'")
        return code

    @field_validator("runtime", "rating", "votes", mode="before")
    @classmethod
    def _fact_number(cls, value, info):
        if isinstance(value, bool):
            raise ValueError("must be a number")
        if isinstance(value, str):
            value = value.strip()
        if value == "" or (info.field_name == "runtime" and value in (0, "0")):  # TMDB writes 0 for unknown
            return None
        return value

    @field_validator("genres", "keywords", "countries", mode="before")
    @classmethod
    def _as_list(cls, value):
        if value is None or value == "":
            return []
        if isinstance(value, str):
            value = value.split("|")
        if not isinstance(value, list):
            raise ValueError("must be a list of strings or a '|'-separated string")
        return [" ".join(str(v).split()) for v in value if str(v).strip()]

    @field_validator("countries")
    @classmethod
    def _countries(cls, value: list[str]) -> list[str]:
        codes = [v.upper() for v in value]
        bad = [c for c in codes if not _COUNTRY.fullmatch(c)]
        if bad:
            raise ValueError(f"{bad[0]!r} is not a two-letter ISO 3166-1 code such as 'US'")
        return list(dict.fromkeys(codes))

    def label(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title

    def document(self, extra: str = "") -> str:
        """The text that is embedded for retrieval. `extra`: words a person would search by that the
        record does not hold (its enrichment, retrieval/enrichment.py, when a setting asks for it);
        before the overview, so that an embedder's input limit cuts the long overview, not them."""
        parts = [self.label() + "."]
        if self.genres:
            parts.append("Genres: " + ", ".join(self.genres) + ".")
        if self.keywords:
            parts.append("Keywords: " + ", ".join(self.keywords) + ".")
        parts.append(extra)
        parts.append(self.overview)
        return " ".join(p for p in parts if p)


def _rows(path: Path) -> Iterator[tuple[int, dict | None, str | None]]:
    """(line number, raw row or None, parse error or None) for every data row of the file."""
    suffix = path.suffix.lower()
    with path.open(encoding="utf-8", newline="") as f:
        if suffix in (".jsonl", ".ndjson"):
            for line_no, line in enumerate(f, start=1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield line_no, None, f"invalid JSON ({exc.msg})"
                    continue
                if not isinstance(row, dict):
                    yield line_no, None, "a row must be a JSON object"
                else:
                    yield line_no, row, None
        elif suffix == ".csv":
            reader = csv.DictReader(f)
            missing = {"id", "title"} - set(reader.fieldnames or [])
            if missing:
                yield 1, None, f"header lacks required column(s): {', '.join(sorted(missing))}"
                return
            for row in reader:
                if None in row:
                    yield reader.line_num, None, "more fields than the header has"
                else:
                    yield reader.line_num, row, None
        else:
            raise CatalogError(str(path), [(0, "unknown format: use a .csv or .jsonl file")])


def read_catalog(path: str | Path) -> list[Item]:
    """Read and validate the whole file; raise CatalogError listing every bad row."""
    path = Path(path)
    if not path.is_file():
        raise CatalogError(str(path), [(0, "file not found")])
    items, problems, first_line = [], [], {}
    try:
        for line_no, row, error in _rows(path):
            if error:
                problems.append((line_no, error))
                continue
            try:
                item = Item.model_validate(row)
            except ValidationError as exc:
                what = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'row'}: {e['msg']}" for e in exc.errors())
                problems.append((line_no, what))
                continue
            if item.id in first_line:
                problems.append((line_no, f"duplicate id {item.id!r} (first on line {first_line[item.id]})"))
                continue
            first_line[item.id] = line_no
            items.append(item)
    except UnicodeDecodeError as exc:
        problems.append((0, f"not UTF-8 text ({exc.reason})"))
    if problems:
        raise CatalogError(str(path), problems)
    if not items:
        raise CatalogError(str(path), [(0, "no rows")])
    return items


def read_arrays(path: Path, names: tuple[str, ...]) -> dict | None:
    """The named arrays of a vectors file shipped beside a catalog (.npz), or None if there is none.
    A damaged file is a CatalogError that names it, not numpy's traceback."""
    import zipfile

    import numpy as np

    if not path.is_file():
        return None
    try:
        with np.load(path) as data:
            arrays = {name: data[name] for name in names}
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as exc:
        raise CatalogError(str(path), [(0, f"unreadable vectors file ({exc}); rebuild it or delete it")]) from exc
    if len({len(a) for a in arrays.values()}) > 1:
        raise CatalogError(str(path), [(0, "its arrays differ in length; rebuild it or delete it")])
    return arrays
