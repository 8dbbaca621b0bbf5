"""Derive FlexRec's bundled catalog from the TMDB 5000 file in ../shared/data.

Run once by a maintainer (the product never reads ../shared at run time):
    .venv/bin/python scripts/build_catalog.py ../shared/data/movies/tmdb_5000_movies.csv.gz \
        retrieval/data/movies.jsonl [--no-movielens] [--catalog-only | --collab-only]
Keeps only the fields FlexRec's catalog schema defines, drops rows without a title, year,
genre or overview, and orders rows by TMDB id so the output is reproducible. The facts (original
language, production countries, runtime, rating and votes) are written where TMDB knows them, and
the original title where it is not the title; its "cn" (Cantonese, no ISO 639-1 code of its own)
becomes "zh"; its "xx" (no language), a runtime of 0 and the 0.0 rating of a film nobody rated are
left out. With --catalog-only it stops here: a change that leaves every item's embedded text
(`Item.document()`) as it was needs neither of the vector files rebuilt. Otherwise it then embeds the
catalog once with the default model and writes movies.all-MiniLM-L6-v2.npz beside it, so a first
start ingests in seconds instead of minutes (a vector whose text changed is simply recomputed).
Last, learns the collaborative vectors (retrieval/collab.py) from the ReDial dialogues (train and
valid, CC BY 4.0) and the MovieLens ratings (research licence: no commercial use; pass
--no-movielens to leave them out) and writes movies.collab.npz beside the catalog. With --collab-only
it does only that, from the catalog already written (for new dialogues, not a new catalog).
"""

import csv
import gzip
import json
import sys
from pathlib import Path

LANGUAGES = {"cn": "zh", "xx": None}  # TMDB's own codes: Cantonese, no language


def _facts(row: dict) -> dict:
    """The optional catalog fields TMDB knows for one of its rows; an unknown one is left out."""
    language = LANGUAGES.get(row["original_language"], row["original_language"])
    countries = [c["iso_3166_1"] for c in json.loads(row["production_countries"] or "[]")]
    runtime = round(float(row["runtime"] or 0))
    votes = round(float(row["vote_count"] or 0))
    original = " ".join(row["original_title"].split())
    facts = {
        "language": language or None,
        "countries": list(dict.fromkeys(countries)) or None,
        "runtime": runtime or None,
        "rating": float(row["vote_average"]) if votes else None,  # TMDB's 0.0 average of no votes
        "votes": votes,
        "original_title": original if original.casefold() != row["title"].strip().casefold() else None,
    }
    return {k: v for k, v in facts.items() if v is not None}


def convert(src: str, dst: str) -> int:
    with gzip.open(src, "rt", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    out = []
    for row in rows:
        genres = [g["name"] for g in json.loads(row["genres"] or "[]")]
        keywords = [k["name"] for k in json.loads(row["keywords"] or "[]")][:12]
        title, overview, date = row["title"].strip(), row["overview"].strip(), row["release_date"]
        if not (title and overview and genres and date[:4].isdigit()):
            continue
        out.append(
            {
                "id": f"tmdb-{row['id']}",
                "title": title,
                "year": int(date[:4]),
                "genres": genres,
                "keywords": keywords,
                "overview": overview,
                "popularity": round(float(row["vote_count"] or 0)),
                **_facts(row),
            }
        )
    out.sort(key=lambda r: int(r["id"].split("-")[1]))
    with open(dst, "w", encoding="utf-8") as f:
        for r in out:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return len(out)


def write_vectors(catalog: str, model_name: str = "all-MiniLM-L6-v2") -> None:
    from retrieval.catalog import read_catalog
    from retrieval.embeddings import load_embeddings
    from retrieval.ingest import save_vectors, vectors_path

    items = read_catalog(catalog)
    vectors = load_embeddings(model_name).embed_documents([i.document() for i in items])
    save_vectors(vectors_path(catalog, model_name), items, vectors)


def write_collab(catalog: str, shared: Path, movielens: bool = True) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from flexrec.evaluation.redial_data import DIALOGUE_WEIGHT, baskets, read_dialogues
    from flexrec.evaluation.sources import movielens_baskets, read_csv
    from retrieval.catalog import read_catalog
    from retrieval.collab import collab_path, learn_vectors, save_vectors

    ids = {i.id for i in read_catalog(catalog)}
    from_redial = {
        r["redial_movieId"]: f"tmdb-{r['tmdb_id']}"
        for r in read_csv(shared / "movies" / "redial_to_catalog.csv")
        if r["tmdb_id"]
    }
    dialogues = [
        d for name in ("train_data.jsonl", "valid_data.jsonl") for d in read_dialogues(shared / "redial" / name)
    ]
    found = [
        ([from_redial[m] for m in items if m in from_redial], w) for items, w in baskets(dialogues, DIALOGUE_WEIGHT)
    ]
    if movielens:
        to_tmdb = {
            r["movieId"]: [f"tmdb-{r['tmdbId']}"] for r in read_csv(shared / "movielens" / "links.csv") if r["tmdbId"]
        }
        found += movielens_baskets(shared, to_tmdb)
    vectors = learn_vectors([([i for i in items if i in ids], w) for items, w in found])
    save_vectors(collab_path(catalog), vectors)
    return len(vectors)


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if "--collab-only" not in sys.argv:
        print(convert(args[0], args[1]), "movies written")
        if "--catalog-only" in sys.argv:
            sys.exit(0)
        write_vectors(args[1])
    shared = Path(args[0]).resolve().parent.parent
    print(write_collab(args[1], shared, movielens="--no-movielens" not in sys.argv), "collaborative vectors written")
