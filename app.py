"""The FlexRec web app: a Gradio chat UI and a JSON API on one FastAPI server.

`create_app(recommender)` builds it from injected parts and does nothing heavy itself; `serve`
builds the parts from settings and runs uvicorn. Per-user state lives in each browser's
`gr.State` (its session id) and in the profile store, never in module globals.
"""

from __future__ import annotations

import base64
import io
import json
import logging
import secrets
import threading
import wave
from collections.abc import Iterator
from functools import partial
from html import escape
from typing import Literal

import gradio as gr
import numpy as np
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from fastapi.sse import EventSourceResponse, ServerSentEvent
from pydantic import BaseModel, ConfigDict, Field, StrictStr, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from bot.conversation import Feedback, Recommender, Turn, item_dict, new_session_id
from bot.profile import Entry, UserProfile, entries
from bot.speech import Voice
from flexrec.access import SESSION_HEADER, SIGNATURE_HEADER, Access, Proof
from flexrec.embed import allow_embedding, parse_origins
from flexrec.errors import (
    FlexRecError,
    InputError,
    MessageTooLong,
    NotFound,
    SpeechUnavailable,
    StoreError,
    TooMany,
)
from flexrec.limits import (
    BadJSON,
    BodyLimits,
    GradioInputErrors,
    HostGuard,
    TurnLimiter,
    allowed_hosts,
    parse_json,
)
from flexrec.render import (
    CSS,
    EMPTY_CARDS,
    EMPTY_PROFILE,
    GREETING,
    SECTIONS,
    card_html,
    entry_label,
    proposal_html,
    section_html,
)
from flexrec.settings import Settings
from flexrec.visitor import COOKIE, VisitorCookie, Visitors, secret_key

log = logging.getLogger(__name__)


Mode = Literal["text", "voice"]  # "voice": a short answer to be read aloud, at most three items
MAX_EDITS = 100  # entries one PATCH may add or remove: a person edits a few at a time


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    session_id: StrictStr | None = None
    message: StrictStr
    mode: Mode = "text"


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    session_id: StrictStr
    item_id: StrictStr = Field(max_length=200)
    feedback: Feedback


class StartRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    description: StrictStr = Field("", max_length=1000)
    genres: list[StrictStr] = Field([], max_length=50)


class EditRequest(BaseModel):
    """Entries to take out of the profile, then entries to put in (kinds as in `GET`'s profile)."""

    model_config = ConfigDict(extra="forbid")
    add: list[Entry] = Field([], max_length=MAX_EDITS)
    remove: list[Entry] = Field([], max_length=MAX_EDITS)


STREAM_DOC = (
    "text/event-stream: one `items` event (session_id, items, profile) as soon as retrieval is done, "
    "`text` events with each new piece of the reply (`delta`) and the reply so far (`reply`; it "
    "replaces what was shown when a fallback took over mid-way), then `done` with the whole answer "
    "as `/api/chat` gives it."
)
SESSION_DOC = (
    "The session: the `X-FlexRec-Session` header (an id `/api/chat` gave, or `u_ID` with the site's "
    "`X-FlexRec-Signature` or `?sig=`), else `?user=ID&sig=SIG`, else this browser's visitor cookie."
)

# FlexRec's errors as HTTP statuses, most specific first.
STATUS = [
    (TooMany, 429),
    (MessageTooLong, 413),
    (NotFound, 404),
    (InputError, 422),
    (StoreError, 503),
    (SpeechUnavailable, 503),
    (FlexRecError, 500),
]


