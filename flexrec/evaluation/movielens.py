"""`flexrec eval movielens`: simulated users from MovieLens ml-latest-small.

A user with at least 20 ratings of 4 or more "says" five of their liked titles in one natural
message (`--cold-start`: only one or two); the rest of their liked movies are held out.
Popularity, item-kNN (the `implicit` library's cosine item-item model) and FlexRec's pipeline
rank the MovieLens catalog; Hit@10 and NDCG@10 are reported. Users are split into folds: the
baselines and the pipeline's collaborative vectors learn only from the other folds' users, and the
items' keywords (MovieLens tags) come only from theirs, so no held-out rating or tag is ever seen.

With `--cold-start`, two more rows measure issue 5's starting profile: the pipeline with the
profile `Starter` proposes from the message (the LLM's topics and genres), and with the genres a
person would tick (the two most common among their stated movies).
"""

from __future__ import annotations

import json
import math
import random
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Collection
from pathlib import Path

import numpy as np
from tqdm import tqdm

from bot.profile import UserProfile
from bot.query import search_query
from flexrec.evaluation.sources import read_csv, read_movielens_tags, read_tmdb
from flexrec.settings import Settings

K = 10
STATED = 5
MIN_LIKED = 20
FOLDS = 5
TEMPLATES = [
    "I loved {}. What should I watch next?",
    "My favourite movies are {}.",
    "Some films I really enjoyed: {}. Any suggestions?",
    "I'm a big fan of {}, recommend me something similar.",
]
_TITLE = re.compile(r"^(.*?)((?: \([^)]*\))*?)(?: \((\d{4})\))?\s*$")  # title, alternates, year
_ARTICLE = re.compile(r"^(.*), (The|A|An|Les|La|Le|L'|Il|El|Das|Der|Die)$")


def readable_title(raw: str) -> tuple[str, int | None]:
    """ "Matrix, The (1999)" → ("The Matrix", 1999); "X (a.k.a. Y) (1994)" → ("X", 1994)."""
    m = _TITLE.match(raw.strip())
    title, year = (m.group(1), m.group(3)) if m else (raw, None)  # alternate titles are dropped
    if a := _ARTICLE.match(title):
        title = f"{a.group(2)} {a.group(1)}".replace("' ", "'")
    return title.strip(), int(year) if year else None


def join_titles(titles: list[str]) -> str:
    return ", ".join(titles[:-1]) + " and " + titles[-1]


def most_rated(data_dir: Path, n: int) -> set[str]:
    """The `n` movies with the most ratings: a smaller catalog that still holds what people watch."""
    counts = Counter(r["movieId"] for r in read_csv(data_dir / "movielens" / "ratings.csv"))
    return {m for m, _ in counts.most_common(n)}


def build_catalog(
    data_dir: Path, out: Path, keep: set[str] | None = None, held_out: Collection[str] = ()
) -> dict[str, str]:
    """MovieLens movies (those in `keep`, if given) as a FlexRec catalog (tags as keywords, none by
    the `held_out` users; TMDB overview where linked)."""
    tmdb = read_tmdb(data_dir)
    links = {r["movieId"]: r["tmdbId"] for r in read_csv(data_dir / "movielens" / "links.csv")}
    tags = read_movielens_tags(data_dir, without=held_out)
    titles = {}
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        for r in read_csv(data_dir / "movielens" / "movies.csv"):
            if keep is not None and r["movieId"] not in keep:
                continue
            title, year = readable_title(r["title"])
            t = tmdb.get(links.get(r["movieId"], ""))
            item = {
                "id": r["movieId"],
                "title": title or r["title"],
                "year": year,
                "genres": [g for g in r["genres"].split("|") if g != "(no genres listed)"],
                "keywords": [k for k, _ in tags[r["movieId"]].most_common(8)],
                "overview": t["overview"].strip()[:5000] if t else "",
            }
            titles[r["movieId"]] = item["title"]
            f.write(json.dumps(item, ensure_ascii=False) + "\n")
    return titles


def load_liked(data_dir: Path) -> dict[str, list[str]]:
    """Per user, movies rated 4 or more, oldest rating first."""
    rows = defaultdict(list)
    for r in read_csv(data_dir / "movielens" / "ratings.csv"):
        if float(r["rating"]) >= 4.0:
            rows[r["userId"]].append((int(r["timestamp"]), r["movieId"]))
    return {u: [m for _, m in sorted(v)] for u, v in rows.items()}


