"""Readers for the evaluation data in ../shared/data, shared by the ReDial and MovieLens catalogs."""

from __future__ import annotations

import csv
import gzip
from collections import Counter, defaultdict
from collections.abc import Collection
from pathlib import Path

# MovieLens genre names → TMDB's, the names the bundled catalog and the rule reader use (None: drop)
MOVIELENS_TO_TMDB_GENRE = {
    "Children": "Family",
    "Sci-Fi": "Science Fiction",
    "Musical": "Music",
    "Film-Noir": "Crime",
    "IMAX": None,
    "(no genres listed)": None,
}


def tmdb_genre_names(movielens_genres: str) -> list[str]:
    """ "Adventure|Children|Sci-Fi" → ["Adventure", "Family", "Science Fiction"]."""
    names = (MOVIELENS_TO_TMDB_GENRE.get(g, g) for g in movielens_genres.split("|"))
    return list(dict.fromkeys(n for n in names if n))


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def read_tmdb(data_dir: Path) -> dict[str, dict]:
    """TMDB 5000 rows by TMDB id (JSON-list columns still as text)."""
    with gzip.open(data_dir / "movies" / "tmdb_5000_movies.csv.gz", "rt", encoding="utf-8", newline="") as f:
        return {row["id"]: row for row in csv.DictReader(f)}


def read_movielens_tags(data_dir: Path, without: Collection[str] = ()) -> dict[str, Counter]:
    """Lower-cased MovieLens tags per movieId, with how many times each was given; none by the users
    in `without` (an evaluation's held-out users: their tags say what they watched)."""
    tags: dict[str, Counter] = defaultdict(Counter)
    for row in read_csv(data_dir / "movielens" / "tags.csv"):
        if row["userId"] not in without:
            tags[row["movieId"]][row["tag"].strip().lower()] += 1
    return tags


def movielens_baskets(data_dir: Path, to_item: dict[str, list[str]], min_rating: float = 4.0) -> list:
    """One basket per MovieLens user: the catalog items (via `to_item`, movieId → ids) rated ≥ min_rating."""
    liked: dict[str, list[str]] = defaultdict(list)
    for row in read_csv(data_dir / "movielens" / "ratings.csv"):
        if float(row["rating"]) >= min_rating:
            liked[row["userId"]] += to_item.get(row["movieId"], [])
    return [(items, 1.0) for items in liked.values() if items]
