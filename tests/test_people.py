"""People a message asks films of (bot/reading/people.py): the catalog has no cast or crew, so the
chat says it cannot look for them instead of presenting cards as if it had."""

import pytest

from bot.reading.people import people_asked
from retrieval.titles import TitleIndex

TITLES = TitleIndex(
    [("1", "The Rock", 5), ("2", "Harry Potter and the Philosopher's Stone", 9), ("3", "The Matrix", 8)]
)


@pytest.mark.parametrize(
    "message, people",
    [
        ("something with Tom Hanks?", ["Tom Hanks"]),
        ("any Tarantino movies?", ["Tarantino"]),
        ("films directed by Christopher Nolan", ["Christopher Nolan"]),
        ("starring Meryl Streep please", ["Meryl Streep"]),
        ("Nolan's films are great", ["Nolan"]),
        ("I want a movie with Leonardo DiCaprio", ["Leonardo DiCaprio"]),
        ("Something with Brad Pitt and Morgan Freeman", ["Brad Pitt", "Morgan Freeman"]),
        ("films by Spielberg", ["Spielberg"]),
        ("something with Harry Potter vibes", []),  # the start of a catalog title
        ("something with The Rock", []),  # a catalog title
        ("any Disney movies", []),  # a kind of film
        ("any good Christmas movies", []),
        ("a French film with subtitles", []),
        ("Good movies for tonight?", []),
        ("anything with a twist", []),
        ("something with tom hanks", []),  # no capitals, no telling a name from words
    ],
)
def test_people_are_told_by_how_they_are_asked_for(message, people):
    assert people_asked(message, TITLES) == people


def test_a_request_by_actor_says_the_catalog_cannot_and_shows_what_fits_the_rest(settings, catalog):
    from flexrec.services import build_recommender

    chat = build_recommender(settings, progress=False, catalog=catalog, model=False)
    turn = chat.chat(None, "any Tarantino movies from the 90s?")
    assert turn.reply.startswith("My catalog has no cast or crew, so I can't look for films with or by Tarantino")
    assert turn.hits and all(1990 <= h.item.year <= 1999 for h in turn.hits)  # the rest of the request holds
    plain = chat.chat(None, "any crime movies from the 90s?")
    assert "cast or crew" not in plain.reply


def test_a_long_list_of_capitalised_titles_is_read_and_names_nobody(catalog):
    """A 4,000-character list of titles once made the name patterns backtrack without end (40 titles
    took 15 s, 150 far longer): each name word could end at any of its letters."""
    from bot.reading import Reader

    store, titles, _ = catalog
    message = ("I loved " + ", ".join(item.title for item in store.all_items()[:150]))[:4000]
    reading = Reader(titles).read(message)
    assert reading.people == () and len(reading.named) >= 100
