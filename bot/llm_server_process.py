"""llama.cpp's own HTTP server (`llama-server`) as a child of `flexrec serve`: started, kept running, stopped.

Why a second process: llama-cpp-python decodes one sequence at a time, while llama-server keeps
N slots and decodes every active one in the same batch (continuous batching). On a CPU decoding
is bound by reading the weights, so eight replies decoded together cost far less than eight in a
row. FlexRec talks to it through `bot/llm_llamaserver.py`.

Supervision: a watcher thread starts the child, waits on it, and starts it again if it dies
(a turn in flight then gets the model-failure path: a clear notice and a grounded reply). The
child gets SIGTERM when the watcher's process ends, however it ends (PR_SET_PDEATHSIG), so no
server outlives FlexRec; `close()` stops it on a normal exit.
"""

from __future__ import annotations

import ctypes
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from flexrec.errors import ModelError

log = logging.getLogger(__name__)

RESTARTS = 5  # in a row without a healthy start in between, then it gives up (the turns get the failure path)
CACHE_RAM_MB = 1024  # llama-server's host-memory prompt cache: fixed prompt starts move between slots


def find_binary(configured: Path | None) -> Path:
    """The llama-server to run: the configured one, else the venv's (scripts/setup.sh puts it
    there), else one on PATH."""
    candidates = [configured] if configured else [Path(sys.prefix) / "bin" / "llama-server"]
    if not configured and (on_path := shutil.which("llama-server")):
        candidates.append(Path(on_path))
    for path in candidates:
        if path and path.is_file() and os.access(path, os.X_OK):
            return path
    raise ModelError(
        f"llama-server not found ({configured or 'not in the venv nor on PATH'}); FLEXREC_LLM_PARALLEL needs "
        "llama.cpp's server: `bash scripts/setup.sh` builds it once, or set FLEXREC_LLAMA_SERVER to its path"
    )


def _free_port() -> int:
    with socket.socket() as s:  # the tiny race until the child binds it is accepted
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _child_env() -> dict[str, str]:
    """FlexRec's environment without OMP_WAIT_POLICY=PASSIVE (flexrec/services.go_offline): that
    keeps in-process threads from spinning against the web server, but llama-server's threads
    wait between the steps of every token, and sleeping there cost a quarter of its decoding
    speed (10.9 against 14.6 tokens/s, bench/results/batching-*.md)."""
    return {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}


def _die_with_parent() -> None:  # runs in the child between fork and exec
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class LlamaServerProcess:
    """One supervised llama-server on 127.0.0.1. `start()` returns once it answers /health."""

    def __init__(
        self,
        binary: Path,
        model_path: str,
        name: str,
        parallel: int,
        context: int,
        threads: int | None,
        gpu_layers: int,
        log_path: Path,
    ):
        self.log_path = log_path
        self.port = _free_port()
        self.root = f"http://127.0.0.1:{self.port}"
        self.command = [
            str(binary), "-m", model_path, "-a", name, "--host", "127.0.0.1", "--port", str(self.port),
            "-np", str(parallel), "-c", str(context * parallel),  # each slot gets `context` tokens
            "-t", str(threads or os.cpu_count() or 1), "-fa", "on", "--no-webui",
            "-ngl", "all" if gpu_layers < 0 else str(gpu_layers),  # a CPU build ignores it
            "--cache-ram", str(CACHE_RAM_MB),
        ]  # fmt: skip
        self.proc: subprocess.Popen | None = None
        self.starts = 0
        self._stopping = threading.Event()
        self._spawn = threading.Lock()  # a child is never started after close() began
        self._served = threading.Event()  # it answered /health once: later exits are crashes to recover from
        self._failed = threading.Event()  # it exited before it ever answered: a bad model file or flag
        self._watcher: threading.Thread | None = None

    @classmethod
    def from_settings(cls, settings, model, parallel: int, log_path: Path) -> LlamaServerProcess:
        """The server `flexrec serve` starts for `settings` (a flexrec Settings) and `model` (a
        resolved GGUF model), with `parallel` slots: one place for the product and its benches."""
        binary = find_binary(settings.llama_server)
        return cls(
            binary, model.source, model.name, parallel, settings.llm_context, settings.llm_threads,
            settings.llm_gpu_layers, log_path,
        )  # fmt: skip

    def start(self, timeout: float = 300) -> str:
        """Start the child and its watcher; the server's root URL once it is ready."""
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._watcher = threading.Thread(target=self._watch, name="llama-server-watch", daemon=True)
        self._watcher.start()
        if not self.wait_ready(timeout):
            self.close()
            why = "exited at start" if self._failed.is_set() else f"did not start within {timeout:.0f} s"
            tail = self.log_path.read_text(errors="replace").strip().splitlines()[-3:] if self.log_path.exists() else []
            raise ModelError(f"llama-server {why}; its log ({self.log_path}) ends: " + " / ".join(tail))
        return self.root

    def wait_ready(self, timeout: float) -> bool:
        end = time.monotonic() + timeout
        while time.monotonic() < end and not self._stopping.is_set() and not self._failed.is_set():
            if self.healthy():  # refused at once while no child listens on its port
                self._served.set()
                return True
            time.sleep(0.2)
        return False

    def healthy(self) -> bool:
        try:
            return httpx.get(f"{self.root}/health", timeout=2, trust_env=False).status_code == 200
        except httpx.HTTPError:
            return False

    def _watch(self) -> None:
        """Run the child; run it again when it dies unasked, until too many starts fail in a row."""
        failures = 0
        while not self._stopping.is_set() and failures < RESTARTS:
            with self._spawn, open(self.log_path, "a") as out:
                if self._stopping.is_set():
                    return
                self.proc = subprocess.Popen(
                    self.command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                    env=_child_env(), preexec_fn=_die_with_parent,
                )  # fmt: skip
            self.starts += 1
            began = time.monotonic()
            code = self.proc.wait()
            if self._stopping.is_set():
                return
            if not self._served.is_set():  # never came up: starting it again would fail the same way
                self._failed.set()
                return
            failures = 0 if time.monotonic() - began > 60 else failures + 1  # ran a while: a crash, not a bad start
            log.error("llama-server exited (%s); starting it again (log: %s)", code, self.log_path)
            time.sleep(min(2**failures, 30) if failures else 0.5)
        if failures >= RESTARTS:
            log.error("llama-server failed %d starts in a row; giving up (log: %s)", failures, self.log_path)

    def close(self) -> None:
        """Stop the child (SIGTERM, then SIGKILL after 10 s) and its watcher."""
        with self._spawn:
            self._stopping.set()
        proc = self.proc
        if proc and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if self._watcher and self._watcher is not threading.current_thread():
            self._watcher.join(5)
