"""Fit the learned dislike reader (`bot/reading/taste.py`) on ReDial train and ship it (issue 28).

Every seeker message of the train file is read by the rule reader exactly as the chat reads it
(`Reader.read_answer`, no model, no learned reader); each title it touches becomes a row
(`taste.examples`), labelled with the seeker's own questionnaire answer about that movie (rows of
movies the seeker did not label 0/1 are not fitted on, but are called in the replay, as in the chat).

Every choice is made on **train only**, by 5-fold cross-validation with folds grouped by dialogue:
C (the inverse regularization) and the cut on P(disliked) are those whose out-of-fold calls give the
best disliked F1 of the *final profiles*, each train dialogue replayed message by message through
`merge` as the chat does, scored as `flexrec eval profile` scores. Then one fit on all of train is
saved to `bot/reading/data/taste.json`. Valid is not read here: `flexrec eval profile --data
valid_data.jsonl --model rules` measures the shipped reader once, for the report.

    .venv/bin/python scripts/fit_taste_reader.py > docs/experiments/taste-reader.md
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TRAIN = ROOT.parent / "shared" / "data" / "redial" / "train_data.jsonl"
OUT = ROOT / "eval-out" / "taste-reader"
FOLDS, SEED = 5, 0
CS = (0.3, 1.0, 3.0)
# the commit, and whether the code that reads and fits differs from it (docs may)
GIT = (("rev-parse", "--short", "HEAD"), ("status", "--porcelain", "--", "bot", "retrieval", "flexrec", "scripts"))
CUTS = np.round(np.arange(0.10, 0.70, 0.03), 2)


@dataclass
class Dialogue:
    """One train dialogue as the fit needs it: each message's rules delta and examples, the labels."""

    deltas: list  # ProfileDelta per seeker message
    examples: list[list]  # taste.Example per message
    truth: dict[str, str]  # movie id → "liked" / "disliked"
    ids: list[list[set[str]]]  # per message, per example: the movie ids the title stands for here
    raw: dict  # the dialogue, for `predicted`


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def read_train():
    """The train dialogues read by the rules, and the title index used to read them."""
    from bot.profile import UserProfile
    from flexrec.evaluation import redial_data
    from flexrec.evaluation.profile_eval import labels, predicted, seeker_messages
    from flexrec.services import build_pipeline, go_offline, title_index
    from flexrec.settings import Settings

    go_offline()
    titles, genres = title_index(redial_data.catalog_items(TRAIN, OUT))
    settings = Settings().model_copy(update={"llm": "rules", "llm_profiler": False, "taste_reader": False})
    reader = build_pipeline(settings, titles, genres, llm=None).reader
    out, start = [], time.perf_counter()
    for raw in redial_data.read_dialogues(TRAIN):
        raw["movieMentions"] = {k: v for k, v in (raw.get("movieMentions") or {}).items() if isinstance(v, str)}
        d = Dialogue([], [], labels(raw), [], raw)
        for context, text in seeker_messages(raw):
            reading = reader.read_answer(text[: settings.max_message_chars], context)
            found = reader.taste_examples(reading)
            d.deltas.append(reading.delta)
            d.examples.append(found)
            d.ids.append([predicted(UserProfile(liked=[e.title]), raw, titles)["liked"] for e in found])
        out.append(d)
    log(f"{len(out)} train dialogues read by the rules in {time.perf_counter() - start:.0f} s")
    return out, titles


def label_of(ids: set[str], truth: dict[str, str]) -> str | None:
    """The seeker's label of the movie a title stands for, if it has one."""
    said = {truth[i] for i in ids if i in truth}
    return "disliked" if "disliked" in said else ("liked" if said else None)


