"""Reading a message without the LLM, once: `Reader.read` gives the `Reading` (see reader.py).
language.py holds the words all readers share; opinions.py reads titles and what is said of them,
wishes.py genres and periods, replies.py a reply to the cards just shown."""

from bot.reading.reader import Reader, Reading
from bot.reading.replies import reply_delta
from bot.reading.wishes import GENRE_WORDS

__all__ = ["GENRE_WORDS", "Reader", "Reading", "reply_delta"]
