"""Issue 28: a taste reader learned from the 3,200 labelled train dialogues, against the rule reader.

Every (dialogue, movie the seeker labelled liked or disliked) pair becomes one row: the rule reader's
reading of the movie (the final profile, through the same path as `flexrec eval profile --model rules`,
and whether any one message read it liked, disliked or seen), what the seeker wrote about it (the
seeker's messages that name it, and the seeker's replies to a recommender run that names it, both as
`flexrec eval profile` pairs messages with what they answer), and a few facts of where it was named.
A logistic regression learns "disliked" from those rows; the rules' liked reading stays, less what the
learned reader calls disliked. The questionnaires are labels only, never features.

Every choice (variant, C, the disliked threshold) is made by 5-fold cross-validation on train, folds
grouped by dialogue; valid is scored once per finished variant, for the report. Scores are
`flexrec eval profile`'s own (`profile_eval.tally` / `scores`) over the same labelled movies.

    .venv/bin/python scripts/experiments/learned_reader.py > docs/experiments/learned-reader.md
"""

from __future__ import annotations

import hashlib
import math
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared" / "data"
TRAIN, VALID = SHARED / "redial" / "train_data.jsonl", SHARED / "redial" / "valid_data.jsonl"
OUT = ROOT / "eval-out" / "learned-reader"
FOLDS = 5
SEED = 0
CS = (0.1, 0.3, 1.0, 3.0)  # inverse regularization strengths tried
FIRST_PART = "train lines 1-500"  # the part earlier rule passes read (docs/evaluation.md): no `_source`
IEVALM = "ievalm_redial_valid_data.jsonl"  # the `_source` of the 646 dialogues with merged messages
MENTION = re.compile(r"@(\d+)")
RULE_FLAGS = ("final liked", "final disliked", "ever liked", "ever disliked", "ever seen")


@dataclass
class Pair:
    """One labelled movie of one dialogue, with everything a reader may use about it."""

    dialogue: int  # index of the dialogue in its split
    movie: str
    label: str  # "liked" | "disliked": the seeker's answer, scored only
    source: str  # which public copy the dialogue came from (train), for the per-part table
    rules: np.ndarray  # RULE_FLAGS as 0/1
    own: str  # the seeker's messages naming it; the movie is "thismovie", others "othermovie"
    reply: str  # the seeker's replies to a recommender run naming it, masked the same way
    meta: np.ndarray  # seeker named it first, log messages naming it, log replies, alone in a run


def log(message: str) -> None:
    """Progress goes to stderr: stdout is the report."""
    print(message, file=sys.stderr, flush=True)


def rule_reader():
    """The reader, profile updater and title index `flexrec eval profile --model rules` builds:
    same catalog (popularity from train mentions), same settings, no model."""
    from flexrec.evaluation import redial_data
    from flexrec.services import build_pipeline, go_offline, title_index
    from flexrec.settings import Settings

    go_offline()
    titles, genres = title_index(redial_data.catalog_items(VALID, OUT))
    settings = Settings().model_copy(update={"llm": "rules", "llm_profiler": False})
    parts = build_pipeline(settings, titles, genres, llm=None)
    return parts.reader, parts.profiler, titles, settings


def turns(dialogue: dict) -> list[tuple[str, set[str]]]:
    """Per seeker message that `profile_eval.seeker_messages` reads: its raw text and the movie ids
    of the recommender run it replies to. Walks the messages as `redial_data.replies` does (a run
    of seeker messages all reply to the recommender's last run), but keeps ids instead of names."""
    from flexrec.evaluation import redial_data

    readable = redial_data.readable(dialogue)
    seeker = dialogue["initiatorWorkerId"]
    out, run, answered = [], set(), False
    for message in dialogue["messages"]:
        if message["senderWorkerId"] != seeker:
            if answered:
                run, answered = set(), False
            run |= set(MENTION.findall(message["text"]))
        elif readable(message["text"]).strip():
            out.append((message["text"], set(run)))
            answered = True
    return out


