"""Strict parsing with bounded repair, grounding, and keeping the old profile when the LLM fails."""

import pytest

from bot.profile import ProfileDelta, UserProfile
from bot.profiler import PREFILL, DeltaParseError, ProfileUpdater, combine, parse_delta
from bot.reading import Reader
from retrieval.titles import TitleIndex

TITLES = TitleIndex([("m1", "The Matrix", 100), ("m2", "Inception", 90), ("m3", "The Shining", 80)])
GENRES = ["Horror", "Science Fiction", "Comedy"]


def read(message: str, context: str = ""):
    """The message read once, as answering `context` (what was shown, as text)."""
    return Reader(TITLES).read_answer(message, context)


@pytest.mark.parametrize(
    "raw, liked",
    [
        ('{"liked": ["The Matrix"], "disliked": []}', ["The Matrix"]),
        ('```json\n{"liked": ["The Matrix"],}\n```', ["The Matrix"]),  # fence, trailing comma
        ('Sure! {"liked": ["The Matrix"]} Hope that helps', ["The Matrix"]),  # text around it
        ('{"liked": ["The Matrix", "Incep', ["The Matrix", "Incep"]),  # cut off mid-string
        ('{"likes": [["The Matrix"]], "excludes_genres": [{"name": "Horror"}]}', ["The Matrix"]),
        (
            '{"opinions": [{"title": "The Matrix", "opinion": "liked"}, {"title": "Up", "opinion": "unknown"}]}',
            ["The Matrix"],
        ),  # noqa: E501
        ('{"opinions": [{"title": "The Matrix", "opinion": "liked"}, {"title": "Up", "opin', ["The Matrix"]),  # cut off
        ('{"opinions": {"The Matrix": "liked", "Up": "unknown", "Alien": "disliked"}}', ["The Matrix"]),
        ('{"opinions": {"The Matrix": "liked", "Up": "lik', ["The Matrix"]),  # cut off in a value
        ('{"liked": ["The \\"Matrix\\"", "Up"]} {"liked": ["Alien"]}', ['The "Matrix"', "Up"]),  # escaped quotes
    ],
)
def test_parse_repairs_within_bounds(raw, liked):
    assert parse_delta(raw).liked == liked


@pytest.mark.parametrize(
    "raw", ["no json", '{"liked": [title of a film]}', "[1, 2]", '{"year_min": "soon"}', '{"opinions": "all good"}']
)
def test_parse_refuses_what_it_cannot_read(raw):
    with pytest.raises(DeltaParseError):
        parse_delta(raw)


class ScriptedLLM:
    """Returns canned continuations: a fake used only to make the model misbehave on purpose."""

    name = "scripted"
    supports_prefill, supports_schema = True, False

    def __init__(self, reply):
        self.reply = reply

    def generate(self, messages, max_new_tokens, schema=None):
        assert messages[-1]["content"] == PREFILL  # the profiler continues its own prefill
        if isinstance(self.reply, Exception):
            raise self.reply
        return self.reply

    def stream(self, messages, max_new_tokens):
        yield self.generate(messages, max_new_tokens)


def test_unusable_output_keeps_the_old_profile_and_uses_the_rules():
    old = UserProfile(liked=["Inception"])
    updater = ProfileUpdater(ScriptedLLM("title of the film, title of"), TITLES, GENRES)
    update = updater.update(old, read("I loved The Matrix"))
    assert update.llm_usable is False and update.source == "rules"
    assert update.profile.liked == ["Inception", "The Matrix"]
    assert updater.stats["llm_unusable"] == 1 and updater.stats["json_unusable"] == 1


def test_a_crashing_model_costs_nothing():
    old = UserProfile(liked=["Inception"])
    update = ProfileUpdater(ScriptedLLM(RuntimeError("boom")), TITLES, GENRES).update(old, read("hello"))
    assert update.profile.liked == ["Inception"] and update.source == "none"


def test_llm_entries_the_message_does_not_support_are_dropped():
    # The model "remembers" The Shining and a genre nobody mentioned; only what was said stays.
    reply = ' {"inception": "liked", "The Shining": "liked"}, "genres": ["Comedy", "Horror"], "year_min": 1970}'
    update = ProfileUpdater(ScriptedLLM(reply), TITLES, GENRES).update(
        UserProfile(), read("i adore inception, now something funny")
    )
    assert update.delta.liked == ["Inception"]  # catalog spelling
    assert update.delta.genres == ["Comedy"]
    assert update.delta.year_min is None
    assert update.source == "llm+rules" and update.llm_usable


