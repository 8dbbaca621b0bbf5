"""`TasteModel`: a dislike reader learned from ReDial's labelled dialogues, beside the rules.

The rules find a dislike where a message says one in words they know ("hated it", "not my
thing"); seekers say many more ("Titanic was ok I guess, a bit overrated", "i watched it but it
wasn't for me"). A logistic regression over the message's words about each title it touches (the
title masked, so the words are learned, not the film), the message's MiniLM vector, and the rules'
own reading of the title calls some of those disliked. It
only adds dislikes: a title the rules read as liked or seen that it calls disliked moves to
`disliked`, nothing it calls liked is taken from `disliked`.

Fitted by `scripts/fit_taste_reader.py` on ReDial train only (its choices by cross-validation on
train; docs/experiments/taste-reader.md); shipped as `data/taste.json`: each text field's
vocabulary and idf (turned back into scikit-learn vectorizers here), the weights, and the cut.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.profile import ProfileDelta
from retrieval.titles import TitleIndex, normalize

SHIPPED = Path(__file__).resolve().parent / "data" / "taste.json"
ENCODER = "all-MiniLM-L6-v2"  # the sentence encoder the shipped model was fitted with
# The texts: the message where it names the title, or where it answers cards (or a recommender's run)
# holding it. (The text it answers, as a third, scored lower on train CV: docs/experiments/taste-reader.md.)
FIELDS = ("own", "reply")
TEXT = {"ngram_range": (1, 2), "sublinear_tf": True}  # the vectorizers' settings, fitted and shipped alike
FLAGS = ("liked", "disliked", "seen", "named", "titles", "shown", "alone", "asks")
# Titles judged in one message at most, in order: each costs a sentence vector (~15 ms on two cores), and a
# message listing more is a list, not an opinion of each (ReDial seekers' messages name fewer).
MAX_TITLES = 12


@dataclass(frozen=True)
class Example:
    """One title a message touches, as the model sees it."""

    title: str  # the catalog title
    texts: tuple[str, ...]  # per FIELDS ("" where it does not apply), this title as "thismovie", others "othermovie"
    flags: tuple[float, ...]  # FLAGS, in order


def _masked(text: str, key: str, matches) -> str:
    """`text` in lower case with the title `key` as "thismovie" and every other title as "othermovie",
    so the words about a film are learned, not the film."""
    out, end = [], 0
    for m in matches:
        out += [text[end : m.start], " thismovie " if normalize(m.title) == key else " othermovie "]
        end = m.end
    out.append(text[end:])
    return "".join(out).lower()


def examples(
    message: str, delta: ProfileDelta, named: Sequence[str], shown: Sequence[str], titles: TitleIndex
) -> list[Example]:
    """The titles `message` touches (those it names, the `shown` ones it answers, and any its
    reading `delta` judges), each with its features; one title once."""
    matches = titles.find(message, fuzzy=True)
    keys = {cls: {normalize(t) for t in getattr(delta, cls)} for cls in ("liked", "disliked", "seen")}
    touched = list(dict.fromkeys([*named, *shown, *delta.liked, *delta.disliked, *delta.seen]))[:MAX_TITLES]
    named_keys = {normalize(t) for t in named}
    out = []
    for title in touched:
        key = normalize(title)
        said = _masked(message, key, matches)
        texts = (said, "") if key in named_keys else ("", said)
        flags = (
            key in keys["liked"],
            key in keys["disliked"],
            key in keys["seen"],
            key in named_keys,
            math.log1p(len(named)),
            math.log1p(len(shown)),
            len(touched) == 1,
            "?" in message,
        )
        out.append(Example(title, texts, tuple(float(f) for f in flags)))
    return out


OVERRULE = 0.5  # P(disliked) it takes to turn a like the rules read into a dislike: more likely than not


def called(found: Sequence[Example], p: np.ndarray, cut: float) -> list[str]:
    """The titles called disliked: P at or above `cut`, and for a title the rules read as liked
    ("I loved The Matrix, but no horror please"), more likely disliked than not. Telling someone
    "Noted: no more The Matrix" after they said they loved it costs more than a dislike missed."""
    liked = FLAGS.index("liked")
    return [e.title for e, q in zip(found, p, strict=True) if q >= (max(cut, OVERRULE) if e.flags[liked] else cut)]


def disliking(delta: ProfileDelta, titles: Sequence[str]) -> ProfileDelta:
    """`delta` with `titles` in `disliked` and out of `liked` and `seen`."""
    if not titles:
        return delta
    gone = {normalize(t) for t in titles}
    return delta.model_copy(
        update={
            "disliked": list(dict.fromkeys([*delta.disliked, *titles])),
            "liked": [t for t in delta.liked if normalize(t) not in gone],
            "seen": [t for t in delta.seen if normalize(t) not in gone],
        }
    )


def sentence(example: Example) -> str:
    """The example's text as a sentence encoder reads it: "this movie", not "thismovie"."""
    text = next((t for t in example.texts if t), "")
    return text.replace("thismovie", "this movie").replace("othermovie", "another movie").strip()


