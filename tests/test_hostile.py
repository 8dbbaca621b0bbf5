"""Every case of tests/hostile_corpus.py against one real server: an answer it may give (never a 5xx),
a clear error, nothing stored by a refused request, and a server still healthy afterwards."""

from __future__ import annotations

import json
import os
import re
import select
import socket
import sqlite3
import time
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from flexrec.errors import UnknownSession
from flexrec.settings import Settings, default
from tests.conftest import FAST_LLM, LiveServer
from tests.hostile_corpus import CASES, ESCAPE_PATH, EVIL, ROUTES, UNKNOWN, Case, Lazy, MiB

pytestmark = pytest.mark.slow

KEY = b"hostile test key" * 2
TABLES = ("profiles", "messages", "feedback", "damaged_profiles")
HEALTHY_S = 5.0  # GET / must answer within this after every case
SLACK = 16 * MiB  # what loopback socket buffers take in before a refusal is seen
LINK = re.compile(r"(?i)https?://|\bwww\.|\]\s*\(|!\[|<\s*(?:a|img)\b|javascript:|evil\.example")
UNKNOWN_BODY = {"error": str(UnknownSession())}
SEEDS = {  # seeded session → its first message
    "anon": "I loved The Matrix",
    "dana": "I loved Titanic",
    "visitor": "I loved Alien",
}


@dataclass
class Answer:
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    event: str | None = None  # a gradio call: its last event ("complete" or "error") and that event's data
    event_data: object = None
    sent: int = 0  # a lazy body: the bytes pushed before the server answered

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name), None)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body)


