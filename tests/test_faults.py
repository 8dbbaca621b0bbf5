"""Faults from outside, on real processes: the server killed with SIGKILL in the middle of a turn, an
ingestion killed mid-way, the Chroma server stopping under a running FlexRec, and the LLM server
dying while a reply streams. Everything listens on 127.0.0.1; every process a test starts is
killed when it ends, pass or fail, and every wait has a bound."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import FAST_LLM, free_port, write_jsonl

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
FIRST_START_S = 240  # a first start ingests the bundled catalog and converts SmolLM2 (~30 s on 2 cores)
TURN_S = 60  # a turn, or a turn whose LLM server died, must end within this


def flexrec_env(data_dir: Path, **settings) -> dict[str, str]:
    """The environment of a FlexRec process: this test's data dir, the fast model, no turn limit,
    offline; `settings` adds FLEXREC_<NAME> values. No FLEXREC_* of the caller leaks in but the
    run's shared models dir (conftest), which holds only weights written once and whole."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLEXREC_") or k == "FLEXREC_MODELS_PATH"}
    env.update(
        FLEXREC_DATA_DIR=str(data_dir),
        FLEXREC_LLM=FAST_LLM,
        FLEXREC_TURN_RATE="0",
        HF_HUB_OFFLINE="1",
        GRADIO_ANALYTICS_ENABLED="False",
        PYTHONUNBUFFERED="1",
    )
    env.update({f"FLEXREC_{k.upper()}": str(v) for k, v in settings.items()})
    return env


class Proc:
    """A process started by a test, its output going to a log file beside the test's files."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], log_dir: Path):
        self.name, self.log_path = name, log_dir / f"{name}.log"
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT
        )
        self.pid = self.proc.pid

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def tail(self, chars: int = 3000) -> str:
        return f"--- {self.log_path} (end) ---\n{self.log()[-chars:]}"

    def check_alive(self) -> None:
        if self.proc.poll() is not None:
            raise AssertionError(f"{self.name} exited with {self.proc.returncode}\n{self.tail()}")

    def wait_for(self, ready, what: str, timeout: float) -> None:
        """Poll `ready()` (False or an httpx error: not yet) until it holds, the process dies or time runs out."""
        deadline = time.monotonic() + timeout
        while True:
            self.check_alive()
            try:
                if ready():
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.name}: {what} not within {timeout:.0f} s\n{self.tail()}")
            time.sleep(0.3)

    def kill(self) -> None:
        """SIGKILL, then reap; harmless on a process that has already ended."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=30)
        self._log.close()

    def stop(self) -> None:
        """SIGTERM (a clean shutdown), SIGKILL if it takes more than 30 s."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                pass
        self.kill()


@pytest.fixture
def spawn(tmp_path):
    """Start processes for one test; all of them are killed at its end."""
    started: list[Proc] = []

    def start(name: str, command: list[str], env: dict[str, str]) -> Proc:
        started.append(Proc(name, command, env, tmp_path))
        return started[-1]

    yield start
    for proc in reversed(started):
        proc.kill()


def start_flexrec(spawn, name: str, env: dict[str, str], timeout: float = FIRST_START_S) -> tuple[Proc, str]:
    """`flexrec serve` on a free loopback port, once its page answers: (process, base URL)."""
    port = free_port()
    command = [sys.executable, "-m", "flexrec.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    proc = spawn(name, command, env)
    url = f"http://127.0.0.1:{port}"
    proc.wait_for(lambda: httpx.get(url + "/", timeout=5).status_code < 500, "the page answering", timeout)
    return proc, url


def start_chroma(spawn, name: str, path: Path, port: int) -> Proc:
    exe = Path(sys.executable).parent / "chroma"
    command = [str(exe), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)]
    proc = spawn(name, command, dict(os.environ, ANONYMIZED_TELEMETRY="False"))
    url = f"http://127.0.0.1:{port}/api/v2/heartbeat"
    proc.wait_for(lambda: httpx.get(url, timeout=2).status_code == 200, "the heartbeat", 60)
    return proc


def start_llm_server(spawn, name: str, port: int) -> Proc:
    """llama.cpp's OpenAI-compatible server with the SmolLM2 GGUF, as tests/test_llm_server.py runs it."""
    from tests.test_llm import smollm2_gguf

    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(smollm2_gguf()), "--model_alias", "smollm2"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--n_ctx", "2048"]
    proc = spawn(name, command, dict(os.environ, PYTHONUNBUFFERED="1"))
    url = f"http://127.0.0.1:{port}/v1/models"
    proc.wait_for(lambda: httpx.get(url, timeout=2).status_code == 200, "/v1/models answering", 120)
    return proc


