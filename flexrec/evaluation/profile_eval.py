"""`flexrec eval profile`: how well the profile step reads taste, scored on ReDial's own labels.

Each dialogue's seeker messages go, in order, through one ProfileUpdater (a fresh profile per
dialogue, as in the chat). The final profile is scored against `initiatorQuestions`, where the
seeker said of every movie in the dialogue whether they liked it (1), disliked it (0) or did not say
(2). Only 0/1 movies are scored, so a profile entry the labels cannot judge neither helps nor costs.
The baseline calls every labelled movie liked: ReDial seekers like most of the movies they talk
about, so a profile step earns its cost on *disliked*. The model name "rules" is the rule reader
alone (no LLM). Precision is 0.0 where nothing was predicted (sklearn's zero_division=0).

A second reading of *liked* is the baseline with the profile's dislikes: every labelled movie is
liked unless the profile reads a dislike of it (`liked_unless_disliked`). It asks whether the
dislikes the profile finds cost the baseline's liked score, which the strict reading cannot: half
of ReDial's liked labels are movies only the recommender named, whose liking comes from the
questionnaire after the chat, not from anything the seeker wrote.

A human reference sits beside the baseline: the recommender answered the same questionnaire about
the seeker's opinions after the chat (`respondentQuestions`), having read every message. Scored
like a profile, those answers say how far the seeker's own labels can be read from the dialogue by
a person; they are a yardstick in the table, never an input to any reader.
"""

from __future__ import annotations

import json
import statistics
import time
from collections import Counter
from contextlib import closing, nullcontext
from pathlib import Path
from sqlite3 import Connection

from tqdm import tqdm

from bot.profile import UserProfile
from flexrec.evaluation import redial_data
from flexrec.evaluation.answer_cache import CachedChatModel, open_answers
from flexrec.evaluation.report import fmt
from flexrec.services import build_pipeline, title_index
from flexrec.settings import Settings
from retrieval.titles import TitleIndex, normalize

CLASSES = ("liked", "disliked")
RULES = "rules"  # pseudo-model: the pipeline without a model, the rule reader alone
HUMAN = "human: the recommender's answers"  # the reference row's name in the table


def chat_model(name: str, settings: Settings, llms: dict | None = None):
    """The named LLM: a preloaded one from `llms`, else loaded now (the caller lets it go after use)."""
    if llms and name in llms:
        return llms[name]
    from bot.llm_loader import load_chat_model

    return load_chat_model(settings.model_copy(update={"llm": name}))


def seeker_messages(dialogue: dict) -> list[tuple[str, str]]:
    """The seeker's non-empty messages in order, `@id` replaced by the movie's name, each with what
    it replies to (`redial_data.replies`)."""
    text = redial_data.readable(dialogue)
    seeker = dialogue["initiatorWorkerId"]
    return redial_data.replies(
        [("seeker" if m["senderWorkerId"] == seeker else "recommender", text(m["text"])) for m in dialogue["messages"]]
    )


def labels(dialogue: dict, questions: str = "initiatorQuestions") -> dict[str, str]:
    """Movie id → "liked" / "disliked" for the movies the seeker labelled 1 / 0 (`questions`: whose
    answers, the seeker's own or the recommender's about the seeker)."""
    answers = dialogue.get(questions) or {}
    return {mid: "liked" if a["liked"] == 1 else "disliked" for mid, a in answers.items() if a.get("liked") in (0, 1)}


def recommender_reading(dialogue: dict) -> dict[str, set[str]]:
    """Class → the movie ids the human recommender said the seeker liked (1) / disliked (0)."""
    said = labels(dialogue, "respondentQuestions")
    return {cls: {mid for mid, label in said.items() if label == cls} for cls in CLASSES}


def predicted(profile: UserProfile, dialogue: dict, titles: TitleIndex) -> dict[str, set[str]]:
    """Class → the movie ids the profile puts there: by catalog lookup, or by the dialogue's own
    spelling (ReDial has same-titled movies; the lookup picks the most popular)."""
    by_title: dict[str, set[str]] = {}
    for mid, name in (dialogue.get("movieMentions") or {}).items():
        if not isinstance(name, str):  # one train dialogue names a movie null: it is no title
            continue
        by_title.setdefault(normalize(redial_data.split_name(name)[0]), set()).add(mid)
    out = {}
    for cls in CLASSES:
        ids = set()
        for title in getattr(profile, cls):
            if hit := titles.lookup(title):
                ids.add(hit[0])
            ids |= by_title.get(normalize(title), set())
        out[cls] = ids
    return out


def tally(truth: dict[str, str], guess: dict[str, set[str]], counts: dict[str, Counter]) -> None:
    """Add one dialogue's true/false positives and misses, per class, over the labelled movies only."""
    for mid, label in truth.items():
        for cls in CLASSES:
            said = mid in guess[cls]
            counts[cls]["tp"] += said and label == cls
            counts[cls]["fp"] += said and label != cls
            counts[cls]["fn"] += not said and label == cls


def scores(c: Counter) -> dict:
    precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4), "n": c["tp"] + c["fn"]}


def raw(counts: dict[str, Counter]) -> dict:
    """The true/false positives and misses per class, so runs over parts of a file add up."""
    return {cls: {k: counts[cls][k] for k in ("tp", "fp", "fn")} for cls in CLASSES}


def liked_unless_disliked(counts: dict[str, Counter]) -> Counter:
    """Liked counts when every labelled movie is liked but those the profile calls disliked: a
    liked movie called disliked is a miss, a disliked one not called so a false positive."""
    liked, disliked = counts["liked"], counts["disliked"]
    n_liked, n_disliked = liked["tp"] + liked["fn"], disliked["tp"] + disliked["fn"]
    return Counter(tp=n_liked - disliked["fp"], fp=n_disliked - disliked["tp"], fn=disliked["fp"])


