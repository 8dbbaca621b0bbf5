"""Shared fixtures. Every test gets its own data dir; the slow parts (the real SmolLM2 model, the
bundled catalog in a real Chroma store) are built once per session and shared read-mostly."""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from pathlib import Path

import pytest

from flexrec.services import go_offline
from flexrec.settings import Settings

go_offline()
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
# The fast tier on llama.cpp, the CPU runtime the product runs by default: a turn in about a quarter
# of the time the same file takes on transformers (bench/results/turn-smollm2-runtimes-26e2bc4.md),
# whose own tests load it by "smollm2-135m" (tests/test_llm.py, one whole turn in tests/test_turns.py).
FAST_LLM = "smollm2-135m-llamacpp"


@pytest.fixture(scope="session")
def models_path(tmp_path_factory) -> Path:
    """One models dir for the whole run: the converted SmolLM2 and the joined weights are made once,
    not once per test (a conversion alone takes half a minute here)."""
    return tmp_path_factory.mktemp("flexrec-models")


@pytest.fixture(autouse=True)
def _own_data_dir(tmp_path, monkeypatch, models_path):
    """No test ever touches ~/.local/share/flexrec or another test's files; they share only the
    models dir, whose folders are written once and whole. Tests run on the fast tier (SmolLM2-135M)
    unless they ask for another model; the default 1.5B has its own slow tests."""
    monkeypatch.setenv("FLEXREC_DATA_DIR", str(tmp_path / "flexrec-data"))
    monkeypatch.setenv("FLEXREC_MODELS_PATH", str(models_path))
    monkeypatch.setenv("FLEXREC_LLM", FAST_LLM)
    monkeypatch.delenv("FLEXREC_LLM_URL", raising=False)


@pytest.fixture(scope="session")
def settings(tmp_path_factory, models_path) -> Settings:
    # The suite's many quick turns come from one address: the turn limit is tested on its own.
    return Settings(data_dir=tmp_path_factory.mktemp("flexrec-session"), models_path=models_path, llm=FAST_LLM,
                    turn_rate=0)  # fmt: skip


@pytest.fixture(scope="session")
def embeddings():
    from retrieval.embeddings import load_embeddings

    return load_embeddings("all-MiniLM-L6-v2")


@pytest.fixture(scope="session")
def catalog(settings):
    """The bundled catalog, ingested into a real Chroma store: (store, titles, genres)."""
    from flexrec.services import open_catalog

    return open_catalog(settings, progress=False)


@pytest.fixture(scope="session")
def llm(settings):
    from bot.llm_loader import load_chat_model

    return load_chat_model(settings)


@pytest.fixture(scope="session")
def recommender(settings, llm, catalog):
    from flexrec.services import build_recommender

    return build_recommender(settings, llm=llm, catalog=catalog)


SEEKER, RECOMMENDER = 1, 2  # worker ids in the hand-made ReDial dialogues


def redial_dialogue(cid: str, messages: list[tuple[int, str]], mentions: dict, questions: dict | None = None) -> dict:
    """A dialogue in ReDial's JSONL shape: (sender, text) messages, `@id` mentions, seeker answers."""
    return {
        "conversationId": cid,
        "initiatorWorkerId": SEEKER,
        "respondentWorkerId": RECOMMENDER,
        "movieMentions": mentions,
        "initiatorQuestions": questions or {},
        "respondentQuestions": {},
        "messages": [
            {"messageId": i, "text": t, "senderWorkerId": s, "timeOffset": i} for i, (s, t) in enumerate(messages)
        ],
    }


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """A real uvicorn server on 127.0.0.1 in a thread, for API and browser tests."""

    def __init__(self, app, settings: Settings | None = None):
        """Served as `flexrec serve` serves it: uvicorn with FlexRec's limits (web/server.py)."""
        import uvicorn

        from web.server import server_config

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(server_config(app, settings or Settings(), host="127.0.0.1", port=self.port))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self):
        import httpx

        self.thread.start()
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if httpx.get(self.url + "/", timeout=2).status_code < 500:
                    return self
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError("server did not start")

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(recommender, settings):
    from app import create_app
    from bot.speech import Voice

    with LiveServer(create_app(recommender, settings, voice=Voice(settings)), settings) as server:
        yield server


@pytest.fixture(scope="session")
def postgres():
    """One real PostgreSQL server for the session (tests/postgres.py); tests take a database each."""
    from tests.postgres import temporary_server

    with temporary_server() as server:
        yield server


def pytest_collection_modifyitems(config, items):
    try:
        import torch

        cuda = torch.cuda.is_available()
    except ImportError:
        cuda = False
    for item in items:
        if "gpu" in item.keywords and not cuda:
            item.add_marker(pytest.mark.skip(reason="needs a CUDA GPU"))
        if "browser" in item.keywords and not os.path.exists("/usr/bin/chromium"):
            item.add_marker(pytest.mark.skip(reason="needs Debian chromium at /usr/bin/chromium"))


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium, driven by Playwright (the UI and embedding tests)."""
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()
