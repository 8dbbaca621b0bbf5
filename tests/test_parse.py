"""Strict parsing with bounded repair, grounding, and keeping the old profile when the LLM fails."""

import pytest

from bot.profile import ProfileDelta, UserProfile
from bot.profiler import PREFILL, DeltaParseError, ProfileUpdater, combine, parse_delta
from retrieval.titles import TitleIndex

TITLES = TitleIndex([("m1", "The Matrix", 100), ("m2", "Inception", 90), ("m3", "The Shining", 80)])
GENRES = ["Horror", "Science Fiction", "Comedy"]


@pytest.mark.parametrize(
    "raw, liked",
    [
        ('{"liked": ["The Matrix"], "disliked": []}', ["The Matrix"]),
        ('```json\n{"liked": ["The Matrix"],}\n```', ["The Matrix"]),  # fence, trailing comma
        ('Sure! {"liked": ["The Matrix"]} Hope that helps', ["The Matrix"]),  # text around it
        ('{"liked": ["The Matrix", "Incep', ["The Matrix", "Incep"]),  # cut off mid-string
        ('{"likes": [["The Matrix"]], "excludes_genres": [{"name": "Horror"}]}', ["The Matrix"]),
    ],
)
def test_parse_repairs_within_bounds(raw, liked):
    assert parse_delta(raw).liked == liked


@pytest.mark.parametrize("raw", ["no json here", '{"liked": [title of a film]}', "[1, 2]", '{"year_min": "soon"}'])
def test_parse_refuses_what_it_cannot_read(raw):
    with pytest.raises(DeltaParseError):
        parse_delta(raw)


class ScriptedLLM:
    """Returns canned continuations: a fake used only to make the model misbehave on purpose."""

    name = "scripted"

    def __init__(self, reply):
        self.reply = reply

    def generate(self, messages, max_new_tokens):
        assert messages[-1]["content"] == PREFILL  # the profiler continues its own prefill
        if isinstance(self.reply, Exception):
            raise self.reply
        return self.reply

    def stream(self, messages, max_new_tokens):
        yield self.generate(messages, max_new_tokens)


def test_unusable_output_keeps_the_old_profile_and_uses_the_rules():
    old = UserProfile(liked=["Inception"])
    updater = ProfileUpdater(ScriptedLLM("title of the film, title of"), TITLES, GENRES)
    update = updater.update(old, "I loved The Matrix")
    assert update.llm_usable is False and update.source == "rules"
    assert update.profile.liked == ["Inception", "The Matrix"]
    assert updater.stats["llm_unusable"] == 1


def test_a_crashing_model_costs_nothing():
    old = UserProfile(liked=["Inception"])
    update = ProfileUpdater(ScriptedLLM(RuntimeError("boom")), TITLES, GENRES).update(old, "hello")
    assert update.profile.liked == ["Inception"] and update.source == "none"


def test_llm_entries_the_message_does_not_support_are_dropped():
    # The model "remembers" The Shining and a genre nobody mentioned; only what was said stays.
    reply = 'inception", "The Shining"], "genres": ["Comedy", "Horror"], "year_min": 1970}'
    update = ProfileUpdater(ScriptedLLM(reply), TITLES, GENRES).update(UserProfile(), "i adore inception, so funny")
    assert update.delta.liked == ["Inception"]  # catalog spelling
    assert update.delta.genres == ["Comedy"]
    assert update.delta.year_min is None
    assert update.source == "llm+rules" and update.llm_usable


def test_rules_win_on_polarity():
    merged = combine(ProfileDelta(liked=["Titanic", "Up"]), ProfileDelta(disliked=["Titanic"]))
    assert merged.liked == ["Up"] and merged.disliked == ["Titanic"]


@pytest.mark.parametrize(
    "message, reply, period",
    [
        ("anything from the 80s", 'x"], "year_min": 1980, "year_max": 1989}', (1980, 1989)),
        ("made after 2005", 'x"], "year_min": 2005}', (2005, None)),
        ('play "Zorblax (2031)" now', 'x"], "year_min": 2031}', (None, None)),  # a quoted title's year
        ("something fun", 'x"], "year_min": 1970}', (None, None)),  # invented
    ],
)
def test_llm_periods_must_come_from_the_message(message, reply, period):
    update = ProfileUpdater(ScriptedLLM(reply), TITLES, GENRES).update(UserProfile(), message)
    c = update.profile.constraints
    assert (c.year_min, c.year_max) == period
