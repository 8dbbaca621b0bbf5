"""Hard limits on what a request may make the server do, enforced before the app does any work:
which Host it names, how big its body is and how long it takes to send it, how deep and how large
its JSON is, and how many turns one client starts per minute.

Each limit answers a clear 4xx JSON error (`{"error": ...}`), closes the connection when the body
was not read to its end, and never lets bad input reach code that would answer 5xx.
"""

from __future__ import annotations

import asyncio
import json
import math
import threading
import time
from collections import OrderedDict, deque

from flexrec.errors import TooMany

LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
MAX_DEPTH = 16  # FlexRec's own bodies nest 3 deep
MAX_NUMBER_CHARS = 20  # a year, a count: nothing FlexRec takes needs more digits


def allowed_hosts(configured: str, listen_host: str) -> list[str]:
    """`FLEXREC_ALLOWED_HOSTS` (names separated by commas or spaces; `*.example.org` covers its
    subdomains; `*` turns the check off), else the local names plus the host `serve` listens on."""
    hosts = [h.strip().lower() for h in configured.replace(",", " ").split()]
    if not hosts:
        hosts = [*LOCAL_HOSTS, *([listen_host.lower()] if listen_host not in ("0.0.0.0", "::", "") else [])]
    return list(dict.fromkeys(hosts))


def _host_name(value: str) -> str:
    """'Example.org:7860' → 'example.org'; '[::1]:7860' → '::1'."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:].partition("]")[0]
    return value.rpartition(":")[0] if value.count(":") == 1 else value


async def _refuse(send, status: int, message: str, headers: list[tuple[bytes, bytes]] = ()) -> None:
    body = json.dumps({"error": message}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),  # what is left of the request is not read: no reuse
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class HostGuard:
    """ASGI middleware: a request whose Host (or X-Forwarded-Host) is not allowed gets a 400 before
    the app sees it, so no page or Gradio config ever reflects a name an attacker chose (DNS
    rebinding: a hostile name pointed at 127.0.0.1). Starlette's TrustedHostMiddleware does the same
    with a text answer; this one answers JSON and checks the forwarded host too."""

    def __init__(self, app, hosts: list[str]):
        self.app, self.any = app, "*" in hosts
        self.exact = {h for h in hosts if not h.startswith("*.")}
        self.suffixes = tuple(h[1:] for h in hosts if h.startswith("*."))

    def allowed(self, value: str) -> bool:
        name = _host_name(value)
        return self.any or name in self.exact or (bool(self.suffixes) and name.endswith(self.suffixes))

    async def __call__(self, scope, receive, send):
        if scope["type"] in ("http", "websocket"):
            headers = scope.get("headers", [])  # every copy: a second header must not slip past
            named = [v.decode("latin-1") for k, v in headers if k == b"host"] or [""]
            named += [h for k, v in headers if k == b"x-forwarded-host" for h in v.decode("latin-1").split(",")]
            if not all(self.allowed(h) for h in named):
                if scope["type"] == "websocket":
                    return await send({"type": "websocket.close", "code": 1008})
                return await _refuse(send, 400, "this server does not answer to that host name (FLEXREC_ALLOWED_HOSTS)")
        await self.app(scope, receive, send)


class BodyTooLarge(Exception):
    pass


class BodyTooSlow(Exception):
    pass


class BodyLimits:
    """ASGI middleware: each route's largest body, counted while it is read (a chunked body has no
    Content-Length to trust), and a deadline for sending the whole body (a client trickling bytes
    holds a worker and a connection). Over either, a 413 or 408 and the connection closes. Whatever
    the app makes of the interrupted read (Gradio answers 500 or "error parsing the body") is
    dropped in favour of that answer."""

    def __init__(self, app, limits: dict[str, int], default: int, timeout: float):
        """`limits`: path suffix → bytes (the same route under the widget's mount point too)."""
        self.app, self.limits, self.default, self.timeout = app, limits, default, timeout

    def limit(self, path: str) -> int:
        return next((n for suffix, n in self.limits.items() if path.endswith(suffix)), self.default)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = self.limit(scope["path"])
        too_large = f"the request body is too large; at most {limit:,} bytes are accepted here"
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None:
            if not declared.isdigit() or len(declared) > 15:
                return await _refuse(send, 400, "the Content-Length header is not a number")
            if int(declared) > limit:
                return await _refuse(send, 413, too_large)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        state = {"read": 0, "done": False, "started": False, "refused": None}

        async def limited_receive():
            if state["refused"]:  # asked again after a refusal: still refused
                raise BodyTooLarge()
            if state["done"]:  # the body is in: later reads wait for a disconnect, unbounded
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), max(deadline - loop.time(), 0.001))
            except TimeoutError:
                state["refused"] = (408, f"the request body took longer than {self.timeout:g} s to arrive")
                raise BodyTooSlow() from None
            if message["type"] == "http.request":
                state["read"] += len(message.get("body", b""))
                state["done"] = not message.get("more_body", False)
                if state["read"] > limit:
                    state["refused"] = (413, too_large)
                    raise BodyTooLarge()
            return message

        async def tracked_send(message):
            if state["refused"]:  # the app's own answer to the cut-off read: ours goes instead
                return
            if message["type"] == "http.response.start":
                state["started"] = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracked_send)
        except (BodyTooLarge, BodyTooSlow):
            pass
        except Exception:
            if not state["refused"]:
                raise
        if state["refused"] and not state["started"]:
            await _refuse(send, *state["refused"])