def masked(text: str, movie: str) -> str:
    """The text with this movie as one word and every other as another, so words about a film
    are learned apart from which film it is."""
    return MENTION.sub(lambda m: " thismovie " if m[1] == movie else " othermovie ", text)


def dialogue_pairs(index: int, dialogue: dict, source: str, reader, updater, titles, settings) -> tuple[list, dict]:
    """The dialogue's labelled pairs, and the rules' final reading (class → ids) for scoring."""
    from bot.profile import UserProfile
    from flexrec.evaluation.profile_eval import labels, predicted, seeker_messages

    profile, ever = UserProfile(), {"liked": set(), "disliked": set(), "seen": set()}
    messages = seeker_messages(dialogue)
    raw = turns(dialogue)
    for (context, text), _ in zip(messages, raw, strict=True):
        reading = reader.read_answer(text[: settings.max_message_chars], context)
        profile = updater.update(profile, reading).profile
        delta = reading.delta
        said = predicted(UserProfile(liked=delta.liked, disliked=delta.disliked), dialogue, titles)
        ever["liked"] |= said["liked"]
        ever["disliked"] |= said["disliked"]
        ever["seen"] |= predicted(UserProfile(liked=delta.seen), dialogue, titles)["liked"]
    final = predicted(profile, dialogue, titles)
    first_by_seeker = first_namers(dialogue)
    pairs = []
    for movie, label in labels(dialogue).items():
        own = [masked(t, movie) for t, _ in raw if movie in MENTION.findall(t)]
        replies = [(masked(t, movie), run) for t, run in raw if movie in run]
        flags = [movie in final["liked"], movie in final["disliked"]]
        flags += [movie in ever[k] for k in ("liked", "disliked", "seen")]
        meta = [
            first_by_seeker.get(movie, False),
            math.log1p(len(own)),
            math.log1p(len(replies)),
            any(len(run) == 1 for _, run in replies),
        ]
        pairs.append(
            Pair(
                dialogue=index,
                movie=movie,
                label=label,
                source=source,
                rules=np.array(flags, dtype=np.float32),
                own=" \n ".join(own),
                reply=" \n ".join(t for t, _ in replies),
                meta=np.array(meta, dtype=np.float32),
            )
        )
    return pairs, final


def first_namers(dialogue: dict) -> dict[str, bool]:
    """Movie id → whether the seeker named it before the recommender did: seekers mostly bring up
    films they like, so who named it first carries taste (seen in the text, not the questionnaire)."""
    seeker, out = dialogue["initiatorWorkerId"], {}
    for message in dialogue["messages"]:
        for movie in MENTION.findall(message["text"]):
            out.setdefault(movie, message["senderWorkerId"] == seeker)
    return out


def clean(dialogue: dict) -> dict:
    """The dialogue without movie names that are not text: one iEvaLM-preprocessed train dialogue
    (line 567) has `"50": null` in `movieMentions`, unlabelled and never named, which
    `redial_data.readable` cannot read."""
    dialogue["movieMentions"] = {k: v for k, v in (dialogue.get("movieMentions") or {}).items() if isinstance(v, str)}
    return dialogue


def read_split(path: Path, parts) -> tuple[list[dict], list[Pair], list[dict]]:
    """All dialogues of a split, their labelled pairs and the rules' final readings."""
    from flexrec.evaluation import redial_data

    dialogues = [clean(d) for d in redial_data.read_dialogues(path)]
    pairs, finals = [], []
    start = time.perf_counter()
    for i, dialogue in enumerate(dialogues):
        source = dialogue.get("_source", FIRST_PART) if path == TRAIN else "valid"
        found, final = dialogue_pairs(i, dialogue, source, *parts)
        pairs += found
        finals.append(final)
    log(f"{path.name}: {len(dialogues)} dialogues read by the rules in {time.perf_counter() - start:.0f} s")
    return dialogues, pairs, finals


