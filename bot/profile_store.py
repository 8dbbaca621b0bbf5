"""Everything FlexRec keeps about a person, per session id: the profile, the conversation, and the
feedback given on items. By default in one SQLite file in the data dir; with
`FLEXREC_DATABASE_URL=postgresql://...` in PostgreSQL, which several server processes can share.
It survives restarts; its schema is brought up to date by Alembic when the store opens.

A row that cannot be read back is reported and replaced by a fresh profile rather than crashing
the turn; a locked, unreachable or unwritable database raises StoreError with a message for the
user (never the database password). `forget` removes all four tables' rows in one transaction; in
SQLite, with secure_delete on and the WAL checkpointed, the deleted text is not left behind in free
pages or the log either (what PostgreSQL keeps until VACUUM: README, "Deploy").
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from alembic.util import CommandError
from pydantic import ValidationError
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from bot.profile import UserProfile
from bot.store_db import TABLES, create_engine, damaged_profiles, database_url, feedback, messages, migrate, profiles
from flexrec.errors import InputError, StoreError

log = logging.getLogger(__name__)

SESSION_ID = re.compile(r"[A-Za-z0-9_-]{1,100}")
UPSERT = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


def check_session_id(session_id: str) -> str:
    if not isinstance(session_id, str) or not SESSION_ID.fullmatch(session_id):
        raise InputError("session_id must be 1-100 letters, digits, '-' or '_'")
    return session_id


class ProfileStore:
    def __init__(self, target: str | Path):
        """`target`: an SQLite file's path, or a database URL (`postgresql://user:pass@host/db`)."""
        url = database_url(target)
        self.path = Path(url.database) if url.get_backend_name() == "sqlite" else None
        self.where = str(self.path) if self.path else url.render_as_string(hide_password=True)
        self.engine = create_engine(url)
        with self._failing("open the profile database"):
            migrate(self.engine)

    @contextmanager
    def _failing(self, doing: str):
        """A database error becomes a StoreError saying what failed and where (no password)."""
        try:
            yield
        except (SQLAlchemyError, CommandError) as exc:
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            raise StoreError(f"cannot {doing} in {self.where}: {reason}") from exc

    def _transaction(self, doing: str, work: Callable[[sa.Connection], object]):
        """`work` in one transaction."""
        with self._failing(doing), self.engine.begin() as db:
            return work(db)

    def _rows(self, doing: str, statement) -> list[sa.Row]:
        return self._transaction(doing, lambda db: db.execute(statement).all())

    def exists(self, session_id: str) -> bool:
        """Whether anything is stored for this session (a profile is saved by every turn and edit)."""
        check_session_id(session_id)
        return bool(self._rows("read the profile", sa.select(1).where(profiles.c.session_id == session_id)))

    def load(self, session_id: str) -> UserProfile:
        return self.load_checked(session_id)[0]

    def load_checked(self, session_id: str) -> tuple[UserProfile, str | None]:
        """The profile, and a notice for the person when the stored one could not be read: then the
        row is moved to `damaged_profiles` (kept for repair, removed by `forget`) and they start fresh."""
        check_session_id(session_id)
        rows = self._rows("read the profile", sa.select(profiles.c.data).where(profiles.c.session_id == session_id))
        if not rows:
            return UserProfile(), None
        try:
            return UserProfile.model_validate_json(rows[0][0]), None
        except ValidationError as exc:
            log.error("profile of session %s is unreadable and starts fresh: %s", session_id, exc)

        def set_aside(db):
            db.execute(damaged_profiles.insert().values(session_id=session_id, data=rows[0][0], found=time.time()))
            db.execute(profiles.delete().where(profiles.c.session_id == session_id))

        self._transaction("set the unreadable profile aside", set_aside)
        return UserProfile(), "Your saved profile could not be read, so FlexRec starts afresh with you."

    def save(self, session_id: str, profile: UserProfile) -> None:
        check_session_id(session_id)
        values = {"session_id": session_id, "data": profile.model_dump_json(), "updated": time.time()}
        upsert = UPSERT[self.engine.dialect.name](profiles).values(**values)
        upsert = upsert.on_conflict_do_update(
            index_elements=[profiles.c.session_id],
            set_={"data": upsert.excluded.data, "updated": upsert.excluded.updated},
        )
        self._transaction("save the profile", lambda db: db.execute(upsert))

    def add_message(self, session_id: str, role: str, content: str, items: list[dict] = ()) -> None:
        """One chat message; `items` are the cards an assistant message came with (Turn.items)."""
        check_session_id(session_id)
        row = {"session_id": session_id, "role": role, "content": content, "items": json.dumps(list(items))}
        self._transaction(
            "save the conversation", lambda db: db.execute(messages.insert(), {**row, "created": time.time()})
        )

    def history(self, session_id: str) -> list[dict]:
        """The conversation, oldest first: [{"role", "content", "items"}]."""
        check_session_id(session_id)
        rows = self._rows(
            "read the conversation",
            sa.select(messages.c.role, messages.c.content, messages.c["items"])
            .where(messages.c.session_id == session_id)
            .order_by(messages.c.id),
        )
        return [{"role": role, "content": content, "items": json.loads(items)} for role, content, items in rows]

    def clear_history(self, session_id: str) -> None:
        """Delete the conversation only (the chat's own clear button); profile and feedback stay."""
        check_session_id(session_id)
        delete = messages.delete().where(messages.c.session_id == session_id)
        self._transaction("delete the conversation", lambda db: db.execute(delete))

    def add_feedback(self, session_id: str, item_id: str, given: str) -> None:
        check_session_id(session_id)
        row = {"session_id": session_id, "item_id": item_id, "feedback": given, "created": time.time()}
        self._transaction("save the feedback", lambda db: db.execute(feedback.insert(), row))

    def feedback(self, session_id: str) -> list[dict]:
        """Feedback given on items, oldest first: [{"item_id", "feedback", "created"}]."""
        check_session_id(session_id)
        rows = self._rows(
            "read the feedback",
            sa.select(feedback.c.item_id, feedback.c.feedback, feedback.c.created)
            .where(feedback.c.session_id == session_id)
            .order_by(feedback.c.id),
        )
        return [{"item_id": i, "feedback": f, "created": c} for i, f, c in rows]

    def rename(self, old: str, new: str) -> None:
        """Everything stored under `old` moved to `new`, in one transaction."""
        check_session_id(old)
        check_session_id(new)

        def move(db):
            for table in TABLES:
                db.execute(table.update().where(table.c.session_id == old).values(session_id=new))

        self._transaction("move the profile", move)

    def forget(self, session_id: str) -> None:
        """Remove everything stored about this session, from every table, in one transaction."""
        check_session_id(session_id)

        def delete(db):
            for table in TABLES:
                db.execute(table.delete().where(table.c.session_id == session_id))

        self._transaction("delete the profile", delete)
        if self.engine.dialect.name == "sqlite":  # move the log's copies of those pages into the file, then empty it
            self._transaction("delete the profile", lambda db: db.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)"))
