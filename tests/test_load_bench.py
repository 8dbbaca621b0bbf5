"""bench/load.py's leak check, on made-up answers (the bench itself runs against a real server: its
output is committed under bench/results/)."""

from __future__ import annotations

import httpx

from bench.load import Client

SENT = "I loved Inception. Something like it?"


def audited(stored: dict, shown: str = "") -> Client:
    """Client "0" (Inception) audited against a server that answers `stored` for its session."""

    def answer(request: httpx.Request) -> httpx.Response:
        assert request.headers["x-flexrec-session"] == "s_0"
        return httpx.Response(200, json=stored)

    client = Client("0", ["Inception"], {"inception": "0", "avatar": "1"}, "http://127.0.0.1:9", 5)
    client.http = httpx.Client(base_url="http://127.0.0.1:9", transport=httpx.MockTransport(answer))
    client.session_id, client.sent, client.shown = "s_0", [SENT], shown
    assert client.audit() == "GET /api/profile + X-FlexRec-Session"
    return client


def test_another_clients_title_or_message_in_a_stored_profile_is_a_leak():
    history = [{"role": "user", "content": SENT}, {"role": "user", "content": "I really enjoyed Avatar"}]
    stored = {"session_id": "s_0", "profile": {"liked": ["Inception", "Avatar"]}, "history": history}
    assert sorted(audited(stored).leaks) == [
        "history: user message 'I really enjoyed Avatar' was not sent by this client",
        "stored profile: liked 'Avatar', client 1's title",
    ]


def test_a_title_the_session_was_shown_is_a_misread_not_a_leak():
    stored = {"session_id": "s_0", "profile": {"liked": ["Inception", "Avatar"]}, "history": []}
    client = audited(stored, shown="since you liked inception, try avatar")
    assert client.leaks == set() and client.misread == {"Avatar"}