def score(pairs: list[Pair], disliked: np.ndarray, finals: list[dict]) -> dict:
    """`flexrec eval profile`'s liked and disliked scores for one reading of the pairs: disliked as
    given; liked, the rules' liked reading less what is called disliked."""
    from flexrec.evaluation.profile_eval import CLASSES, scores, tally

    counts = {cls: Counter() for cls in CLASSES}
    for pair, no in zip(pairs, disliked, strict=True):
        liked = pair.movie in finals[pair.dialogue]["liked"] and not no
        guess = {"liked": {pair.movie} if liked else set(), "disliked": {pair.movie} if no else set()}
        tally({pair.movie: pair.label}, guess, counts)
    return {cls: scores(counts[cls]) for cls in CLASSES}


def best_threshold(p: np.ndarray, y: np.ndarray, forced: np.ndarray) -> float:
    """The cut on P(disliked) with the best disliked F1 over these rows; `forced` rows count as
    disliked whatever their probability (the rules' dislikes, for the union)."""
    base_tp, base_fp = int((forced & y).sum()), int((forced & ~y).sum())
    order = np.argsort(-p[~forced], kind="stable")
    ps, ys = p[~forced][order], y[~forced][order]
    tp = base_tp + np.cumsum(ys)
    fp = base_fp + np.cumsum(~ys)
    f1 = 2 * tp / (tp + fp + y.sum())
    keep = np.r_[ps[1:] < ps[:-1], True]  # only cut between distinct probabilities
    k = int(np.argmax(np.where(keep, f1, -1)))
    no_extra = 2 * base_tp / (base_tp + base_fp + y.sum()) if base_tp else 0.0
    if f1[k] <= no_extra:
        return 1.01
    return float((ps[k] + ps[k + 1]) / 2) if k + 1 < len(ps) else float(ps[k] / 2)


def fold_of(pairs: list[Pair], n_dialogues: int) -> np.ndarray:
    """Each pair's fold: dialogues shuffled once (the train file is ordered by source), then dealt."""
    order = np.random.default_rng(SEED).permutation(n_dialogues)
    fold = np.empty(n_dialogues, dtype=int)
    fold[order] = np.arange(n_dialogues) % FOLDS
    return np.array([fold[p.dialogue] for p in pairs])


@dataclass(frozen=True)
class Variant:
    """Which features a learned reader gets: a few, since each costs minutes of CV on two cores."""

    name: str
    words: bool = True  # TF-IDF word 1-2 grams of the two texts
    chars: bool = False  # TF-IDF character 2-5 grams too: misspellings ("dissapointed")
    minilm: bool = False  # the MiniLM sentence embedding of the two texts
    rules: bool = True  # the rule reader's flags as features


class Featurizer:
    """Turns pairs into one sparse matrix; the vocabularies and scalers are fitted on the rows it is
    trained on only, so a held-out fold's words count nowhere in its own features."""

    def __init__(self, variant: Variant, embed):
        self.variant, self.embed = variant, embed

    def fit_transform(self, pairs: list[Pair]):
        """Fitted on these pairs, then their matrix."""
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.preprocessing import StandardScaler

        self.text = []
        for field in ("own", "reply"):
            if self.variant.words:
                self.text.append((field, TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)))
            if self.variant.chars:
                self.text.append((field, TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=3)))
        for field, vectorizer in self.text:
            vectorizer.fit([getattr(p, field) for p in pairs])
        self.scaler = StandardScaler().fit(self._facts(pairs))
        return self.transform(pairs)

    def transform(self, pairs: list[Pair]):
        """The matrix of any pairs, with what fit_transform learned."""
        from scipy import sparse

        blocks = [v.transform([getattr(p, field) for p in pairs]) for field, v in self.text]
        blocks.append(sparse.csr_matrix(self.scaler.transform(self._facts(pairs))))
        if self.variant.minilm:  # unit vectors like the TF-IDF rows: left unscaled
            blocks += [sparse.csr_matrix(self.embed([getattr(p, field) for p in pairs])) for field in ("own", "reply")]
        return sparse.hstack(blocks).tocsr()

    def _facts(self, pairs: list[Pair]) -> np.ndarray:
        """Where it was named and the rules' flags, standardized together."""
        columns = [np.array([p.meta for p in pairs])]
        if self.variant.rules:
            columns.append(np.array([p.rules for p in pairs]))
        return np.hstack(columns)


