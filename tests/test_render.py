"""Nothing from the catalog, the user or the model reaches the page as markup."""

from bot.profile import Constraints, UserProfile
from flexrec.render import cards_html, profile_html
from retrieval.catalog import Item
from retrieval.retriever import Hit

EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_cards_escape_catalog_text():
    item = Item(id='i"d', title=EVIL, year=2001, genres=[EVIL], overview=EVIL)
    html = cards_html([Hit('i"d', 1.0, item, why=EVIL)])
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert 'data-item-id="i&quot;d"' in html


def test_profile_panel_escapes_user_text_and_shows_what_is_believed():
    p = UserProfile(
        liked=[EVIL, "The Matrix"],
        disliked=["Nolan"],
        constraints=Constraints(year_min=1980, year_max=1989, exclude_genres=["Horror"]),
    )
    html = profile_html(p)
    assert "<script>" not in html and "&lt;img src=x" in html
    for text in ("The Matrix", "Nolan", "no Horror", "1980–1989"):
        assert text in html