def _error(status: int, message: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def _failure(exc: FlexRecError) -> JSONResponse:
    status = next(code for kind, code in STATUS if isinstance(exc, kind))
    retry = {"Retry-After": str(exc.retry_after)} if isinstance(exc, TooMany) else None
    return _error(status, str(exc), retry)


class BadRequest(Exception):
    def __init__(self, response: JSONResponse):
        self.response = response


async def _parse(request: Request, model: type[BaseModel]) -> BaseModel:
    """The body as `model`, or BadRequest with our JSON error (400 not JSON, 422 wrong shape)."""
    try:
        body = parse_json(await request.body() or b"null")
    except BadJSON as exc:
        raise BadRequest(_error(400, str(exc))) from None
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        raise BadRequest(_error(422, _first_problem(exc))) from None


def _first_problem(exc: ValidationError) -> str:
    first = exc.errors()[0]
    return f"{'.'.join(map(str, first['loc'])) or 'body'}: {first['msg']}"


async def _run(fn, *args) -> tuple[object, JSONResponse | None]:
    """`fn(*args)` off the event loop; a FlexRecError becomes its status and message."""
    try:
        return await run_in_threadpool(fn, *args), None
    except FlexRecError as exc:
        return None, _failure(exc)


def proof_of(request: Request) -> Proof:
    """What this request carries to prove a session is its own (flexrec/access.py)."""
    return Proof(
        cookie=request.cookies.get(COOKIE),
        sig=request.headers.get(SIGNATURE_HEADER) or request.query_params.get("sig"),
    )


def client_of(request: Request | gr.Request | None) -> str | None:
    """Whom the turn limit counts: the client's address (uvicorn takes X-Forwarded-For only from
    the proxies it trusts, FORWARDED_ALLOW_IPS)."""
    client = getattr(request, "client", None)
    return getattr(client, "host", None)


VOICE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "audio": {"type": "string", "format": "binary"},
                        "session_id": {"type": "string"},
                    },
                    "required": ["audio"],
                }
            },
            "audio/*": {"schema": {"type": "string", "format": "binary"}},
        },
    }
}


def _body_doc(model: type[BaseModel]) -> dict:
    # Bodies are parsed by hand so that every bad request gets our JSON error; the schema is still
    # published in the OpenAPI document.
    return {"requestBody": {"content": {"application/json": {"schema": model.model_json_schema()}}, "required": True}}


