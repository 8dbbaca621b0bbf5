"""Benchmark the retrieval + ranking part of a chat turn on the bundled catalog; print a table.

Issue 4's budget: under 300 ms on a 2-core CPU. Each case is a profile and a message as a turn
would see them (liked titles, dislikes, constraints, already-shown items); the timing covers
embedding the query text, both Chroma collections, the id lookups and the scoring, with the default
ranker (the weighted blend) and with the trees (FLEXREC_RANKER=trees). The baseline, measured in the
same run, is one plain Chroma query for the same message's embedding (what a text-only retriever
would cost).

    .venv/bin/python bench/ranking.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

CASES = [
    ({}, "something fun for tonight"),
    ({"liked": ["The Matrix", "Inception"]}, "more like these please"),
    ({"liked": ["Toy Story"], "disliked": ["Titanic"]}, "a film for the whole family"),
    ({"liked": ["Heat"], "exclude_genres": ["Horror"]}, "a tense crime story, no horror"),
    ({"liked": ["Alien", "Aliens", "The Thing"], "year_min": 1980, "year_max": 1999}, "80s or 90s sci-fi"),
    ({"liked": ["Amélie"], "genres": ["Romance"]}, "something romantic and gentle"),
]


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--rounds", type=int, default=5)
    args = p.parse_args()

    from bot.profile import Constraints, UserProfile
    from bot.query import search_query
    from flexrec.services import build_pipeline, go_offline, open_catalog
    from flexrec.settings import Settings

    go_offline()
    settings = Settings(data_dir=Path(tempfile.mkdtemp(prefix="flexrec-bench-")))
    store, titles, genres = open_catalog(settings, progress=False)
    parts = build_pipeline(settings, titles, genres, store)
    reader, retriever = parts.reader, parts.retriever
    other = "trees" if settings.ranker == "blend" else "blend"
    second = build_pipeline(settings.model_copy(update={"ranker": other}), titles, genres, store).retriever
    profiles = []
    for spec, message in CASES:
        constraints = {k: spec[k] for k in ("genres", "exclude_genres", "year_min", "year_max") if k in spec}
        liked = spec.get("liked", [])
        reading = reader.read(message)
        shown = [h.id for h in retriever.search(search_query(UserProfile(liked=liked), reading), 4)]  # already shown
        profile = UserProfile(
            liked=liked, disliked=spec.get("disliked", []), constraints=Constraints(**constraints), recommended=shown
        )
        profiles.append((profile, reading))

    pipeline, seconds, baseline = [], [], []
    for _ in range(args.rounds):
        for profile, reading in profiles:
            for searcher, times in ((retriever, pipeline), (second, seconds)):
                store._query_cache.clear()  # every turn embeds its text afresh
                t = time.perf_counter()
                searcher.search(search_query(profile, reading), settings.top_k)
                times.append(time.perf_counter() - t)
            store._query_cache.clear()
            t = time.perf_counter()
            store.query(store.embed_query(reading.message), settings.top_k, None)
            baseline.append(time.perf_counter() - t)

    def row(name: str, values: list[float], base: list[float] | None = None) -> str:
        med, p95 = statistics.median(values) * 1000, sorted(values)[int(0.95 * (len(values) - 1))] * 1000
        ratio = f"{statistics.median(values) / statistics.median(base):.2f}x" if base else ""
        return f"| {name:<44} | {med:>8.1f} | {p95:>8.1f} | {ratio:>11} |"

    print(
        f"\nFlexRec retrieval benchmark · {platform.processor() or platform.machine()} · "
        f"{store.count()} items, {store.collab.count()} with collaborative vectors · "
        f"{len(pipeline)} searches, k={settings.top_k}\n"
    )
    print(f"| {'measure':<44} | {'ms (med)':>8} | {'ms (p95)':>8} | {'vs baseline':>11} |")
    print(f"|{'-' * 46}|{'-' * 10}|{'-' * 10}|{'-' * 13}|")
    print(row(f"retrieval + ranking (Retriever.search, {settings.ranker})", pipeline, baseline))
    print(row(f"retrieval + ranking, FLEXREC_RANKER={other}", seconds, baseline))
    print(row("baseline: embed message + one Chroma query", baseline))


if __name__ == "__main__":
    main()