def reader_scores(counts: dict[str, Counter]) -> dict:
    """A reader's scores, both readings of liked, and the raw counts behind them."""
    return {
        **{cls: scores(counts[cls]) for cls in CLASSES},
        "liked_unless_disliked": scores(liked_unless_disliked(counts)),
        "counts": raw(counts),
    }


def evaluate_model(
    name, dialogues, titles, genres, settings: Settings, llms=None, progress=True, answers: Connection | None = None
) -> dict:
    """One reader's scores; `answers`: the opened file of the model's answers to reuse and extend
    (`answer_cache`), whose reused answers cost no time in `seconds_per_message`."""
    llm = None if name == RULES else chat_model(name, settings, llms)
    if llm is not None and answers is not None:
        llm = CachedChatModel(llm, answers)
    asked = settings.model_copy(update={"llm": name, "llm_profiler": llm is not None})
    parts = build_pipeline(asked, titles, genres, llm=llm)
    reader, updater = parts.reader, parts.profiler
    counts, seconds = {cls: Counter() for cls in CLASSES}, []
    for dialogue in tqdm(dialogues, desc=f"Profiles ({name})", unit="dialogue", disable=not progress):
        profile = UserProfile()
        for context, text in seeker_messages(dialogue):
            start = time.perf_counter()
            reading = reader.read_answer(text[: settings.max_message_chars], context)
            profile = updater.update(profile, reading).profile
            seconds.append(time.perf_counter() - start)
        tally(labels(dialogue), predicted(profile, dialogue, titles), counts)
    calls = updater.stats["llm_usable"] + updater.stats["llm_unusable"]
    reused = llm.hits if isinstance(llm, CachedChatModel) else 0
    return {
        **reader_scores(counts),
        "constrained_share": round(updater.stats["constrained"] / calls, 4) if calls else 0.0,
        "llm_usable_share": round(updater.stats["llm_usable"] / calls, 4) if calls else None,
        "seconds_per_message": round(statistics.mean(seconds), 4) if seconds else 0.0,
        "answers_reused": reused,
    }


def table(metrics: dict) -> str:
    lines = [
        "| model | liked P | liked R | liked F1 | disliked P | disliked R | disliked F1 | constrained | s/message |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    readers = [*metrics["models"].items(), (HUMAN, metrics["human"])]
    on_baseline = [
        (f"{name}, liked unless disliked (upper bound)", {**m, "liked": m["liked_unless_disliked"]})
        for name, m in readers
    ]
    rows = [*readers, *on_baseline, ("baseline: all liked", metrics["baseline"])]
    for name, m in rows:
        cells = [fmt(m[cls][k]) for cls in CLASSES for k in ("precision", "recall", "f1")]
        cells += [fmt(m.get("constrained_share")), fmt(m.get("seconds_per_message"), 4)]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    b = metrics["baseline"]
    lines.append(
        f"\nScored: {b['liked']['n']} liked and {b['disliked']['n']} disliked movies (ReDial labels 1 / 0) "
        f"in {metrics['n_dialogues']} dialogues."
    )
    lines.append(
        "The *liked unless disliked* rows count every labelled movie as liked unless read as disliked: they"
        " know which movies are labelled, so they are an upper bound, no reading of the dialogue."
    )
    if reused := {name: m["answers_reused"] for name, m in metrics["models"].items() if m.get("answers_reused")}:
        said = ", ".join(f"{name} {n}" for name, n in reused.items())
        lines.append(f"Answers reused from --answers, which take no time in s/message: {said}.")
    return "\n".join(lines)


def run(
    data: Path,
    out: Path,
    settings: Settings,
    models: list[str],
    limit: int | None = None,
    progress: bool = True,
    skip: int = 0,
    catalog: Path | None = None,
    llms: dict | None = None,
    answers: Path | None = None,
) -> dict:
    """Score each model's profiles and the baseline on the same dialogues; write metrics.json/.md.
    `catalog`: a FlexRec catalog file instead of the ReDial one built from the shared data;
    `llms`: already loaded models by name; `skip`: start after that many dialogues (a long run in
    parts: each metrics.json keeps its raw counts, which add up); `answers`: the models' answers
    file to reuse and extend (`answer_cache`)."""
    # the answers file opens first: a wrong path fails in a second, not after a model has loaded
    with closing(open_answers(answers)) if answers is not None else nullcontext() as db:
        out.mkdir(parents=True, exist_ok=True)
        titles, genres = title_index(redial_data.catalog_items(data, out, catalog))
        dialogues = redial_data.read_dialogues(data, limit, skip)
        baseline, human = {cls: Counter() for cls in CLASSES}, {cls: Counter() for cls in CLASSES}
        for dialogue in dialogues:
            truth = labels(dialogue)
            tally(truth, {"liked": set(truth), "disliked": set()}, baseline)
            tally(truth, recommender_reading(dialogue), human)
        metrics = {
            "models": {
                name: evaluate_model(name, dialogues, titles, genres, settings, llms, progress, db) for name in models
            },
            "baseline": {**{cls: scores(baseline[cls]) for cls in CLASSES}, "counts": raw(baseline)},
            "human": reader_scores(human),
            "skip": skip,
            "n_dialogues": len(dialogues),
            "n_messages": sum(len(seeker_messages(d)) for d in dialogues),
            "data": str(data),
        }
        (out / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
        (out / "metrics.md").write_text(table(metrics) + "\n", encoding="utf-8")
        return metrics