def chat(url: str, session_id: str | None, message: str) -> httpx.Response:
    return httpx.post(url + "/api/chat", json={"session_id": session_id, "message": message}, timeout=TURN_S)


def sse_events(response: httpx.Response, deadline: float):
    """(event, data) pairs of a server-sent event stream; fails once `deadline` (monotonic) passes,
    whatever keep-alive comments keep the connection busy."""
    event, data = None, []
    for line in response.iter_lines():
        if time.monotonic() > deadline:
            raise AssertionError("the event stream ran past its time bound")
        if not line:
            if event or data:
                yield event, json.loads("\n".join(data)) if data else None
            event, data = None, []
        elif line.startswith("event:"):
            event = line.removeprefix("event:").strip()
        elif line.startswith("data:"):
            data.append(line.removeprefix("data:").strip())


@pytest.fixture(scope="module")
def prepared(tmp_path_factory, models_path) -> Path:
    """A data dir after one clean start and stop of the server (bundled catalog ingested; SmolLM2
    converted into the run's models dir, if no test did it before); each test gets its own copy, so
    a later start takes ~15 s instead of ~30."""
    data = tmp_path_factory.mktemp("prepared") / "data"
    started: list[Proc] = []

    def spawn(name: str, command: list[str], env: dict[str, str]) -> Proc:
        started.append(Proc(name, command, env, data.parent))
        return started[-1]

    try:
        start_flexrec(spawn, "prepare", flexrec_env(data, models_path=models_path))
    finally:
        for proc in started:  # a clean stop, so the copies start from a closed store
            proc.stop()
    return data


