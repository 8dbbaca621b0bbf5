"""Text that sounds natural read aloud: a voice assistant's answer, or the text a TTS voice speaks.

A screen reply may carry what a voice should not say: markdown, list bullets, "(1999)" after a
title, "Matrix, The" catalog order, emoji, links. `speakable` removes or rewrites them; it does not
invent words, so a grounded reply stays grounded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_YEAR = re.compile(r"\s*\((?:19|20)\d\d\)")
_MARKUP = re.compile(r"[*_`#>|~]+")
_BULLET = re.compile(r"^\s*(?:[-•]|\d+[.)])\s+", re.MULTILINE)
_LINK = re.compile(r"https?://\S+")
# Pictographs, dingbats, variation selectors and joiners: a TTS voice reads them as nothing or noise.
_EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\ufe0f\u200d]")
_SPACES = re.compile(r"\s+")


def spoken_title(title: str) -> str:
    """ "Matrix, The (1999)" → "The Matrix": the way a person says it."""
    title = _YEAR.sub("", title).strip()
    head, sep, article = title.rpartition(", ")
    return f"{article} {head}" if sep and article in ("The", "A", "An") else title


def speakable(text: str, titles: Iterable[str] = ()) -> str:
    """One flowing line: no markup, no list bullets, no years in brackets, no links or emoji; each
    of `titles` (the catalog's spelling) as it is said. Only known titles are reordered: free text
    like "In Paris, the city…" must not become "The In Paris"."""
    for title in titles:
        written = _YEAR.sub("", title).strip()
        if (said := spoken_title(written)) != written:
            text = text.replace(written, said)
    text = _BULLET.sub("", text)
    text = _LINK.sub("", text)
    text = _EMOJI.sub("", text)
    text = _YEAR.sub("", text)
    text = _MARKUP.sub("", text).replace("&", " and ")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    # a list read aloud needs its pauses: an item's line that ends without a stop gets one
    text = " ".join(line if line[-1] in ".!?,;:" else line + "." for line in lines)
    text = _SPACES.sub(" ", text).strip()
    return re.sub(r"\s+([,.!?])", r"\1", text)
