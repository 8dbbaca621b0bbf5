"""Derive FlexRec's bundled catalog from the TMDB 5000 file in ../shared/data.

Run once by a maintainer (the product never reads ../shared at run time):
    .venv/bin/python scripts/build_catalog.py ../shared/data/movies/tmdb_5000_movies.csv.gz retrieval/data/movies.jsonl
Keeps only the fields FlexRec's catalog schema defines, drops rows without a title, year,
genre or overview, and orders rows by TMDB id so the output is reproducible. Then embeds the
catalog once with the default model and writes movies.all-MiniLM-L6-v2.npz beside it, so a first
start ingests in seconds instead of minutes (a vector whose text changed is simply recomputed).
"""

import csv
import gzip
import json
import sys


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


if __name__ == "__main__":
    print(convert(sys.argv[1], sys.argv[2]), "movies written")
    write_vectors(sys.argv[2])