class Embedder:
    """MiniLM vectors of the examples' sentences, all embedded once up front and cached under
    eval-out by content (tens of thousands of texts take minutes on two cores)."""

    def __init__(self, dialogues):
        from bot.reading.taste import ENCODER, sentence
        from flexrec.settings import Settings
        from retrieval.embeddings import load_embeddings

        texts = sorted({sentence(e) for d in dialogues for found in d.examples for e in found} - {""})
        path = OUT / f"minilm-{hashlib.sha1(chr(0).join(texts).encode()).hexdigest()[:16]}.npy"
        if not path.exists():
            log(f"embedding {len(texts)} texts with MiniLM…")
            model = load_embeddings(ENCODER, Settings().models_dir)
            np.save(path, np.asarray(model.embed_documents(texts), dtype=np.float32))
        self.by_text = dict(zip(texts, np.load(path), strict=True))

    def __call__(self, texts: list[str]) -> np.ndarray:
        return np.array([self.by_text.get(t, np.zeros(384, dtype=np.float32)) for t in texts])


def fit(rows, c: float, embed):
    """A TasteModel fitted on `rows` (examples with labels), threshold unset."""
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    from bot.reading.taste import FIELDS, TEXT, TasteModel, sentence

    vectorizers, blocks = {}, []
    for i, field in enumerate(FIELDS):
        v = TfidfVectorizer(min_df=2, **TEXT).fit([e.texts[i] for e, _ in rows if e.texts[i]])
        vectorizers[field] = v
        blocks.append(v.transform([e.texts[i] for e, _ in rows]))
    flags = np.array([e.flags for e, _ in rows])
    scaler = StandardScaler().fit(flags)
    blocks.append(sparse.csr_matrix(scaler.transform(flags)))
    blocks.append(sparse.csr_matrix(embed([sentence(e) for e, _ in rows])))  # unit vectors: left unscaled
    y = np.array([label == "disliked" for _, label in rows])
    model = LogisticRegression(C=c, max_iter=5000, solver="liblinear").fit(sparse.hstack(blocks).tocsr(), y)
    w = model.coef_[0]
    sizes = [len(vectorizers[f].vocabulary_) for f in FIELDS] + [flags.shape[1]]
    *texts, scaled, sense = np.split(w, np.cumsum(sizes))
    weights = {**dict(zip(FIELDS, texts, strict=True)), "flags": scaled / scaler.scale_, "sense": sense}
    intercept = float(model.intercept_[0] - (scaled * scaler.mean_ / scaler.scale_).sum())
    return TasteModel(vectorizers, weights, intercept, threshold=1.0, embed=embed)


def rows_of(dialogues: list[Dialogue]):
    """(example, label) for every labelled example of these dialogues."""
    out = []
    for d in dialogues:
        for found, ids in zip(d.examples, d.ids, strict=True):
            out += [(e, lab) for e, i in zip(found, ids, strict=True) if (lab := label_of(i, d.truth))]
    return out


def replay(d: Dialogue, probs: list[np.ndarray], cut: float, titles) -> dict[str, set[str]]:
    """The dialogue's final profile (as movie ids per class) when titles at P ≥ cut are disliked."""
    from bot.profile import ProfileDelta, UserProfile, merge
    from bot.profiler import combine
    from bot.reading.taste import called, disliking
    from flexrec.evaluation.profile_eval import predicted

    profile = UserProfile()
    for delta, found, p in zip(d.deltas, d.examples, probs, strict=True):
        delta = disliking(delta, called(found, p, cut))  # as the chat calls them (taste.TasteModel.apply)
        profile = merge(profile, combine(ProfileDelta(), delta))
    return predicted(profile, d.raw, titles)


def scored(dialogues, probs, cut, titles) -> dict:
    """`flexrec eval profile`'s scores of the replayed final profiles."""
    from flexrec.evaluation.profile_eval import CLASSES, scores, tally

    counts = {cls: Counter() for cls in CLASSES}
    for d, p in zip(dialogues, probs, strict=True):
        tally(d.truth, replay(d, p, cut, titles), counts)
    return {cls: scores(counts[cls]) for cls in CLASSES}


