"""ReDial dialogues as evaluation samples, and the ReDial movie list as a FlexRec catalog.

Protocol (the one published numbers use): every recommender message that mentions a movie makes
each mentioned movie a target; the input is the dialogue before that message with `@id` replaced by
the movie's name. A target already mentioned earlier in the dialogue is a *repeat*; the dedup
variant skips repeats and never ranks movies already mentioned.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from flexrec.evaluation.sources import read_csv, read_movielens_tags, read_tmdb, tmdb_genre_names

if TYPE_CHECKING:
    from retrieval.catalog import Item

DIALOGUE_WEIGHT = 5.0  # a ReDial dialogue's basket counts as 5 MovieLens users (chosen on valid: docs/measured.md)

MENTION = re.compile(r"@(\d+)")
YEAR = re.compile(r"\s*\((\d{4})\)\s*$")
REPLY_CONTEXT_CHARS = 500  # of the recommender's messages a reply answers: their titles are near the end


@dataclass
class Sample:
    dialogue_id: str
    context: list[tuple[str, str]]  # (role "seeker" | "recommender", text with names)
    target: str
    mentioned_before: set[str] = field(default_factory=set)
    recommended_before: list[str] = field(default_factory=list)  # what the recommender named so far

    @property
    def is_repeat(self) -> bool:
        return self.target in self.mentioned_before


def read_dialogues(path: str | Path, limit: int | None = None, skip: int = 0) -> list[dict]:
    """The dialogues in file order: `limit` of them after the first `skip` (for runs in parts)."""
    with open(path, encoding="utf-8") as f:
        rows = (line for line in f if line.strip())
        return [json.loads(line) for line in islice(rows, skip, None if limit is None else skip + limit)]


def split_name(name: str) -> tuple[str, int | None]:
    """ "Bridesmaids  (2011)" → ("Bridesmaids", 2011)."""
    m = YEAR.search(name)
    title = name[: m.start()] if m else name
    return " ".join(title.split()), int(m.group(1)) if m else None


def readable(dialogue: dict) -> Callable[[str], str]:
    """A function turning this dialogue's `@id` into the movie's name without its year."""
    # one train dialogue names a movie with no name (null): it reads as "a movie", like an unknown id
    names = {k: split_name(v)[0] for k, v in dialogue.get("movieMentions", {}).items() if v}
    return lambda text: MENTION.sub(lambda m: names.get(m.group(1), "a movie"), text)


def replies(turns: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The seeker's non-empty messages in order, each with what it replies to: the end of the
    recommender's last run of messages, as the chat passes the profile step the titles it just
    showed. Seekers often answer in several messages in a row ("Oh, I forgot that one." / "It's not
    really funny"): each of them replies to the same run. `turns`: (role, text) in order."""
    out, other, answered = [], [], False
    for role, text in turns:
        said = text.strip()
        if role != "seeker":
            if answered:
                other, answered = [], False
            other.append(said)
        elif said:
            out.append((" ".join(o for o in other if o)[-REPLY_CONTEXT_CHARS:], said))
            answered = True
    return out


def samples(dialogue: dict) -> list[Sample]:
    readable_text = readable(dialogue)
    out, context, mentioned, recommended = [], [], set(), []
    recommender = dialogue["respondentWorkerId"]
    for message in dialogue["messages"]:
        ids = list(dict.fromkeys(MENTION.findall(message["text"])))
        role = "recommender" if message["senderWorkerId"] == recommender else "seeker"
        if role == "recommender" and ids:
            for target in ids:
                out.append(
                    Sample(str(dialogue["conversationId"]), list(context), target, set(mentioned), list(recommended))
                )
        context.append((role, readable_text(message["text"])))
        if role == "recommender":
            recommended += [i for i in ids if i not in mentioned]
        mentioned.update(ids)
    return out


def mention_counts(dialogues: list[dict]) -> Counter[str]:
    """In how many dialogues each movie is mentioned: the popularity baseline's only signal."""
    return Counter(movie for d in dialogues for movie in d.get("movieMentions", {}))


def baskets(dialogues: list[dict], weight: float) -> list[tuple[list[str], float]]:
    """The movies of each dialogue, one basket per dialogue, for the collaborative vectors."""
    return [(list(d["movieMentions"]), weight) for d in dialogues if d.get("movieMentions")]


def build_catalog(data_dir: Path, popularity: Counter[str], out: Path) -> int:
    """Write all ReDial movies as a FlexRec catalog (JSONL) with the best text the join finds."""
    tmdb = read_tmdb(data_dir)
    ml_genres = {
        row["movieId"]: tmdb_genre_names(row["genres"]) for row in read_csv(data_dir / "movielens" / "movies.csv")
    }
    ml_tags = read_movielens_tags(data_dir)
    rows = []
    for row in read_csv(data_dir / "movies" / "redial_to_catalog.csv"):
        title, year = split_name(row["movieName"])
        item = {"id": row["redial_movieId"], "title": title or row["movieName"].strip(), "year": year}
        genres, keywords, overview = [], [], ""
        if t := tmdb.get(row["tmdb_id"]):
            genres = [g["name"] for g in json.loads(t["genres"] or "[]")]
            keywords = [k["name"] for k in json.loads(t["keywords"] or "[]")][:12]
            overview = t["overview"].strip()
        if ml := row["movielens_movieId"]:
            genres = genres or ml_genres.get(ml, [])
            keywords += [tag for tag, _ in ml_tags.get(ml, Counter()).most_common(8) if tag not in keywords]
        item.update(
            genres=genres,
            keywords=keywords,
            overview=overview[:5000],
            popularity=popularity.get(row["redial_movieId"], 0),
        )
        rows.append(item)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        for item in rows:
            f.write(json.dumps(item, ensure_ascii=False) + "\n")
    return len(rows)


def catalog_items(data: Path, out: Path, catalog: Path | None = None) -> list[Item]:
    """The items of `catalog`, or else the ReDial catalog built into `out` from the shared data beside
    `data` (../shared/data/redial/valid_data.jsonl → ../shared/data), popularity from train mentions.
    No Chroma: the profile and writing evaluations need titles and item facts, not vectors."""
    from retrieval.catalog import read_catalog

    if catalog is None:
        shared = data.parent.parent
        catalog = out / "redial_catalog.jsonl"
        build_catalog(shared, mention_counts(read_dialogues(shared / "redial" / "train_data.jsonl")), catalog)
    return read_catalog(catalog)