def add_api(app: FastAPI, recommender: Recommender, voice: Voice | None, access: Access, turns: TurnLimiter) -> None:
    @app.exception_handler(BadRequest)
    async def bad_request(request: Request, exc: BadRequest):
        return exc.response

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, exc: RequestValidationError):
        first = exc.errors()[0]
        return _error(422, f"{'.'.join(map(str, first['loc']))}: {first['msg']}")

    def begin(claimed, proof: Proof, client: str | None, message: str | None = None) -> str | None:
        """The session a turn may use (None: a new one), then one turn counted for the client (a
        message refused as bad input is not one)."""
        session_id = None if claimed is None else access.check(claimed, proof)
        if message is not None:
            recommender.check_message(message)
        turns.take(client)
        return session_id

    @app.post("/api/chat", openapi_extra=_body_doc(ChatRequest))
    async def chat(request: Request):
        """One chat turn: `{"session_id": str | null, "message": str, "mode": "text" | "voice"}` →
        reply, items, profile. A new session's id is a secret: keep it, and send it only in bodies
        and headers."""
        req = await _parse(request, ChatRequest)

        def turn():
            session_id = begin(req.session_id, proof_of(request), client_of(request), req.message)
            return recommender.chat(session_id, req.message, req.mode == "voice").as_dict()

        answer, error = await _run(turn)
        return error or answer

    async def started_turn(request: Request) -> tuple[Iterator, Turn]:
        """The turn up to its items, before the stream opens: bad input is still an HTTP error."""
        req = await _parse(request, ChatRequest)

        def first():
            session_id = begin(req.session_id, proof_of(request), client_of(request), req.message)
            events = recommender.turn(session_id, req.message, req.mode == "voice")
            return events, next(events)[1]

        started, error = await _run(first)
        if error:
            raise BadRequest(error)
        return started

    @app.post(
        "/api/chat/stream",
        response_class=EventSourceResponse,
        openapi_extra=_body_doc(ChatRequest),
        responses={200: {"description": STREAM_DOC}},
    )
    def chat_stream(started=Depends(started_turn)):  # noqa: B008 (FastAPI's way)
        """The same turn as `/api/chat`, as server-sent events while it happens."""
        events, turn = started
        yield ServerSentEvent(event="items", data={k: turn.as_dict()[k] for k in ("session_id", "items", "profile")})
        sent = ""
        for kind, turn in events:
            if kind == "text" and turn.reply != sent:
                delta = turn.reply[len(sent) :] if turn.reply.startswith(sent) else turn.reply
                yield ServerSentEvent(event="text", data={"delta": delta, "reply": turn.reply})
                sent = turn.reply
        yield ServerSentEvent(event="done", data=turn.as_dict())

    def spoken_turn(audio: bytes, claimed, proof: Proof, client: str | None) -> dict:
        session_id = begin(claimed, proof, client)  # before the seconds of transcription
        if voice is None:
            raise SpeechUnavailable("voice is not set up on this server")
        transcript = voice.transcribe(audio)
        turn = recommender.chat(session_id, transcript, voice=True)
        answer = {"transcript": transcript, **turn.as_dict(), "audio_wav_base64": None}
        try:
            answer["audio_wav_base64"] = base64.b64encode(voice.synthesize(turn.reply.strip())).decode()
        except FlexRecError as exc:  # the answer stands without its audio
            answer["error"] = f"the answer could not be read aloud: {exc}"
        return answer

    @app.post("/api/voice", openapi_extra=VOICE_BODY)
    async def voice_turn(request: Request):
        """Speech in, speech out: a recording (multipart field `audio`, or the raw body with an
        `audio/*` content type; WAV, WebM, Ogg, MP3, M4A; at most 60 s) → `transcript`, the voice
        answer (as `/api/chat` with `"mode": "voice"`) and that answer read aloud
        (`audio_wav_base64`, a WAV file). Continue a conversation with the `X-FlexRec-Session`
        header or a multipart field `session_id`."""
        if "session_id" in request.query_params:
            return _error(422, "session_id: send it in the X-FlexRec-Session header or the form, never in the URL")
        claimed = request.headers.get(SESSION_HEADER)
        kind = request.headers.get("content-type", "")
        if kind.startswith("multipart/form-data"):
            try:
                form = await request.form(max_files=1, max_fields=4)
            except StarletteHTTPException as exc:
                return _error(400, f"the multipart body cannot be read: {exc.detail}")
            upload, field = form.get("audio"), form.get("session_id")
            if not isinstance(upload, UploadFile):
                return _error(422, "audio: send the recording as a file in the multipart field 'audio'")
            if field is not None and not isinstance(field, str):
                return _error(422, "session_id: must be text")
            claimed = field or claimed
            audio = await upload.read()
        elif kind.startswith(("audio/", "video/webm", "application/octet-stream")):
            audio = await request.body()
        else:
            return _error(415, "send the recording as multipart/form-data (field 'audio') or as an audio/* body")
        answer, error = await _run(spoken_turn, audio, claimed, proof_of(request), client_of(request))
        return error or answer

    def named(request: Request) -> str:
        return access.named(request.headers.get(SESSION_HEADER), request.query_params.get("user"), proof_of(request))

    @app.get("/api/profile", description=SESSION_DOC)
    async def get_profile(request: Request, download: bool = False):
        """Everything stored about the session: profile, conversation, feedback. 404 if none (or
        not yours). `?download=true` sends it as a file ("download my profile")."""
        data, error = await _run(lambda: recommender.export(named(request)))
        if error:
            return error
        headers = {"Content-Disposition": 'attachment; filename="flexrec-profile.json"'} if download else None
        return JSONResponse(data, headers=headers)

    @app.patch("/api/profile", openapi_extra=_body_doc(EditRequest), description=SESSION_DOC)
    async def edit_profile(request: Request):
        """Remove, then add profile entries: `{"remove": [{"kind", "value"}], "add": [...]}`."""
        req = await _parse(request, EditRequest)

        def edit():
            session_id = named(request)
            return {"session_id": session_id, "profile": recommender.edit(session_id, req.add, req.remove).model_dump()}

        answer, error = await _run(edit)
        return error or answer

    @app.delete("/api/profile", description=SESSION_DOC)
    async def delete_profile(request: Request):
        """Forget the session: profile, conversation and feedback. Afterwards its GET is 404."""

        def forget():
            session_id = named(request)
            recommender.forget(session_id)
            return {"session_id": session_id, "deleted": True}

        answer, error = await _run(forget)
        return error or answer

    @app.post("/api/start", openapi_extra=_body_doc(StartRequest))
    async def start(request: Request):
        """Cold start: `{"description": "I'm 12 and love space", "genres": [...]}` → a proposed
        starting profile, not stored; apply what you keep with `PATCH /api/profile`."""
        req = await _parse(request, StartRequest)

        def propose():
            turns.take(client_of(request))  # the LLM writes it: as costly as a turn
            return {"profile": recommender.propose_start(req.description, req.genres).model_dump()}

        answer, error = await _run(propose)
        return error or answer

    @app.post("/api/feedback", openapi_extra=_body_doc(FeedbackRequest))
    async def feedback(request: Request):
        """`{"session_id", "item_id", "feedback": "like" | "dislike" | "seen"}` → the updated profile."""
        req = await _parse(request, FeedbackRequest)

        def give():
            session_id = access.check(req.session_id, proof_of(request))
            return recommender.feedback(session_id, req.item_id, req.feedback)

        profile, error = await _run(give)
        return error or {"session_id": req.session_id, "profile": profile.model_dump()}


