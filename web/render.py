"""HTML and labels for the item cards and the profile panel. Every value is escaped: catalog text,
user text and model output reach the page as text, never as markup."""

from __future__ import annotations

from html import escape

from bot.profile import Entry

CSS = """
.fx-cards {display: grid !important; grid-template-columns: repeat(auto-fill, minmax(210px, 1fr)); gap: 10px;}
.fx-card {border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 10px !important;}
.fx-card h4 {margin: 0 0 4px 0; overflow-wrap: anywhere;}
.fx-meta {opacity: .75; font-size: .9em;} .fx-why {margin-top: 6px;}
.fx-chips {flex-wrap: wrap !important; gap: 4px !important;} .fx-chips button {flex: 0 0 auto !important;}
.fx-empty {opacity: .7;}
"""

EMPTY_CARDS = '<div class="fx-empty">Recommendations appear here.</div>'
EMPTY_PROFILE = '<div class="fx-empty">Nothing yet: tell me what you like.</div>'

GREETING = (
    "Hi! I'm FlexRec. What is a movie you loved lately, and what are you in the mood for tonight? "
    "You can also react to these popular picks, or start from a line about yourself (New here?)."
)

# The panel's sections and the entry kinds each shows, in order.
SECTIONS = [
    ("Liked", ("liked",)),
    ("Disliked", ("disliked",)),
    ("Seen", ("seen",)),
    ("Topics", ("topics",)),
    ("Constraints", ("genres", "exclude_genres", "year_min", "year_max")),
]
_PREFIX = {"genres": "genre: ", "exclude_genres": "no ", "year_min": "from ", "year_max": "until "}


def card_html(item: dict) -> str:
    """One card's text: `item` as in the API's answer (id, title, year, genres, why)."""
    year = f" ({item['year']})" if item.get("year") else ""
    return (
        f'<div class="fx-card-text" data-item-id="{escape(item["id"])}">'
        f"<h4>{escape(item['title'])}{year}</h4>"
        f'<div class="fx-meta">{escape(", ".join(item.get("genres") or []))}</div>'
        f'<div class="fx-why">{escape(item.get("why") or "")}</div></div>'
    )


def entry_label(entry: Entry) -> str:
    """How an entry reads in the panel (plain text: Gradio shows button labels as text)."""
    return _PREFIX.get(entry.kind, "") + entry.value


def section_html(name: str) -> str:
    return f"<b>{escape(name)}</b>"


def proposal_html(text: str) -> str:
    return f'<div class="fx-proposal">{escape(text)}</div>' if text else ""
