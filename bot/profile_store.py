"""Profiles per session in SQLite (in the data dir), so they survive restarts.

A row that cannot be read back is reported and replaced by a fresh profile rather than crashing
the turn; a locked or unwritable database raises StoreError with a message for the user.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import time
from pathlib import Path

from pydantic import ValidationError

from bot.profile import UserProfile
from flexrec.errors import InputError, StoreError

log = logging.getLogger(__name__)

SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{1,100}$")


def check_session_id(session_id: str) -> str:
    if not isinstance(session_id, str) or not SESSION_ID.match(session_id):
        raise InputError("session_id must be 1-100 letters, digits, '-' or '_'")
    return session_id


class ProfileStore:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(
                "CREATE TABLE IF NOT EXISTS profiles ("
                "session_id TEXT PRIMARY KEY, data TEXT NOT NULL, updated REAL NOT NULL)"
            )

    def _connect(self) -> sqlite3.Connection:
        try:
            return sqlite3.connect(self.path, timeout=5)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the profile database {self.path}: {exc}") from exc

    def _execute(self, doing: str, sql: str, args: tuple) -> list[tuple]:
        """One statement in its own transaction; a database error becomes a StoreError saying what failed."""
        try:
            with self._connect() as db:
                return db.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot {doing} in {self.path}: {exc}") from exc

    def load(self, session_id: str) -> UserProfile:
        check_session_id(session_id)
        rows = self._execute("read the profile", "SELECT data FROM profiles WHERE session_id = ?", (session_id,))
        if not rows:
            return UserProfile()
        try:
            return UserProfile.model_validate_json(rows[0][0])
        except ValidationError as exc:
            log.error("profile of session %s is unreadable and starts fresh: %s", session_id, exc)
            return UserProfile()

    def save(self, session_id: str, profile: UserProfile) -> None:
        check_session_id(session_id)
        self._execute(
            "save the profile",
            "INSERT INTO profiles (session_id, data, updated) VALUES (?, ?, ?) "
            "ON CONFLICT(session_id) DO UPDATE SET data = excluded.data, updated = excluded.updated",
            (session_id, profile.model_dump_json(), time.time()),
        )

    def delete(self, session_id: str) -> None:
        check_session_id(session_id)
        self._execute("delete the profile", "DELETE FROM profiles WHERE session_id = ?", (session_id,))