def fitted(variant: Variant, train: list[Pair], tests: list[list[Pair]], cs, embed) -> list[dict[float, np.ndarray]]:
    """Per test set, C → P(disliked) from models fitted on `train` (the features built once for all C)."""
    from sklearn.linear_model import LogisticRegression

    featurizer = Featurizer(variant, embed)
    x = featurizer.fit_transform(train)
    y = np.array([p.label == "disliked" for p in train])
    xs = [featurizer.transform(test) for test in tests]
    out = [{} for _ in tests]
    for c in cs:
        model = LogisticRegression(C=c, max_iter=5000, solver="liblinear").fit(x, y)
        for probs, x_test in zip(out, xs, strict=True):
            probs[c] = model.predict_proba(x_test)[:, 1]
    return out


def out_of_fold(variant: Variant, pairs: list[Pair], folds: np.ndarray, cs, embed) -> dict[float, np.ndarray]:
    """C → each train pair's P(disliked) from the model fitted on the other four folds."""
    p = {c: np.zeros(len(pairs)) for c in cs}
    for k in range(FOLDS):
        held = folds == k
        rest = [q for q, h in zip(pairs, held, strict=True) if not h]
        [got] = fitted(variant, rest, [[q for q, h in zip(pairs, held, strict=True) if h]], cs, embed)
        for c in cs:
            p[c][held] = got[c]
    return p


def cv_calls(p: np.ndarray, y: np.ndarray, forced: np.ndarray, folds: np.ndarray) -> np.ndarray:
    """The out-of-fold disliked calls, each fold cut at the threshold the other folds' out-of-fold
    probabilities choose: the threshold is never chosen on the rows it is scored on."""
    calls = np.zeros(len(p), dtype=bool)
    for k in range(FOLDS):
        held = folds == k
        t = best_threshold(p[~held], y[~held], forced[~held])
        calls[held] = forced[held] | (p[held] >= t)
    return calls


class Embedder:
    """MiniLM vectors of the pairs' texts. Every distinct text is embedded once, up front, and the
    matrix cached under eval-out keyed by content: ~20k texts take minutes on two cores."""

    DIM = 384

    def __init__(self, texts: list[str]):
        from flexrec.settings import Settings
        from retrieval.embeddings import load_embeddings

        distinct = sorted(set(texts) - {""})
        path = OUT / f"minilm-{hashlib.sha1(chr(0).join(distinct).encode()).hexdigest()[:16]}.npy"
        if not path.exists():
            log(f"embedding {len(distinct)} texts with MiniLM (cached in {path.name})…")
            start = time.perf_counter()
            model = load_embeddings("all-MiniLM-L6-v2", Settings().models_dir)
            readable = [t.replace("thismovie", "this movie").replace("othermovie", "another movie") for t in distinct]
            np.save(path, np.asarray(model.embed_documents(readable), dtype=np.float32))
            log(f"embedded in {time.perf_counter() - start:.0f} s")
        self.by_text = dict(zip(distinct, np.load(path), strict=True))
        self.empty = np.zeros(self.DIM, dtype=np.float32)

    def __call__(self, texts: list[str]) -> np.ndarray:
        """One row per text, in order."""
        return np.array([self.by_text.get(t, self.empty) for t in texts])