class TasteModel:
    """P(disliked) for each `Example`, and the cut above which a title is called disliked."""

    def __init__(self, vectorizers: dict, weights: dict[str, np.ndarray], intercept: float, threshold: float, embed):
        """`vectorizers`: field → a fitted TfidfVectorizer; `weights`: field → its coefficients,
        "flags" → those of FLAGS (on the raw flags: any scaling is folded in), and "sense" → those of
        the text's sentence vector, which `embed` (texts → ENCODER's unit vectors) gives."""
        self.vectorizers, self.weights, self.intercept, self.threshold = vectorizers, weights, intercept, threshold
        self.embed = embed

    def probabilities(self, found: Sequence[Example]) -> np.ndarray:
        """P(disliked) per example, in order."""
        from scipy.special import expit  # not at import: scipy takes a tenth of a second to load

        if not found:
            return np.zeros(0)
        score = np.full(len(found), self.intercept) + np.array([e.flags for e in found]) @ self.weights["flags"]
        for i, field in enumerate(FIELDS):
            score += self.vectorizers[field].transform([e.texts[i] for e in found]) @ self.weights[field]
        score += np.asarray(self.embed([sentence(e) for e in found])) @ self.weights["sense"]
        return expit(score)

    def apply(self, delta: ProfileDelta, found: Sequence[Example]) -> ProfileDelta:
        """`delta` with the titles the model calls disliked moved to `disliked`."""
        return disliking(delta, called(found, self.probabilities(found), self.threshold))

    def save(self, path: Path, about: dict) -> None:
        """As JSON: the vocabularies and idf, the weights, the cut, and `about` (how it was fitted)."""
        data = {"about": about, "threshold": self.threshold, "intercept": self.intercept, "flags": FLAGS}
        data["weights"] = {k: [round(float(w), 6) for w in v] for k, v in self.weights.items()}
        for field in FIELDS:
            v = self.vectorizers[field]
            terms = sorted(v.vocabulary_, key=v.vocabulary_.get)
            data[field] = {"terms": terms, "idf": [round(float(i), 6) for i in v.idf_]}
        path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")

    @classmethod
    def load(cls, embed, path: Path = SHIPPED) -> TasteModel:
        """The model saved at `path` (default: the shipped one); `embed`: as for __init__."""
        from sklearn.feature_extraction.text import TfidfVectorizer

        data = json.loads(path.read_text())
        if tuple(data["flags"]) != FLAGS:
            raise ValueError(f"{path} was fitted on other flags: {data['flags']}")
        vectorizers = {}
        for field in FIELDS:
            terms = data[field]["terms"]
            v = TfidfVectorizer(vocabulary={t: i for i, t in enumerate(terms)}, **TEXT)
            v.idf_ = np.array(data[field]["idf"])
            vectorizers[field] = v
        weights = {k: np.array(v) for k, v in data["weights"].items()}
        return cls(vectorizers, weights, float(data["intercept"]), float(data["threshold"]), embed)
