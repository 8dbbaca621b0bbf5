"""The visitor cookie: signed, set once per browser, and its key kept across restarts."""

import asyncio
import stat

from web.visitor import COOKIE, VisitorCookie, Visitors, secret_key


def test_tokens_verify_only_under_their_key():
    ours, theirs = Visitors(b"k" * 32), Visitors(b"other" * 8)
    token = ours.new_token()
    visitor_id = ours.verify(token)
    assert visitor_id and token.startswith(visitor_id)
    assert theirs.verify(token) is None
    assert ours.verify(visitor_id + ".0123") is None  # a chosen id with a made-up signature
    assert ours.verify(visitor_id) is None and ours.verify("") is None and ours.verify(None) is None
    assert ours.new_token() != token


def test_site_user_ids_need_the_sites_signature():
    visitors = Visitors(b"k" * 32)
    sig = visitors.sign_user("alice")
    assert visitors.verify_user("alice", sig) == "u_alice"
    assert visitors.verify_user("bob", sig) is None  # a signature is for one id
    assert Visitors(b"other" * 8).verify_user("alice", sig) is None
    assert visitors.verify_user("alice", None) is None and visitors.verify_user(None, sig) is None
    assert visitors.verify_user("../etc", visitors.sign_user("../etc")) is None  # ids are plain names
    token = visitors.new_token()  # a cookie's signature never passes as a user's, nor the other way
    visitor_id, _, cookie_sig = token.partition(".")
    assert visitors.verify_user(visitor_id, cookie_sig) is None
    assert visitors.verify(f"{visitor_id}.{visitors.sign_user(visitor_id)}") is None


def test_the_secret_key_is_created_once_owner_only_and_kept(tmp_path):
    first = secret_key(None, tmp_path)
    assert secret_key(None, tmp_path) == first and len(first) == 64
    assert stat.S_IMODE((tmp_path / "secret.key").stat().st_mode) == 0o600
    assert secret_key("configured", tmp_path) == b"configured"


def run(middleware, path="/", method="GET", cookie=None, content_type=b"text/html; charset=utf-8"):
    """One request through the middleware to a tiny app; the response's set-cookie headers."""

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", content_type)]})
        await send({"type": "http.response.body", "body": b"ok"})

    sent = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request", "body": b""}

    headers = [(b"cookie", f"{COOKIE}={cookie}".encode())] if cookie else []
    scope = {"type": "http", "method": method, "path": path, "headers": headers, "scheme": "http"}
    asyncio.run(VisitorCookie(app, middleware)(scope, receive, send))
    start = sent[0]
    return [v.decode() for k, v in start["headers"] if k == b"set-cookie"]


def test_a_page_without_a_valid_cookie_gets_one_and_a_valid_one_is_kept():
    visitors = Visitors(b"k" * 32)
    [cookie] = run(visitors)
    token = cookie.split(";")[0].split("=", 1)[1]
    assert visitors.verify(token) and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert run(visitors, cookie=token) == []  # a returning browser keeps its id
    assert len(run(visitors, cookie="forged.0000")) == 1  # a forged one is replaced
    assert run(visitors, path="/api/chat", method="POST") == []  # the JSON API sets no cookies
    assert run(visitors, path="/gradio.js", content_type=b"text/javascript") == []  # nor do scripts, only pages