class ApiFallback:
    """ASGI middleware: under /api/, a request no route takes gets FlexRec's JSON answer, a 405 with
    Allow for a method the path's route lacks (TRACE and BREW too), else a 404; never Gradio's page,
    which is mounted at / and would otherwise take it."""

    def __init__(self, app, api: FastAPI):
        self.app, self.api = app, api

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not scope["path"].startswith("/api/"):
            return await self.app(scope, receive, send)
        routes = [r for r in self.api.routes if isinstance(r, APIRoute)]
        if any(r.matches(scope)[0] == Match.FULL for r in routes):
            return await self.app(scope, receive, send)
        allowed = sorted({m for r in routes for m in _methods(r, scope)})
        if allowed:
            refusal = _error(405, f"{scope['method'][:20]} is not allowed here; use {', '.join(allowed)}")
            refusal.headers["Allow"] = ", ".join(allowed)
        elif scope["path"].startswith("/api/profile/"):
            refusal = _error(404, "the session is no longer part of the URL: send it in the X-FlexRec-Session header")
        else:
            refusal = _error(404, f"no such endpoint: {scope['path'][:200]}")
        return await refusal(scope, receive, send)


def _methods(route, scope) -> set[str]:
    """The methods of `route` when its path matches this request's."""
    if not isinstance(route, APIRoute):
        return set()
    match, _ = route.matches({**scope, "method": next(iter(route.methods))})
    return set(route.methods) if match == Match.FULL else set()


# Saves the profile's JSON (the hidden textbox's value) as a file, in the browser.
SAVE_JSON = """(text) => {
  if (!text) return;
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([text], {type: "application/json"}));
  link.download = "flexrec-profile.json";
  document.body.appendChild(link); link.click(); link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}"""

FEEDBACK_BUTTONS = [("like", "Like"), ("dislike", "Dislike"), ("seen", "Seen it")]
ADD_KINDS = [
    ("A movie I like", "liked"),
    ("A movie I dislike", "disliked"),
    ("A movie I've seen", "seen"),
    ("A topic", "topics"),
    ("A genre I want", "genres"),
    ("A genre I don't want", "exclude_genres"),
    ("From year", "year_min"),
    ("Until year", "year_max"),
]


