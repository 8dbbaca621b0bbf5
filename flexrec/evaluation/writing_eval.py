"""`flexrec eval writing`: does the reply writer stay grounded, per LLM, on fixed ReDial contexts.

Contexts are built once, without any LLM, and are identical for every model. Per dialogue of
`--data` (file order): its first recommender turn that names a movie after the seeker has written
something. The profile is the rule reader's reading of the seeker's messages so far; the message is
the seeker's last one; the hits are the movies the human recommender named from that turn on that
were not mentioned before it, filled up to top_k with the most popular other catalog movies that
share a genre with those (else the most popular). Each hit is taken to be closest to the last title
the seeker liked, which the code's opener then cites, as it cites the retriever's closest liked
title in the product; the opener's wording changes from context to context as from turn to turn.
Real suggestions rather than the retriever's: no Chroma or embeddings are needed, and the hits fit
the person, as the retriever's do in the product.

Measured per model: how often the raw text named something outside the hits and the person's own
titles (the grounding filter dropped a sentence), whether anything outside survives in the final
reply (checked independently with TitleIndex.find: must be 0), how often the final reply names a
hit, how often no model sentence naming a hit survived (the code's fallback sentence was used),
how often the model's own sentences name a hit beyond the one the code's opener names (what listing
more hits in the prompt buys: `Settings.reply_prompt_items`), how often any words of the model's own
survive beyond the code's opener (a model that only closes the opener adds nothing), and wall
seconds per reply. Every reply goes to replies.jsonl for reading.
"""

from __future__ import annotations

import json
import re
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from bot.profile import UserProfile
from bot.writer import said_liked
from flexrec.errors import ModelError
from flexrec.evaluation import redial_data
from flexrec.evaluation.profile_eval import RULES, chat_model
from flexrec.evaluation.redial import last_seeker_text
from flexrec.evaluation.report import fmt
from flexrec.services import Pipeline, build_pipeline, title_index
from flexrec.settings import Settings
from retrieval.retriever import Hit
from retrieval.titles import TitleIndex, normalize

_YEAR = re.compile(r"\((?:19|20)\d\d\)")
_WORD = re.compile(r"[\w'’-]+")
KEYS = (
    "hallucination_rate_before",
    "hallucination_rate_after",
    "grounded_reply_share",
    "fallback_share",
    "beyond_opener_share",
    "own_words_share",
)


@dataclass(frozen=True)
class Context:
    dialogue_id: str
    profile: UserProfile
    message: str
    hits: list[Hit]


def build_contexts(dialogues: list[dict], items, rules: Pipeline, n: int, k: int):
    """Up to `n` contexts, one per dialogue, in file order (see the module docstring); `rules`: the
    pipeline without a model, whose profile step reads the seeker's messages."""
    by_id = {i.id: i for i in items}
    popular = sorted(items, key=lambda i: (-i.popularity, i.id))
    out: list[Context] = []
    for dialogue in dialogues:
        turns = redial_data.samples(dialogue)
        start = next((j for j, s in enumerate(turns) if last_seeker_text(s)), None)
        if start is None:
            continue
        sample, before = turns[start], turns[start].mentioned_before
        ids = [i for i in dict.fromkeys(s.target for s in turns[start:]) if i in by_id and i not in before][:k]
        near = {g for i in ids for g in by_id[i].genres}
        fill = [i for i in popular if i.id not in before and i.id not in ids]
        ids += [i.id for i in sorted(fill, key=lambda i: not near & set(i.genres))][: k - len(ids)]  # stable sort
        profile = UserProfile()
        for role, text in sample.context:
            if role == "seeker" and text.strip():
                profile = rules.profiler.update(profile, rules.reader.read(text)).profile
        # the product's retriever names the liked title each hit is closest to, and the opener cites
        # it; here the last one the seeker liked stands in, so both kinds of opener are written
        because = profile.liked[-1] if profile.liked else None
        hits = [Hit(i, 0.0, by_id[i], why="", because=because) for i in ids]
        profile = profile.model_copy(update={"turns": len(out)})  # the opener's wording turns as in a chat
        out.append(Context(sample.dialogue_id, profile, last_seeker_text(sample), hits))
        if len(out) >= n:
            break
    return out


def outside_titles(titles: TitleIndex, text: str, hits: list[Hit], cited: list[str]) -> list[str]:
    """Catalog titles `text` names that are neither hits nor the person's own titles. The allowed
    titles are blanked out first: a hit such as "Percy Jackson & the Olympians: The Lightning Thief"
    contains other catalog titles ("Percy Jackson", "Thief") without naming them."""
    ids = {h.id for h in hits}
    names = [h.item.title for h in hits] + list(cited)
    allowed = {normalize(n) for n in names}
    for name in sorted(names, key=len, reverse=True):
        text = re.sub(re.escape(name), " ", text, flags=re.IGNORECASE)
    return [m.title for m in titles.find(text) if m.item_id not in ids and normalize(m.title) not in allowed]


