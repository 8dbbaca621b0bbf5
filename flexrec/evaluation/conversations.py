"""`flexrec eval conversations`: scripted multi-turn chats, every turn checked against catalog facts.

Each conversation (tests/data/conversations.jsonl) is a person's messages in order, each with the
properties its answer must have (`expect`), beside its `id` and `who` (one sentence on who the person
is; the evaluation does not read it, the sets' form test asks for it). A message goes through the whole chat
(`Recommender.chat`), one session per conversation, over a private profile store. The properties
are judged on facts, never on the model's text: the new cards' catalog records (genres, year,
keywords, original language, runtime) and the stored profile after the turn (liked, disliked,
seen); the reply's text is read only for `reply_mentions` (a catalog title it must name). Intent
is the Turn's own label (`expect` may list several where either is right: a closing "thanks" is a
goodbye or small talk). Per conversation, always: no card is shown twice ("no_repeats").

`seen` asks that the profile know the person watched a title. The profile keeps each title in one
list (`seen` is "watched, no opinion given"), so a title in liked or disliked holds it too: "seen
Zombieland, boring" is seen and disliked. Whether the opinion was read right is `liked`,
`disliked` and `not_liked`'s to judge.

One check is one property on one turn (or, for no_repeats, one conversation), held or not. A card
property on a turn that showed no cards is skipped, not counted: whether cards belonged there is
`new_cards`' to judge. A card fact the catalog lacks (a year, a runtime, a language of None) does
not hold. Also reported: the reply sentences the grounding filter removed (Turn.dropped).
"""

from __future__ import annotations

import json
import logging
import re
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import get_args

from tqdm import tqdm

from bot.reading.intents import Intent
from flexrec.errors import InputError
from flexrec.evaluation.report import fmt
from flexrec.settings import Settings
from retrieval.titles import normalize

log = logging.getLogger(__name__)

INTENTS = get_args(Intent)
CARD_KEYS = (  # properties of every new card; skipped on a turn without cards
    "genres_required",
    "genres_excluded",
    "language",
    "year_min",
    "year_max",
    "runtime_min",
    "runtime_max",
    "keywords_excluded",
    "not_recommended",
)
PROFILE_KEYS = ("liked", "disliked", "seen", "not_liked")
EXPECT_KEYS = ("intent", "new_cards", *CARD_KEYS, *PROFILE_KEYS, "reply_mentions")
PROPERTIES = (*EXPECT_KEYS, "no_repeats")
TITLE_KEYS = (*PROFILE_KEYS, "not_recommended", "reply_mentions")  # values that are catalog titles
EXAMPLES = 10  # different removed sentences shown in metrics.md


def read_conversations(path: Path, limit: int | None = None) -> list[dict]:
    """The conversations in file order; an unknown `expect` key or intent is an InputError (a typo
    would otherwise check nothing, silently)."""
    if not Path(path).is_file():
        raise InputError(f"no conversations file at {path}")
    out = []
    with open(path, encoding="utf-8") as f:
        for line_no, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                conversation = json.loads(line)
                turns = conversation["turns"]
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise InputError(f"{path}:{line_no}: not a conversation ({exc})") from None
            if not isinstance(conversation.get("id"), str) or not isinstance(turns, list):
                raise InputError(f"{path}:{line_no}: a conversation needs an `id` and a list of `turns`")
            for turn in turns:
                expect = turn.get("expect", {})
                if unknown := set(expect) - set(EXPECT_KEYS):
                    raise InputError(f"{path}:{line_no}: unknown expect key(s) {', '.join(sorted(unknown))}")
                if "intent" in expect and not set(intents_of(expect["intent"])) <= set(INTENTS):
                    raise InputError(f"{path}:{line_no}: unknown intent {expect['intent']!r}")
                if not isinstance(turn.get("say"), str) or not turn["say"].strip():
                    raise InputError(f"{path}:{line_no}: a turn without a message (`say`)")
            out.append(conversation)
            if limit is not None and len(out) >= limit:
                break
    return out


