"""The profile store's database: an SQLAlchemy engine for SQLite (a file, the embedded default) or
PostgreSQL (`FLEXREC_DATABASE_URL`, for several server processes sharing profiles), the tables as
the newest migration leaves them, and `migrate`, which brings any database to that schema with
Alembic (bot/migrations/) before the store uses it.

SQLite connections overwrite deleted rows (secure_delete) and wait 5 s for a lock; PostgreSQL
connections are pooled and checked before use, so a restarted server costs no failed turn.
"""

from __future__ import annotations

import fcntl
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError

from flexrec.errors import StoreError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
MIGRATION_LOCK = 0x466C7852  # PostgreSQL advisory lock key ("FlxR"): one process migrates at a time

metadata = sa.MetaData()
profiles = sa.Table(
    "profiles",
    metadata,
    sa.Column("session_id", sa.Text, primary_key=True),
    sa.Column("data", sa.Text, nullable=False),
    sa.Column("updated", sa.Float, nullable=False),
)
messages = sa.Table(
    "messages",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("session_id", sa.Text, nullable=False),
    sa.Column("role", sa.Text, nullable=False),
    sa.Column("content", sa.Text, nullable=False),
    sa.Column("items", sa.Text, nullable=False),
    sa.Column("created", sa.Float, nullable=False),
)
feedback = sa.Table(
    "feedback",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("session_id", sa.Text, nullable=False),
    sa.Column("item_id", sa.Text, nullable=False),
    sa.Column("feedback", sa.Text, nullable=False),
    sa.Column("created", sa.Float, nullable=False),
)
damaged_profiles = sa.Table(
    "damaged_profiles",
    metadata,
    sa.Column("session_id", sa.Text, nullable=False),
    sa.Column("data", sa.Text, nullable=False),
    sa.Column("found", sa.Float, nullable=False),
)
TABLES = (profiles, messages, feedback, damaged_profiles)  # every table keyed by session_id: what `forget` clears


def database_url(target: str | Path) -> sa.URL:
    """A path is an SQLite file; `postgresql://` (as libpq and most hosts write it) means psycopg 3.
    Any other database, or a URL that cannot be read, is a StoreError that says what is accepted."""
    if isinstance(target, Path) or "://" not in target:
        return sa.URL.create("sqlite", database=str(target))
    try:
        url = make_url(target)
    except (ArgumentError, ValueError):  # a malformed URL; a port that is no number
        raise StoreError(
            "the database URL cannot be read: write it as postgresql://user:password@host:5432/db"
        ) from None
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    if url.drivername not in ("postgresql+psycopg", "sqlite"):
        raise StoreError(f"the profile store runs on PostgreSQL or SQLite, not {url.get_backend_name()!r}")
    return url


def create_engine(url: sa.URL) -> Engine:
    if url.get_backend_name() == "sqlite":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"timeout": 5}, poolclass=sa.NullPool)

        @event.listens_for(engine, "connect")
        def _secure(dbapi_connection, _record):
            dbapi_connection.execute("PRAGMA secure_delete=ON")  # deleted rows overwritten, not left in free pages

        return engine
    return sa.create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


def migrate(engine: Engine) -> None:
    """Alembic's upgrade to the newest revision, one process at a time (two servers may start at once)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with _one_migrator(engine), engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA journal_mode=WAL")


@contextmanager
def _one_migrator(engine: Engine):
    """SQLite has no advisory locks: a lock file beside the database serializes migrations."""
    if engine.dialect.name != "sqlite":
        yield
        return
    with open(f"{engine.url.database}.migrate-lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
