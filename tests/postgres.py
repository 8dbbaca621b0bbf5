"""A real PostgreSQL server for the tests: Debian's `postgresql` (scripts/setup.sh --test installs
it), a throwaway cluster in a temp dir on a free port of 127.0.0.1, started and stopped here.

PostgreSQL will not run as root: as root the cluster belongs to the `postgres` system user, in a
directory under /tmp (pytest's own temp dirs are closed to other users).
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

import psycopg

from tests.conftest import free_port


def bindir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise RuntimeError("PostgreSQL is not installed: run `bash scripts/setup.sh --test` (Debian's postgresql)")
    return Path(found[-1]).parent


class PostgresServer:
    def __init__(self, root: Path):
        self.root, self.port = Path(root), free_port()
        self.data = self.root / "cluster"
        self.url = f"postgresql://flexrec@127.0.0.1:{self.port}/postgres"
        self._as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, tool: str, *args: str) -> None:
        done = subprocess.run([*self._as, str(bindir() / tool), *args], capture_output=True, text=True, timeout=60)
        if done.returncode:
            raise RuntimeError(f"{tool} failed: {done.stderr or done.stdout}")

    def start(self) -> PostgresServer:
        if not self.data.exists():
            self.root.mkdir(parents=True, exist_ok=True)
            if self._as:
                shutil.chown(self.root, "postgres")
            self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "flexrec", "-E", "UTF8", "--no-sync")
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.root / "log"), "-w", "start")
        return self

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def new_database(self, name: str) -> str:
        """An empty database of its own, for one test."""
        with psycopg.connect(self.url, autocommit=True) as db:
            db.execute(f'CREATE DATABASE "{name}"')
        return self.url.rsplit("/", 1)[0] + f"/{name}"

    def query(self, url: str, sql: str, *args) -> list[tuple]:
        with psycopg.connect(url) as db:
            return db.execute(sql, args).fetchall()


@contextmanager
def temporary_server():
    root = Path(tempfile.mkdtemp(prefix="flexrec-pg-"))
    server = PostgresServer(root).start()
    try:
        yield server
    finally:
        try:
            server.stop()
        finally:
            shutil.rmtree(root, ignore_errors=True)
