"""HTML for the item cards and the profile panel. Every value is escaped: catalog text, user text
and model output reach the page as text, never as markup."""

from __future__ import annotations

from html import escape

from bot.profile import UserProfile
from retrieval.retriever import Hit

CSS = """
.fx-cards {display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 10px;}
.fx-card {border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 10px;}
.fx-card h4 {margin: 0 0 4px 0; overflow-wrap: anywhere;}
.fx-meta {opacity: .75; font-size: .9em;} .fx-why {margin-top: 6px;}
.fx-profile ul {margin: 2px 0 8px 18px;} .fx-empty {opacity: .7;}
"""


def cards_html(hits: list[Hit]) -> str:
    if not hits:
        return '<div class="fx-empty">Recommendations appear here.</div>'
    cards = []
    for h in hits:
        year = f" ({h.item.year})" if h.item.year else ""
        cards.append(
            f'<div class="fx-card" data-item-id="{escape(h.id)}">'
            f"<h4>{escape(h.item.title)}{year}</h4>"
            f'<div class="fx-meta">{escape(", ".join(h.item.genres))}</div>'
            f'<div class="fx-why">{escape(h.why)}</div></div>'
        )
    return f'<div class="fx-cards">{"".join(cards)}</div>'


def _section(name: str, values: list[str]) -> str:
    if not values:
        return ""
    items = "".join(f"<li>{escape(v)}</li>" for v in values)
    return f"<b>{escape(name)}</b><ul>{items}</ul>"


def profile_html(profile: UserProfile) -> str:
    c = profile.constraints
    period = ""
    if c.year_min or c.year_max:
        period = f"{c.year_min or '…'}–{c.year_max or '…'}"
    constraints = [f"genre: {g}" for g in c.genres] + [f"no {g}" for g in c.exclude_genres]
    constraints += [f"years {period}"] if period else []
    body = (
        _section("Liked", profile.liked)
        + _section("Disliked", profile.disliked)
        + _section("Topics", profile.topics)
        + _section("Constraints", constraints)
    )
    return f'<div class="fx-profile">{body or "<span class=fx-empty>Nothing yet: tell me what you like.</span>"}</div>'
