"""HTML and labels for the item cards and the profile panel. Every value is escaped: catalog text,
user text and model output reach the page as text, never as markup."""

from __future__ import annotations

from html import escape

from bot.profile import Entry
from retrieval.catalog import LANGUAGES

# One font for every letter: the system's own. Gradio's theme font, Source Sans Pro, has a SemiBold
# file with only some Latin letters, so bold titles mixed two fonts. (The theme itself, mounted in
# app.py, still declares it: the page may fetch its Regular file before this CSS arrives; no text
# is drawn in it after.)
FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
FONT_MONO = 'ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace'

CSS = f"""
:root, :root .dark, .gradio-container {{--font: {FONT}; --font-mono: {FONT_MONO};}}
body:has(> gradio-app[control_page_title="true"]) {{font-family: var(--font);}} /* Gradio's own page only */
.fx-cards {{display: grid !important; grid-template-columns: repeat(auto-fill, minmax(210px, 1fr)); gap: 10px;}}
.fx-card {{border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 10px !important;}}
.fx-card h4 {{margin: 0 0 4px 0; overflow-wrap: anywhere;}}
.fx-meta {{opacity: .75; font-size: .9em;}} .fx-why {{margin-top: 6px;}}
.fx-chips {{flex-wrap: wrap !important; gap: 4px !important;}} .fx-chips button {{flex: 0 0 auto !important;}}
.fx-empty {{opacity: .7;}}
.fx-typing {{opacity: .75; font-style: italic;}}
.fx-dots span {{animation: fx-blink 1.4s infinite both;}}
.fx-dots span:nth-child(2) {{animation-delay: .2s;}} .fx-dots span:nth-child(3) {{animation-delay: .4s;}}
@keyframes fx-blink {{0%, 80%, 100% {{opacity: .2;}} 40% {{opacity: 1;}}}}
.fx-confirm {{font-weight: 600;}}
/* A phone: the columns stack (chat, cards, profile), so a shorter chat, and the cards in one row
   that scrolls sideways: the first card's title is in view after a turn. */
@media (max-width: 640px) {{
  #fx-chat {{height: clamp(200px, 30vh, 300px) !important;}}
  .fx-cards {{grid-auto-flow: column; grid-template-columns: none; grid-auto-columns: minmax(220px, 80%);
    overflow-x: auto; scroll-snap-type: x mandatory; padding-bottom: 6px;}}
  .fx-card {{scroll-snap-align: start;}}
}}
@media (prefers-reduced-motion: reduce) {{.fx-dots span {{animation: none;}}}}
"""

EMPTY_CARDS = '<div class="fx-empty">Recommendations appear here.</div>'
EMPTY_PROFILE = '<div class="fx-empty">Nothing yet: tell me what you like.</div>'

_HELLO = "Hi! I'm FlexRec. What is a movie you loved lately, and what are you in the mood for tonight? "
GREETING = _HELLO + "You can also react to these popular picks, or start from a line about yourself (New here?)."
# The widget (`/widget`) is the chat and its cards alone: no "New here?" panel to point to.
WIDGET_GREETING = _HELLO + "You can also react to these popular picks."

# The assistant's bubble from the moment a message is sent until the first words of the reply.
THINKING = (
    '<span class="fx-typing" role="status">FlexRec is thinking'
    '<span class="fx-dots" aria-hidden="true"><span>.</span><span>.</span><span>.</span></span></span>'
)
FORGET_QUESTION = (
    '<div class="fx-confirm">Really delete everything FlexRec keeps about you (profile, conversation, feedback)?</div>'
)

# The panel's sections and the entry kinds each shows, in order: what lasts, then the request of the
# moment (it gives way when the person asks for something new).
SECTIONS = [
    ("Liked", ("liked",)),
    ("Disliked", ("disliked",)),
    ("Seen", ("seen",)),
    ("Topics", ("topics",)),
    ("Always", ("always_genres", "never_genres")),
    (
        "Asked for now",
        (
            "genres",
            "exclude_genres",
            "year_min",
            "year_max",
            "language",
            "runtime_max",
            "runtime_min",
            "rating_min",
            "avoid",
        ),  # fmt: skip
    ),
]
_LABEL = {
    "always_genres": "love {}",
    "never_genres": "never {}",
    "genres": "genre: {}",
    "exclude_genres": "no {}",
    "year_min": "from {}",
    "year_max": "until {}",
    "runtime_max": "at most {} min",
    "runtime_min": "at least {} min",
    "rating_min": "rated {}+",
    "avoid": "nothing about {}",
}


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
    if entry.kind == "language":
        return f"in {LANGUAGES.get(entry.value, entry.value)}"
    return _LABEL.get(entry.kind, "{}").format(entry.value)


def section_html(name: str) -> str:
    return f"<b>{escape(name)}</b>"


def proposal_html(text: str) -> str:
    return f'<div class="fx-proposal">{escape(text)}</div>' if text else ""
