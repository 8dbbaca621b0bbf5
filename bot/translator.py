"""Messages in languages the rules do not read (Czech, Greek, Vietnamese …) put into English by the
chat model first, so that the rules read them as they read English.

Only those: the rules read English and the languages of bot/reading/foreign.py better as written
than after the default 1.5B model's translation, which flips persons and negations now and then
("On a déjà vu Amélie" → "Have you seen Amélie?"; docs/experiments/translate-first.md). The
language is told by py3langid (a naive Bayes identifier whose model ships in its wheel), restricted
to the languages the model translates, so that a short English message is not taken for an
English-based creole. The person's words as written are what the history keeps and the writer answers.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import cache

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from bot import prompts
from bot.llm import ChatModel
from bot.reading.foreign import READ_LANGUAGES

log = logging.getLogger(__name__)

# English and the languages Qwen2.5 (the default model's family) is trained to write, by ISO 639-1 code.
LANGUAGES = tuple(
    "en es fr pt de it nl pl sv da no fi cs sk hu ro el ru uk bg tr id ms vi th zh ja ko ar he fa hi bn ur "
    "ta sw tl hr sr sl lt lv et ca".split()
)
# Below this probability the identifier is guessing (two-word greetings, mixed messages): left as written.
MIN_CONFIDENCE = 0.5
_WORD = re.compile(r"[^\W\d_]+")
_LABEL = re.compile(r"^\s*(?:english|translation)\s*:\s*", re.IGNORECASE)
_QUOTES = "\"'“”«»「」"
# An answer instead of a translation ("You're welcome!" to thanks, a refusal): read the message as written.
_ANSWERED = re.compile(
    r"^(?:i'?m sorry,? but\b|i can(?:no|')t (?:assist|help) with\b|as an ai\b|you'?re (?:very )?welcome\b)",
    re.IGNORECASE,
)


@cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def language(message: str) -> tuple[str, float]:
    """The message's language code and the identifier's probability for it."""
    code, probability = _identifier().classify(message)
    return code, float(probability)


def _latin(message: str) -> bool:
    """Whether most of the message's letters are Latin ones: the rules read no other script."""
    letters = [c for c in message if c.isalpha()]
    return 2 * sum(unicodedata.name(c, "").startswith("LATIN") for c in letters) >= len(letters)


def unread(message: str) -> bool:
    """Whether the message is in a language the rules do not read: written in another script
    ("Спасибо, пока!", too short for the identifier to be sure it is Russian), or, with some
    confidence, in a language they do not know. Half its words or more English function words
    ("seen it", "seen all", which the identifier calls Finnish): English."""
    if not _latin(message):
        return True
    words = _WORD.findall(message.lower())
    if words and 2 * sum(w in ENGLISH_STOP_WORDS for w in words) >= len(words):
        return False
    code, probability = language(message)
    return code not in READ_LANGUAGES and probability >= MIN_CONFIDENCE


def translation(text: str, message: str) -> str | None:
    """What the model wrote as the message's translation, without the wrapping small models add (a
    label, quotes, a second line); None where it answered instead or wrote nothing new."""
    text = _LABEL.sub("", text.strip().split("\n")[0]).strip()
    if len(text) > 1 and text[0] in _QUOTES and text[-1] in _QUOTES:
        text = text[1:-1].strip()
    return text if text and text != message and not _ANSWERED.match(text) else None


class Translator:
    def __init__(self, llm: ChatModel, max_new_tokens: int = 160):
        """`max_new_tokens`: the longest translation. A message longer than it can hold (four
        characters a token) is read as written: a translation cut short would lose its end."""
        self.llm, self.max_new_tokens = llm, max_new_tokens

    def warm_up(self) -> None:
        """Before the first person writes in another language: load the identifier's model (~4 s),
        and let a backend with a prompt cache compute the prompt's fixed start (its instructions and
        examples), so that each translation computes only the message."""
        _identifier()
        if hasattr(self.llm, "warm_up"):
            self.llm.warm_up(prompts.render("translate", message=""))

    def english(self, message: str) -> str | None:
        """The message in English where the rules cannot read it and the model translates it; None
        otherwise (read as written), a failing model included: a translation only ever adds."""
        if len(message) > 4 * self.max_new_tokens or not unread(message):
            return None
        budget = min(self.max_new_tokens, 24 + len(message) // 2)
        try:
            text = self.llm.generate(prompts.render("translate", message=message), max_new_tokens=budget)
        except Exception as exc:
            log.warning("translation failed, the message is read as written: %s", exc)
            return None
        return translation(text, message)