def hit_and_ndcg(ranking: list[str], held_out: set[str], k: int = K) -> tuple[float, float]:
    gains = [1.0 if item in held_out else 0.0 for item in ranking[:k]]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, len(held_out))))
    return float(any(gains)), dcg / ideal if ideal else 0.0


class ItemKNN:
    """Cosine item-item neighbours from the `implicit` library, fit on training users only."""

    def __init__(self, liked: dict[str, list[str]], items: list[str]):
        from implicit.nearest_neighbours import CosineRecommender
        from scipy.sparse import csr_matrix

        self.index = {m: i for i, m in enumerate(items)}
        self.items = items
        users = list(liked)
        rows, cols = [], []
        for u, movies in enumerate(liked.values()):
            for m in movies:
                if m in self.index:
                    rows.append(u)
                    cols.append(self.index[m])
        matrix = csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(users), len(items))
        ).tocsr()
        self.model = CosineRecommender(K=50, num_threads=1)
        self.model.fit(matrix, show_progress=False)
        self._csr = csr_matrix

    def rank(self, stated: list[str], n: int) -> list[str]:
        cols = [self.index[m] for m in stated if m in self.index]
        row = self._csr(
            (np.ones(len(cols), dtype=np.float32), ([0] * len(cols), cols)), shape=(1, len(self.items))
        ).tocsr()
        ids, _ = self.model.recommend(0, row, N=n + len(cols), filter_already_liked_items=True, recalculate_user=True)
        # implicit pads with filtered items when too few have a score: drop them here
        return [self.items[i] for i in ids if i not in cols][:n]


def picked_genres(stated: list[str], genres_by_id: dict[str, list[str]], n: int = 2) -> list[str]:
    """The genres a person would tick for these movies: the most common among them."""
    counts = Counter(g for m in stated for g in genres_by_id.get(m, []))
    return [g for g, _ in counts.most_common(n)]


def _ids(retriever, profile: UserProfile, reading) -> list[str]:
    """The pipeline's top K for this profile and message."""
    return [h.id for h in retriever.search(search_query(profile, reading), K)]