@dataclass
class Site:
    """The running server, its store, and the seeded sessions with what proves each is yours."""

    url: str
    port: int
    db: Path
    values: dict[str, str]  # placeholder → value (tests/hostile_corpus.py's docstring)
    sessions: dict[str, str]  # "anon" / "dana" / "visitor" → session id
    seeded_rows: dict[str, bytes] = field(default_factory=dict)
    touched: set[str] = field(default_factory=set)  # seeded sessions an accepted case changed

    def fill(self, value):
        if isinstance(value, str):
            for key, v in self.values.items():
                value = value.replace("{" + key + "}", v)
            return value
        if isinstance(value, bytes):
            for key, v in self.values.items():
                value = value.replace(b"{" + key.encode() + b"}", v.encode())
            return value
        if isinstance(value, dict):
            return {self.fill(k): self.fill(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return type(value)(self.fill(v) for v in value)
        return value


# --- the store -------------------------------------------------------------------------------------


def dump(db: Path) -> bytes:
    """Every row of every table, read-only."""
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as con:
        return repr([(t, con.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall()) for t in TABLES]).encode()


def rows_of(db: Path, sessions: dict[str, str]) -> dict[str, bytes]:
    """Each named session's rows, read-only."""
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as con:
        return {
            name: repr(
                [
                    (t, con.execute(f"SELECT * FROM {t} WHERE session_id = ? ORDER BY rowid", (sid,)).fetchall())
                    for t in TABLES
                ]
            ).encode()
            for name, sid in sessions.items()
        }


# --- sending ---------------------------------------------------------------------------------------


def body_bytes(case: Case, site: Site) -> tuple[bytes | None, dict[str, str | bytes]]:
    """The body as bytes (None: none, or lazy) and the headers, placeholders filled."""
    headers = {k: site.fill(v) for k, v in case.headers}
    body = case.body
    if body is None or isinstance(body, Lazy):
        return None, headers
    if isinstance(body, bytes):
        return site.fill(body), headers
    headers.setdefault("content-type", "application/json")
    return json.dumps(site.fill(body)).encode(), headers


def send(case: Case, site: Site) -> Answer:
    if case.send == "httpx":
        return send_httpx(case, site)
    return send_raw(case, site)


def send_httpx(case: Case, site: Site) -> Answer:
    content, headers = body_bytes(case, site)
    timeout = 120 if 200 in case.allowed else 30  # an accepted turn runs the LLM
    r = httpx.request(case.method, site.url + site.fill(case.path), headers=headers, content=content, timeout=timeout)
    answer = Answer(r.status_code, list(r.headers.multi_items()), r.content)
    if case.gradio and r.status_code == 200:
        answer.event, answer.event_data = gradio_events(site, site.fill(case.path), r.json()["event_id"], timeout)
    return answer


def gradio_events(site: Site, path: str, event_id: str, timeout: float) -> tuple[str | None, object]:
    """The last event of a gradio call's stream (`complete` or `error`) and its data."""
    name, last = None, (None, None)
    with httpx.stream("GET", f"{site.url}{path}/{event_id}", timeout=timeout) as r:
        for line in r.iter_lines():
            if line.startswith("event: "):
                name = line[len("event: ") :].strip()
            elif line.startswith("data: ") and name in ("complete", "error"):
                last = (name, json.loads(line[len("data: ") :]))
                break
    return last


def head(case: Case, site: Site, headers: dict, extra: dict) -> bytes:
    lines = [f"{case.method} {site.fill(case.path)} HTTP/1.1"]
    merged = {"host": site.values["host"], **headers, **extra, "connection": "close"}
    lines += [f"{k}: {v.decode() if isinstance(v, bytes) else v}" for k, v in merged.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def send_raw(case: Case, site: Site) -> Answer:
    """Over a socket of our own: malformed requests, trickled bytes, bodies made while they are sent."""
    content, headers = body_bytes(case, site)
    with closing(socket.create_connection(("127.0.0.1", site.port), timeout=10)) as sock:
        sent = 0
        if case.send == "raw":
            sock.sendall(site.fill(case.raw))
        elif case.send in ("stream", "chunked"):
            chunked = case.send == "chunked"
            framing = {"transfer-encoding": "chunked"} if chunked else {"content-length": str(len(case.body))}
            sock.sendall(head(case, site, headers, framing))
            sent = push(sock, case.body(), chunked)
        elif case.send == "trickle-head":
            trickle(sock, head(case, site, headers, {}), every=0.2, until=8)
        elif case.send == "trickle-body":
            sock.sendall(head(case, site, headers, {"content-length": str(len(content))}))
            trickle(sock, content, every=0.5, until=8)
        elif case.send != "idle":
            raise ValueError(f"{case.id}: unknown way to send: {case.send}")
        answer = read_answer(sock, deadline=time.monotonic() + 15)
        answer.sent = sent
        return answer


def readable(sock: socket.socket) -> bool:
    return bool(select.select([sock], [], [], 0)[0])


def push(sock: socket.socket, chunks, chunked: bool) -> int:
    """Send the body until the server answers (or stops reading); the bytes sent."""
    sent = 0
    try:
        for chunk in chunks:
            if readable(sock):
                return sent
            sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk) if chunked else chunk)
            sent += len(chunk)
        if chunked:
            sock.sendall(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError, TimeoutError):
        pass  # the server answered and closed, or stopped reading: its answer is read next
    return sent


def trickle(sock: socket.socket, data: bytes, every: float, until: float) -> None:
    """One byte every `every` s, until the server answers or `until` s have passed."""
    end = time.monotonic() + until
    for i in range(len(data)):
        if readable(sock) or time.monotonic() > end:
            return
        try:
            sock.sendall(data[i : i + 1])
        except (BrokenPipeError, ConnectionResetError):
            return
        time.sleep(every)


def read_answer(sock: socket.socket, deadline: float) -> Answer:
    data = b""
    sock.settimeout(1)
    while time.monotonic() < deadline:
        try:
            chunk = sock.recv(1 << 16)
        except TimeoutError:
            if complete(data):
                break
            continue
        except ConnectionResetError:
            break
        if not chunk:
            break
        data += chunk
        if complete(data):
            break
    return parse_answer(data)


def complete(data: bytes) -> bool:
    top, sep, rest = data.partition(b"\r\n\r\n")
    if not sep:
        return False
    length = re.search(rb"(?im)^content-length:\s*(\d+)", top)
    if length:
        return len(rest) >= int(length.group(1))
    return rest.endswith(b"0\r\n\r\n") if re.search(rb"(?im)^transfer-encoding:\s*chunked", top) else False


def parse_answer(data: bytes) -> Answer:
    if not data:
        return Answer(0, [], b"")  # closed without a word: no status is allowed for that
    top, _, rest = data.partition(b"\r\n\r\n")
    status_line, *lines = top.decode("latin-1").split("\r\n")
    headers = [tuple(part.strip() for part in line.split(":", 1)) for line in lines if ":" in line]
    answer = Answer(int(status_line.split()[1]), headers, rest)
    if (answer.header("transfer-encoding") or "").lower() == "chunked":
        answer.body = dechunk(rest)
    return answer


def dechunk(data: bytes) -> bytes:
    out = b""
    while data:
        size, _, data = data.partition(b"\r\n")
        n = int(size.split(b";")[0] or b"0", 16)
        if n == 0:
            break
        out, data = out + data[:n], data[n + 2 :]
    return out


# --- checks ----------------------------------------------------------------------------------------


def reply_of(answer: Answer) -> str:
    if answer.event == "complete":
        return answer.event_data[0]["reply"]
    if (answer.header("content-type") or "").startswith("text/event-stream"):
        done = [json.loads(line[6:]) for line in answer.text.splitlines() if line.startswith("data: ")]
        return done[-1]["reply"]
    return answer.json()["reply"]


def no_links(answer: Answer, case: Case, site: Site) -> None:
    reply = reply_of(answer)
    assert reply.strip(), "the accepted turn has no reply"
    assert not LINK.search(reply), f"the reply carries a link or markup: {reply!r}"


def text_is_data(answer: Answer, case: Case, site: Site) -> None:
    if answer.status != 200:
        return
    assert answer.header("content-type").startswith("application/json")
    sid = answer.json()["session_id"]
    stored = httpx.get(site.url + "/api/profile", headers={"x-flexrec-session": sid}, timeout=30).json()
    assert stored["history"][0]["content"] == case.body["message"].strip()  # kept as typed, not parsed


def topic_is_data(answer: Answer, case: Case, site: Site) -> None:
    assert case.body["add"][0]["value"] in answer.json()["profile"]["topics"]


def not_reflected(answer: Answer, case: Case, site: Site) -> None:
    assert EVIL not in answer.text.lower(), "the hostile name is in the answer"
    assert not any(EVIL in v.lower() for _, v in answer.headers), f"the hostile name is in a header: {answer.headers}"


def not_granted(answer: Answer, case: Case, site: Site) -> None:
    granted = answer.header("access-control-allow-origin") or ""
    assert EVIL not in granted.lower() and granted != "*", f"CORS lets the hostile origin in: {granted}"
    assert not any(EVIL in v.lower() for _, v in answer.headers), f"the hostile name is in a header: {answer.headers}"


def no_secrets(answer: Answer, case: Case, site: Site) -> None:
    for name in ("anon", "token", "dana_sig"):
        assert site.values[name] not in answer.text, f"{name} leaks into {case.path}"


def export_of(name: str):
    def check(answer: Answer, case: Case, site: Site) -> None:
        data = answer.json()
        assert data["session_id"] == site.sessions[name] and data["history"][0]["content"] == SEEDS[name]

    return check


def allow_header(answer: Answer, case: Case, site: Site) -> None:
    assert answer.header("allow"), "a 405 without Allow"


def no_passwd(answer: Answer, case: Case, site: Site) -> None:
    assert b"root:" not in answer.body


def upload_contained(answer: Answer, case: Case, site: Site) -> None:
    assert not os.path.exists(ESCAPE_PATH), "an upload's file name placed a file outside Gradio's cache"
    if answer.status == 200:
        assert all(".." not in path for path in answer.json())


CHECKS = {
    "no_links": no_links,
    "text_is_data": text_is_data,
    "topic_is_data": topic_is_data,
    "not_reflected": not_reflected,
    "not_granted": not_granted,
    "no_secrets": no_secrets,
    "allow_header": allow_header,
    "no_passwd": no_passwd,
    "upload_contained": upload_contained,
    **{f"export_of:{name}": export_of(name) for name in SEEDS},
}


def check_error_shape(answer: Answer, case: Case) -> None:
    """A 4xx says what is wrong: FlexRec's {"error": ...}, or the shape of the layer that answered."""
    shapes = set(case.shape.split(" or "))
    if "any" in shapes or case.method == "HEAD":  # a HEAD answer has no body
        return
    kind = answer.header("content-type") or ""
    if kind.startswith("application/json"):
        data = answer.json()
        if "json" in shapes and isinstance(data, dict) and isinstance(data.get("error"), str) and data["error"]:
            if case.says == UNKNOWN:
                assert data == UNKNOWN_BODY, "unknown and forbidden must answer alike"
            assert case.says.lower() in data["error"].lower(), data
            return
        if "gradio" in shapes and isinstance(data, dict) and data.get("detail"):
            return
    elif kind.startswith("text/plain"):
        if "uvicorn" in shapes and answer.text == "Invalid HTTP request received.":
            return
        if shapes & {"starlette", "gradio"} and answer.text.strip():
            return
    raise AssertionError(f"a {answer.status} whose body is not a {case.shape} error: {kind} {answer.text[:300]!r}")


def body_limit(path: str) -> int:
    """The most body bytes the server reads on `path` (app.create_app's limits, default settings)."""
    if path.endswith(("/api/voice", "/gradio_api/upload")):
        return default("max_upload_bytes") + (1 << 16)
    return default("max_json_bytes") if path.startswith("/api/") else default("max_gradio_bytes")


def refused(answer: Answer) -> bool:
    return 400 <= answer.status < 500 or answer.event == "error"


# --- the server ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(recommender, settings, tmp_path_factory):
    """A server of its own over a fresh profile store (the model and catalog shared), with three
    sessions seeded: an anonymous one, the site user `dana`, a browser's `v_` session."""
    from app import create_app
    from bot.profile_store import ProfileStore
    from bot.speech import Voice
    from web.visitor import Visitors

    tmp = tmp_path_factory.mktemp("hostile")
    db = tmp / "profiles.sqlite3"
    fresh = recommender.with_profiles(ProfileStore(db))
    limits = Settings(data_dir=tmp, llm=FAST_LLM, turn_rate=1000, body_timeout=2, header_timeout=2)
    visitors = Visitors(KEY)
    # With voice on, as `flexrec serve` runs: without it every /api/voice request past its first
    # checks is a 503 ("voice is not set up"), and its session check is never reached. The models
    # load on first use, and no case here gets that far.
    app = create_app(fresh, limits, visitors, Voice(settings))
    with LiveServer(app, limits) as server:
        yield seed(server, db, visitors)
    assert not os.path.exists(ESCAPE_PATH)


def seed(server: LiveServer, db: Path, visitors) -> Site:
    token, dana_sig = visitors.new_token(), visitors.sign_user("dana")
    visitor_hex = token.split(".")[0]
    anon = turn(server.url, {"message": SEEDS["anon"]})
    turn(server.url, {"session_id": "u_dana", "message": SEEDS["dana"]}, {"x-flexrec-signature": dana_sig})
    turn(
        server.url,
        {"session_id": f"v_{visitor_hex}", "message": SEEDS["visitor"]},
        {"cookie": f"flexrec_visitor={token}"},
    )
    values = {
        "anon": anon["session_id"],
        "anon_short": anon["session_id"][:-1],
        "item": anon["items"][0]["id"],
        "visitor": f"v_{visitor_hex}",
        "visitor_hex": visitor_hex,
        "token": token,
        "cookie": f"flexrec_visitor={token}",
        "other_cookie": f"flexrec_visitor={visitors.new_token()}",
        "forged_token": f"{visitor_hex}.{'0' * 32}",
        "forged_cookie": f"flexrec_visitor={visitor_hex}.{'0' * 32}",
        "dana_sig": dana_sig,
        "dana_sig_upper": dana_sig.upper(),
        "dana_sig_short": dana_sig[:-1],
        "eve_sig": visitors.sign_user("eve"),
        "port": str(server.port),
        "host": f"127.0.0.1:{server.port}",
    }
    sessions = {"anon": values["anon"], "dana": "u_dana", "visitor": values["visitor"]}
    site = Site(server.url, server.port, db, values, sessions)
    site.seeded_rows = rows_of(db, sessions)
    return site


def turn(url: str, body: dict, headers: dict | None = None) -> dict:
    r = httpx.post(url + "/api/chat", json=body, headers=headers, timeout=120)
    assert r.status_code == 200, r.text
    return r.json()


def healthy(site: Site) -> None:
    """The server still answers its page (a hung server fails by the request's timeout)."""
    r = httpx.get(site.url + "/", timeout=HEALTHY_S)
    assert r.status_code == 200, "the server is no longer healthy"


# --- the tests -------------------------------------------------------------------------------------

# Findings of the security issue that must stay in the corpus.
REQUIRED = (
    "chat-u_dana-no-signature",
    "get-profile-u_dana-no-signature",
    "patch-profile-u_dana-no-signature",
    "delete-profile-u_dana-no-signature",
    "feedback-u_dana-no-signature",
    "voice-u_dana-no-signature",
    "gradio-profile-u_dana-no-signature",
    "gradio-feedback-u_dana-no-signature",
    "gradio-chat-u_dana-no-signature",
    "chat-visitor-without-cookie",
    "get-profile-evil-host",
    "patch-profile-evil-host",
    "gradio-chat-evil-host",
    "config-evil-host-and-origin",
    "chat-100k-deep-json",
    "patch-profile-5000-digit-value",
    "start-description-5000-digits",
    "feedback-item-5000-digits",
    "chat-message-lone-surrogate",
    "feedback-item-lone-surrogate",
    "feedback-session-lone-surrogate",
    "start-description-lone-surrogate",
    "start-genre-lone-surrogate",
    "chat-150-MiB-declared",
    "chat-150-MiB-chunked",
    "voice-150-MiB-chunked",
    "upload-150-MiB-declared",
    "chat-message-zero-width-only",
    "gradio-chat-mode-shout",
    "voice-session-id-in-query",
    "patch-profile-100000-entries",
    "chat-prompt-injection-asks-for-a-link",
    "chat-asks-for-urls",
    "chat-html-and-script-is-data",
)


def test_the_corpus_covers_every_route_with_150_cases_or_more():
    assert len(CASES) >= 150
    assert len({c.id for c in CASES}) == len(CASES), "case ids must be unique"
    assert {c.route for c in CASES} <= set(ROUTES)
    assert [r for r in ROUTES if not any(c.route == r for c in CASES)] == []
    assert [i for i in REQUIRED if i not in {c.id for c in CASES}] == []
    assert all(c.allowed and all(200 <= s < 500 for s in c.allowed) for c in CASES)
    assert all(name in CHECKS for c in CASES for name in c.checks)


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in CASES])
def test_a_hostile_request_gets_a_clear_answer_and_changes_nothing(site, case):
    before = dump(site.db)
    seeded = rows_of(site.db, site.sessions)
    answer = send(case, site)
    assert answer.status < 500, f"{answer.status}: {answer.text[:500]}"
    assert answer.status in case.allowed, f"{answer.status} not in {sorted(case.allowed)}: {answer.text[:500]}"
    if isinstance(case.body, Lazy) and answer.status == 413:  # refused early, not after the whole body
        assert answer.sent <= body_limit(case.path) + SLACK, f"{answer.sent:,} bytes were taken before the refusal"
    if 400 <= answer.status < 500:
        check_error_shape(answer, case)
    if case.gradio and answer.status == 200:
        assert answer.event in ({"complete", "error"} if case.gradio == "any" else {case.gradio}), answer.event_data
        if answer.event == "error":
            message = (answer.event_data or {}).get("error") or ""
            assert message, "a gradio error without a message"
            assert case.says.lower() in message.lower(), message
            if case.says == UNKNOWN:
                assert message == UNKNOWN_BODY["error"]
    for name in case.checks:
        CHECKS[name](answer, case, site)
    if refused(answer):
        assert dump(site.db) == before, "a refused request changed the profile store"
    after = rows_of(site.db, site.sessions)
    for name in site.sessions:
        if name in case.touches and not refused(answer):
            site.touched.add(name)
        else:
            assert after[name] == seeded[name], f"the seeded {name} session changed"
    healthy(site)


def test_afterwards_a_turn_works_and_seeded_sessions_changed_only_by_accepted_requests(site):
    answer = turn(site.url, {"message": "Something funny from the 90s, please"})
    assert answer["reply"].strip() and answer["items"]
    rows = rows_of(site.db, site.sessions)
    for name, sid in site.sessions.items():
        if name not in site.touched:
            assert rows[name] == site.seeded_rows[name], f"the {name} session changed"
        headers = {
            "x-flexrec-session": sid,
            "x-flexrec-signature": site.values["dana_sig"],
            "cookie": site.values["cookie"],
        }
        stored = httpx.get(site.url + "/api/profile", headers=headers, timeout=30).json()
        assert [m["content"] for m in stored["history"] if m["role"] == "user"] == [SEEDS[name]]