def test_a_genre_the_llm_gives_as_a_title_is_no_name():
    # SmolLM2 read "Anything but comedy" as a disliked title "comedy"; genres are the rules' to read
    reply = ' {"comedy": "disliked", "horror movies": "disliked", "Nolan": "disliked"}}'
    update = ProfileUpdater(ScriptedLLM(reply), TITLES, GENRES).update(
        UserProfile(), read("Anything but comedy, no horror movies, and nothing by Nolan")
    )
    assert update.delta.disliked == ["Nolan"]
    assert set(update.delta.exclude_genres) == {"Comedy", "Horror"}


def test_part_of_a_title_the_message_names_is_no_name():
    """The fifteenth set's 1.5B run: "touching the void wrecked me, in a good way" came back as the
    name "The Void" disliked, and the reply said "Noted: no more The Void."."""
    titles = TitleIndex([("t", "Touching the Void", 50), ("m1", "The Matrix", 100)])
    reply = ' {"The Void": "disliked", "Nolan": "disliked"}}'
    message = "touching the void wrecked me, in a good way. nothing by Nolan"
    update = ProfileUpdater(ScriptedLLM(reply), titles, GENRES).update(UserProfile(), Reader(titles).read(message))
    assert update.delta.disliked == ["Nolan"] and "The Void" not in update.profile.disliked


@pytest.mark.parametrize(
    "message, shown, asked",
    [
        ("I loved The Matrix. Something like it?", [], True),  # names a title
        ("something older, from the eighties", ["The Matrix", "Inception"], False),
        ("any good comedies for a family evening?", ["The Matrix", "Inception"], False),  # "good" asks
        ("a scary movie please", [], False),
        ("Anything but comedy, and nothing by Nolan", [], True),  # a person the model may read
        ("i adore inception, now something funny", [], True),  # a title the rules pass over
        ("I have seen that one. Something shorter please", ["The Matrix"], True),
        ("that was a good one", ["The Matrix"], True),
        ("not for me", ["The Matrix"], True),
        ("the second one looks fun", ["The Matrix", "Inception"], True),
    ],
)
def test_the_llm_is_asked_only_where_it_can_add_an_opinion_of_a_title(message, shown, asked):
    from bot.profiler import worth_asking

    assert worth_asking(Reader(TITLES).read(message, shown), TITLES) is asked


def test_rules_win_on_polarity():
    merged = combine(ProfileDelta(liked=["Titanic", "Up"]), ProfileDelta(disliked=["Titanic"]))
    assert merged.liked == ["Up"] and merged.disliked == ["Titanic"]


def test_an_understanding_llm_wins_on_polarity_and_the_rules_fill_in():
    llm = ProfileDelta(liked=["Alien"], disliked=["Titanic"], exclude_genres=["Horror"], year_min=1970)
    rules = ProfileDelta(liked=["Titanic", "Alien", "Up"], genres=["Horror"], year_min=1980)
    merged = combine(llm, rules, llm_first=True)
    assert merged.liked == ["Alien", "Up"] and merged.disliked == ["Titanic"]
    assert merged.genres == ["Horror"] and merged.exclude_genres == [] and merged.year_min == 1980  # the rules'


def test_an_entry_the_llm_put_on_both_sides_is_dropped():
    merged = combine(ProfileDelta(liked=["Up", "Alien"], disliked=["Up"]), ProfileDelta(), llm_first=True)
    assert merged.liked == ["Alien"] and merged.disliked == []


@pytest.mark.parametrize(
    "message, reply, genres, excluded, period",
    [
        # The 1.5B model's habit: the genre asked for, written as excluded. The rules read it.
        ("a good scary movie like The Shining", ' {}, "exclude_genres": ["Horror"]}', ["Horror"], [], (None, None)),
        ("anything from the 80s like The Matrix", ' {}, "year_min": 1970, "year_max": 1979}', [], [], (1980, 1989)),
        ("something fun like Inception", ' {}, "genres": ["Comedy"], "year_min": 1970}', [], [], (None, None)),
    ],
)
def test_genres_and_periods_are_the_rules_not_the_llms(message, reply, genres, excluded, period):
    updater = ProfileUpdater(ScriptedLLM(reply), TITLES, GENRES)
    c = updater.update(UserProfile(), read(message)).profile.constraints
    assert updater.stats["json_strict"] == 1  # the LLM's answer was read, and its constraints left out
    assert (c.genres, c.exclude_genres, (c.year_min, c.year_max)) == (genres, excluded, period)


class SchemaLLM:
    """A backend with constrained decoding that cannot continue a prefill: given the schema alone."""

    name = "schema"
    supports_prefill, supports_schema = False, True

    def __init__(self, reply):
        self.reply, self.asked = reply, []

    def generate(self, messages, max_new_tokens, schema=None):
        self.asked.append((messages, schema))
        return self.reply


