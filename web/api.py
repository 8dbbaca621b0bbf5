"""The JSON API: chat (whole or streamed), voice, the profile (see, edit, forget), cold start and
feedback. Bodies are parsed by hand, so every bad request gets FlexRec's JSON error; every route
that names a session asks `Access` first (web/access.py)."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Literal

import gradio as gr
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

from bot.conversation import Feedback, Recommender, Turn
from bot.profile import Entry
from bot.speech import Voice
from flexrec.errors import FlexRecError, InputError, MessageTooLong, NotFound, SpeechUnavailable, StoreError, TooMany
from web.access import SESSION_HEADER, SIGNATURE_HEADER, Access, Proof
from web.limits import BadJSON, TurnLimiter, parse_json
from web.visitor import COOKIE

Mode = Literal["text", "voice"]  # "voice": a short answer to be read aloud, at most three items
API_ROUTES = ("/api/chat", "/api/chat/stream", "/api/profile", "/api/start", "/api/feedback")  # JSON bodies
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
    "as `/api/chat` gives it and `timings`, the seconds the server spent on each step."
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


def _first_problem(exc: ValidationError | RequestValidationError) -> str:
    first = exc.errors()[0]
    return f"{'.'.join(map(str, first['loc'])) or 'body'}: {first['msg']}"


async def _run(fn, *args) -> tuple[object, JSONResponse | None]:
    """`fn(*args)` off the event loop; a FlexRecError becomes its status and message."""
    try:
        return await run_in_threadpool(fn, *args), None
    except FlexRecError as exc:
        return None, _failure(exc)


def proof_of(request: Request) -> Proof:
    """What this request carries to prove a session is its own (web/access.py)."""
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
        return _error(422, _first_problem(exc))

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
        yield ServerSentEvent(event="done", data={**turn.as_dict(), "timings": turn.timings})

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
            use = ", ".join(allowed)
            refusal = _error(405, f"{scope['method'][:20]} is not allowed here; use {use}", {"Allow": use})
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
