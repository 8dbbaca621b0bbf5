"""The FlexRec web app: a Gradio chat UI and a JSON API on one FastAPI server.

`create_app(recommender)` builds it from injected parts and does nothing heavy itself; `serve`
builds the parts from settings and runs uvicorn. Per-user state lives in each browser's
`gr.State` (its session id) and in the profile store, never in module globals.
"""

from __future__ import annotations

import json
import logging
import threading
from html import escape

import gradio as gr
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, StrictStr, ValidationError
from starlette.concurrency import run_in_threadpool

from bot.conversation import Recommender
from bot.profile import UserProfile
from flexrec.errors import FlexRecError, InputError, MessageTooLong, StoreError
from flexrec.render import CSS, cards_html, profile_html

log = logging.getLogger(__name__)


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    session_id: StrictStr | None = None
    message: StrictStr


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def add_api(app: FastAPI, recommender: Recommender) -> None:
    # The body is parsed by hand so that every bad request gets our JSON error; the schema is
    # still published in the OpenAPI document.
    body_schema = {"content": {"application/json": {"schema": ChatRequest.model_json_schema()}}, "required": True}

    @app.post("/api/chat", openapi_extra={"requestBody": body_schema})
    async def chat(request: Request):
        """One chat turn: `{"session_id": str | null, "message": str}` → reply, items, profile."""
        try:
            body = json.loads(await request.body() or b"null")
        except (json.JSONDecodeError, UnicodeDecodeError):
            return _error(400, "the request body is not valid JSON")
        try:
            req = ChatRequest.model_validate(body)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(map(str, first["loc"])) or "body"
            return _error(422, f"{where}: {first['msg']}")
        try:
            turn = await run_in_threadpool(recommender.chat, req.session_id, req.message)
        except MessageTooLong as exc:
            return _error(413, str(exc))
        except InputError as exc:
            return _error(422, str(exc))
        except StoreError as exc:
            return _error(503, str(exc))
        except FlexRecError as exc:
            return _error(500, str(exc))
        return turn.as_dict()


def build_ui(recommender: Recommender, max_chars: int) -> gr.Blocks:
    def respond(message: str, history: list, session_id: str | None):
        history = list(history or [])
        try:
            events = recommender.turn(session_id, message)
            kind, turn = next(events)
        except InputError as exc:
            gr.Warning(str(exc))
            yield history, gr.skip(), gr.skip(), session_id, message
            return
        except FlexRecError as exc:
            gr.Warning(f"Something went wrong on our side: {exc}")
            yield history, gr.skip(), gr.skip(), session_id, message
            return
        # The Chatbot renders HTML even with markdown off: escape so text stays text.
        history += [{"role": "user", "content": escape(message)}, {"role": "assistant", "content": ""}]
        cards, panel = cards_html(turn.hits), profile_html(turn.profile)
        yield history, cards, panel, turn.session_id, ""
        for kind, turn in events:
            history[-1] = {"role": "assistant", "content": escape(turn.reply.strip())}
            if kind == "done" and turn.error:
                gr.Warning(turn.error)
            yield history, gr.skip(), gr.skip(), turn.session_id, ""

    def reset(session_id: str | None):
        if session_id:
            recommender.reset(session_id)
        return [], cards_html([]), profile_html(UserProfile()), None, ""

    with gr.Blocks(title="FlexRec") as ui:
        session = gr.State(None)  # per browser tab: its own session id, so its own profile
        gr.Markdown("## FlexRec\nTell me what you like (and what you don't); I'll find movies from the catalog.")
        with gr.Row():
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(label="Chat", height=420, render_markdown=False, elem_id="fx-chat")
                box = gr.Textbox(
                    placeholder="I loved The Matrix and Inception, but no horror please",
                    show_label=False,
                    max_length=max_chars,
                    elem_id="fx-message",
                    submit_btn=True,
                )
                reset_btn = gr.Button("Reset my session", variant="secondary", elem_id="fx-reset")
                cards = gr.HTML(cards_html([]), elem_id="fx-cards")
            with gr.Column(scale=2):
                gr.Markdown("### What FlexRec believes about you")
                panel = gr.HTML(profile_html(UserProfile()), elem_id="fx-profile")
        outputs = [chatbot, cards, panel, session, box]
        box.submit(respond, [box, chatbot, session], outputs, api_name="chat")
        reset_btn.click(reset, [session], outputs, api_name="reset")
    return ui


def create_app(recommender: Recommender, max_chars: int = 4000) -> FastAPI:
    app = FastAPI(title="FlexRec", description="Conversational movie recommendations.")
    add_api(app, recommender)
    return gr.mount_gradio_app(app, build_ui(recommender, max_chars), path="/", css=CSS)


def serve(settings=None, host: str | None = None, port: int | None = None) -> None:
    import uvicorn

    from flexrec.services import build_recommender, go_offline
    from flexrec.settings import Settings

    go_offline()
    settings = settings or Settings()
    recommender = build_recommender(settings)
    app = create_app(recommender, settings.max_message_chars)
    threading.Thread(target=recommender.warm_up, name="warm-up", daemon=True).start()
    host, port = host or settings.host, port or settings.port
    print(f"FlexRec is ready on http://{host}:{port}", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
