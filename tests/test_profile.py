"""Golden cases for the pure profile merge."""

import pytest
from pydantic import ValidationError

from bot.profile import Constraints, Entry, ProfileDelta, UserProfile, add, entries, merge, remove


def test_merge_adds_likes_and_constraints_without_touching_the_input():
    before = UserProfile()
    after = merge(before, ProfileDelta(liked=["The Matrix", "Inception"], exclude_genres=["Horror"]))
    assert after.liked == ["The Matrix", "Inception"]
    assert after.constraints.exclude_genres == ["Horror"]
    assert before == UserProfile()  # pure: the old profile is unchanged


def test_disliking_moves_an_entry_out_of_liked_and_back():
    p = merge(UserProfile(), ProfileDelta(liked=["The Matrix", "Inception"]))
    p = merge(p, ProfileDelta(disliked=["matrix"]))  # "matrix" names "The Matrix"
    assert p.liked == ["Inception"]
    assert p.disliked == ["matrix"]
    p = merge(p, ProfileDelta(liked=["Matrix"]))
    assert "Matrix" in p.liked and p.disliked == []


def test_saying_both_in_one_delta_counts_as_dislike():
    p = merge(UserProfile(), ProfileDelta(liked=["Titanic"], disliked=["Titanic"]))
    assert p.liked == [] and p.disliked == ["Titanic"]


def test_duplicates_are_dropped_case_insensitively_keeping_first_spelling():
    p = merge(UserProfile(liked=["The Matrix"]), ProfileDelta(liked=["the matrix", "  Inception "]))
    assert p.liked == ["The Matrix", "Inception"]


def test_a_new_period_replaces_the_old_one_and_is_ordered():
    p = merge(UserProfile(), ProfileDelta(year_min=1980, year_max=1989))
    assert (p.constraints.year_min, p.constraints.year_max) == (1980, 1989)
    p = merge(p, ProfileDelta(year_min=2000))
    assert (p.constraints.year_min, p.constraints.year_max) == (2000, None)
    p = merge(p, ProfileDelta(year_min=1999, year_max=1990))
    assert (p.constraints.year_min, p.constraints.year_max) == (1990, 1999)
    p = merge(p, ProfileDelta(liked=["Up"]))  # no period in the delta: the old one stays
    assert (p.constraints.year_min, p.constraints.year_max) == (1990, 1999)


def test_a_bound_let_go_leaves_the_request_unless_said_anew():
    """ "peu importe l'année finalement": the 70s asked before go, the French stays; "any year after
    2000" lets the old period go for the new one."""
    p = merge(UserProfile(), ProfileDelta(year_min=1970, year_max=1979, runtime_max=100, language="fr"))
    p = merge(p, ProfileDelta(lifted=["period"]))
    c = p.constraints
    assert (c.year_min, c.year_max, c.runtime_max, c.language) == (None, None, 100, "fr")
    p = merge(p, ProfileDelta(lifted=["length", "language"], year_min=2000))
    c = p.constraints
    assert (c.year_min, c.runtime_max, c.language) == (2000, None, None)
    with pytest.raises(ValidationError):
        ProfileDelta(lifted=["actors"])  # only the bounds named can be let go


def test_kinds_let_go_leave_whom_the_films_are_for_and_the_rest_of_the_request():
    """ "comedy not necessary, any good hindi film": the kinds go, the family and the language stay."""
    p = merge(UserProfile(), ProfileDelta(genres=["Family", "Comedy"], language="hi", every_genre=True))
    p = merge(p, ProfileDelta(lifted=["genres"]))
    c = p.constraints
    assert (c.genres, c.every_genre, c.language) == (["Family"], False, "hi")
    p = merge(p, ProfileDelta(lifted=["genres"], genres=["Drama"]))  # a kind said with it is asked for
    assert p.constraints.genres == ["Family", "Drama"]


def test_wanting_a_genre_lifts_its_exclusion():
    p = UserProfile(constraints=Constraints(exclude_genres=["Horror"]))
    p = merge(p, ProfileDelta(genres=["Horror"]))
    assert p.constraints.genres == ["Horror"] and p.constraints.exclude_genres == []


