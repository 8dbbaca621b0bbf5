"""The OpenAI-compatible backend against a real server: `python -m llama_cpp.server` on 127.0.0.1
serving the SmolLM2 GGUF. A whole chat turn goes through it; when the server dies mid-turn the user
gets a clear error and a plain grounded reply, and the profile they built is kept."""

import subprocess
import sys
import time

import httpx
import pytest

from bot.llm_openai import OpenAIChatModel
from bot.writer import fallback_reply
from flexrec.services import build_recommender
from flexrec.settings import Settings
from tests.conftest import ARTIFACTS, free_port
from tests.test_llm import smollm2_gguf


@pytest.fixture
def llm_server(tmp_path):
    port = free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log = open(ARTIFACTS / "llama-cpp-server.log", "w")
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(smollm2_gguf())]
    command += ["--model_alias", "smollm2", "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "2048"]
    proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/v1"
    deadline = time.time() + 120
    try:
        while True:
            try:
                if httpx.get(f"{url}/models", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"llama_cpp.server did not start; see {log.name}")
            time.sleep(0.3)
        yield url, proc
    finally:
        proc.kill()
        proc.wait()
        log.close()


def served(url, catalog, tmp_path):
    # a 135M model behind the server: it may not outrank the rule reader on like/dislike
    settings = Settings(data_dir=tmp_path, llm="smollm2", llm_url=url, profile_llm_first=False)
    return build_recommender(settings, progress=False, catalog=catalog)


def test_a_whole_turn_through_an_openai_compatible_server(llm_server, catalog, tmp_path):
    url, _ = llm_server
    recommender = served(url, catalog, tmp_path)
    assert type(recommender.writer.llm) is OpenAIChatModel  # not taken for llama.cpp's own server
    turn = recommender.chat(None, "I loved The Matrix. Something like it?")
    assert turn.error is None and turn.reply.strip()
    store = catalog[0]
    assert len(turn.hits) == 4 and all(store.items([h.id]) for h in turn.hits)
    assert "The Matrix" in turn.profile.liked
    stats = recommender.profiler.stats
    assert stats["constrained"] == 1 and stats["json_unusable"] == 0  # the server honoured the schema


def test_the_server_dying_mid_turn_is_a_clear_error_and_keeps_the_profile(llm_server, catalog, tmp_path):
    url, proc = llm_server
    recommender = served(url, catalog, tmp_path)
    turn = None
    for kind, event in recommender.turn(None, "I loved The Matrix, but no horror please"):
        turn = event
        if kind == "items":  # the profile step used the server; now it goes away before the reply
            proc.kill()
            proc.wait()
    assert turn.error and "failed" in turn.error and url in turn.error
    noted = "I'll leave out horror this time. "
    assert turn.reply == noted + fallback_reply(turn.hits)  # the acknowledgement, then the fallback
    kept = recommender.profiles.load(turn.session_id)
    assert kept == turn.profile and "The Matrix" in kept.liked and "Horror" in kept.constraints.exclude_genres