def intents_of(value) -> list[str]:
    """An expected intent as the list of those that hold: one, or several where either reading is
    right (a closing "thanks" is a goodbye or small talk)."""
    return [value] if isinstance(value, str) else list(value)


def titles_of(value) -> list[str]:
    """An expect value that names titles, as a list (`reply_mentions` may be one title)."""
    return [value] if isinstance(value, str) else list(value)


_TRAILING_YEAR = re.compile(r" (1[89][0-9]{2}|20[0-9]{2})$")


def _names(entries) -> set[str]:
    """Profile entries as normalized names, each also without a trailing year: the profile names a
    title "Title (Year)" where another catalog item has the same title."""
    out = set()
    for entry in entries:
        key = normalize(entry)
        out |= {key, _TRAILING_YEAR.sub("", key)}
    return out


def _words_in(word: str, text: str) -> bool:
    """`word` (a word or phrase) as whole words of `text`, both normalized."""
    word = normalize(word)
    return bool(word) and f" {word} " in f" {normalize(text)} "


def _label(item) -> str:
    year = getattr(item, "year", None)
    return f"{item.title} ({year})" if year else item.title


def _card_fault(key: str, want, item) -> str | None:
    """Why this card breaks `key`, or None when it keeps it (a missing catalog fact breaks it)."""
    genres = list(getattr(item, "genres", None) or [])
    if key in ("genres_required", "genres_excluded"):
        wanted = {g.lower() for g in want}
        hits = [g for g in genres if g.lower() in wanted]
        if key == "genres_required":
            return None if hits else f"genres {', '.join(genres) or 'none'}"
        return f"genre {', '.join(hits)}" if hits else None
    if key == "language":
        lang = getattr(item, "language", None)
        return None if lang and lang.lower() == str(want).lower() else f"language {lang or 'unknown'}"
    if key in ("year_min", "year_max", "runtime_min", "runtime_max"):
        field = key.split("_")[0]
        value = getattr(item, field, None)
        if value is None:
            return f"{field} unknown"
        ok = value >= want if key.endswith("_min") else value <= want
        return None if ok else f"{field} {value}"
    if key == "keywords_excluded":
        bad = [k for k in getattr(item, "keywords", None) or [] if any(_words_in(w, k) for w in want)]
        return f"keywords {', '.join(bad)}" if bad else None
    if key == "not_recommended":
        return "recommended" if normalize(item.title) in {normalize(t) for t in want} else None
    raise ValueError(key)


def check_turn(expect: dict, turn) -> dict[str, str | None]:
    """Each expected property of this turn → None where it held, else what broke it. A card
    property is left out where the turn showed no cards (skipped). `turn`: a bot.conversation.Turn,
    or anything with its `hits` (each with `.item`), `reply`, `profile` and `intent`."""
    items = [h.item for h in turn.hits]
    profile = turn.profile
    out: dict[str, str | None] = {}
    for key, want in expect.items():
        if key == "intent":
            got = getattr(turn, "intent", None)
            out[key] = None if got in intents_of(want) else f"intent {got!r}, not {' or '.join(intents_of(want))}"
        elif key == "new_cards":
            out[key] = None if bool(items) == bool(want) else f"{len(items)} new cards"
        elif key in CARD_KEYS:
            if not items:
                continue
            faults = [f"{_label(i)}: {fault}" for i in items if (fault := _card_fault(key, want, i))]
            out[key] = "; ".join(faults) or None
        elif key in ("liked", "disliked", "seen"):
            watched = profile.seen + profile.liked + profile.disliked if key == "seen" else getattr(profile, key)
            have = _names(watched)
            missing = [t for t in titles_of(want) if normalize(t) not in have]
            out[key] = f"not in {key}: {', '.join(missing)}" if missing else None
        elif key == "not_liked":
            have = _names(profile.liked)
            present = [t for t in titles_of(want) if normalize(t) in have]
            out[key] = f"in liked: {', '.join(present)}" if present else None
        elif key == "reply_mentions":
            missing = [t for t in titles_of(want) if not _words_in(t, turn.reply or "")]
            out[key] = f"reply does not name {', '.join(missing)}" if missing else None
        else:
            raise InputError(f"unknown expect key {key!r}")
    return out