VARIANTS = (
    Variant("words + rules"),
    Variant("words, no rule flags", rules=False),
    Variant("words + characters + rules", chars=True),
    Variant("words + MiniLM + rules", minilm=True),
)


@dataclass
class Row:
    """One reader's disliked calls on both splits and how they were chosen."""

    name: str
    chosen: str  # what train CV chose
    cv: np.ndarray  # out-of-fold disliked calls on the train pairs it was fitted to
    valid: np.ndarray  # disliked calls on valid
    variant: Variant | None = None  # None: the rules
    c: float = 0.0
    union: bool = False  # or-ed with the rules' dislikes


def disliked_flags(pairs: list[Pair]) -> tuple[np.ndarray, np.ndarray]:
    """The labels (disliked or not) and the rules' final dislikes, as boolean arrays."""
    y = np.array([p.label == "disliked" for p in pairs])
    return y, np.array([bool(p.rules[RULE_FLAGS.index("final disliked")]) for p in pairs])


def learned_rows(variant: Variant, train, valid, folds, train_finals, embed, cs=CS, unions=(False, True)) -> list[Row]:
    """The variant alone and or-ed with the rules' dislikes; for each, C (of `cs`) chosen by train
    CV disliked F1, the threshold by the out-of-fold probabilities of all `train`, then one fit on
    all `train`."""
    start = time.perf_counter()
    y, rules_no = disliked_flags(train)
    valid_rules_no = disliked_flags(valid)[1]
    oof = out_of_fold(variant, train, folds, cs, embed)
    plans = []
    for union in unions:
        forced = rules_no if union else np.zeros_like(rules_no)
        calls = {c: cv_calls(oof[c], y, forced, folds) for c in cs}
        c = max(cs, key=lambda c: score(train, calls[c], train_finals)["disliked"]["f1"])
        plans.append((union, c, best_threshold(oof[c], y, forced), calls[c]))
    [on_valid] = fitted(variant, train, [valid], sorted({c for _, c, _, _ in plans}), embed)
    rows = []
    for union, c, t, calls in plans:
        name = f"{variant.name}, or the rules' dislike" if union else variant.name
        valid_calls = (valid_rules_no if union else False) | (on_valid[c] >= t)
        rows.append(Row(name, f"C={c:g}, P(disliked) ≥ {t:.2f}", calls, valid_calls, variant, c, union))
    log(f"{variant.name} on {len(train)} pairs: {time.perf_counter() - start:.0f} s")
    return rows


def ablations(best: Row, train, valid, folds, train_finals, embed) -> list[tuple[str, list[Pair], Row]]:
    """The best row's reader (its variant and C) learned from parts of train, the threshold chosen
    again by CV within the part: is the gain the 6x labels, the merged dialogues, the rules' own part?"""
    parts = {
        f"only {FIRST_PART} (the 500 of the earlier attempt)": lambda p: p.source == FIRST_PART,
        f"all but {FIRST_PART} (those the rules were written on)": lambda p: p.source != FIRST_PART,
        f"all but the 646 merged dialogues ({IEVALM})": lambda p: p.source != IEVALM,
    }
    out = []
    for name, keep in parts.items():
        rows = [i for i, p in enumerate(train) if keep(p)]
        part = [train[i] for i in rows]
        [row] = learned_rows(best.variant, part, valid, folds[rows], train_finals, embed, (best.c,), (best.union,))
        out.append((name, part, row))
    return out


