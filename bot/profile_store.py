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

    def load(self, session_id: str) -> UserProfile:
        check_session_id(session_id)
        try:
            with self._connect() as db:
                row = db.execute("SELECT data FROM profiles WHERE session_id = ?", (session_id,)).fetchone()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read profiles from {self.path}: {exc}") from exc
        if row is None:
            return UserProfile()
        try:
            return UserProfile.model_validate_json(row[0])
        except ValidationError as exc:
            log.error("profile of session %s is unreadable and starts fresh: %s", session_id, exc)
            return UserProfile()

    def save(self, session_id: str, profile: UserProfile) -> None:
        check_session_id(session_id)
        try:
            with self._connect() as db:
                db.execute(
                    "INSERT INTO profiles (session_id, data, updated) VALUES (?, ?, ?) "
                    "ON CONFLICT(session_id) DO UPDATE SET data = excluded.data, updated = excluded.updated",
                    (session_id, profile.model_dump_json(), time.time()),
                )
        except sqlite3.Error as exc:
            raise StoreError(f"cannot save the profile to {self.path}: {exc}") from exc

    def delete(self, session_id: str) -> None:
        check_session_id(session_id)
        try:
            with self._connect() as db:
                db.execute("DELETE FROM profiles WHERE session_id = ?", (session_id,))
        except sqlite3.Error as exc:
            raise StoreError(f"cannot delete the profile in {self.path}: {exc}") from exc
