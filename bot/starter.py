"""Cold start, GENRE's personalized generator: a starting profile for someone with no history, from
one line about themselves ("I'm 12 and love space") and/or genres they pick.

The LLM proposes topics, wanted genres and genres to avoid, under a schema whose genre lists may
only hold the catalog's genres. What the line says outright (titles, genre words, decades) is read
by the same rule reader as chat messages. The result is a proposal: nothing is stored until the
person accepts it, and each entry can then be removed like any other. Without an LLM that
understands (the 135M tier), the line's content words become one topic, so retrieval still follows it.
"""

from __future__ import annotations

import copy
import logging
import re

from pydantic import ValidationError

from bot import prompts
from bot.llm import ChatModel
from bot.profile import Entry, ProfileDelta, UserProfile, merge
from bot.profiler import DeltaParseError, ProfileUpdater, parse_delta_path
from bot.reading import Reader
from flexrec.errors import InputError
from flexrec.settings import default
from retrieval.titles import COMMON_WORDS

log = logging.getLogger(__name__)

MAX_DESCRIPTION = 300
_FILLER = set("im i'm am is are who loves love like likes enjoy enjoys really very into and but so".split())


def content_words(text: str) -> str:
    """The line without filler: "I'm 12 and love space" → "space" (a topic to embed)."""
    words = re.findall(r"[^\W\d_][\w'-]*", text.lower())
    return " ".join(w for w in words if w not in COMMON_WORDS and w not in _FILLER and len(w) > 2)[:60]


def _genre(value) -> Entry:
    """A picked genre as an entry; one that cannot be one (empty, too long, not text) is an InputError."""
    try:
        return Entry(kind="genres", value=value)
    except ValidationError:
        raise InputError(f"{str(value)[:40]!r} is not a genre") from None


class Starter:
    def __init__(
        self,
        llm: ChatModel | None,
        profiler: ProfileUpdater,
        reader: Reader,
        max_new_tokens: int = default("profile_max_new_tokens"),
    ):
        """`llm`: None where the model reads preferences no better than the rules (see use_llm_profiler)."""
        self.llm, self.profiler, self.reader, self.max_new_tokens = llm, profiler, reader, max_new_tokens

    def propose(self, description: str = "", genres: list[str] = ()) -> UserProfile:
        """A starting profile (not stored). InputError when there is nothing to go on, the line is
        too long, or a picked genre is not the catalog's."""
        description = " ".join((description or "").split())
        if len(description) > MAX_DESCRIPTION:
            raise InputError(f"please describe yourself in at most {MAX_DESCRIPTION} characters")
        picked = [self.profiler.canonical(_genre(g)).value for g in genres]
        if not description and not picked:
            raise InputError("describe yourself in a line, or pick a genre or two")
        profile = merge(UserProfile(), ProfileDelta(genres=picked, always_genres=picked))  # taste, and the first ask
        if not description:
            return profile
        said = self.reader.read(description).delta  # with the picks, one first request: it adds to them
        profile = merge(profile, said.model_copy(update={"new_request": False}))
        guess = self._ask_llm(description) if self.llm is not None else None
        if guess is None:
            words = content_words(description)
            guess = ProfileDelta(topics=[words] if words else [])
        # the person's own words and picks outrank the guess: a guessed exclusion never undoes a wish
        wanted = {g.lower() for g in profile.constraints.genres}
        guess = guess.model_copy(
            update={"exclude_genres": [g for g in guess.exclude_genres if g.lower() not in wanted]}
        )
        return merge(profile, guess)

    def _ask_llm(self, description: str) -> ProfileDelta | None:
        schema = copy.deepcopy(prompts.schema("starter_profile"))
        catalog_genres = self.profiler.catalog_genres
        for key in ("genres", "exclude_genres"):
            schema["properties"][key]["items"] = {"enum": catalog_genres}
        try:
            raw = self.llm.generate(
                prompts.render("starter_profile", description=description), self.max_new_tokens, schema=schema
            )
            delta, _ = parse_delta_path(raw, ("topics", "genres", "exclude_genres"))
        except DeltaParseError as exc:
            log.info("starter profile output unusable, using the line's words: %s", exc)
            return None
        except Exception as exc:  # a failing model must not cost the person their start
            log.warning("starter profile LLM failed, using the line's words: %s", exc)
            return None
        known = {g.lower(): g for g in catalog_genres}
        return ProfileDelta(
            topics=[t[:40] for t in delta.topics[:4]],
            genres=[known[g.lower()] for g in delta.genres if g.lower() in known][:3],
            exclude_genres=[known[g.lower()] for g in delta.exclude_genres if g.lower() in known][:3],
        )
