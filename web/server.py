"""How uvicorn serves the app: its own limits set, plus a deadline for a request's line and headers.

uvicorn bounds the idle time between requests (`timeout_keep_alive`), the size of the headers
(`h11_max_incomplete_event_size`) and the open connections (`limit_concurrency`, a 503 beyond it),
but not the time a client may take to send its headers: a connection that trickles a byte a second
holds a socket forever. `HeaderDeadline` closes it after `header_timeout` seconds with a 408. The body
has its own deadline in the app (web/limits.BodyLimits).
"""

from __future__ import annotations

import json

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from flexrec.settings import Settings


class HeaderDeadline(H11Protocol):
    header_timeout = 10.0

    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        self._arm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm()  # the next request on this kept-alive connection gets the same deadline

    def _arm(self) -> None:
        armed = self.cycle  # a new request replaces it: then this deadline has been met
        self.loop.call_later(self.header_timeout, self._expire, armed)

    def _expire(self, armed) -> None:
        if self.cycle is not armed or self.conn.their_state is not h11.IDLE or self.transport.is_closing():
            return
        body = json.dumps({"error": f"the request headers took longer than {self.header_timeout:g} s"}).encode()
        head = (
            "HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\n"
            f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
        )
        self.transport.write(head.encode() + body)
        self.transport.close()


def server_config(app, settings: Settings, **overrides) -> uvicorn.Config:
    """uvicorn's settings for FlexRec: the host, port and limits of `settings`."""
    protocol = type("HeaderDeadline", (HeaderDeadline,), {"header_timeout": settings.header_timeout})
    options = {
        "host": settings.host,
        "port": settings.port,
        "log_level": "warning",
        "http": protocol,
        "timeout_keep_alive": 5,
        "limit_concurrency": settings.max_connections,
        "h11_max_incomplete_event_size": 16 * 1024,  # request line and headers
        **overrides,
    }
    return uvicorn.Config(app, **options)