def build_ui(
    recommender: Recommender,
    access: Access,
    turns: TurnLimiter,
    max_chars: int,
    voice: Voice | None = None,
    compact: bool = False,
) -> gr.Blocks:
    """The chat, the cards (like / not for me / seen it on each), and the profile panel (each entry
    removable, new ones typed in, download, forget me). Handlers get the session id from the
    signed visitor cookie on page load, so a returning browser continues where it left off; it is
    kept in a server-side `gr.State`, never sent to the page.
    `compact`: the chat and its cards alone, for a small embedded widget (`/widget`). With `voice`,
    a microphone and spoken answers."""

    def warn(exc: FlexRecError) -> None:
        gr.Warning(str(exc) if isinstance(exc, InputError) else f"Something went wrong on our side: {exc}")

    def welcome_cards() -> list[dict]:
        return [item_dict(h) for h in recommender.welcome()]

    def on_load(request: gr.Request):
        # A user id the embedding site signed, else this browser's cookie; with neither (cookies
        # blocked, a client that ignores them) a session for this tab only.
        params = request.query_params
        site_user = access.site_user(params.get("user"), params.get("sig"))
        if params.get("user") and site_user is None:
            gr.Warning("This page passed a user id FlexRec could not verify; it is ignored.")
        cookie = request.cookies.get(COOKIE)
        browser = access.browser(Proof(cookie=cookie))
        session_id = site_user or browser or new_session_id()
        try:
            if browser and not site_user:  # kept under the bare visitor id by an earlier version
                recommender.adopt(browser.removeprefix("v_"), browser)
            history = recommender.history(session_id)
            stored, notice = recommender.profiles.load_checked(session_id)
            if notice:
                gr.Warning(notice)
            # the panel's input: None for a visitor with nothing stored
            profile = stored.model_dump() if recommender.profiles.exists(session_id) else None
        except FlexRecError as exc:
            warn(exc)
            return session_id, [], [], None, {}
        if not history and profile is None:  # a first visit: popular picks and one question
            return session_id, [{"role": "assistant", "content": GREETING}], welcome_cards(), None, {}
        chat, reply_items = [], {}
        for message in history:
            chat.append({"role": message["role"], "content": escape(message["content"])})
            if message["role"] == "assistant":
                reply_items[len(chat) - 1] = message["items"]
        last = next((m["items"] for m in reversed(history) if m["role"] == "assistant"), [])
        return session_id, chat, last, profile, reply_items

    def respond(
        message: str, history: list, session_id: str | None, reply_items: dict, spoken: bool, request: gr.Request
    ):
        history = list(history or [])
        try:
            turns.take(client_of(request))
            events = recommender.turn(session_id, message, voice=spoken)
            kind, turn = next(events)
        except FlexRecError as exc:
            warn(exc)
            yield history, gr.skip(), gr.skip(), session_id, gr.skip(), message
            return
        # The Chatbot renders HTML even with markdown off: escape so text stays text.
        history += [{"role": "user", "content": escape(message)}, {"role": "assistant", "content": ""}]
        items = turn.items()  # a thumb on the reply may come before its text is done
        reply_items = {**reply_items, len(history) - 1: items}
        yield history, items, turn.profile.model_dump(), turn.session_id, reply_items, ""
        for kind, turn in events:
            history[-1] = {"role": "assistant", "content": escape(turn.reply.strip())}
            if kind == "done" and turn.error:
                gr.Warning(turn.error)
            yield history, gr.skip(), gr.skip(), turn.session_id, gr.skip(), ""

    def give_feedback(item_id: str, kind: str, session_id: str, shown: list):
        try:
            recommender.start(session_id)  # a first visit's welcome cards come before any profile
            profile = recommender.feedback(session_id, item_id, kind)
        except FlexRecError as exc:
            warn(exc)
            return gr.skip(), gr.skip()
        return [{**c, "feedback": kind} if c["id"] == item_id else c for c in shown], profile.model_dump()

    def reply_feedback(data: gr.LikeData, session_id: str, reply_items: dict, shown: list):
        """A thumb on a reply is that feedback on every item the reply came with."""
        kind = "like" if data.liked is True else "dislike" if data.liked is False else None
        items = reply_items.get(data.index if isinstance(data.index, int) else data.index[0], [])
        if kind is None or not items:
            return gr.skip(), gr.skip()
        try:
            for item in items:
                profile = recommender.feedback(session_id, item["id"], kind)
        except FlexRecError as exc:
            warn(exc)
            return gr.skip(), gr.skip()
        ids = {item["id"] for item in items}
        return [{**c, "feedback": kind} if c["id"] in ids else c for c in shown], profile.model_dump()

    def remove_entry(entry: Entry, session_id: str):
        try:
            return recommender.edit(session_id, remove_entries=[entry]).model_dump()
        except FlexRecError as exc:
            warn(exc)
            return gr.skip()

    def add_entry(kind: str, value: str, session_id: str):
        try:
            entry = Entry(kind=kind, value=value)
        except ValidationError as exc:
            gr.Warning(exc.errors()[0]["msg"].removeprefix("Value error, "))
            return gr.skip(), value
        try:
            recommender.start(session_id)
            return recommender.edit(session_id, add_entries=[entry]).model_dump(), ""
        except FlexRecError as exc:
            warn(exc)
            return gr.skip(), value

    def suggest(description: str, genres: list[str], request: gr.Request):
        try:
            turns.take(client_of(request))  # the LLM writes it: as costly as a turn
            proposal = recommender.propose_start(description, genres)
        except FlexRecError as exc:
            warn(exc)
            return gr.skip(), gr.skip(), gr.skip()
        labels = [entry_label(e) for e in entries(proposal)]
        text = "A starting profile for you: " + ("; ".join(labels) if labels else "nothing to go on yet")
        return proposal.model_dump(), proposal_html(text), gr.Row(visible=True)

    def accept(session_id: str, proposal: dict | None):
        if not proposal:
            return (gr.skip(),) * 6
        try:
            profile, hits = recommender.accept_start(session_id, UserProfile.model_validate(proposal))
        except FlexRecError as exc:
            warn(exc)
            return (gr.skip(),) * 6
        cards = [item_dict(h) for h in hits]
        return profile.model_dump(), cards, None, "", gr.Row(visible=False), gr.Accordion(open=False)

    def discard():
        return None, "", gr.Row(visible=False)

    def hear(recording: str | None, request: gr.Request) -> tuple[str, bool]:
        """The microphone's recording as the message, and voice replies on: spoken in, spoken out."""
        if not recording:
            raise gr.Error("Nothing was recorded.")
        try:
            turns.take(client_of(request))  # seconds of transcription, like a turn
            with open(recording, "rb") as audio:
                return voice.transcribe(audio.read()), True
        except FlexRecError as exc:
            raise gr.Error(str(exc)) from exc

    def say(session_id: str | None, spoken: bool):
        """The last answer read aloud, when voice replies are on: the stored one, so that no caller
        can have the server speak text of its own."""
        if not (spoken and voice and session_id):
            return gr.Audio(value=None, visible=False)
        try:
            history = recommender.history(session_id)
            last = next((m["content"] for m in reversed(history) if m["role"] == "assistant"), "")
            if not last:
                return gr.Audio(value=None, visible=False)
            with wave.open(io.BytesIO(voice.synthesize(last))) as wav:
                samples = np.frombuffer(wav.readframes(wav.getnframes()), dtype=np.int16)
                return gr.Audio(value=(wav.getframerate(), samples), visible=True)
        except FlexRecError as exc:
            warn(exc)
            return gr.Audio(value=None, visible=False)

    def export(session_id: str) -> str:
        try:
            return json.dumps(recommender.export(session_id), ensure_ascii=False, indent=1)
        except FlexRecError as exc:
            warn(exc)
            return ""

    def clear_chat(session_id: str):
        try:
            recommender.profiles.clear_history(session_id)
        except FlexRecError as exc:
            warn(exc)
        return {}

    def forget(session_id: str):
        try:
            recommender.forget(session_id)
        except NotFound:
            pass  # nothing was stored: nothing to forget
        except FlexRecError as exc:
            warn(exc)
            return gr.skip(), gr.skip(), gr.skip(), gr.skip()
        gr.Info("Everything FlexRec kept about you (profile, conversation, feedback) is deleted.")
        return [], [], None, {}

    with gr.Blocks(title="FlexRec") as ui:
        session = gr.State(None)  # this visitor's session id (from the cookie, see on_load)
        shown = gr.State([])  # the cards on screen: the API's item dicts, plus "feedback" once given
        profile_state = gr.State(None)  # the stored profile as a dict; None while nothing is stored
        reply_items = gr.State({})  # chat message index → the items that reply came with
        proposal = gr.State(None)  # a proposed starting profile, until accepted or discarded
        download = gr.Textbox(visible=False)  # "download my profile": the JSON, on its way to a file
        catalog_genres = recommender.profiler.catalog_genres
        if not compact:
            gr.Markdown("## FlexRec\nTell me what you like (and what you don't); I'll find movies from the catalog.")
        with gr.Row():
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(
                    label="Chat", height=300 if compact else 420, render_markdown=False, elem_id="fx-chat"
                )
                box = gr.Textbox(
                    placeholder="I loved The Matrix and Inception, but no horror please",
                    show_label=False,
                    max_length=max_chars,
                    elem_id="fx-message",
                    submit_btn=True,
                )
                with gr.Row(visible=voice is not None, equal_height=True):
                    spoken = gr.Checkbox(False, label="Voice replies: short, read aloud", elem_id="fx-voice")
                    mic = gr.Audio(sources=["microphone"], type="filepath", label="Or say it", elem_id="fx-mic")
                speech = gr.Audio(
                    label="FlexRec says", autoplay=True, visible=False, interactive=False, elem_id="fx-speech"
                )
                with gr.Column(elem_id="fx-cards"):

                    @gr.render(inputs=[shown])
                    def render_cards(cards: list):
                        if not cards:
                            gr.HTML(EMPTY_CARDS)
                            return
                        with gr.Row(elem_classes="fx-cards"):
                            for card in cards:
                                with gr.Column(elem_classes="fx-card", min_width=210):
                                    gr.HTML(card_html(card))
                                    with gr.Row():
                                        for kind, label in FEEDBACK_BUTTONS:
                                            given = card.get("feedback") == kind
                                            gr.Button(
                                                label,
                                                size="sm",
                                                min_width=0,
                                                variant="primary" if given else "secondary",
                                                elem_classes=[f"fx-{kind}"],
                                            ).click(
                                                partial(give_feedback, card["id"], kind),
                                                [session, shown],
                                                [shown, profile_state],
                                                api_visibility="private",
                                            )

            with gr.Column(scale=2, visible=not compact):  # the widget is the chat and its cards
                gr.Markdown("### What FlexRec believes about you")
                with gr.Column(elem_id="fx-profile"):

                    @gr.render(inputs=[profile_state, session])
                    def render_profile(data: dict | None, session_id: str | None):
                        profile = UserProfile.model_validate(data or {})
                        listed = entries(profile)
                        if not listed:
                            gr.HTML(EMPTY_PROFILE)
                        for name, kinds in SECTIONS:
                            part = [e for e in listed if e.kind in kinds]
                            if part:
                                gr.HTML(section_html(name))
                                with gr.Row(elem_classes="fx-chips"):
                                    for entry in part:
                                        gr.Button(
                                            f"{entry_label(entry)} ✕",
                                            size="sm",
                                            min_width=0,
                                            elem_classes=["fx-entry"],
                                        ).click(
                                            partial(remove_entry, entry),
                                            [session],
                                            [profile_state],
                                            api_visibility="private",
                                        )
                        if data is not None and session_id:
                            # The file is made in the page from what the server returns: no URL
                            # ever names the session.
                            gr.Button("Download my profile (JSON)", size="sm", elem_id="fx-download").click(
                                export, [session], [download], api_visibility="private"
                            ).then(None, [download], None, js=SAVE_JSON, api_visibility="private")

                with gr.Accordion(
                    "New here? Start from a line about yourself", open=False, elem_id="fx-new"
                ) as new_here:
                    describe = gr.Textbox(
                        placeholder="I'm 12 and love space", show_label=False, elem_id="fx-describe", max_length=300
                    )
                    pick = gr.CheckboxGroup(catalog_genres, label="or pick a few genres", elem_id="fx-pick")
                    suggest_btn = gr.Button("Suggest a starting profile", size="sm", elem_id="fx-suggest")
                    proposal_view = gr.HTML("", elem_id="fx-proposal")
                    with gr.Row(visible=False) as proposal_actions:
                        accept_btn = gr.Button("Use it", size="sm", variant="primary", elem_id="fx-accept")
                        discard_btn = gr.Button("Discard", size="sm", elem_id="fx-discard")
                with gr.Row():
                    add_kind = gr.Dropdown(ADD_KINDS, value="liked", show_label=False, elem_id="fx-add-kind")
                    add_value = gr.Textbox(
                        placeholder="Title, genre, topic or year", show_label=False, elem_id="fx-add-value"
                    )
                add_btn = gr.Button("Add to my profile", size="sm", elem_id="fx-add")
                forget_btn = gr.Button("Forget me", variant="stop", size="sm", elem_id="fx-forget")

        ui.load(on_load, None, [session, chatbot, shown, profile_state, reply_items], api_visibility="private").then(
            lambda p: gr.Accordion(open=p is None), [profile_state], [new_here], api_visibility="private"
        )
        for trigger in (suggest_btn.click, describe.submit):
            trigger(suggest, [describe, pick], [proposal, proposal_view, proposal_actions], api_visibility="private")
        accept_btn.click(
            accept,
            [session, proposal],
            [profile_state, shown, proposal, proposal_view, proposal_actions, new_here],
            api_visibility="private",
        )
        discard_btn.click(discard, None, [proposal, proposal_view, proposal_actions], api_visibility="private")
        turn_io = (
            [box, chatbot, session, reply_items, spoken],
            [chatbot, shown, profile_state, session, reply_items, box],
        )
        box.submit(respond, *turn_io, api_visibility="private").then(
            say, [session, spoken], [speech], api_visibility="private"
        )
        mic.stop_recording(hear, [mic], [box, spoken], api_visibility="private").success(
            respond, *turn_io, api_visibility="private"
        ).then(say, [session, spoken], [speech], api_visibility="private")
        chatbot.clear(clear_chat, [session], [reply_items], api_visibility="private")
        chatbot.like(reply_feedback, [session, reply_items, shown], [shown, profile_state], api_visibility="private")
        for trigger in (add_btn.click, add_value.submit):
            trigger(add_entry, [add_kind, add_value, session], [profile_state, add_value], api_visibility="private")
        forget_btn.click(forget, [session], [chatbot, shown, profile_state, reply_items], api_visibility="private")
        add_client_api(recommender, access, turns)
    return ui


