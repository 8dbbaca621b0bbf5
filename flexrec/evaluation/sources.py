"""Readers for the evaluation data in ../shared/data, shared by the ReDial and MovieLens catalogs."""

from __future__ import annotations

import csv
import gzip
from collections import Counter, defaultdict
from pathlib import Path


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def read_tmdb(data_dir: Path) -> dict[str, dict]:
    """TMDB 5000 rows by TMDB id (JSON-list columns still as text)."""
    with gzip.open(data_dir / "movies" / "tmdb_5000_movies.csv.gz", "rt", encoding="utf-8", newline="") as f:
        return {row["id"]: row for row in csv.DictReader(f)}


def read_movielens_tags(data_dir: Path) -> dict[str, Counter]:
    """Lower-cased MovieLens tags per movieId, with how many times each was given."""
    tags: dict[str, Counter] = defaultdict(Counter)
    for row in read_csv(data_dir / "movielens" / "tags.csv"):
        tags[row["movieId"]][row["tag"].strip().lower()] += 1
    return tags