def repeats(shown_before: Counter, turn) -> str | None:
    """The cards of this turn already shown earlier in the conversation (or twice in it); counts them in."""
    again = []
    for hit in turn.hits:
        if shown_before[hit.id]:
            again.append(_label(hit.item))
        shown_before[hit.id] += 1
    return f"shown again: {', '.join(again)}" if again else None


class Tally:
    """Checks and held per property, over one model's run."""

    def __init__(self):
        self.checks, self.held, self.skipped = Counter(), Counter(), Counter()

    def add(self, expect: dict, results: dict[str, str | None]) -> None:
        for key in expect:
            if key not in results:
                self.skipped[key] += 1
        for key, fault in results.items():
            self.checks[key] += 1
            self.held[key] += fault is None

    def as_dict(self) -> dict:
        props = {}
        for key in PROPERTIES:
            n = self.checks[key]
            if n or self.skipped[key]:
                share = round(self.held[key] / n, 4) if n else None
                props[key] = {"checks": n, "held": self.held[key], "share": share, "skipped": self.skipped[key]}
        total, held = sum(self.checks.values()), sum(self.held.values())
        return {"properties": props, "overall": {"checks": total, "held": held, "share": _share(held, total)}}


def _share(held: int, n: int) -> float | None:
    return round(held / n, 4) if n else None


def first_of_each(rows: list[dict], key: str) -> list[dict]:
    """The rows in order, each `key` value once (its first row)."""
    out: dict = {}
    for row in rows:
        out.setdefault(row[key], row)
    return list(out.values())


def card(hit) -> dict:
    item = hit.item
    return {"title": item.title, "year": getattr(item, "year", None), "genres": list(getattr(item, "genres", []))}


def evaluate(name: str, chat: Callable, conversations: list[dict], write, progress: bool = True) -> dict:
    """One model's run: every conversation through `chat(session_id, message) -> Turn`, each turn
    written with `write(row)`; the tally, the removed sentences and the time per turn."""
    from bot.conversation import new_session_id

    tally, seconds, dropped, errors = Tally(), [], [], 0
    for conversation in tqdm(conversations, desc=f"Conversations ({name})", unit="chat", disable=not progress):
        session, shown, repeated = new_session_id(), Counter(), []
        for i, step in enumerate(conversation["turns"]):
            expect = step.get("expect", {})
            said = {"model": name, "conversation": conversation["id"], "turn": i, "say": step["say"]}
            start = time.perf_counter()
            try:
                turn = chat(session, step["say"])
            except Exception as exc:  # one broken turn is a result to report, not the end of the run
                log.error("%s turn %d failed: %s", conversation["id"], i, exc)
                errors += 1
                results = {key: f"turn failed: {exc}" for key in expect}
                tally.add(expect, results)
                write({**said, "error": str(exc), "failures": [f"{k}: {v}" for k, v in results.items()]})
                continue
            seconds.append(time.perf_counter() - start)
            results = check_turn(expect, turn)
            tally.add(expect, results)
            if again := repeats(shown, turn):
                repeated.append(again)
            removed = list(getattr(turn, "dropped", None) or [])
            dropped += [{"conversation": conversation["id"], "say": step["say"], "sentence": s} for s in removed]
            failures = [f"{k}: {v}" for k, v in results.items() if v is not None]
            write(
                {
                    **said,
                    "intent": getattr(turn, "intent", None),
                    **({"read_as": turn.read_as} if getattr(turn, "read_as", None) else {}),
                    "cards": [card(h) for h in turn.hits],
                    "reply": (turn.reply or "").strip(),
                    "failures": failures + ([f"no_repeats: {again}"] if again else []),
                    "dropped": removed,
                }
            )
        tally.add({"no_repeats": True}, {"no_repeats": "; ".join(repeated) or None})
    return {
        **tally.as_dict(),
        "n_turns": sum(len(c["turns"]) for c in conversations),
        "turns_failed": errors,
        "dropped": len(dropped),
        "dropped_examples": first_of_each(dropped, "sentence")[:EXAMPLES],
        "seconds_per_turn": round(statistics.mean(seconds), 3) if seconds else None,
    }


