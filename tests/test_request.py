"""The request of the moment versus the lasting taste (issue 27): genres, periods and facts asked for
in one request hold while the person refines it and give way when they ask for something new;
titles, and genres said as a rule ("never horror", "I love westerns"), last."""

import uuid

import pytest

from bot.profile import Constraints, Entry, ProfileDelta, Rules, UserProfile, add, as_delta, entries, merge, remove
from bot.query import search_query
from bot.reading import Reader
from bot.reading.replies import compared_bounds
from retrieval.titles import TitleIndex
from web.render import SECTIONS, entry_label

READER = Reader(TitleIndex([("1", "Heat", 5), ("2", "Up", 3)]), frozenset({"violence", "gore"}))


@pytest.mark.parametrize(
    "message, always, never, new",
    [
        ("I love westerns", ["Western"], [], True),
        ("we're big horror fans, what have you got?", ["Horror"], [], True),
        ("my favourite genre is sci-fi", ["Science Fiction"], [], True),
        ("I really enjoy a good mystery", ["Mystery"], [], True),
        ("I'd love a comedy tonight", [], [], True),
        ("I'm in the mood for something scary", [], [], True),
        ("never horror", [], ["Horror"], False),
        ("I hate musicals", [], ["Music"], False),
        ("not a fan of war films", [], ["War"], False),
        ("I don't like westerns at all", [], ["Western"], False),
        ("no horror tonight please", [], [], False),
        ("nothing scary", [], [], False),
        ("I've never seen a western", [], [], True),  # no rule: a wish to try one
        ("nothing too long, and from the 90s", [], [], False),
        ("I loved Heat", [], [], False),
        ("forget that, something completely different", [], [], True),
        ("start over: anything with robots", [], [], True),
    ],
)
def test_lasting_genres_and_new_requests_are_read_from_how_they_are_said(message, always, never, new):
    d = READER.read(message).delta
    assert (d.always_genres, d.never_genres, d.new_request) == (always, never, new)
    assert set(d.always_genres) <= set(d.genres)  # said as taste, a genre is asked for now too
    assert set(d.never_genres) <= set(d.exclude_genres)


def test_a_refinement_keeps_the_request_and_a_new_one_replaces_it():
    p = merge(UserProfile(), READER.read("a French comedy, highly rated, no gore").delta)
    c = p.constraints
    assert (c.genres, c.language, c.rating_min, c.avoid) == (["Comedy"], "fr", 7.0, ["gore"])
    p = merge(p, READER.read("nothing too long, and from the 90s").delta)  # refines
    c = p.constraints
    assert (c.genres, c.language, c.runtime_max, c.year_min, c.year_max) == (["Comedy"], "fr", 110, 1990, 1999)
    p = merge(p, READER.read("I loved Heat and I hate musicals").delta)  # titles and a rule: still refining
    assert p.constraints.genres == ["Comedy"] and p.liked == ["Heat"] and p.rules.exclude_genres == ["Music"]
    p = merge(p, READER.read("now something scary for me").delta)  # a new request
    assert p.constraints == Constraints(genres=["Horror"])
    assert p.liked == ["Heat"] and p.rules.exclude_genres == ["Music"]  # what lasts, lasts


def test_kinds_named_as_one_last_until_another_kind_is_asked():
    p = merge(UserProfile(), READER.read("for my kids: a funny western?").delta)
    assert p.constraints.every_genre and set(p.constraints.genres) == {"Family", "Comedy", "Western"}
    assert search_query(p).every_genre
    p = merge(p, READER.read("something from the 90s").delta)  # refines: still both
    assert p.constraints.every_genre and p.constraints.year_min == 1990
    p = merge(p, READER.read("a western or a comedy then").delta)  # either now
    assert not p.constraints.every_genre and {"Comedy", "Western"} <= set(p.constraints.genres)


def test_the_query_requires_the_request_genres_and_keeps_the_rules():
    p = UserProfile(
        constraints=Constraints(genres=["Comedy"], exclude_genres=["Drama"]),
        rules=Rules(genres=["Western"], exclude_genres=["Horror", "Comedy"]),
    )
    q = search_query(p)
    assert q.require_genres == ("Comedy",)  # asked now: a card must be one
    assert set(q.genres) == {"Comedy", "Western"}  # loved for good: ranked up, not required
    assert set(q.exclude_genres) == {"Drama", "Horror"}  # "never comedy" gives way when comedy is asked for now