class GradioInputErrors:
    """ASGI middleware for Gradio's routes, which answer some malformed requests with a 500: an
    unknown endpoint name (`FnIndexInferError`), an unknown `fn_index` or component id (`KeyError`),
    and, on the queue-less `/run/` and `/api/` routes, every `gr.Error` a FlexRec endpoint raises
    for bad input. Those two routes are closed (gradio_client and the page use the queue: `/call/`,
    `/queue/join`); the others' input errors become a 400 JSON error."""

    CLOSED = ("/gradio_api/run/", "/gradio_api/api/")

    def __init__(self, app):
        from gradio.route_utils import FnIndexInferError

        self.app, self.input_errors = app, (FnIndexInferError, KeyError)

    async def __call__(self, scope, receive, send):
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if "/gradio_api/" not in path:
            return await self.app(scope, receive, send)
        if any(closed in path for closed in self.CLOSED):
            return await _refuse(send, 404, "call FlexRec's Gradio endpoints through the queue (gradio_client)")
        held: list[dict] = []  # a 500 waits here until it is known whether it was bad input

        async def holding_send(message):
            if held or (message["type"] == "http.response.start" and message["status"] == 500):
                held.append(message)
            else:
                await send(message)

        try:
            await self.app(scope, receive, holding_send)
        except self.input_errors as exc:
            if held:
                return await _refuse(send, 400, f"this request names no endpoint or component: {exc}")
            raise
        for message in held:
            await send(message)


class BadJSON(ValueError):
    """A body that is not JSON FlexRec takes: the message says why (the API answers 400)."""


def _number(text: str):
    if len(text) > MAX_NUMBER_CHARS:
        raise BadJSON(f"a number in the body has more than {MAX_NUMBER_CHARS} characters")
    value = float(text) if any(c in text for c in ".eE") else int(text)
    if isinstance(value, float) and not math.isfinite(value):
        raise BadJSON("a number in the body is out of range")
    return value


def _no_constant(name: str):
    raise BadJSON(f"{name} is not JSON")


def parse_json(raw: bytes):
    """The body as JSON, or BadJSON: not UTF-8, not JSON, nested deeper than MAX_DEPTH, a number
    longer than MAX_NUMBER_CHARS characters, NaN or Infinity, or text with a lone surrogate
    ("\\ud83c", which no tokenizer or store can take)."""
    try:
        value = json.loads(raw.decode("utf-8"), parse_int=_number, parse_float=_number, parse_constant=_no_constant)
    except RecursionError:
        raise BadJSON(f"the body is nested more than {MAX_DEPTH} levels deep") from None
    except UnicodeDecodeError:
        raise BadJSON("the request body is not UTF-8 text") from None
    except BadJSON:
        raise
    except ValueError:
        raise BadJSON("the request body is not valid JSON") from None
    _check(value, 0)
    return value


def _check(value, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise BadJSON(f"the body is nested more than {MAX_DEPTH} levels deep")
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise BadJSON("text in the body is not valid Unicode (a lone surrogate)") from None
    elif isinstance(value, dict):
        for key, item in value.items():
            _check(key, depth + 1)
            _check(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check(item, depth + 1)


class TurnLimiter:
    """At most `per_minute` turns per client in any 60 s (0: no limit). A turn is the expensive
    request (seconds of LLM time); the default is a rate no person typing or talking reaches,
    so only scripts meet it. Clients are told when to come back (429, Retry-After)."""

    WINDOW = 60.0
    MAX_CLIENTS = 10_000  # the oldest client's record goes first: memory stays bounded

    def __init__(self, per_minute: int):
        self.per_minute = per_minute
        self.clients: OrderedDict[str, deque] = OrderedDict()
        self.lock = threading.Lock()

    def take(self, client: str | None) -> None:
        """Count one turn for `client`, or raise TooMany with the seconds to wait."""
        if self.per_minute <= 0:
            return
        now = time.monotonic()
        with self.lock:
            times = self.clients.pop(client or "?", None) or deque()
            while times and now - times[0] >= self.WINDOW:
                times.popleft()
            self.clients[client or "?"] = times
            if len(self.clients) > self.MAX_CLIENTS:
                self.clients.popitem(last=False)
            if len(times) >= self.per_minute:
                raise TooMany(max(1, math.ceil(self.WINDOW - (now - times[0]))))
            times.append(now)