def copy_of(prepared: Path, tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(prepared, data)
    return data


# 1. SIGKILL in the middle of a turn ---------------------------------------------------------------


def test_a_server_killed_mid_turn_keeps_everything_committed_before(prepared, tmp_path, spawn):
    from bot.profile_store import ProfileStore

    data = copy_of(prepared, tmp_path)
    server, url = start_flexrec(spawn, "flexrec", flexrec_env(data))
    first = chat(url, None, "I loved The Matrix, no horror please")
    assert first.status_code == 200, first.text
    session = first.json()["session_id"]

    seen = []
    body = {"session_id": session, "message": "I also loved Inception"}
    with httpx.stream("POST", url + "/api/chat/stream", json=body, timeout=TURN_S) as response:
        assert response.status_code == 200, response.read()
        for event, _ in sse_events(response, time.monotonic() + TURN_S):
            seen.append(event)
            if event == "items":  # the profile is saved, the reply not yet written: kill it now
                os.kill(server.pid, signal.SIGKILL)
                break
    assert seen == ["items"]
    assert server.proc.wait(timeout=30) == -signal.SIGKILL

    store = ProfileStore(data / "profiles.sqlite3")  # read straight from the file the killed server wrote
    profile = store.load(session)
    assert "The Matrix" in profile.liked and "Inception" in profile.liked, profile
    assert "Horror" in profile.constraints.exclude_genres, profile
    assert profile.turns == 2
    history = store.history(session)
    assert [(m["role"], m["content"]) for m in history if m["role"] == "user"] == [
        ("user", "I loved The Matrix, no horror please"),
        ("user", "I also loved Inception"),
    ]
    # the first answer whole, with its cards; the second was cut off before it was stored
    assert [m["role"] for m in history] == ["user", "assistant", "user"], history
    assert history[1]["content"] and [i["id"] for i in history[1]["items"]] == [i["id"] for i in first.json()["items"]]

    _, url = start_flexrec(spawn, "flexrec-restarted", flexrec_env(data))
    again = chat(url, session, "Something from the 90s")
    assert again.status_code == 200, again.text
    answer = again.json()
    assert answer["session_id"] == session and answer["items"] and answer["error"] is None
    after = ProfileStore(data / "profiles.sqlite3")
    assert {"The Matrix", "Inception"} <= set(after.load(session).liked)
    assert [m["role"] for m in after.history(session)] == ["user", "assistant", "user", "user", "assistant"]


# 2. SIGKILL in the middle of an ingestion ---------------------------------------------------------

N_ROWS = 1200  # nine batches: enough to be killed between two of them
WORDS = (
    "a detective hunts a ghost across a drowned city while her brother builds robots for the circus "
    "and an old pilot remembers the war in letters to a daughter he never met on the frozen coast"
).split()
GENRES = ["Drama", "Comedy", "Thriller", "Science Fiction", "Romance", "Animation", "Horror", "Western"]

INSPECT = """
import json
from flexrec.settings import Settings
from retrieval.store import CatalogStore, open_client
settings = Settings()
store = CatalogStore(open_client(settings), settings.collection, None, settings.embedding_model)
ids = store.collection.get(include=[])["ids"]
print(json.dumps({"state": store.state(), "count": store.count(), "ids": ids}))
"""


def big_catalog(path: Path) -> list[str]:
    rng = random.Random(7)
    rows = [
        {
            "id": f"fault-{i:05d}",
            "title": f"Fault Line {i}",
            "year": 1930 + i % 90,
            "genres": rng.sample(GENRES, 2),
            "overview": " ".join(rng.choices(WORDS, k=12)),
        }
        for i in range(N_ROWS)
    ]
    write_jsonl(path, rows)
    return [r["id"] for r in rows]


def inspect_store(env: dict[str, str]) -> dict:
    """The collection's state, count and ids, read by a process of its own (one Chroma client per
    folder per process: this test process never opens the folder the ingestions write)."""
    done = subprocess.run(
        [sys.executable, "-c", INSPECT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_an_ingestion_killed_mid_way_is_reported_and_completed_by_the_next(tmp_path):
    path = tmp_path / "big.jsonl"
    expected = big_catalog(path)
    env = flexrec_env(tmp_path / "data")
    command = [sys.executable, "-m", "flexrec.cli", "ingest", str(path)]
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    output = bytearray()
    reader = threading.Thread(target=lambda: [output.extend(b) for b in iter(lambda: proc.stderr.read1(512), b"")])
    reader.start()
    progress = re.compile(rb"Ingesting catalog:[^\r\n]*?\b(\d+)/%d\b" % N_ROWS)
    try:
        deadline = time.monotonic() + 180
        while not any(int(n) > 0 for n in progress.findall(bytes(output))):  # a batch is written
            assert proc.poll() is None, output.decode(errors="replace")[-3000:]
            assert time.monotonic() < deadline, output.decode(errors="replace")[-3000:]
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
        reader.join(timeout=30)
    written = max(int(n) for n in progress.findall(bytes(output)))
    assert 0 < written < N_ROWS

    cut = inspect_store(env)
    assert cut["state"] == "in_progress"
    assert written <= cut["count"] < N_ROWS  # the batches counted as done are there; not the rest

    again = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr[-3000:]
    assert f"{N_ROWS} items from {path}: {N_ROWS - cut['count']} new" in again.stdout

    whole = inspect_store(env)
    assert whole["state"] == "complete"
    assert whole["count"] == N_ROWS and len(whole["ids"]) == N_ROWS
    assert sorted(whole["ids"]) == expected  # every id once: none lost, none doubled


# 3. The Chroma server stops under a running FlexRec -----------------------------------------------


def test_a_stopped_or_hung_chroma_server_is_a_503_and_serves_again_once_back(prepared, tmp_path, spawn):
    chroma_port, chroma_path = free_port(), tmp_path / "chroma-server"
    chroma = start_chroma(spawn, "chroma", chroma_path, chroma_port)
    env = flexrec_env(copy_of(prepared, tmp_path), chroma_url=f"http://127.0.0.1:{chroma_port}")
    _, url = start_flexrec(spawn, "flexrec", env)  # ingests the bundled catalog into the server first
    first = chat(url, None, "I loved The Matrix, no horror please")
    assert first.status_code == 200 and first.json()["items"], first.text
    session = first.json()["session_id"]

    def unreachable(how: str) -> None:
        started = time.monotonic()
        down = chat(url, session, "Something from the 90s")
        assert time.monotonic() - started < TURN_S, how
        assert down.status_code == 503, (how, down.status_code, down.text)
        error = down.json()["error"]
        assert "catalog store" in error and "unreachable" in error, (how, error)

    def served_again(how: str) -> None:
        back = chat(url, session, "Something from the 90s")
        assert back.status_code == 200, (how, back.text)
        assert back.json()["items"] and back.json()["error"] is None, (how, back.json())

    os.kill(chroma.pid, signal.SIGSTOP)  # hung: connections open, nothing answers
    try:
        unreachable("hung server")  # bounded by the client's timeout, not forever
    finally:
        os.kill(chroma.pid, signal.SIGCONT)
    served_again("after the hung server woke up")

    chroma.stop()
    unreachable("stopped server")
    start_chroma(spawn, "chroma-restarted", chroma_path, chroma_port)
    served_again("after the server restarted")


# 4. The LLM server dies while the reply streams ---------------------------------------------------

COMPLETIONS = re.compile(r'"POST /v1/chat/completions HTTP/1\.1" 200')


def test_an_llm_server_dying_mid_reply_gives_the_cards_and_a_notice(prepared, tmp_path, spawn):
    llm_port = free_port()
    llm = start_llm_server(spawn, "llm-server", llm_port)
    env = flexrec_env(
        copy_of(prepared, tmp_path),
        llm_url=f"http://127.0.0.1:{llm_port}/v1",
        llm="smollm2",
        profile_llm_first="false",
        reply_max_new_tokens=400,  # a long reply, so the kill falls inside it
    )
    _, url = start_flexrec(spawn, "flexrec", env)
    message = "I loved The Matrix. Tell me about a few films like it and why I would enjoy them."

    events, profile_calls = [], None
    started = time.monotonic()
    body = {"session_id": None, "message": message}
    with httpx.stream("POST", url + "/api/chat/stream", json=body, timeout=TURN_S) as response:
        assert response.status_code == 200, response.read()
        for event, data in sse_events(response, started + TURN_S):
            events.append((event, data))
            if event == "items":
                profile_calls = len(COMPLETIONS.findall(llm.log()))  # the profile step's requests
                # the reply's request has begun: the server dies (not on the first text, which the
                # grounding filter may hold back until the model is done)
                llm.wait_for(lambda n=profile_calls: len(COMPLETIONS.findall(llm.log())) > n, "the reply", TURN_S)
                llm.kill()
    assert time.monotonic() - started < TURN_S
    kinds = [e for e, _ in events]
    assert kinds[0] == "items" and "text" in kinds and kinds[-1] == "done", kinds
    items, done = events[0][1]["items"], events[-1][1]
    assert items and done["items"] == items
    assert done["error"] and "failed" in done["error"], done
    assert done["reply"]  # a plain sentence about the cards instead of the lost write-up

    # the same through POST /api/chat: the server is killed once the reply's request has started
    llm = start_llm_server(spawn, "llm-server-restarted", llm_port)
    answer: list = []

    def ask() -> None:
        try:
            answer.append(chat(url, None, message))
        except httpx.HTTPError as exc:  # a timeout: reported below, not lost in the thread
            answer.append(exc)

    turn = threading.Thread(target=ask)
    started = time.monotonic()
    turn.start()
    llm.wait_for(lambda: len(COMPLETIONS.findall(llm.log())) > profile_calls, "the reply's request", TURN_S)
    llm.kill()
    turn.join(timeout=TURN_S)
    assert not turn.is_alive() and time.monotonic() - started < TURN_S
    assert isinstance(answer[0], httpx.Response), answer[0]
    assert answer[0].status_code == 200, answer[0].text
    whole = answer[0].json()
    assert whole["items"] and whole["reply"]
    assert whole["error"] and "failed" in whole["error"], whole
