"""Nothing from the catalog, the user or the model reaches the page as markup."""

from bot.profile import Constraints, UserProfile, entries
from web.render import card_html, entry_label

EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_cards_escape_catalog_text():
    html = card_html({"id": 'i"d', "title": EVIL, "year": 2001, "genres": [EVIL], "why": EVIL})
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert 'data-item-id="i&quot;d"' in html and "(2001)" in html


def test_profile_entries_read_as_what_is_believed():
    p = UserProfile(
        liked=["The Matrix"],
        disliked=["Nolan"],
        constraints=Constraints(year_min=1980, year_max=1989, exclude_genres=["Horror"], genres=["Comedy"]),
    )
    labels = [entry_label(e) for e in entries(p)]
    assert labels == ["The Matrix", "Nolan", "genre: Comedy", "no Horror", "from 1980", "until 1989"]
