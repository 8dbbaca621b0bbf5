"""FlexRec's error family. Messages are written for the person who will read them (CLI, UI, API)."""

from __future__ import annotations


class FlexRecError(Exception):
    """Base class: anything raised as a FlexRecError may be shown to a user as is."""


class InputError(FlexRecError):
    """The user's message (or request) cannot be used: empty, wrong type, malformed id."""


class MessageTooLong(InputError):
    """The message is over the configured limit (the API answers 413)."""


class NotFound(InputError):
    """An unknown session or catalog item was named (the API answers 404)."""


class CatalogError(FlexRecError):
    """A catalog file has malformed rows; `problems` holds (line, message) pairs."""

    def __init__(self, path: str, problems: list[tuple[int, str]]):
        self.path = path
        self.problems = problems
        shown = "\n".join(f"{path}:{line}: {msg}" for line, msg in problems[:20])
        more = f"\n... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{len(problems)} malformed row(s) in {path}:\n{shown}{more}")


class StoreError(FlexRecError):
    """The vector store or profile store cannot be read or written."""


class ModelError(FlexRecError):
    """A model cannot be found or loaded, or generation failed."""


class SpeechUnavailable(ModelError):
    """Speech in or out cannot run on this install: a package, voice or program is missing (the API
    can answer 503: the server is fine, this feature is not set up)."""


class UnknownSession(NotFound):
    """A session that does not exist or that this request may not use: one answer for both, so
    that nobody can learn which sessions exist (web/access.py)."""

    def __init__(self):
        super().__init__("unknown session, or not yours: send session_id null to start a new one")


class TooMany(InputError):
    """A client over its turn limit (the API answers 429 with Retry-After)."""

    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        super().__init__(f"too many messages at once; try again in {retry_after} s")
