"""Past one machine: two `flexrec serve` processes on their own ports and data dirs share one
PostgreSQL (profiles, conversations, feedback), one Chroma server (the catalog) and one LLM server
(llama.cpp's OpenAI-compatible server with SmolLM2). A conversation alternates between them and
keeps its profile, a visitor cookie one of them set is honoured by the other, and what is ingested
through one is known to the other at once. README, "Deploy", shows this layout."""

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest

from bot.profile import UserProfile
from flexrec.services import build_recommender
from flexrec.settings import BUNDLED_CATALOG, Settings
from tests.conftest import ARTIFACTS, free_port, write_jsonl
from tests.test_chroma_server import chroma_server  # noqa: F401 (fixture)
from tests.test_llm_server import llm_server  # noqa: F401 (fixture)

NEW_FILM = {
    "id": "replica-new-1",
    "title": "The Lighthouse Keepers of Quasar Nine",
    "year": 2031,
    "genres": ["Science Fiction", "Drama"],
    "overview": "Two lighthouse keepers guide cargo ships past a dying quasar at the edge of the galaxy.",
}


def small_catalog(path: Path, n: int = 60) -> Path:
    """The bundled catalog's first films: enough to recommend from, quick to embed."""
    with open(BUNDLED_CATALOG, encoding="utf-8") as f:
        rows = [json.loads(line) for _, line in zip(range(n), f, strict=False)]
    return write_jsonl(path, rows)


def test_an_item_ingested_by_another_process_can_be_named_at_once(tmp_path, monkeypatch):
    """The chat's title index follows the store: an item added behind its back is a title it knows."""
    monkeypatch.setenv("FLEXREC_CATALOG_PATH", str(small_catalog(tmp_path / "c.jsonl", 30)))
    recommender = build_recommender(Settings(turn_rate=0), progress=False, model=False)
    before = recommender.chat(None, f"I loved {NEW_FILM['title']}")
    assert NEW_FILM["title"] not in before.profile.liked
    reader = recommender.reader
    from flexrec.cli import main  # a second writer: the command line, as another process would

    assert main(["ingest", str(write_jsonl(tmp_path / "new.jsonl", [NEW_FILM]))]) == 0
    after = recommender.chat(None, f"I loved {NEW_FILM['title']}")
    assert NEW_FILM["title"] in after.profile.liked
    # a new reader over the new titles; the learned one (weights, sentence encoder) is not loaded again
    assert recommender.reader is not reader and recommender.reader.taste is reader.taste is not None


class Replica:
    """`flexrec serve` in a process of its own, with its own port and data dir."""

    def __init__(self, name: str, env: dict, root: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**env, "FLEXREC_DATA_DIR": str(root / name), "FLEXREC_PORT": str(self.port)}
        self.log = open(ARTIFACTS / f"replica-{name}.log", "w")
        exe = Path(sys.executable).parent / "flexrec"
        self.proc = subprocess.Popen([str(exe), "serve"], env=self.env, stdout=self.log, stderr=subprocess.STDOUT)

    def wait(self) -> "Replica":
        deadline = time.time() + 180
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"flexrec serve exited; see {self.log.name}")
            try:
                if httpx.get(self.url + "/api/profile", timeout=2).status_code == 404:  # up: no such session
                    return self
            except httpx.HTTPError:
                time.sleep(0.5)
        raise RuntimeError(f"flexrec serve did not start; see {self.log.name}")

    def chat(self, message: str, session_id=None, cookies=None) -> dict:
        r = httpx.post(
            self.url + "/api/chat", json={"session_id": session_id, "message": message}, cookies=cookies, timeout=300
        )
        assert r.status_code == 200, r.text
        return r.json()

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


@pytest.mark.slow
def test_two_servers_share_profiles_cookies_and_the_catalog(postgres, chroma_server, llm_server, tmp_path):  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "FLEXREC_DATABASE_URL": postgres.new_database(f"replicas_{uuid.uuid4().hex[:12]}"),
        "FLEXREC_CHROMA_URL": chroma_server,
        "FLEXREC_LLM_URL": llm_server[0],
        "FLEXREC_LLM": "smollm2",
        "FLEXREC_PROFILE_LLM_FIRST": "false",  # a 135M model behind the server: the rules rank first
        "FLEXREC_SECRET_KEY": "one key for every replica",
        "FLEXREC_CATALOG_PATH": str(small_catalog(tmp_path / "catalog.jsonl")),
        "FLEXREC_TURN_RATE": "0",
    }
    ingest = [str(Path(sys.executable).parent / "flexrec"), "ingest"]  # once, before the replicas start
    subprocess.run(
        [*ingest, env["FLEXREC_CATALOG_PATH"]], env={**env, "FLEXREC_DATA_DIR": str(tmp_path / "ops")}, check=True
    )
    a, b = Replica("a", env, tmp_path), Replica("b", env, tmp_path)
    try:
        a.wait(), b.wait()
        titles = [json.loads(line)["title"] for line in Path(env["FLEXREC_CATALOG_PATH"]).read_text().splitlines()]

        # one conversation, alternating: each turn sees the profile the other server saved
        first = a.chat(f"I loved {titles[0]}.")
        session = first["session_id"]
        second = b.chat(f"I also loved {titles[1]}.", session)
        assert {titles[0], titles[1]} <= set(second["profile"]["liked"])
        third = a.chat("Something else please", session)
        assert {titles[0], titles[1]} <= set(third["profile"]["liked"])
        shown = {i["id"] for t in (first, second, third) for i in t["items"]}
        assert len(shown) == 12  # no card shown twice across the servers: the seen list is shared
        exported = httpx.get(b.url + "/api/profile", headers={"x-flexrec-session": session}, timeout=30).json()
        assert [m["role"] for m in exported["history"]] == ["user", "assistant"] * 3

        # a visitor cookie set by one server is honoured by the other, and only with the cookie
        page = httpx.get(a.url + "/", timeout=60)
        token = page.cookies["flexrec_visitor"]
        visitor = "v_" + token.split(".")[0]
        b.chat(f"I loved {titles[2]}.", visitor, cookies={"flexrec_visitor": token})
        mine = httpx.get(a.url + "/api/profile", cookies={"flexrec_visitor": token}, timeout=30)
        assert mine.status_code == 200 and titles[2] in mine.json()["profile"]["liked"]
        assert httpx.get(a.url + "/api/profile", headers={"x-flexrec-session": visitor}, timeout=30).status_code == 404

        # ingested through one server's settings, known by the other at once
        new = write_jsonl(tmp_path / "new.jsonl", [NEW_FILM])
        subprocess.run([*ingest, str(new)], env=a.env, check=True)
        named = b.chat(f"I loved {NEW_FILM['title']}, anything like it?")
        assert NEW_FILM["title"] in named["profile"]["liked"]

        # forgotten through one server, gone from both
        assert (
            httpx.delete(a.url + "/api/profile", headers={"x-flexrec-session": session}, timeout=30).status_code == 200
        )
        assert httpx.get(b.url + "/api/profile", headers={"x-flexrec-session": session}, timeout=30).status_code == 404
        assert UserProfile.model_validate(named["profile"]).liked  # the other sessions are untouched
    finally:
        a.stop()
        b.stop()