def add_client_api(recommender: Recommender, access: Access, turns: TurnLimiter) -> None:
    """Endpoints for `gradio_client` (stable names; the UI's own events are private): the same
    answers as the JSON API, errors as `gr.Error` with FlexRec's message. Each takes `sig`, the
    site's signature when `session_id` is a site user's `u_ID` (or the `X-FlexRec-Signature`
    header, which `Client(..., headers=...)` sends)."""

    def owned(session_id, sig: str | None, request: gr.Request | None) -> str:
        headers = getattr(request, "headers", None) or {}
        cookies = getattr(request, "cookies", None) or {}
        return access.check(session_id, Proof(cookie=cookies.get(COOKIE), sig=sig or headers.get(SIGNATURE_HEADER)))

    def chat(
        message: str,
        session_id: str | None = None,
        mode: str = "text",
        sig: str | None = None,
        request: gr.Request = None,
    ) -> Iterator[dict]:
        """One chat turn. Streams the answer as it grows (the dict `/api/chat` gives: session_id,
        reply, items, profile, error); the last one is the whole turn. Pass the returned
        session_id back to continue the conversation; it is a secret, like a password."""
        try:
            if mode not in ("text", "voice"):
                raise InputError(f"mode must be 'text' or 'voice', not {str(mode)[:20]!r}")
            session_id = None if session_id is None else owned(session_id, sig, request)
            turns.take(client_of(request))
            for _, turn in recommender.turn(session_id, message, mode == "voice"):
                yield turn.as_dict()
        except FlexRecError as exc:
            raise gr.Error(str(exc)) from exc

    def feedback(session_id: str, item_id: str, kind: str, sig: str | None = None, request: gr.Request = None) -> dict:
        """Like, dislike or "seen it" on a catalog item; returns the updated profile."""
        try:
            return recommender.feedback(owned(session_id, sig, request), item_id, kind).model_dump()
        except FlexRecError as exc:
            raise gr.Error(str(exc)) from exc

    def profile(session_id: str, sig: str | None = None, request: gr.Request = None) -> dict:
        """Everything stored about the session: profile, conversation, feedback."""
        try:
            return recommender.export(owned(session_id, sig, request))
        except FlexRecError as exc:
            raise gr.Error(str(exc)) from exc

    for fn in (chat, feedback, profile):
        gr.api(fn, api_name=fn.__name__)


