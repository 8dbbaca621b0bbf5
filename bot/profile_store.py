"""Everything FlexRec keeps about a person, per session id, in one SQLite file in the data dir:
the profile, the conversation, and the feedback given on items. It survives restarts.

A row that cannot be read back is reported and replaced by a fresh profile rather than crashing
the turn; a locked or unwritable database raises StoreError with a message for the user.
`forget` removes all three in one transaction, with SQLite's secure_delete on and the WAL
checkpointed, so the deleted text is not left behind in free pages or the log either.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
import time
from pathlib import Path

from pydantic import ValidationError

from bot.profile import UserProfile
from flexrec.errors import InputError, StoreError

log = logging.getLogger(__name__)

SESSION_ID = re.compile(r"[A-Za-z0-9_-]{1,100}")


def check_session_id(session_id: str) -> str:
    if not isinstance(session_id, str) or not SESSION_ID.fullmatch(session_id):
        raise InputError("session_id must be 1-100 letters, digits, '-' or '_'")
    return session_id


TABLES = (
    "profiles",
    "messages",
    "feedback",
    "damaged_profiles",
)  # every table keyed by session_id: what `forget` clears


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
            db.execute(
                "CREATE TABLE IF NOT EXISTS messages (session_id TEXT NOT NULL, role TEXT NOT NULL, "
                "content TEXT NOT NULL, items TEXT NOT NULL, created REAL NOT NULL)"
            )
            db.execute(
                "CREATE TABLE IF NOT EXISTS feedback (session_id TEXT NOT NULL, item_id TEXT NOT NULL, "
                "feedback TEXT NOT NULL, created REAL NOT NULL)"
            )
            db.execute(
                "CREATE TABLE IF NOT EXISTS damaged_profiles (session_id TEXT NOT NULL, data TEXT NOT NULL, "
                "found REAL NOT NULL)"
            )
            db.execute("CREATE INDEX IF NOT EXISTS messages_session ON messages (session_id)")
            db.execute("CREATE INDEX IF NOT EXISTS feedback_session ON feedback (session_id)")

    def _connect(self) -> sqlite3.Connection:
        try:
            db = sqlite3.connect(self.path, timeout=5)
            db.execute("PRAGMA secure_delete=ON")  # deleted rows are overwritten, not left in free pages
            return db
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the profile database {self.path}: {exc}") from exc

    def _execute(self, doing: str, sql: str, args: tuple) -> list[tuple]:
        """One statement in its own transaction; a database error becomes a StoreError saying what failed."""
        try:
            with self._connect() as db:
                return db.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot {doing} in {self.path}: {exc}") from exc

    def exists(self, session_id: str) -> bool:
        """Whether anything is stored for this session (a profile is saved by every turn and edit)."""
        check_session_id(session_id)
        return bool(self._execute("read the profile", "SELECT 1 FROM profiles WHERE session_id = ?", (session_id,)))

    def load(self, session_id: str) -> UserProfile:
        return self.load_checked(session_id)[0]

    def load_checked(self, session_id: str) -> tuple[UserProfile, str | None]:
        """The profile, and a notice for the person when the stored one could not be read: then the
        row is moved to `damaged_profiles` (kept for repair, removed by `forget`) and they start fresh."""
        check_session_id(session_id)
        rows = self._execute("read the profile", "SELECT data FROM profiles WHERE session_id = ?", (session_id,))
        if not rows:
            return UserProfile(), None
        try:
            return UserProfile.model_validate_json(rows[0][0]), None
        except ValidationError as exc:
            log.error("profile of session %s is unreadable and starts fresh: %s", session_id, exc)
        try:
            with self._connect() as db:
                db.execute(
                    "INSERT INTO damaged_profiles (session_id, data, found) VALUES (?, ?, ?)",
                    (session_id, rows[0][0], time.time()),
                )
                db.execute("DELETE FROM profiles WHERE session_id = ?", (session_id,))
        except sqlite3.Error as exc:
            raise StoreError(f"cannot set the unreadable profile aside in {self.path}: {exc}") from exc
        return UserProfile(), "Your saved profile could not be read, so FlexRec starts afresh with you."

    def save(self, session_id: str, profile: UserProfile) -> None:
        check_session_id(session_id)
        self._execute(
            "save the profile",
            "INSERT INTO profiles (session_id, data, updated) VALUES (?, ?, ?) "
            "ON CONFLICT(session_id) DO UPDATE SET data = excluded.data, updated = excluded.updated",
            (session_id, profile.model_dump_json(), time.time()),
        )

    def add_message(self, session_id: str, role: str, content: str, items: list[dict] = ()) -> None:
        """One chat message; `items` are the cards an assistant message came with (Turn.items)."""
        check_session_id(session_id)
        self._execute(
            "save the conversation",
            "INSERT INTO messages (session_id, role, content, items, created) VALUES (?, ?, ?, ?, ?)",
            (session_id, role, content, json.dumps(list(items)), time.time()),
        )

    def history(self, session_id: str) -> list[dict]:
        """The conversation, oldest first: [{"role", "content", "items"}]."""
        check_session_id(session_id)
        rows = self._execute(
            "read the conversation",
            "SELECT role, content, items FROM messages WHERE session_id = ? ORDER BY rowid",
            (session_id,),
        )
        return [{"role": role, "content": content, "items": json.loads(items)} for role, content, items in rows]

    def clear_history(self, session_id: str) -> None:
        """Delete the conversation only (the chat's own clear button); profile and feedback stay."""
        check_session_id(session_id)
        self._execute("delete the conversation", "DELETE FROM messages WHERE session_id = ?", (session_id,))

    def add_feedback(self, session_id: str, item_id: str, feedback: str) -> None:
        check_session_id(session_id)
        self._execute(
            "save the feedback",
            "INSERT INTO feedback (session_id, item_id, feedback, created) VALUES (?, ?, ?, ?)",
            (session_id, item_id, feedback, time.time()),
        )

    def feedback(self, session_id: str) -> list[dict]:
        """Feedback given on items, oldest first: [{"item_id", "feedback", "created"}]."""
        check_session_id(session_id)
        rows = self._execute(
            "read the feedback",
            "SELECT item_id, feedback, created FROM feedback WHERE session_id = ? ORDER BY rowid",
            (session_id,),
        )
        return [{"item_id": i, "feedback": f, "created": c} for i, f, c in rows]

    def rename(self, old: str, new: str) -> None:
        """Everything stored under `old` moved to `new`, in one transaction."""
        check_session_id(old)
        check_session_id(new)
        try:
            with self._connect() as db:
                for table in TABLES:
                    db.execute(f"UPDATE {table} SET session_id = ? WHERE session_id = ?", (new, old))
        except sqlite3.Error as exc:
            raise StoreError(f"cannot move the profile in {self.path}: {exc}") from exc

    def forget(self, session_id: str) -> None:
        """Remove everything stored about this session, from every table, in one transaction."""
        check_session_id(session_id)
        try:
            with self._connect() as db:
                for table in TABLES:
                    db.execute(f"DELETE FROM {table} WHERE session_id = ?", (session_id,))
            with self._connect() as db:  # move the log's copies of those pages into the file, then empty it
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot delete the profile in {self.path}: {exc}") from exc