def test_the_panel_shows_what_lasts_apart_from_what_is_asked_now():
    p = merge(UserProfile(), READER.read("I love westerns, never horror. Something in French under two hours").delta)
    listed = entries(p)
    section = {kind: name for name, kinds in SECTIONS for kind in kinds}
    shown = {(section[e.kind], entry_label(e)) for e in listed}
    assert {("Always", "love Western"), ("Always", "never Horror")} <= shown
    assert {("Asked for now", "genre: Western"), ("Asked for now", "in French")} <= shown
    assert ("Asked for now", "at most 120 min") in shown
    for entry in listed:  # each can be taken out again, and only it
        left = remove(p, entry)
        assert entry not in entries(left) and len(entries(left)) == len(listed) - 1


def test_entries_of_the_new_kinds_are_checked_and_added():
    p = add(UserProfile(), Entry(kind="never_genres", value="Horror"))
    p = add(p, Entry(kind="runtime_max", value="95"))
    assert p.rules.exclude_genres == ["Horror"] and p.constraints.runtime_max == 95
    p = add(p, Entry(kind="runtime_min", value="80"))  # both can hold: both stay
    assert (p.constraints.runtime_min, p.constraints.runtime_max) == (80, 95)
    for kind, value in [("language", "French"), ("runtime_max", "long"), ("runtime_min", "-5"), ("rating_min", "11")]:
        with pytest.raises(ValueError, match="not a valid"):
            Entry(kind=kind, value=value)


def test_a_whole_profile_merged_as_one_change_keeps_all_of_it():
    proposal = UserProfile(
        liked=["Heat"],
        topics=["robots"],
        constraints=Constraints(genres=["Comedy"]),
        rules=Rules(exclude_genres=["War"]),
    )
    before = UserProfile(constraints=Constraints(genres=["Drama"], language="fr"))
    after = merge(before, as_delta(proposal))
    assert after.model_copy(update={"recommended": []}) == proposal


def sid() -> str:
    return uuid.uuid4().hex


@pytest.mark.slow
def test_a_new_request_gives_way_and_a_rule_holds_in_a_conversation(recommender, catalog):
    """The issue's own case: "something for my kids", then "a french romantic comedy" brought Shrek 2
    and Ice Age back (Family stayed). Now the second request replaces the first; "never horror"
    said in between holds in both."""
    session = sid()
    first = recommender.chat(session, "something for my kids please, and never horror")
    assert first.profile.constraints.genres == ["Family"] and first.profile.rules.exclude_genres == ["Horror"]
    assert first.hits and all("Family" in h.item.genres and "Horror" not in h.item.genres for h in first.hits)
    second = recommender.chat(session, "ok now for me: a french romantic comedy")
    c = second.profile.constraints
    assert "Family" not in c.genres and {"Romance", "Comedy"} <= set(c.genres) and c.language == "fr"
    assert second.profile.rules.exclude_genres == ["Horror"]
    assert second.hits and all(h.item.language == "fr" for h in second.hits)
    # a romantic comedy is both: the catalog has six French ones
    assert all({"Romance", "Comedy"} <= set(h.item.genres) and "Horror" not in h.item.genres for h in second.hits)
    third = recommender.chat(session, "something shorter, under 100 minutes")  # refines the second
    assert third.profile.constraints.language == "fr" and third.profile.constraints.runtime_max == 100
    assert all(h.item.language == "fr" for h in third.hits)


@pytest.mark.parametrize(
    "message, bounds",
    [
        ("older", {"year_min": None, "year_max": 1979}),
        ("something more recent?", {"year_min": 1999, "year_max": None}),
        ("shorter please", {"runtime_max": 89}),
        ("something similar but not as long", {"runtime_max": 89}),
        ("these run too long", {"runtime_max": 89}),
        ("older and shorter", {"year_min": None, "year_max": 1979, "runtime_max": 89}),
        ("older, from the 60s", {}),  # its own figure wins: the reader's 1960-1969
        ("shorter, under two hours", {}),
        ("more like the second", {}),
    ],
)
def test_older_newer_and_shorter_are_said_of_the_cards_on_screen(message, bounds):
    assert compared_bounds(message, [1980, 1998, 1985], [90, 130]) == bounds