def bootstrap_gain(valid: list[Pair], better: np.ndarray, base: np.ndarray, n: int = 2000) -> tuple[float, float]:
    """The 2.5th and 97.5th percentiles of valid disliked F1 (better − base) over dialogues resampled
    with replacement: 210 disliked movies leave much room for chance."""
    y = np.array([p.label == "disliked" for p in valid])
    dialogue = np.array([p.dialogue for p in valid])
    size = dialogue.max() + 1

    def per_dialogue(calls: np.ndarray) -> np.ndarray:
        return np.array([np.bincount(dialogue, w, size) for w in (calls & y, calls & ~y, ~calls & y)])

    a, b = per_dialogue(better), per_dialogue(base)
    draws = np.random.default_rng(SEED).integers(0, size, (n, size))
    gains = []
    for draw in draws:
        (tp, fp, fn), (tp0, fp0, fn0) = a[:, draw].sum(1), b[:, draw].sum(1)
        gains.append(2 * tp / (2 * tp + fp + fn) - 2 * tp0 / (2 * tp0 + fp0 + fn0))
    return float(np.percentile(gains, 2.5)), float(np.percentile(gains, 97.5))


def cells(s: dict) -> list[str]:
    """Liked F1, and disliked F1 with its precision and recall."""
    d = s["disliked"]
    return [f"{s['liked']['f1']:.3f}", f"**{d['f1']:.3f}** ({d['precision']:.2f} / {d['recall']:.2f})"]


def subset(pairs: list[Pair], calls: np.ndarray, keep) -> tuple[list[Pair], np.ndarray]:
    """The pairs for which keep(pair) is true, with their calls."""
    rows = [i for i, p in enumerate(pairs) if keep(p)]
    return [pairs[i] for i in rows], calls[rows]


def count_line(name: str, pairs: list[Pair], n_dialogues: int) -> str:
    """How many labelled liked and disliked pairs a split has."""
    n = Counter(p.label for p in pairs)
    return f"{name}: {n_dialogues} dialogues, {n['liked']} liked and {n['disliked']} disliked labelled pairs"


def report(rows: list[Row], train, valid, finals, counts: list[str], best: Row, parts_learned) -> None:
    """The markdown document: counts, what chose what, the main table, the gain's interval, the
    per-part table and the best reader learned from parts of train."""
    train_finals, valid_finals = finals
    print("# A reader learned from 3,200 labelled dialogues (issue 28)\n")
    print(
        "Output of `.venv/bin/python scripts/experiments/learned_reader.py > docs/experiments/learned-reader.md`. "
        "Scored as `flexrec eval profile` scores (per class F1 summed over the split, labelled 0/1 movies only). "
        "The rules row is the rule reader's final profile, through the same path as `flexrec eval profile "
        "--model rules` (checked: the same counts). A learned row calls a movie disliked by its own logistic "
        "regression on the features in the script's docstring; its liked reading is the rules' liked less what "
        "it calls disliked.\n"
    )
    print("\n".join(f"- {line}" for line in counts) + "\n")
    print(
        "Choices, all on **train only**: per variant, C (of " + ", ".join(f"{c:g}" for c in CS) + ") by 5-fold "
        "CV disliked F1 (folds grouped by dialogue, shuffled once), the P(disliked) threshold by the best disliked "
        "F1 over all train out-of-fold probabilities, then one fit on all train; the best row by train CV "
        "disliked F1. The *train CV* columns are out-of-fold calls, each fold cut at the threshold the other four "
        "folds chose (C and the best row were chosen by this same figure, so theirs is a little optimistic). "
        "**Valid** was scored once per finished row and chose nothing.\n"
    )
    print(
        "| reader | chosen on train CV | train CV liked F1 | train CV disliked F1 (P / R) | valid liked F1 "
        "| valid disliked F1 (P / R) |"
    )
    print("|---|---|---|---|---|---|")
    for row in rows:
        mark = " (best on train CV)" if row is best else ""
        got = cells(score(train, row.cv, train_finals)) + cells(score(valid, row.valid, valid_finals))
        print(f"| {row.name}{mark} | {row.chosen} | " + " | ".join(got) + " |")
    gain = (
        score(valid, best.valid, valid_finals)["disliked"]["f1"]
        - score(valid, rows[0].valid, valid_finals)["disliked"]["f1"]
    )
    low, high = bootstrap_gain(valid, best.valid, rows[0].valid)
    print(
        f"\nValid disliked F1, best row against the rules: {gain:+.3f}; over 2,000 resamples of the valid "
        f"dialogues (with replacement) the gain lies between {low:+.3f} and {high:+.3f} (95%).\n"
    )
    part_table(rows[0], best, train, valid, finals)
    print(f"\nThe best row's reader ({best.name}, C={best.c:g}) learned from parts of train only, the threshold")
    print("chosen again by CV within the part:\n")
    print("| learned from | disliked pairs | train CV disliked F1 (on those) | valid disliked F1 (P / R) |")
    print("|---|---|---|---|")
    learned = [("all of train", train, best), *parts_learned]
    for name, part, row in learned:
        n = sum(p.label == "disliked" for p in part)
        cv, on_valid = score(part, row.cv, train_finals)["disliked"], cells(score(valid, row.valid, valid_finals))
        print(f"| {name} | {n} | {cv['f1']:.3f} | {on_valid[1]} |")


