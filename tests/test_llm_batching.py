"""FLEXREC_LLM_PARALLEL: the GGUF model on a llama-server FlexRec starts and supervises, several turns
decoded at once. Real parts: the llama-server scripts/setup.sh builds, the SmolLM2 GGUF, the bundled
catalog in Chroma, `flexrec serve` as a process."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from bot.llm_llamaserver import LlamaServerChatModel
from bot.llm_loader import load_chat_model
from bot.profiler import PREFILL
from bot.prompts import schema
from flexrec.errors import ModelError
from flexrec.services import build_recommender
from flexrec.settings import Settings
from tests.conftest import LiveServer, free_port
from tests.test_llm import smollm2_gguf

pytestmark = pytest.mark.slow


def served_settings(tmp_path, **more) -> Settings:
    # a 135M model: it may not outrank the rule reader on like/dislike
    more = {"llm": str(smollm2_gguf()), **more}
    return Settings(data_dir=tmp_path, llm_parallel=2, profile_llm_first=False, **more)


@pytest.fixture
def served(tmp_path):
    llm = load_chat_model(served_settings(tmp_path), progress=False)
    yield llm
    llm.close()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"  # a zombie has exited


def _gone_within(pid: int, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if not _alive(pid):
            return True
        time.sleep(0.2)
    return False


def test_the_server_is_started_restarted_after_a_crash_and_stopped(served):
    assert isinstance(served, LlamaServerChatModel)
    process = served.process
    first = process.proc.pid
    assert served.generate([{"role": "user", "content": "Say hello."}], 8).strip()
    os.kill(first, signal.SIGKILL)  # a crash
    assert _gone_within(first, 10)
    assert process.wait_ready(120) and process.proc.pid != first and process.starts == 2
    assert served.generate([{"role": "user", "content": "Say hello."}], 8).strip()  # served again
    served.close()
    assert _gone_within(process.proc.pid, 15)
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"{served.root}/health", timeout=2)


def test_a_prefill_is_continued_and_not_echoed(served):
    messages = [{"role": "user", "content": "I loved Up and hated Cats."}, {"role": "assistant", "content": PREFILL}]
    raw = served.generate(messages, 48, schema=schema("profile_update"))
    assert not raw.lstrip().startswith(PREFILL)  # the server's echo is cut off
    assert isinstance(json.loads(PREFILL + raw)["opinions"], dict)  # prefill + continuation: the schema's JSON
    start = "My favourite colour is"
    prose = [{"role": "user", "content": "Name one colour."}, {"role": "assistant", "content": start}]
    text = "".join(served.stream(prose, 12))
    assert text.strip() and not text.startswith(start)


def test_a_llama_server_at_the_llm_url_is_recognised(served, tmp_path):
    """A llama-server FlexRec did not start (one shared by replicas) gets the same backend."""
    other = load_chat_model(Settings(data_dir=tmp_path, llm="smollm2", llm_url=f"{served.root}/v1"), progress=False)
    assert isinstance(other, LlamaServerChatModel) and other.process is None
    assert other.parallel == 2  # its slots, from the /props that recognised it
    assert other.generate([{"role": "user", "content": "Say hello."}], 8).strip()
    other.close()  # not its server: it keeps running
    assert served.process.healthy()


def test_a_long_message_is_clipped_by_the_servers_tokenizer(served):
    clipped = served.clip("movie " * 500, 20)
    assert len(served._post("tokenize", {"content": clipped})["tokens"]) <= 20 and clipped.startswith("movie")
    assert served.clip("short", 20) == "short"


class SlotWatch:
    """The most slots the server had decoding at once while the block ran (its /slots, every 50 ms)."""

    def __init__(self, root: str):
        self.root, self.busy, self.stop = root, [0], threading.Event()
        self.thread = threading.Thread(target=self._watch)

    def _watch(self):
        while not self.stop.is_set():
            slots = httpx.get(f"{self.root}/slots", timeout=5).json()
            self.busy.append(sum(bool(s.get("is_processing")) for s in slots))
            time.sleep(0.05)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()

    @property
    def most(self) -> int:
        return max(self.busy)


def test_two_turns_are_decoded_at_once(tmp_path, catalog):
    """Two people's turns in the server's two slots at the same time (its /slots says so), each
    with its own grounded reply and profile."""
    recommender = build_recommender(served_settings(tmp_path, reply_max_new_tokens=120), catalog=catalog)
    llm = recommender.writer.llm
    turns = {}

    def chat(key, message):
        turns[key] = recommender.chat(None, message)

    try:
        assert llm.parallel == 2 and recommender.turns_at_once == 2  # the server's /props
        with SlotWatch(llm.root) as watch:
            asked = (("a", "I loved The Matrix"), ("b", "I loved Up"))
            people = [threading.Thread(target=chat, args=asked_one) for asked_one in asked]
            for t in people:
                t.start()
            for t in people:
                t.join(300)
        assert watch.most == 2  # both slots were decoding together
        assert turns["a"].session_id != turns["b"].session_id
        for key, title in (("a", "The Matrix"), ("b", "Up")):
            turn = turns[key]
            assert turn.error is None and turn.reply.strip() and turn.hits
            assert title in turn.profile.liked and PREFILL not in turn.reply
        assert recommender.profiler.stats["json_unusable"] == 0
    finally:
        llm.close()


@pytest.mark.browser
def test_two_browsers_turns_are_decoded_at_once(tmp_path, catalog, browser):
    """The page's turns are not queued one at a time in front of a model that decodes two at once:
    two people press Enter together and both slots decode (Gradio's default would run one turn per
    event at a time). Each gets their own reply."""
    from app import create_app
    from tests.test_browser import open_app, send

    settings = served_settings(tmp_path, reply_max_new_tokens=120)
    recommender = build_recommender(settings, catalog=catalog)
    llm = recommender.writer.llm
    try:
        with LiveServer(create_app(recommender, settings), settings) as server:
            pages = [open_app(browser, server.url) for _ in range(2)]
            replies = [page.locator("#fx-chat .bot").count() for page in pages]
            with SlotWatch(llm.root) as watch:
                for page, title in zip(pages, ("The Matrix", "Up"), strict=True):
                    send(page, f"I loved {title}")
                for page, before in zip(pages, replies, strict=True):
                    page.locator("#fx-chat .bot").nth(before).wait_for(timeout=240_000)
                    page.wait_for_function("!document.querySelector('#fx-message .generating')", timeout=240_000)
            assert watch.most == 2
            for page, title in zip(pages, ("The Matrix", "Up"), strict=True):
                page.locator("#fx-profile", has_text=title).wait_for(timeout=240_000)  # a turn under load
    finally:
        llm.close()


def test_settings_that_cannot_be_served_say_why(tmp_path):
    with pytest.raises(ModelError, match="FLEXREC_LLM_URL"):
        load_chat_model(served_settings(tmp_path, llm_url="http://127.0.0.1:1/v1"), progress=False)
    with pytest.raises(ModelError, match="GGUF"):
        load_chat_model(Settings(data_dir=tmp_path, llm="some-org/some-model", llm_parallel=2), progress=False)
    with pytest.raises(ModelError, match="llama-server not found"):
        load_chat_model(served_settings(tmp_path, llama_server=tmp_path / "nope"), progress=False)


def test_a_server_that_cannot_start_is_a_clear_error_at_once(tmp_path):
    bogus = tmp_path / "not-a-model.gguf"
    bogus.write_bytes(b"this is no GGUF file")
    with pytest.raises(ModelError, match="llama-server exited at start"):
        load_chat_model(served_settings(tmp_path, llm=str(bogus)), progress=False)


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    return found


def test_the_server_does_not_outlive_flexrec_serve(tmp_path):
    """Killed outright (no clean-up code runs), `flexrec serve` still takes its llama-server with it."""
    port = free_port()
    env = {
        **os.environ,
        "FLEXREC_DATA_DIR": str(tmp_path),
        "FLEXREC_LLM": str(smollm2_gguf()),
        "FLEXREC_LLM_PARALLEL": "2",
    }
    cmd = [str(Path(sys.executable).with_name("flexrec")), "serve", "--host", "127.0.0.1", "--port", str(port)]
    log = open(tmp_path / "serve.log", "w")
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        end, children = time.monotonic() + 300, []
        while time.monotonic() < end and not children and proc.poll() is None:
            children = [c for c in _children(proc.pid) if "llama-server" in Path(f"/proc/{c}/cmdline").read_text()]
            time.sleep(0.5)
        assert children, (tmp_path / "serve.log").read_text()[-2000:]
        proc.kill()
        proc.wait()
        assert _gone_within(children[0], 15)
    finally:
        proc.kill()
        proc.wait()
        log.close()
