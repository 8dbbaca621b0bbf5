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
    assert set(body) == {"session_id", "reply", "items", "intent", "read_as", "profile", "error"}
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


def api(server, method: str, path: str, body=None, session: str | None = None):
    """A JSON API call; `session` goes in the X-FlexRec-Session header, as the API wants it."""
    headers = {"x-flexrec-session": session} if session else {}
    return httpx.request(method, server.url + path, json=body, headers=headers, timeout=120)


def test_profile_get_feedback_edit_and_delete(live_server):
    first = post(live_server, {"message": "I loved The Matrix"}).json()
    sid, items = first["session_id"], first["items"]
    got = api(live_server, "GET", "/api/profile", session=sid).json()
    assert got["profile"]["liked"] == ["The Matrix"] and got["feedback"] == []
    assert [m["role"] for m in got["history"]] == ["user", "assistant"]
    assert got["history"][0]["content"] == "I loved The Matrix"
    assert got["history"][1]["items"] == items  # the cards, with their "why", are part of the history

    liked = api(
        live_server, "POST", "/api/feedback", {"session_id": sid, "item_id": items[0]["id"], "feedback": "like"}
    )
    assert liked.status_code == 200 and items[0]["title"] in liked.json()["profile"]["liked"]
    disliked = api(
        live_server, "POST", "/api/feedback", {"session_id": sid, "item_id": items[0]["id"], "feedback": "dislike"}
    )
    profile = disliked.json()["profile"]  # changing one's mind moves the title over
    assert items[0]["title"] in profile["disliked"] and items[0]["title"] not in profile["liked"]
    seen = api(live_server, "POST", "/api/feedback", {"session_id": sid, "item_id": items[1]["id"], "feedback": "seen"})
    assert items[1]["title"] in seen.json()["profile"]["seen"]

    edited = api(
        live_server,
        "PATCH",
        "/api/profile",
        {"remove": [{"kind": "liked", "value": "The Matrix"}], "add": [{"kind": "exclude_genres", "value": "horror"}]},
        session=sid,
    ).json()["profile"]
    assert edited["liked"] == [] and edited["constraints"]["exclude_genres"] == ["Horror"]  # catalog spelling
    assert any("Science Fiction" in i["genres"] for i in items)  # what a Matrix fan got so far
    api(live_server, "PATCH", "/api/profile", {"add": [{"kind": "exclude_genres", "value": "science fiction"}]}, sid)
    after = post(live_server, {"session_id": sid, "message": "More like that please"}).json()
    assert after["items"] and all("Science Fiction" not in i["genres"] for i in after["items"])  # follows the edit

    export = api(live_server, "GET", "/api/profile?download=true", session=sid)
    assert "attachment" in export.headers["content-disposition"]
    assert [f["feedback"] for f in export.json()["feedback"]] == ["like", "dislike", "seen"]
    assert len(export.json()["history"]) == 4  # both turns, each with its reply

    assert api(live_server, "DELETE", "/api/profile", session=sid).json() == {"session_id": sid, "deleted": True}
    gone = api(live_server, "GET", "/api/profile", session=sid)
    assert gone.status_code == 404 and "unknown session" in gone.json()["error"]
    assert api(live_server, "DELETE", "/api/profile", session=sid).status_code == 404
    fb = api(live_server, "POST", "/api/feedback", {"session_id": sid, "item_id": items[0]["id"], "feedback": "like"})
    assert fb.status_code == 404


def test_feedback_changes_the_next_answer_without_a_word_about_it(live_server):
    """Two people say the same things; one of them also likes a card. Their next picks differ."""
    a = post(live_server, {"message": "I loved The Matrix"}).json()
    b = post(live_server, {"message": "I loved The Matrix"}).json()
    assert [i["id"] for i in a["items"]] == [i["id"] for i in b["items"]]  # same start
    pick = a["items"][-1]
    api(
        live_server, "POST", "/api/feedback", {"session_id": a["session_id"], "item_id": pick["id"], "feedback": "like"}
    )
    a2 = post(live_server, {"session_id": a["session_id"], "message": "More please"}).json()
    b2 = post(live_server, {"session_id": b["session_id"], "message": "More please"}).json()
    assert pick["title"] in a2["profile"]["liked"] and pick["title"] not in b2["profile"]["liked"]
    assert [i["id"] for i in a2["items"]] != [i["id"] for i in b2["items"]]