def part_table(rules: Row, best: Row, train, valid, finals) -> None:
    """Disliked F1 of the rules and the best row on each public copy the train file was joined from."""
    train_finals, valid_finals = finals
    parts = sorted({p.source for p in train}, key=lambda s: (s != FIRST_PART, s))
    print("Disliked F1 by part of the train file (out-of-fold, as above) and on valid; n = disliked pairs:\n")
    print(f"| part | n | rules | {best.name} |")
    print("|---|---|---|---|")
    for part in [*parts, "valid"]:
        pairs, split_finals = (valid, valid_finals) if part == "valid" else (train, train_finals)
        cols = []
        for row in (rules, best):
            some, calls = subset(pairs, row.valid if part == "valid" else row.cv, lambda p, part=part: p.source == part)
            cols.append(f"{score(some, calls, split_finals)['disliked']['f1']:.3f}")
        n = sum(p.label == "disliked" for p in pairs if p.source == part)
        print(f"| {part} | {n} | " + " | ".join(cols) + " |")


def check_rules(dialogues: list[dict], pairs: list[Pair], finals: list[dict]) -> dict:
    """The rules' scores tallied per dialogue as `profile_eval.evaluate_model` does; the rules row,
    scored per pair, must equal them, or the two would not be the same measure."""
    from flexrec.evaluation.profile_eval import CLASSES, labels, scores, tally

    counts = {cls: Counter() for cls in CLASSES}
    for dialogue, final in zip(dialogues, finals, strict=True):
        tally(labels(dialogue), final, counts)
    expected = {cls: scores(counts[cls]) for cls in CLASSES}
    assert score(pairs, disliked_flags(pairs)[1], finals) == expected, "the rules row differs from the eval's"
    return expected


def main() -> None:
    start = time.perf_counter()
    OUT.mkdir(parents=True, exist_ok=True)
    parts = rule_reader()
    train_dialogues, train, train_finals = read_split(TRAIN, parts)
    valid_dialogues, valid, valid_finals = read_split(VALID, parts)
    for dialogues, pairs, finals in ((train_dialogues, train, train_finals), (valid_dialogues, valid, valid_finals)):
        check_rules(dialogues, pairs, finals)
    folds = fold_of(train, len(train_dialogues))
    embed = Embedder([t for p in train + valid for t in (p.own, p.reply)])
    rows = [
        Row("rules (`flexrec eval profile --model rules`)", "nothing", *(disliked_flags(s)[1] for s in (train, valid)))
    ]
    for variant in VARIANTS:
        rows += learned_rows(variant, train, valid, folds, train_finals, embed)
    best = max(rows[1:], key=lambda r: score(train, r.cv, train_finals)["disliked"]["f1"])
    parts_learned = ablations(best, train, valid, folds, train_finals, embed)
    counts = [count_line("train", train, len(train_dialogues)), count_line("valid", valid, len(valid_dialogues))]
    report(rows, train, valid, (train_finals, valid_finals), counts, best, parts_learned)
    log(f"done in {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
