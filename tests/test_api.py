"""The JSON API on a real server on 127.0.0.1: answers, sessions, and clear 4xx for bad input."""

import httpx
import pytest

pytestmark = pytest.mark.slow


def post(server, body=None, raw=None):
    if raw is not None:
        return httpx.post(
            server.url + "/api/chat", content=raw, headers={"content-type": "application/json"}, timeout=120
        )
    return httpx.post(server.url + "/api/chat", json=body, timeout=120)


def test_chat_answers_and_continues_a_session(live_server):
    r = post(live_server, {"session_id": None, "message": "I loved The Matrix, no horror please"})
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"session_id", "reply", "items", "profile", "error"}
    assert body["items"] and all(set(i) == {"id", "title", "year", "genres", "why"} for i in body["items"])
    assert all("Horror" not in i["genres"] for i in body["items"])
    assert "The Matrix" in body["profile"]["liked"]
    again = post(live_server, {"session_id": body["session_id"], "message": "Something from the 90s"}).json()
    assert again["session_id"] == body["session_id"]
    assert "The Matrix" in again["profile"]["liked"]  # same session, same profile
    assert all(1990 <= i["year"] <= 1999 for i in again["items"])


@pytest.mark.parametrize(
    "body, raw, status",
    [
        ({}, None, 422),  # message missing
        ({"message": ""}, None, 422),
        ({"message": "   "}, None, 422),
        ({"message": 42}, None, 422),
        ({"message": "hi", "session_id": 7}, None, 422),
        ({"message": "hi", "session_id": "../../etc"}, None, 422),
        ({"message": "hi", "extra": 1}, None, 422),
        ({"message": "x" * 4001}, None, 413),
        (None, b"{not json", 400),
        (None, b"[1, 2]", 422),
        (None, b"", 422),
    ],
)
def test_bad_input_gets_a_json_4xx(live_server, body, raw, status):
    r = post(live_server, body, raw)
    assert r.status_code == status
    assert isinstance(r.json()["error"], str) and r.json()["error"]


def test_the_ui_page_is_served(live_server):
    r = httpx.get(live_server.url + "/", timeout=30)
    assert r.status_code == 200 and "gradio" in r.text.lower()