def test_a_schema_backend_gets_the_schema_and_no_prefill_and_is_counted():
    llm = SchemaLLM(
        '{"opinions": {"The Matrix": "liked", "Inception": "disliked"}, "genres": [], "exclude_genres": []}'
    )
    updater = ProfileUpdater(llm, TITLES, GENRES)
    update = updater.update(UserProfile(), read("I loved The Matrix but I hated Inception"))
    messages, schema = llm.asked[0]
    assert messages[-1]["role"] == "user" and "I hated Inception" in messages[-1]["content"]
    assert schema["required"][0] == "opinions"
    assert update.profile.liked == ["The Matrix"] and update.profile.disliked == ["Inception"]
    assert updater.stats["constrained"] == 1 and updater.stats["json_strict"] == 1


def test_the_schema_asks_only_for_opinions_of_titles():
    llm = SchemaLLM('{"opinions": {}}')
    ProfileUpdater(llm, TITLES, GENRES).update(UserProfile(), read("no horror from the 80s, loved The Matrix"))
    (_, schema), *_ = llm.asked
    assert set(schema["properties"]) == {"opinions"} and schema["required"] == ["opinions"]


def test_repairs_are_counted_apart_from_strict_parses():
    updater = ProfileUpdater(ScriptedLLM(' {"the matrix": "liked"}} and more text'), TITLES, GENRES)
    updater.update(UserProfile(), read("the matrix is great"))
    assert updater.stats["json_repaired"] == 1 and updater.stats["unconstrained"] == 1


def test_the_cards_go_along_only_with_a_message_that_names_no_title():
    llm = SchemaLLM('{"opinions": {}}')
    updater = ProfileUpdater(llm, TITLES, GENRES)
    updater.update(UserProfile(), read("loved the first one!", "Have you seen The Matrix or Inception?"))
    updater.update(UserProfile(), read("I hated Inception", "Have you seen The Matrix or Inception?"))
    with_cards, without = (messages[-1]["content"] for messages, _ in llm.asked)
    assert with_cards.startswith("(Replying to: Have you seen The Matrix") and "Replying" not in without


@pytest.mark.parametrize("extra", ['"year_min": 80', '"seen": 5', '"year_max": "soon"'])
def test_an_invalid_field_the_profiler_does_not_read_costs_nothing(extra):
    # A backend without constrained decoding may add fields the profile step does not ask for; one
    # that fails validation used to drop the whole answer, and with it "hated Titanic" → disliked.
    reply = ' {"The Matrix": "disliked"}, ' + extra + "}"
    updater = ProfileUpdater(ScriptedLLM(reply), TITLES, GENRES, llm_first=True)
    update = updater.update(UserProfile(), read("The Matrix put me to sleep"))
    assert update.llm_usable and updater.stats["json_strict"] == 1
    assert update.profile.disliked == ["The Matrix"]
    with pytest.raises(DeltaParseError):  # read in full (no `fields`), the invalid field is still refused
        parse_delta(PREFILL + reply)


@pytest.mark.parametrize(
    "message, liked, disliked",
    [
        ("It's not really funny", [], ["The Shining"]),  # a genre word does not stop the reply's reading
        ("Horror? Don't know about that!", [], ["The Shining"]),
        ("That's a little old for my taste. I loved Inception", ["Inception"], ["The Shining"]),  # "that": the card
        ("I saw Inception but thought it was corny", [], ["Inception"]),  # "it": the title named, not the card
        ("I love that movie. Inception is a favorite too", ["The Shining", "Inception"], []),  # praise as well
        ("Of course I love those. I also like Inception", ["The Shining", "Inception"], []),
        ("I saw Inception and enjoyed it", ["Inception"], []),
        ("I saw Inception. Is it any good?", ["Inception"], []),  # seen: liked as before, "it" is not the card
        ("Do you know another one like that? I saw Inception", ["Inception"], []),  # asks for others
    ],
)
def test_a_reply_speaks_of_the_card_until_it_names_a_title(message, liked, disliked):
    update = ProfileUpdater(None, TITLES, GENRES).update(UserProfile(), read(message, "How about The Shining?"))
    assert update.delta.liked == liked and update.delta.disliked == disliked


def test_a_card_named_twice_is_still_one_card():
    context = "Maybe The Shining. What do you think about The Shining?"
    update = ProfileUpdater(None, TITLES, GENRES).update(UserProfile(), read("That was good.", context))
    assert update.delta.liked == ["The Shining"]


def test_the_cards_go_along_when_only_the_cards_are_read_from_the_message():
    llm = SchemaLLM('{"opinions": {}}')
    ProfileUpdater(llm, TITLES, GENRES).update(UserProfile(), read("That's too slow for me", "How about Inception?"))
    assert llm.asked[0][0][-1]["content"].startswith("(Replying to: How about Inception?)")
