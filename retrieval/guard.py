"""A Chroma collection whose calls fail as `StoreError` when the store cannot be reached, and a time
bound on chromadb's HTTP client.

Why: with FLEXREC_CHROMA_URL, chromadb's HTTP client lets httpx's errors through (a stopped server:
`ConnectError`), which are no FlexRecError, so a turn against a Chroma server that had gone away
was a bare 500 "Internal Server Error" instead of the API's 503 with a message
(tests/test_faults.py). And that client waits forever (`httpx.Client(timeout=None)`): a hung
server hung the turn with it. Every call reaches the server afresh, so the first call after the
server is back works again; nothing needs reopening.
"""

from __future__ import annotations

import logging

import httpx

from flexrec.errors import StoreError

log = logging.getLogger(__name__)

# A catalog read or a 128-item upsert takes well under a second on a local server; a server that
# answers nothing for this long is taken as unreachable.
HTTP_TIMEOUT = httpx.Timeout(20.0, connect=5.0)


def location(client) -> str:
    """Where a Chroma client's store is, for messages: its server's URL or its folder."""
    try:
        settings = client.get_settings()
    except Exception:  # only for the message
        return "Chroma"
    if settings.chroma_server_host:
        return f"Chroma at http://{settings.chroma_server_host}:{settings.chroma_server_http_port}"
    return f"Chroma at {settings.persist_directory}"


def bound_http(client) -> None:
    """Give chromadb's HTTP session a timeout (it has none, and no setting for one)."""
    session = getattr(getattr(client, "_server", None), "_session", None)
    if isinstance(session, httpx.Client):
        session.timeout = HTTP_TIMEOUT
    else:
        log.warning("cannot bound the Chroma HTTP client's wait (chromadb changed?): a hung server hangs requests")


class Guarded:
    """`collection`'s methods, with a failure to reach the store raised as StoreError."""

    def __init__(self, collection, where: str):
        self._collection, self._where = collection, where

    def __getattr__(self, name: str):
        attr = getattr(self._collection, name)
        if not callable(attr):
            return attr

        def call(*args, **kwargs):
            try:
                return attr(*args, **kwargs)
            except (httpx.TransportError, ConnectionError) as exc:
                raise StoreError(f"the catalog store ({self._where}) is unreachable: {exc!r}") from exc

        return call