@pytest.mark.parametrize(
    "message, period, bounds",
    [
        ("older", (1980, 1989), {"year_min": None, "year_max": 1979}),  # after "sci-fi from the 80s"
        ("newer", (1990, 2005), {"year_min": 2006, "year_max": None}),
        ("older", (1990, 1999), {"year_min": None, "year_max": 1979}),  # the cards are older than the period
        ("older", (1975, None), {"year_min": None, "year_max": 1979}),  # "from 1975 on": older may mean within it
        ("newer", (None, 2005), {"year_min": 1999, "year_max": None}),
    ],
)
def test_older_and_newer_also_leave_a_period_asked_for(message, period, bounds):
    assert compared_bounds(message, [1980, 1998, 1985], [90, 130], period) == bounds


@pytest.mark.slow
def test_older_and_shorter_refine_from_the_cards_shown(recommender):
    session = sid()
    first = recommender.chat(session, "a comedy please")
    oldest = min(h.item.year for h in first.hits)
    older = recommender.chat(session, "older")
    assert older.intent == "refine" and older.profile.constraints.genres == ["Comedy"]
    assert older.hits and all(h.item.year < oldest and "Comedy" in h.item.genres for h in older.hits)
    shortest = min(h.item.runtime for h in older.hits)
    shorter = recommender.chat(session, "shorter")
    assert shorter.hits and all(h.item.runtime < shortest and h.item.year < oldest for h in shorter.hits)


def test_more_like_it_means_the_title_this_message_liked(settings, catalog):
    """After two war dramas, "I loved Finding Nemo. Something like it?" asks for films like Finding
    Nemo, not like the whole conversation: the cards are animation, the opener names it."""
    from flexrec.services import build_recommender

    chat = build_recommender(settings, progress=False, catalog=catalog, model=False)
    sid = None
    for message in ("I loved Inglourious Basterds. Something like it?", "I really enjoyed The Revenant"):
        sid = chat.chat(sid, message).session_id
    turn = chat.chat(sid, "I loved Finding Nemo. Something like it?")
    assert all("Animation" in h.item.genres for h in turn.hits[:3]), [h.item.title for h in turn.hits]
    assert turn.hits[0].because == "Finding Nemo" and "you liked Finding Nemo" in turn.reply
    assert ".." not in turn.reply  # a title ending in a full stop ("Monsters, Inc.") is not given another
    assert turn.profile.liked == ["Inglourious Basterds", "The Revenant", "Finding Nemo"]  # the taste lasts
    again = chat.chat(sid, "something from the 90s")  # names no title: the conversation's items as a whole
    assert again.hits and all(1990 <= h.item.year <= 1999 for h in again.hits)


def test_the_focus_is_the_messages_liked_titles_still_liked():
    profile = merge(UserProfile(), READER.read("I loved Heat").delta)
    reading = READER.read("I loved Up, but not Heat any more")
    after = merge(profile, reading.delta)
    assert search_query(after, reading).focus == ("Up",)
    assert search_query(after, READER.read("something older")).focus == ()


def test_the_time_there_is_outlasts_a_new_kind_of_film_but_not_another_occasion():
    evening = merge(UserProfile(), READER.read("we only have 90 minutes, something funny").delta)
    thriller = merge(evening, READER.read("a thriller", ["Heat"]).delta)  # a new kind, the same evening
    assert (thriller.constraints.genres, thriller.constraints.runtime_max) == (["Thriller"], 90)
    dad = merge(thriller, READER.read("and one for my dad, a western", ["Heat"]).delta)
    assert (dad.constraints.genres, dad.constraints.runtime_max) == (["Western"], None)
    over = merge(thriller, READER.read("start over: a horror film", ["Heat"]).delta)
    assert over.constraints.runtime_max is None


def test_not_a_musical_after_films_about_musicians_keeps_the_music_genre():
    """ "no musicals" refuses the Music genre and the musical theme; said of a request for films about
    musicians, it refuses only the theme (Whiplash is Music and no musical)."""
    refused = ProfileDelta(exclude_genres=["Music"], avoid=["musical"])
    asked = merge(UserProfile(constraints=Constraints(genres=["Music"])), refused).constraints
    assert (asked.genres, asked.exclude_genres, asked.avoid) == (["Music"], [], ["musical"])
    anew = merge(UserProfile(constraints=Constraints(genres=["Comedy"])), refused).constraints
    assert (anew.genres, anew.exclude_genres, anew.avoid) == (["Comedy"], ["Music"], ["musical"])