def create_app(
    recommender: Recommender,
    settings: Settings | None = None,
    visitors: Visitors | None = None,
    voice: Voice | None = None,
) -> FastAPI:
    """The whole web app. `settings`: its limits, allowed origins and hosts (default: from the
    environment). `visitors` signs the visitor cookie; without one, a throwaway key (visits end with
    the process). `voice`: speech in and out (the microphone, `/api/voice`); None turns them off."""
    settings = settings or Settings()
    visitors = visitors or Visitors(secrets.token_bytes(32))
    access, turns = Access(visitors, recommender.has_session), TurnLimiter(settings.turn_rate)
    app = FastAPI(title="FlexRec", description="Conversational movie recommendations.", docs_url=None, redoc_url=None)
    add_api(app, recommender, voice, access, turns)
    app.add_middleware(ApiFallback, api=app)  # inside CORS: a preflight is answered before it
    allow_embedding(app, parse_origins(settings.allowed_origins))
    app.add_middleware(VisitorCookie, visitors=visitors)
    upload = settings.max_upload_bytes + (1 << 16)  # a recording, and its multipart framing
    app.add_middleware(
        BodyLimits,
        limits={
            "/api/voice": upload,
            "/gradio_api/upload": upload,
            **dict.fromkeys(API_ROUTES, settings.max_json_bytes),
        },
        default=settings.max_gradio_bytes,
        timeout=settings.body_timeout,
    )
    app.add_middleware(GradioInputErrors)
    app.add_middleware(HostGuard, hosts=allowed_hosts(settings.allowed_hosts, settings.host))
    for path, compact in (("/widget", True), ("/", False)):
        ui = build_ui(recommender, access, turns, settings.max_message_chars, voice, compact=compact)
        app = gr.mount_gradio_app(app, ui, path=path, css=CSS, max_file_size=settings.max_upload_bytes)
    return app


API_ROUTES = ("/api/chat", "/api/chat/stream", "/api/profile", "/api/start", "/api/feedback")


def serve(settings=None, host: str | None = None, port: int | None = None) -> None:
    import uvicorn

    from flexrec.server import server_config
    from flexrec.services import build_recommender, go_offline

    go_offline()
    settings = settings or Settings()
    settings = settings.model_copy(update={k: v for k, v in (("host", host), ("port", port)) if v})
    parse_origins(settings.allowed_origins)  # a typo fails here, before minutes of loading
    recommender = build_recommender(settings)
    key = secret_key(settings.secret_key and settings.secret_key.get_secret_value(), settings.data_dir)
    app = create_app(recommender, settings, Visitors(key), Voice(settings))
    threading.Thread(target=recommender.warm_up, name="warm-up", daemon=True).start()
    print(f"FlexRec is ready on http://{settings.host}:{settings.port}", flush=True)
    uvicorn.Server(server_config(app, settings)).run()