def run(
    shared: Path,
    out: Path,
    settings: Settings,
    limit: int | None = None,
    progress: bool = True,
    seed: int = 7,
    docs: Path | None = None,
    cold_start: bool = False,
    catalog_limit: int | None = None,
) -> dict:
    """`catalog_limit`: only the N most-rated movies (and each user's likes among them), for quick
    runs: embedding the whole catalog takes minutes."""
    from flexrec.services import build_pipeline, catalog_index, open_catalog
    from retrieval.collab import learn_vectors
    from retrieval.ingest import ingest_file

    catalog_file = out / "movielens_catalog.jsonl"
    keep = most_rated(shared, catalog_limit) if catalog_limit else None
    titles_by_id = build_catalog(shared, catalog_file, keep)  # for the titles; each fold writes its own below
    all_liked = {u: [m for m in ms if m in titles_by_id] for u, ms in load_liked(shared).items()}
    liked = {u: m for u, m in all_liked.items() if len(m) >= MIN_LIKED}
    users = sorted(liked, key=int)
    rng = random.Random(seed)
    rng.shuffle(users)
    if limit:
        users = users[:limit]
    folds = [users[i::FOLDS] for i in range(FOLDS)]

    collection = f"movielens-eval-top{catalog_limit}" if catalog_limit else "movielens-eval"  # never mixed
    store, _, _ = open_catalog(settings.model_copy(update={"collection": collection}), ingest=False)

    def ingest_without(fold: list[str], progress: bool = False) -> None:
        """The catalog with no tag by this fold's users; only items whose text changed are embedded
        again, and nothing of an earlier run or fold survives (`exact`)."""
        build_catalog(shared, catalog_file, keep, held_out=set(fold))
        ingest_file(store, catalog_file, progress=progress, exact=True)

    ingest_without(folds[0], progress)
    titles, genres = catalog_index(store)
    rules = build_pipeline(settings.model_copy(update={"llm_profiler": False}), titles, genres, store)
    reader, updater, retriever = rules.reader, rules.profiler, rules.retriever
    starter = None
    if cold_start:
        from bot.llm_loader import load_chat_model
        from bot.models import use_llm_profiler
        from bot.profile import ProfileDelta, merge

        llm = load_chat_model(settings, progress=progress) if use_llm_profiler(settings) else None
        starter = build_pipeline(settings, titles, genres, llm=llm).starter
        genres_by_id = {i.id: i.genres for i in store.all_items()}

    items = list(titles_by_id)
    methods = ["popularity", "item-knn", "pipeline"]
    methods += ["pipeline + starting profile", "pipeline + picked genres"] if cold_start else []
    scores: dict[str, list[tuple[float, float]]] = {m: [] for m in methods}
    bar = tqdm(total=len(users), desc="Users", unit="user", disable=not progress)
    for fold in folds:
        test = set(fold)
        ingest_without(fold)
        train = {u: m for u, m in all_liked.items() if u not in test}
        popular = [m for m, _ in Counter(m for ms in train.values() for m in ms).most_common()]
        knn = ItemKNN(train, items)
        # the pipeline's collaborative vectors, relearned from this fold's training users only
        store.collab.replace(learn_vectors((movies, 1.0) for movies in train.values()))
        for user in fold:
            stated = rng.sample(liked[user], rng.choice([1, 2]) if cold_start else STATED)
            held_out = set(liked[user]) - set(stated)
            names = [titles_by_id[m] for m in stated]
            message = rng.choice(TEMPLATES).format(join_titles(names) if len(names) > 1 else names[0])
            reading = reader.read(message)
            profile = updater.update(UserProfile(), reading).profile
            rankings = {
                "popularity": [m for m in popular if m not in stated][:K],
                "item-knn": knn.rank(stated, K),
                "pipeline": _ids(retriever, profile, reading),
            }
            if starter is not None:
                ticked = merge(profile, ProfileDelta(genres=picked_genres(stated, genres_by_id)))
                rankings["pipeline + starting profile"] = _ids(retriever, starter.propose(message), reading)
                rankings["pipeline + picked genres"] = _ids(retriever, ticked, reading)
            for name, ranking in rankings.items():
                scores[name].append(hit_and_ndcg(ranking, held_out))
            bar.update(1)
    bar.close()
    results = {
        name: {
            "hit@10": round(statistics.mean(h for h, _ in s), 4),
            "ndcg@10": round(statistics.mean(n for _, n in s), 4),
        }
        for name, s in scores.items()
    }
    stated = "1-2" if cold_start else STATED
    metrics = {"n_users": len(users), "stated_likes": stated, "catalog_size": store.count(), "methods": results}
    if cold_start:
        metrics["model"] = settings.llm
        metrics["starter_model"] = settings.llm if starter.llm is not None else "none (the line's words)"
    write_reports(metrics, out, docs)
    return metrics


def write_reports(metrics: dict, out: Path, docs: Path | None = None) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    table = "\n".join(
        ["| method | Hit@10 | NDCG@10 |", "|---|---|---|"]
        + [f"| {n} | {m['hit@10']:.3f} | {m['ndcg@10']:.3f} |" for n, m in metrics["methods"].items()]
    )
    (out / "metrics.md").write_text(table + "\n", encoding="utf-8")
    if docs is not None:
        docs.parent.mkdir(parents=True, exist_ok=True)
        cold = "starter_model" in metrics
        flags = f"--cold-start --model {metrics['model']} --limit {metrics['n_users']} " if cold else ""
        starter = (
            f"The starting profile comes from: {metrics['starter_model']}. Picked genres are the two most common "
            "among the stated movies.\n\n"
            if cold
            else ""
        )
        docs.write_text(
            f"# Evaluation on MovieLens{' (cold start)' if cold else ''}\n\n_Generated by `flexrec eval movielens "
            f"{flags}--docs {docs}`; do not edit by hand._\n\n{metrics['n_users']} simulated users of ml-latest-small, "
            f"each stating {metrics['stated_likes']} liked titles in one message; the rest of their movies rated "
            f"4 or more are held out. Catalog: {metrics['catalog_size']} MovieLens movies. The baselines and "
            "the pipeline's collaborative vectors learn from the other user folds only, and the items' keywords "
            "hold only those folds' MovieLens tags.\n\n" + starter + table + "\n",
            encoding="utf-8",
        )
