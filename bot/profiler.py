"""`ProfileUpdater`: turns one message into a new `UserProfile`.

The LLM proposes a delta as JSON (prompt `profile_update`); it is parsed strictly, repaired within
bounds, and grounded: an entry the message does not support is dropped, so a small model cannot put
words in the user's mouth. The rule matcher's reading is combined in and wins on polarity. When the
LLM's output is unusable the rules alone are used, and the old profile is never lost.
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from dataclasses import dataclass

from pydantic import ValidationError

from bot import prompts
from bot.llm import ChatModel
from bot.profile import ProfileDelta, UserProfile, merge
from bot.rules import GENRE_WORDS, rule_delta
from retrieval.titles import TitleIndex, normalize

log = logging.getLogger(__name__)

PREFILL = '{"liked": ["'  # must match the prompt's final assistant turn
# Key spellings small models use for ours.
KEY_ALIASES = {
    "likes": "liked",
    "dislikes": "disliked",
    "excludes_genres": "exclude_genres",
    "excluded_genres": "exclude_genres",
    "exclude_genre": "exclude_genres",
    "genre": "genres",
}


NAME_LIKE = re.compile(r"^[^\W\d_][\w'.-]*(?: [^\W\d_][\w'.-]*){0,3}$")


def _strings(value) -> list:
    """Flatten nested lists and pick the name out of {"title"/"name": ...} objects."""
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    if isinstance(value, dict):
        value = value.get("title") or value.get("name")
    return [value] if isinstance(value, str) and value.strip() else []


class DeltaParseError(ValueError):
    pass


def parse_delta(text: str) -> ProfileDelta:
    """Strict parse of the model's JSON, after bounded repairs: code fences, text around the object,
    trailing commas, and unclosed brackets at the end of a cut-off reply. Anything else is an error."""
    text = re.sub(r"```(?:json)?", "", text).strip()
    start = text.find("{")
    if start < 0:
        raise DeltaParseError("no JSON object in the output")
    body, depth, in_str, escaped, end = text[start:], [], False, False, None
    for i, ch in enumerate(body):
        if in_str:
            escaped = ch == "\\" and not escaped
            if ch == '"' and not escaped:
                in_str = False
            continue
        if ch == '"':
            in_str = True
        elif ch in "{[":
            depth.append("}" if ch == "{" else "]")
        elif ch in "}]":
            if not depth or depth.pop() != ch:
                raise DeltaParseError(f"unbalanced {ch!r} at character {i}")
            if not depth:
                end = i + 1
                break
    if end is None:  # cut off: close the string and brackets still open
        body = body + ('"' if in_str else "") + "".join(reversed(depth))
    else:
        body = body[:end]
    body = re.sub(r",\s*([}\]])", r"\1", body)
    try:
        data = json.loads(body)
        if not isinstance(data, dict):
            raise DeltaParseError("the JSON is not an object")
        data = {KEY_ALIASES.get(k, k): v for k, v in data.items()}
        for key in ("liked", "disliked", "topics", "genres", "exclude_genres"):
            if key in data:
                data[key] = _strings(data[key])
        return ProfileDelta.model_validate(data)
    except (json.JSONDecodeError, ValidationError) as exc:
        raise DeltaParseError(str(exc).splitlines()[0]) from exc


@dataclass
class ProfileUpdate:
    profile: UserProfile
    delta: ProfileDelta
    source: str  # "llm", "rules", "llm+rules" or "none": which reading contributed
    llm_usable: bool | None  # None when the LLM was not asked


class ProfileUpdater:
    def __init__(self, llm: ChatModel | None, titles: TitleIndex, genres: list[str], max_new_tokens: int = 96):
        self.llm, self.titles, self.max_new_tokens = llm, titles, max_new_tokens
        self.genres = {normalize(g): g for g in genres}
        self.stats: Counter[str] = Counter()  # how often each path is taken, for evaluation and logs

    def update(self, profile: UserProfile, message: str) -> ProfileUpdate:
        rules = rule_delta(message, self.titles)
        llm_delta, usable = None, None
        if self.llm is not None:
            llm_delta = self._ask_llm(message)
            usable = llm_delta is not None and not llm_delta.is_empty()
            self.stats["llm_usable" if usable else "llm_unusable"] += 1
        delta = combine(llm_delta or ProfileDelta(), rules)
        source = (
            "+".join(name for name, d in (("llm", llm_delta), ("rules", rules)) if d is not None and not d.is_empty())
            or "none"
        )
        self.stats[source] += 1
        return ProfileUpdate(merge(profile, delta), delta, source, usable)

    def _ask_llm(self, message: str) -> ProfileDelta | None:
        messages = prompts.render("profile_update", message=message)
        try:
            raw = PREFILL + self.llm.generate(messages, self.max_new_tokens)
            return self._ground(parse_delta(raw), message)
        except DeltaParseError as exc:
            log.info("profile LLM output unusable, keeping the rule reading: %s", exc)
        except Exception as exc:  # a failing model must not cost the user their turn
            log.warning("profile LLM failed, keeping the rule reading: %s", exc)
        return None

    def _ground(self, delta: ProfileDelta, message: str) -> ProfileDelta:
        """Keep only what the message itself supports; map titles and genres to catalog spelling."""
        said = f" {normalize(message)} "

        def supported(value: str) -> bool:
            key = normalize(value)
            return bool(key) and f" {key} " in said

        def entries(values: list[str]) -> list[str]:
            """Catalog titles in catalog spelling; other text only if it reads like a name ("Nolan")."""
            out = []
            for value in values:
                hit = self.titles.lookup(value)
                if supported(value) and (hit or NAME_LIKE.match(value)):
                    out.append(hit[1] if hit else value)
            return out

        def genres(values: list[str]) -> list[str]:
            out = []
            for value in values:
                key = normalize(value)
                name = self.genres.get(key) or GENRE_WORDS.get(key)
                words = [w for w, g in GENRE_WORDS.items() if g == name] + [key]
                if name and any(f" {w} " in said for w in words):
                    out.append(name)
            return out

        unquoted = re.sub(r"\"[^\"]*\"|“[^”]*”", " ", message)  # a quoted title's year is no wish

        def year(value: int | None) -> int | None:
            if value is None:
                return None
            decade = f"{str(value)[2]}0s"
            return value if str(value) in unquoted or decade in unquoted.lower() else None

        return ProfileDelta(
            liked=entries(delta.liked),
            disliked=entries(delta.disliked),
            topics=[t for t in delta.topics if supported(t)],
            genres=genres(delta.genres),
            exclude_genres=genres(delta.exclude_genres),
            year_min=year(delta.year_min),
            year_max=year(delta.year_max),
        )


def combine(llm: ProfileDelta, rules: ProfileDelta) -> ProfileDelta:
    """Union of both readings; where they disagree on polarity the rules win (they see negation)."""

    def keep(values: list[str], *against: list[str]) -> list[str]:
        banned = {normalize(v) for values in against for v in values}
        return [v for v in values if normalize(v) not in banned]

    return ProfileDelta(  # an entry the LLM put on both sides is dropped from both
        liked=rules.liked + keep(llm.liked, rules.disliked, llm.disliked),
        disliked=rules.disliked + keep(llm.disliked, rules.liked, llm.liked),
        topics=keep(llm.topics, rules.disliked),
        genres=rules.genres + keep(llm.genres, rules.exclude_genres),
        exclude_genres=rules.exclude_genres + keep(llm.exclude_genres, rules.genres),
        year_min=rules.year_min if rules.year_min or rules.year_max else llm.year_min,
        year_max=rules.year_max if rules.year_min or rules.year_max else llm.year_max,
    )
