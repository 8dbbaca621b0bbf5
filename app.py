"""The FlexRec web app: the JSON API (web/api.py) and the Gradio UI (web/ui.py) on one FastAPI
server, behind the guards of web/limits.py.

`create_app(recommender)` builds it from injected parts and does nothing heavy itself; `serve`
builds the parts from settings and runs uvicorn. Per-user state lives in each browser's
`gr.State` (its session id) and in the profile store, never in module globals.
"""

from __future__ import annotations

import secrets
import threading

import gradio as gr
from fastapi import FastAPI

from bot.conversation import Recommender
from bot.speech import Voice
from flexrec.settings import Settings
from web.access import Access
from web.api import API_ROUTES, ApiFallback, add_api
from web.embed import allow_embedding, parse_origins
from web.limits import BodyLimits, GradioInputErrors, HostGuard, TurnLimiter, allowed_hosts
from web.render import CSS
from web.ui import build_ui
from web.visitor import VisitorCookie, Visitors, secret_key


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


def serve(settings=None, host: str | None = None, port: int | None = None) -> None:
    import uvicorn

    from bot.llm import close
    from bot.llm_loader import load_chat_model
    from flexrec.services import build_recommender, go_offline
    from web.server import server_config

    go_offline()
    settings = settings or Settings()
    settings = settings.model_copy(update={k: v for k, v in (("host", host), ("port", port)) if v})
    parse_origins(settings.allowed_origins)  # a typo fails here, before minutes of loading
    llm = load_chat_model(settings)  # with FLEXREC_LLM_PARALLEL, a llama-server child it stops at the end
    try:
        recommender = build_recommender(settings, llm=llm)
        key = secret_key(settings.secret_key and settings.secret_key.get_secret_value(), settings.data_dir)
        app = create_app(recommender, settings, Visitors(key), Voice(settings))
        threading.Thread(target=recommender.warm_up, name="warm-up", daemon=True).start()
        print(f"FlexRec is ready on http://{settings.host}:{settings.port}", flush=True)
        uvicorn.Server(server_config(app, settings)).run()
    finally:
        close(llm)