def beyond_opener(named: list[Hit], hits: list[Hit]) -> bool:
    """Whether the kept sentences name a hit other than the top one, which the opener names."""
    return any(h.id != hits[0].id for h in named)


def own_words(kept: list[str], opener: str) -> bool:
    """Whether the kept sentences say more than the code's opener (and its full stop)."""
    said = _YEAR.sub("", " ".join(kept))  # "I would start with Heat (1995)." adds only a year
    return len(_WORD.findall(said)) > len(_WORD.findall(opener))


def evaluate_model(name: str, writer, contexts: list[Context], titles: TitleIndex, progress=True):
    """(metrics, replies) of one model's writer over the contexts."""
    counts, seconds, replies = dict.fromkeys(KEYS, 0), [], []
    for c in tqdm(contexts, desc=f"Replies ({name})", unit="reply", disable=not progress):
        guard = writer.guard(c.profile, c.hits, c.message)
        start = time.perf_counter()
        reply = "".join(writer.stream(c.profile, c.message, c.hits, guard))
        seconds.append(time.perf_counter() - start)
        outside = outside_titles(titles, reply, c.hits, c.profile.liked + c.profile.disliked)
        named = {normalize(m.title) for m in titles.find(reply)}  # not substrings: a hit "It" is in every reply
        counts["hallucination_rate_before"] += bool(guard.dropped)
        counts["hallucination_rate_after"] += bool(outside)
        counts["grounded_reply_share"] += any(normalize(h.item.title) in named for h in c.hits)
        own = guard.named(c.hits)  # the kept sentences: the opener, what the model wrote after it
        counts["fallback_share"] += not own
        counts["beyond_opener_share"] += beyond_opener(own, c.hits)
        opener = writer.opener(c.hits[0], c.profile.turns, said_liked(c.profile))
        counts["own_words_share"] += own_words(guard.kept, opener)
        replies.append(
            {
                "model": name,
                "dialogue_id": c.dialogue_id,
                "message": c.message,
                "liked": c.profile.liked,
                "disliked": c.profile.disliked,
                "hits": [h.item.label() for h in c.hits],
                "reply": reply,
                "dropped": guard.dropped,
                "named_by_model": [h.item.label() for h in own],
                "outside_after": outside,
            }
        )
    n = len(contexts)
    metrics = {key: round(count / n, 4) if n else 0.0 for key, count in counts.items()}
    metrics["seconds_per_reply"] = round(statistics.mean(seconds), 4) if seconds else 0.0
    return {**metrics, "n": n}, replies


def table(metrics: dict) -> str:
    lines = [
        "| model | n | outside titles before filter | outside titles after filter | names a hit | fallback used "
        "| names a hit beyond the opener's | model's own words kept | s/reply |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, m in metrics["models"].items():
        cells = [str(m["n"]), *(fmt(m[k]) for k in KEYS), fmt(m["seconds_per_reply"], 2)]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def run(
    data: Path,
    out: Path,
    settings: Settings,
    models: list[str],
    contexts: int = 50,
    progress: bool = True,
    catalog: Path | None = None,
    llms: dict | None = None,
) -> dict:
    """Write replies for the same contexts with each model; metrics.json, metrics.md, replies.jsonl.
    `catalog`: a FlexRec catalog file instead of the ReDial one built from the shared data;
    `llms`: already loaded models by name."""
    if RULES in models:
        raise ModelError("the writing evaluation needs an LLM: 'rules' only reads profiles")
    out.mkdir(parents=True, exist_ok=True)
    items = redial_data.catalog_items(data, out, catalog)
    titles, genres = title_index(items)
    rules = build_pipeline(settings, titles, genres)
    fixed = build_contexts(redial_data.read_dialogues(data), items, rules, contexts, settings.top_k)
    results, replies = {}, []
    for name in models:  # one model in memory at a time
        writer = build_pipeline(settings, titles, genres, llm=chat_model(name, settings, llms)).writer
        results[name], written = evaluate_model(name, writer, fixed, titles, progress)
        replies += written
    metrics = {"models": results, "n_contexts": len(fixed), "data": str(data)}
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    (out / "metrics.md").write_text(table(metrics) + "\n", encoding="utf-8")
    with open(out / "replies.jsonl", "w", encoding="utf-8") as f:
        f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in replies)
    return metrics