def main() -> None:
    from bot.reading.taste import ENCODER, SHIPPED

    start = time.perf_counter()
    OUT.mkdir(parents=True, exist_ok=True)
    dialogues, titles = read_train()
    embed = Embedder(dialogues)
    fold = np.random.default_rng(SEED).permutation(len(dialogues)) % FOLDS
    oof = {c: [None] * len(dialogues) for c in CS}  # C → per dialogue, per message, P per example
    for k in range(FOLDS):
        rest = rows_of([d for d, f in zip(dialogues, fold, strict=True) if f != k])
        for c in CS:
            model = fit(rest, c, embed)
            for i in np.flatnonzero(fold == k):
                oof[c][i] = [model.probabilities(found) for found in dialogues[i].examples]
        log(f"fold {k + 1}/{FOLDS} fitted ({time.perf_counter() - start:.0f} s)")
    rules = scored(dialogues, [[np.zeros(len(f)) for f in d.examples] for d in dialogues], 2.0, titles)
    grid = {}
    for c in CS:
        for cut in CUTS:
            grid[c, cut] = scored(dialogues, oof[c], cut, titles)
        log(f"C={c:g} replayed ({time.perf_counter() - start:.0f} s)")
    c, cut = max(grid, key=lambda key: grid[key]["disliked"]["f1"])
    rows = rows_of(dialogues)
    model = fit(rows, c, embed)
    model.threshold = float(cut)
    git = [subprocess.run(["git", *a], capture_output=True, text=True, cwd=ROOT).stdout.strip() for a in GIT]
    about = {
        "fitted_on": TRAIN.name,
        "train_sha256": hashlib.sha256(TRAIN.read_bytes()).hexdigest(),
        "dialogues": len(dialogues),
        "rows": len(rows),
        "disliked_rows": sum(lab == "disliked" for _, lab in rows),
        "C": c,
        "encoder": ENCODER,
        "chosen_by": f"{FOLDS}-fold CV on train, grouped by dialogue: best replayed disliked F1",
        "commit": git[0] + (" with uncommitted changes" if git[1] else ""),
    }
    SHIPPED.parent.mkdir(exist_ok=True)
    model.save(SHIPPED, about)
    report(dialogues, rows, rules, grid, (c, cut), SHIPPED)
    log(f"done in {time.perf_counter() - start:.0f} s")


def report(dialogues, rows, rules, grid, chosen, path) -> None:
    """The markdown document: the counts, the choice and the CV table."""
    n = Counter(lab for _, lab in rows)
    print("# A learned dislike reader, fitted on ReDial train (issue 28)\n")
    print(
        "Output of `.venv/bin/python scripts/fit_taste_reader.py > docs/experiments/taste-reader.md`, which also "
        f"writes `{path.relative_to(ROOT)}` (the shipped reader). {len(dialogues)} train dialogues; {len(rows)} "
        f"labelled rows (a title a seeker message touches), {n['disliked']} of them disliked.\n"
    )
    print(
        "Chosen on **train only**: C and the cut on P(disliked) with the best disliked F1 of the final profiles, "
        "each dialogue replayed message by message with out-of-fold calls (5 folds grouped by dialogue). The "
        "figures below are those same out-of-fold replays, so the chosen row's is a little optimistic. Valid "
        "is not read here; `flexrec eval profile` on valid is in the README and `docs/eval-runs/issue-28/`.\n"
    )
    print("| reader (train, out of fold) | liked F1 | disliked F1 (P / R) |")
    print("|---|---|---|")
    d = rules["disliked"]
    print(f"| rules alone | {rules['liked']['f1']:.3f} | {d['f1']:.3f} ({d['precision']:.2f} / {d['recall']:.2f}) |")
    for c in CS:
        best = max((key for key in grid if key[0] == c), key=lambda key: grid[key]["disliked"]["f1"])
        s = grid[best]
        mark = " **(chosen)**" if best == chosen else ""
        d = s["disliked"]
        print(
            f"| rules + learned, C={c:g}, P ≥ {best[1]:.2f}{mark} | {s['liked']['f1']:.3f} | "
            f"{d['f1']:.3f} ({d['precision']:.2f} / {d['recall']:.2f}) |"
        )


if __name__ == "__main__":
    main()