def table(metrics: dict) -> str:
    """metrics.md: per model, property | checks | held | share; the overall share; the removed sentences."""
    lines = []
    for name, m in metrics["models"].items():
        lines += [f"### {name}", "", "| property | checks | held | share |", "|---|---|---|---|"]
        for key, p in m["properties"].items():
            lines.append(f"| {key} | {p['checks']} | {p['held']} | {fmt(p['share'], 2)} |")
        o = m["overall"]
        lines.append(f"| **all** | {o['checks']} | {o['held']} | {fmt(o['share'], 2)} |")
        lines.append("")
        skipped = {k: p["skipped"] for k, p in m["properties"].items() if p["skipped"]}
        if skipped:
            said = ", ".join(f"{k} {n}" for k, n in skipped.items())
            lines.append(f"Skipped, the turn showed no cards: {said}.")
        if m["turns_failed"]:
            lines.append(f"Turns that failed with an error (all their checks count as not held): {m['turns_failed']}.")
        lines.append(
            f"Overall share: {fmt(o['share'], 3)}; {fmt(m['seconds_per_turn'], 2)} s per turn. "
            f"Reply sentences the grounding filter removed: {m['dropped']}."
        )
        for d in m["dropped_examples"]:
            lines.append(f"- {d['conversation']} ({d['say'][:60]!r}): {d['sentence'][:200]!r}")
        lines.append("")
    lines.append(f"{metrics['n_conversations']} conversations, {metrics['n_turns']} turns, from {metrics['data']}.")
    return "\n".join(lines)


def run(
    data: Path,
    out: Path,
    settings: Settings,
    models: list[str],
    limit: int | None = None,
    progress: bool = True,
    llms: dict | None = None,
    recommenders: dict | None = None,
) -> dict:
    """Run the conversations through each model's chat; write metrics.json, metrics.md, turns.jsonl.
    `llms`: already loaded models by name; `recommenders`: already built chats by name (their profile
    store is replaced by a private one all the same)."""
    from bot.profile_store import ProfileStore
    from flexrec.evaluation.profile_eval import RULES, chat_model
    from flexrec.services import build_recommender, open_catalog

    conversations = read_conversations(data, limit)  # a bad file fails before any model loads
    out.mkdir(parents=True, exist_ok=True)
    catalog, results = None, {}
    with open(out / "turns.jsonl", "w", encoding="utf-8") as rows:

        def write(row: dict) -> None:
            rows.write(json.dumps(row, ensure_ascii=False) + "\n")

        for name in models:
            if recommenders and name in recommenders:
                recommender = recommenders[name]
            else:
                llm = None if name == RULES else chat_model(name, settings, llms)
                catalog = catalog or open_catalog(settings, progress=progress)
                asked = settings if name == RULES else settings.model_copy(update={"llm": name})
                recommender = build_recommender(asked, False, llm, catalog, model=name != RULES)
            with tempfile.TemporaryDirectory(prefix="flexrec-conversations-") as tmp:
                chat = recommender.with_profiles(ProfileStore(Path(tmp) / "profiles.sqlite3")).chat
                results[name] = evaluate(name, chat, conversations, write, progress)
            recommender = llm = None  # a loaded model goes before the next one loads
    metrics = {
        "models": results,
        "n_conversations": len(conversations),
        "n_turns": sum(len(c["turns"]) for c in conversations),
        "data": str(data),
    }
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / "metrics.md").write_text(table(metrics) + "\n", encoding="utf-8")
    return metrics