@pytest.mark.parametrize(
    "method, path, body, session, status",
    [
        ("GET", "/api/profile", None, "nobody-here", 404),
        ("GET", "/api/profile", None, "bad id", 422),
        ("GET", "/api/profile", None, None, 404),
        ("DELETE", "/api/profile", None, "nobody-here", 404),
        ("PATCH", "/api/profile", {"add": [{"kind": "liked", "value": "Alien"}]}, "nobody-here", 404),
        ("POST", "/api/feedback", {"session_id": "nobody-here", "item_id": "x", "feedback": "like"}, None, 404),
        ("POST", "/api/feedback", {"session_id": "s", "item_id": "x", "feedback": "love"}, None, 422),
        ("POST", "/api/feedback", {"session_id": "s", "item_id": 7, "feedback": "like"}, None, 422),
        ("POST", "/api/feedback", {"session_id": "s"}, None, 422),
    ],
)
def test_profile_and_feedback_bad_requests_get_a_json_4xx(live_server, method, path, body, session, status):
    r = api(live_server, method, path, body, session)
    assert r.status_code == status
    assert isinstance(r.json()["error"], str) and r.json()["error"]


def test_unknown_items_and_bad_edits_are_refused_and_change_nothing(live_server):
    sid = post(live_server, {"message": "I loved The Matrix"}).json()["session_id"]
    before = api(live_server, "GET", "/api/profile", session=sid).json()["profile"]
    r = api(live_server, "POST", "/api/feedback", {"session_id": sid, "item_id": "no-such-item", "feedback": "like"})
    assert r.status_code == 404 and "no item" in r.json()["error"]
    for body in (
        {"add": [{"kind": "liked", "value": "Zorblax Invaders"}]},  # not in the catalog
        {"add": [{"kind": "genres", "value": "Space Opera Noir"}]},  # not a catalog genre
        {"add": [{"kind": "year_min", "value": "soon"}]},
        {"add": [{"kind": "liked", "value": "Alien"}, {"kind": "liked", "value": "Zorblax Invaders"}]},
        {"remove": "everything"},
    ):
        r = api(live_server, "PATCH", "/api/profile", body, sid)
        assert r.status_code == 422, body
        assert r.json()["error"]
    assert api(live_server, "GET", "/api/profile", session=sid).json()["profile"] == before


