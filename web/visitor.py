"""Who is visiting: a signed cookie gives each browser one session id that outlives tabs and server
restarts, so a returning person gets their profile and conversation back.

The cookie holds a random id and an HMAC of it under the server's secret key (`FLEXREC_SECRET_KEY`,
else a key created once in the data dir): a browser cannot pick another person's id. Its session is
`v_<id>`, reachable only with the cookie (web/access.py). It is set by
an ASGI middleware on any response to a request that lacks a valid one (the page load, in practice),
HttpOnly and SameSite=Lax, and read back by the UI's handlers from the request's cookies.

A site that embeds FlexRec and knows its users can pass one instead: `?user=ID&sig=SIG` on the page
URL, SIG being `sign_user(ID)` computed by that site's server with the same key. The session is then
`u_ID` on every browser and device; an id without a valid signature is ignored.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from http.cookies import SimpleCookie
from pathlib import Path

COOKIE = "flexrec_visitor"
MAX_AGE = 365 * 24 * 3600
USER_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
VISITOR_ID = re.compile(r"[0-9a-f]{32}")


def _same(given, expected: str) -> bool:
    """A constant-time comparison that any text (non-ASCII, lone surrogates) simply fails."""
    if not isinstance(given, str):
        return False
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), expected.encode())


def secret_key(configured: str | None, data_dir: Path) -> bytes:
    """The configured key, else one created on first use in `data_dir` (owner-only) and kept."""
    if configured:
        return configured.encode()
    path = Path(data_dir) / "secret.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # never readable by others
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    return path.read_text().strip().encode()


class Visitors:
    def __init__(self, key: bytes):
        self.key = key

    def _sign(self, visitor_id: str) -> str:
        return hmac.new(self.key, visitor_id.encode(), hashlib.sha256).hexdigest()[:32]

    def new_token(self) -> str:
        visitor_id = secrets.token_hex(16)
        return f"{visitor_id}.{self._sign(visitor_id)}"

    def sign_user(self, user_id: str) -> str:
        """What an embedding site passes as `sig` with `user=user_id` (its server holds the key)."""
        return hmac.new(self.key, b"user:" + user_id.encode(), hashlib.sha256).hexdigest()[:32]

    def verify_user(self, user_id: str | None, signature: str | None) -> str | None:
        """The session id of a site-passed user id, or None unless it is well formed and signed."""
        if not isinstance(user_id, str) or not USER_ID.fullmatch(user_id):
            return None
        return f"u_{user_id}" if _same(signature, self.sign_user(user_id)) else None

    def verify(self, token: str | None) -> str | None:
        """The visitor id in a cookie value, or None if it is missing or was not signed by us."""
        visitor_id, _, signature = (token if isinstance(token, str) else "").partition(".")
        if VISITOR_ID.fullmatch(visitor_id) and _same(signature, self._sign(visitor_id)):
            return visitor_id
        return None


class VisitorCookie:
    """ASGI middleware: a page (a GET answered with HTML, not the JSON API) asked for without a
    valid visitor cookie comes with a new one. Scripts, styles and Gradio's JSON get none."""

    def __init__(self, app, visitors: Visitors):
        self.app, self.visitors = app, visitors

    async def __call__(self, scope, receive, send):
        page = scope["type"] == "http" and scope["method"] == "GET" and not scope["path"].startswith("/api/")
        if not page or self._valid(scope):
            return await self.app(scope, receive, send)
        cookie = f"{COOKIE}={self.visitors.new_token()}; Path=/; Max-Age={MAX_AGE}; HttpOnly; SameSite=Lax"
        cookie += "; Secure" if scope.get("scheme") == "https" else ""

        async def send_with_cookie(message):
            if message["type"] == "http.response.start":
                headers = message.get("headers", [])
                if dict(headers).get(b"content-type", b"").startswith(b"text/html"):
                    message["headers"] = [*headers, (b"set-cookie", cookie.encode("latin-1"))]
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    def _valid(self, scope) -> bool:
        for name, value in scope.get("headers", []):
            if name == b"cookie":
                morsel = SimpleCookie(value.decode("latin-1")).get(COOKIE)
                if morsel and self.visitors.verify(morsel.value):
                    return True
        return False
