"""FLEXREC_CHROMA_URL: the same ingestion and retrieval against a real Chroma server on 127.0.0.1."""

import shutil
import subprocess
import time

import httpx
import pytest

from flexrec.cli import main
from tests.conftest import free_port, write_jsonl


@pytest.fixture
def chroma_server(tmp_path):
    exe = shutil.which("chroma") or str(__import__("sys").prefix + "/bin/chroma")
    port = free_port()
    proc = subprocess.Popen(
        [exe, "run", "--path", str(tmp_path / "server-data"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if httpx.get(url + "/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            pytest.fail("chroma server did not start")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_ingest_into_a_chroma_server(chroma_server, tmp_path, capsys, monkeypatch):
    import chromadb

    monkeypatch.setenv("FLEXREC_CHROMA_URL", chroma_server)
    rows = [{"id": f"s{i}", "title": f"Server Movie {i}", "year": 2000 + i, "genres": ["Drama"]} for i in range(3)]
    path = write_jsonl(tmp_path / "c.jsonl", rows)
    assert main(["ingest", str(path)]) == 0
    assert "3 new" in capsys.readouterr().out
    port = int(chroma_server.rsplit(":", 1)[1])
    remote = chromadb.HttpClient(host="127.0.0.1", port=port).get_collection("movies")
    assert remote.count() == 3  # the items really are on the server
    assert not (tmp_path / "flexrec-data" / "chroma").exists()  # and no local store was made


def test_an_unreachable_server_is_a_clear_error(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("FLEXREC_CHROMA_URL", f"http://127.0.0.1:{free_port()}")
    path = write_jsonl(tmp_path / "c.jsonl", [{"id": "a", "title": "A"}])
    assert main(["ingest", str(path)]) == 2
    assert "error: cannot open the Chroma store at http://127.0.0.1" in capsys.readouterr().err