def test_shown_items_accumulate_without_duplicates():
    p = merge(UserProfile(), ProfileDelta(), shown=["a", "b"])
    p = merge(p, ProfileDelta(), shown=["b", "c"])
    assert p.recommended == ["a", "b", "c"]


def test_lists_are_bounded():
    p = merge(UserProfile(), ProfileDelta(liked=[f"Movie {i}" for i in range(100)]))
    assert len(p.liked) == 40 and p.liked[-1] == "Movie 99"


def test_entries_can_be_added_and_removed_one_by_one():
    p = add(UserProfile(), Entry(kind="liked", value="  Alien "))
    p = add(p, Entry(kind="exclude_genres", value="Horror"))
    p = add(p, Entry(kind="year_min", value="1990"))
    p = add(p, Entry(kind="year_max", value="1999"))  # one bound keeps the other
    assert p.liked == ["Alien"] and p.constraints.exclude_genres == ["Horror"]
    assert (p.constraints.year_min, p.constraints.year_max) == (1990, 1999)
    assert [(e.kind, e.value) for e in entries(p)] == [
        ("liked", "Alien"),
        ("exclude_genres", "Horror"),
        ("year_min", "1990"),
        ("year_max", "1999"),
    ]
    p = add(p, Entry(kind="disliked", value="alien"))  # changing one's mind goes through merge
    assert p.liked == [] and p.disliked == ["alien"]
    p = remove(p, Entry(kind="disliked", value="ALIEN"))
    p = remove(p, Entry(kind="year_min", value="1990"))
    p = remove(p, Entry(kind="exclude_genres", value="horror"))
    assert p.disliked == [] and p.constraints == Constraints(year_max=1999)
    assert remove(p, Entry(kind="liked", value="Not there")) == p


@pytest.mark.parametrize("kind, value", [("year_min", "abc"), ("year_max", "1200"), ("liked", "   "), ("colour", "x")])
def test_bad_entries_are_refused(kind, value):
    with pytest.raises(ValidationError):
        Entry(kind=kind, value=value)


def test_seen_titles_are_kept_without_an_opinion():
    p = merge(UserProfile(liked=["Alien"]), ProfileDelta(seen=["Up", "Alien"]))
    assert p.seen == ["Up", "Alien"] and p.liked == ["Alien"]


def test_a_title_taken_back_leaves_both_lists():
    p = UserProfile(liked=["Twilight", "Heat"], disliked=["Up"])
    p = merge(p, ProfileDelta(retracted=["Twilight", "Up"]))
    assert (p.liked, p.disliked) == (["Heat"], [])
    assert merge(p, ProfileDelta(retracted=["Heat"], disliked=["Heat"])).disliked == ["Heat"]  # "..., I hate it"


def test_the_model_cannot_keep_an_opinion_the_person_took_back():
    from bot.profiler import combine

    rules = ProfileDelta(retracted=["Twilight"])
    for llm_first in (True, False):
        merged = combine(ProfileDelta(disliked=["Twilight"], liked=["Heat"]), rules, llm_first=llm_first)
        assert merged.liked == ["Heat"] and merged.disliked == [] and merged.retracted == ["Twilight"]


def test_a_genre_asked_in_refining_takes_the_old_ones_place_but_the_audience_stays():
    """ "Chinese martial arts", then "something funnier": comedies, not action or comedy; "for my
    kids", then "an adventure one": family adventures. A genre refused stays refused."""
    p = merge(UserProfile(), ProfileDelta(genres=["Action"], language="zh"))
    p = merge(p, ProfileDelta(genres=["Comedy"]))
    assert p.constraints.genres == ["Comedy"] and p.constraints.language == "zh"
    p = merge(UserProfile(), ProfileDelta(genres=["Family"], exclude_genres=["Horror"]))
    p = merge(p, ProfileDelta(genres=["Adventure"]))
    assert p.constraints.genres == ["Family", "Adventure"] and p.constraints.exclude_genres == ["Horror"]
    p = merge(p, ProfileDelta(year_max=1999))  # a bound alone keeps the genres
    assert p.constraints.genres == ["Family", "Adventure"]
    # a form stays too: "any good documentaries?", then "one about music or musicians"
    p = merge(merge(UserProfile(), ProfileDelta(genres=["Documentary"])), ProfileDelta(genres=["Music"]))
    assert p.constraints.genres == ["Documentary", "Music"]