def test_openapi_schema_documents_every_endpoint(live_server):
    doc = httpx.get(live_server.url + "/openapi.json", timeout=30).json()
    paths = doc["paths"]
    for path, method in [
        ("/api/chat", "post"),
        ("/api/chat/stream", "post"),
        ("/api/profile", "get"),
        ("/api/profile", "patch"),
        ("/api/profile", "delete"),
        ("/api/feedback", "post"),
        ("/api/start", "post"),
    ]:
        assert method in paths[path], (path, method)
        assert paths[path][method]["description"] or paths[path][method]["summary"]
    chat_body = paths["/api/chat"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert {"message", "session_id", "mode"} <= set(chat_body["properties"]) and chat_body["required"] == ["message"]
    assert "text/event-stream" in paths["/api/chat/stream"]["post"]["responses"]["200"]["content"]


def sse_events(response) -> list[tuple[str, dict]]:
    """(event, data) pairs of a text/event-stream body; keep-alive comments skipped."""
    import json

    events, name = [], None
    for line in response.iter_lines():
        if line.startswith("event: "):
            name = line[len("event: ") :]
        elif line.startswith("data: "):
            events.append((name, json.loads(line[len("data: ") :])))
    return events


def test_chat_streams_items_first_then_the_text_then_the_whole_turn(live_server):
    body = {"message": "I loved The Matrix, no horror please"}
    with httpx.stream("POST", live_server.url + "/api/chat/stream", json=body, timeout=120) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
        events = sse_events(r)
    kinds = [name for name, _ in events]
    assert kinds[0] == "items" and kinds[-1] == "done" and "text" in kinds
    first, done = events[0][1], events[-1][1]
    assert first["items"] and first["items"] == done["items"] and "The Matrix" in first["profile"]["liked"]
    texts = [data for name, data in events if name == "text"]
    assert "".join(t["delta"] for t in texts).strip() == done["reply"] == texts[-1]["reply"].strip()
    assert done["reply"] and all("Horror" not in i["genres"] for i in done["items"])
    assert set(done["timings"]) == {"translation", "profile", "retrieval", "writing"}
    assert all(t >= 0 for t in done["timings"].values())
    # the stream continues the session like /api/chat does
    again = post(live_server, {"session_id": done["session_id"], "message": "Something else"}).json()
    assert "The Matrix" in again["profile"]["liked"]


@pytest.mark.parametrize("body, status", [({"message": ""}, 422), ({"message": "x" * 4001}, 413), ({}, 422)])
def test_a_bad_stream_request_is_an_http_error_not_a_stream(live_server, body, status):
    r = httpx.post(live_server.url + "/api/chat/stream", json=body, timeout=60)
    assert r.status_code == status and r.json()["error"]


def test_voice_mode_answers_short_and_speakable(live_server):
    r = post(live_server, {"message": "hey, something funny for tonight?", "mode": "voice"})
    body = r.json()
    assert r.status_code == 200 and 1 <= len(body["items"]) <= 3
    reply = body["reply"]
    assert reply and "\n" not in reply and not any(mark in reply for mark in ("*", "#", "(19", "(20", "- "))
    assert any(item["title"] in reply for item in body["items"])  # it names what it recommends
    assert all("Comedy" in i["genres"] for i in body["items"])
    assert post(live_server, {"message": "hi", "mode": "shout"}).status_code == 422


def test_gradio_client_chats_streams_and_gives_feedback(live_server):
    from gradio_client import Client

    client = Client(live_server.url, verbose=False)
    names = set(client.view_api(print_info=False, return_format="dict")["named_endpoints"])
    assert {"/chat", "/feedback", "/profile"} <= names
    answer = client.predict("I loved The Matrix", None, "text", api_name="/chat")
    assert answer["items"] and "The Matrix" in answer["profile"]["liked"]
    job = client.submit("Something older please", answer["session_id"], "text", api_name="/chat")
    steps = list(job)
    assert len(steps) > 2 and steps[-1]["reply"] and steps[0]["items"] == steps[-1]["items"]  # streamed
    profile = client.predict(answer["session_id"], steps[-1]["items"][0]["id"], "like", api_name="/feedback")
    assert steps[-1]["items"][0]["title"] in profile["liked"]
    with pytest.raises(Exception, match="message is empty"):
        client.predict("   ", None, "text", api_name="/chat")


@pytest.fixture(scope="module")
def spoken_request(settings):
    from bot.speech import TextToSpeech

    return TextToSpeech(settings, steady=True).synthesize("Recommend me a comedy.")


def words(text: str) -> set[str]:
    import re

    return set(re.findall(r"[a-z']+", text.lower()))


def test_voice_hears_a_spoken_request_answers_and_says_it(live_server, spoken_request, settings):
    """The issue's round trip: a WAV made by the TTS → ASR → chat (voice mode) → TTS."""
    import base64
    import io
    import wave

    from bot.speech import SpeechToText

    r = httpx.post(live_server.url + "/api/voice", files={"audio": ("q.wav", spoken_request, "audio/wav")}, timeout=180)
    assert r.status_code == 200, r.text
    body = r.json()
    assert {"recommend", "comedy"} <= words(body["transcript"])
    assert 1 <= len(body["items"]) <= 3 and all("Comedy" in i["genres"] for i in body["items"])
    assert body["reply"] and "\n" not in body["reply"] and not body["error"]
    assert any(i["title"] in body["reply"] for i in body["items"])
    audio = base64.b64decode(body["audio_wav_base64"])
    with wave.open(io.BytesIO(audio)) as wav:
        assert wav.getnframes() / wav.getframerate() > 1.0
    heard = words(SpeechToText(settings).transcribe(audio))  # the audio says the reply, not something else
    said = words(body["reply"])
    assert len(heard & said) >= 0.5 * len(said), (heard, said)

    again = httpx.post(
        live_server.url + "/api/voice",
        content=spoken_request,
        headers={"content-type": "audio/wav", "x-flexrec-session": body["session_id"]},
        timeout=180,
    )
    assert again.status_code == 200 and again.json()["session_id"] == body["session_id"]
    export = api(live_server, "GET", "/api/profile", session=body["session_id"]).json()
    assert [m["role"] for m in export["history"]] == ["user", "assistant"] * 2


@pytest.mark.parametrize(
    "kwargs, status, says",
    [
        ({"files": {"audio": ("q.wav", b"this is not audio", "audio/wav")}}, 422, "could not be read as audio"),
        ({"files": {"audio": ("q.wav", b"", "audio/wav")}}, 422, "empty"),
        ({"files": {"other": ("q.wav", b"RIFF", "audio/wav")}}, 422, "field 'audio'"),
        ({"json": {"message": "hi"}}, 415, "multipart"),
        ({"content": b"\0" * 64, "headers": {"content-type": "audio/wav"}}, 422, "audio"),
    ],
)
def test_voice_refuses_what_is_not_a_recording(live_server, kwargs, status, says):
    r = httpx.post(live_server.url + "/api/voice", timeout=60, **kwargs)
    assert r.status_code == status and says in r.json()["error"]
