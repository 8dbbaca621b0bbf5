"""Profiles persist per session, survive a restart, and a bad row does not crash a turn: the same
tests against SQLite (the embedded default) and a real PostgreSQL server (FLEXREC_DATABASE_URL)."""

import sqlite3
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from bot.profile import UserProfile
from bot.profile_store import ProfileStore
from flexrec.errors import InputError, StoreError
from tests.postgres import temporary_server

TABLES = ("profiles", "messages", "feedback", "damaged_profiles")


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request, tmp_path):
    """Where a store lives: an SQLite file, or an empty database of its own on the PostgreSQL server."""
    if request.param == "sqlite":
        return tmp_path / "p.sqlite3"
    return request.getfixturevalue("postgres").new_database(f"t_{uuid.uuid4().hex[:16]}")


def raw(store: ProfileStore, sql: str, **params) -> list[tuple]:
    """SQL straight to the database, around the store (what another process or an operator sees)."""
    with store.engine.begin() as db:
        result = db.execute(sa.text(sql), params)
        return [tuple(row) for row in result] if result.returns_rows else []


def test_profiles_survive_a_restart_and_stay_apart(target):
    ProfileStore(target).save("alice", UserProfile(liked=["Alien"]))
    ProfileStore(target).save("bob", UserProfile(liked=["Up"]))
    again = ProfileStore(target)  # a new process would do exactly this
    assert again.load("alice").liked == ["Alien"]
    assert again.load("bob").liked == ["Up"]
    assert again.load("carol") == UserProfile()


def test_a_corrupted_row_is_reported_and_starts_fresh(target, caplog):
    store = ProfileStore(target)
    raw(store, "INSERT INTO profiles VALUES ('alice', '{not json', 0)")
    profile, notice = store.load_checked("alice")
    assert profile == UserProfile() and "could not be read" in notice
    assert "unreadable" in caplog.text
    # set aside, not lost; and only reported once
    assert raw(store, "SELECT data FROM damaged_profiles WHERE session_id = 'alice'") == [("{not json",)]
    assert store.load_checked("alice") == (UserProfile(), None)
    store.save("alice", UserProfile(liked=["Alien"]))  # and it can be written again
    assert store.load("alice").liked == ["Alien"]
    store.forget("alice")
    assert raw(store, "SELECT count(*) FROM damaged_profiles") == [(0,)]


def test_delete_and_bad_ids(target):
    store = ProfileStore(target)
    store.save("alice", UserProfile(liked=["Alien"]))
    store.forget("alice")
    assert store.load("alice") == UserProfile()
    for bad in ["", "../etc/passwd", "x" * 101, "a b", "'; DROP TABLE profiles; --"]:
        with pytest.raises(InputError):
            store.load(bad)


def test_history_and_feedback_are_kept_per_session(target):
    store = ProfileStore(target)
    store.add_message("alice", "user", "I loved Alien")
    store.add_message("alice", "assistant", "Try Aliens.", [{"id": "m2", "title": "Aliens"}])
    store.add_feedback("alice", "m2", "like")
    store.add_message("bob", "user", "Hello")
    assert ProfileStore(target).history("alice") == [
        {"role": "user", "content": "I loved Alien", "items": []},
        {"role": "assistant", "content": "Try Aliens.", "items": [{"id": "m2", "title": "Aliens"}]},
    ]
    assert [(f["item_id"], f["feedback"]) for f in store.feedback("alice")] == [("m2", "like")]
    assert store.feedback("bob") == [] and len(store.history("bob")) == 1
    store.clear_history("alice")  # the chat's clear button: the conversation goes, the rest stays
    assert store.history("alice") == [] and len(store.feedback("alice")) == 1 and len(store.history("bob")) == 1


def test_a_long_conversation_comes_back_in_the_order_it_was_written(target):
    store = ProfileStore(target)
    for i in range(40):
        store.add_message("alice", "user" if i % 2 == 0 else "assistant", f"message {i}")
        store.add_feedback("alice", f"item-{i}", "like" if i % 3 else "dislike")
    assert [m["content"] for m in store.history("alice")] == [f"message {i}" for i in range(40)]
    assert [f["item_id"] for f in store.feedback("alice")] == [f"item-{i}" for i in range(40)]


def test_forget_removes_the_session_from_every_table(target):
    store = ProfileStore(target)
    store.save("alice", UserProfile(liked=["Alien"]))
    store.add_message("alice", "user", "I loved Alien")
    store.add_feedback("alice", "m1", "like")
    raw(store, "INSERT INTO damaged_profiles VALUES ('alice', '{bad', 0)")
    store.save("bob", UserProfile(liked=["Up"]))
    store.forget("alice")
    for table in TABLES:
        assert raw(store, f"SELECT count(*) FROM {table} WHERE session_id = 'alice'") == [(0,)], table
    assert not store.exists("alice") and store.load("bob").liked == ["Up"]  # only Alice is forgotten


def test_rename_moves_profile_conversation_and_feedback_together(target):
    """A returning browser's data, kept under its bare visitor id by an earlier version, moves to its
    `v_` session (web/ui.py on load)."""
    store = ProfileStore(target)
    old, new = "0" * 32, "v_" + "0" * 32
    store.save(old, UserProfile(liked=["Alien"]))
    store.add_message(old, "user", "I loved Alien")
    store.add_feedback(old, "tmdb-348", "like")
    store.save("someone-else", UserProfile(liked=["Heat"]))
    store.rename(old, new)
    assert not store.exists(old) and store.load(new).liked == ["Alien"]
    assert [m["content"] for m in store.history(new)] == ["I loved Alien"]
    assert [f["item_id"] for f in store.feedback(new)] == ["tmdb-348"]
    assert store.load("someone-else").liked == ["Heat"]  # nobody else's rows move
    with pytest.raises(InputError):
        store.rename(old, "bad id")


def test_servers_starting_together_migrate_once(target):
    """Replicas may start at the same moment: each opens the store, one of them migrates."""
    with ThreadPoolExecutor(4) as pool:
        stores = list(pool.map(lambda _: ProfileStore(target), range(4)))
    assert raw(stores[0], "SELECT version_num FROM alembic_version") == [("0002",)]
    stores[0].save("alice", UserProfile(liked=["Alien"]))
    assert stores[3].load("alice").liked == ["Alien"]


# --- SQLite only -----------------------------------------------------------------------------------


def test_a_locked_database_is_a_store_error_and_loses_nothing(tmp_path):
    db = tmp_path / "p.sqlite3"
    store = ProfileStore(db)
    store.save("alice", UserProfile(liked=["Alien"]))
    holder = sqlite3.connect(db)
    holder.execute("BEGIN EXCLUSIVE")  # another process holds the write lock (the store waits 5 s)
    try:
        with pytest.raises(StoreError, match="cannot save the profile in .*locked"):
            store.save("alice", UserProfile(liked=["Up"]))
    finally:
        holder.rollback()
        holder.close()
    assert store.load("alice").liked == ["Alien"]


def test_forget_leaves_nothing_behind_not_even_in_the_files(tmp_path):
    """After forget, the person's words are in no table and in no byte of the database or its log."""
    db = tmp_path / "p.sqlite3"
    store = ProfileStore(db)
    secret = "Zanzibar-7f3c"  # a string that occurs nowhere else
    store.save("alice", UserProfile(liked=[f"{secret} liked"], topics=["x" * 2000]))
    for i in range(30):
        store.add_message("alice", "user", f"{secret} message {i} " + "y" * 500)
    store.add_feedback("alice", f"{secret}-item", "like")
    store.save("bob", UserProfile(liked=["Up"]))
    files = lambda: b"".join(p.read_bytes() for p in tmp_path.iterdir())  # noqa: E731
    assert secret.encode() in files()
    store.forget("alice")
    assert not store.exists("alice") and store.history("alice") == [] and store.feedback("alice") == []
    assert secret.encode() not in files()
    assert store.load("bob").liked == ["Up"]  # only Alice is forgotten


def test_a_file_written_before_migrations_is_adopted_with_everything_in_it(tmp_path):
    """An earlier FlexRec made its tables itself and ordered messages by SQLite's rowid: the first
    open brings the file to the newest schema, keeping every row and its order."""
    db = tmp_path / "p.sqlite3"
    with sqlite3.connect(db) as con:  # the schema exactly as that version created it
        con.execute("CREATE TABLE profiles (session_id TEXT PRIMARY KEY, data TEXT NOT NULL, updated REAL NOT NULL)")
        con.execute(
            "CREATE TABLE messages (session_id TEXT NOT NULL, role TEXT NOT NULL, "
            "content TEXT NOT NULL, items TEXT NOT NULL, created REAL NOT NULL)"
        )
        con.execute(
            "CREATE TABLE feedback (session_id TEXT NOT NULL, item_id TEXT NOT NULL, "
            "feedback TEXT NOT NULL, created REAL NOT NULL)"
        )
        con.execute("CREATE TABLE damaged_profiles (session_id TEXT NOT NULL, data TEXT NOT NULL, found REAL NOT NULL)")
        con.execute("INSERT INTO profiles VALUES ('alice', ?, 1)", (UserProfile(liked=["Alien"]).model_dump_json(),))
        for i, created in enumerate([5.0, 3.0, 4.0]):  # clocks are not to be trusted: rowid is the order
            con.execute("INSERT INTO messages VALUES ('alice', 'user', ?, '[]', ?)", (f"m{i}", created))
        con.execute("INSERT INTO feedback VALUES ('alice', 'tmdb-1', 'like', 1)")
    store = ProfileStore(db)
    assert store.load("alice").liked == ["Alien"]
    assert [m["content"] for m in store.history("alice")] == ["m0", "m1", "m2"]
    store.add_message("alice", "assistant", "m3")
    assert [m["content"] for m in ProfileStore(db).history("alice")][-1] == "m3"
    assert [f["item_id"] for f in store.feedback("alice")] == ["tmdb-1"]


# --- PostgreSQL only -------------------------------------------------------------------------------


def test_a_database_that_goes_away_is_a_store_error_and_comes_back_with_everything(tmp_path):
    """The server stops under a running FlexRec: each call fails clearly (no password in the text),
    nothing is lost, and the pool reconnects by itself once the server is back."""
    with temporary_server() as server:
        url = server.url.replace("flexrec@", "flexrec:hunter2@")  # trust auth: any password is accepted
        store = ProfileStore(url)
        store.save("alice", UserProfile(liked=["Alien"]))
        server.stop()
        with pytest.raises(StoreError, match="cannot save the profile in postgresql") as failed:
            store.save("alice", UserProfile(liked=["Up"]))
        assert "hunter2" not in str(failed.value) and "***" in str(failed.value)
        server.start()
        assert store.load("alice").liked == ["Alien"]
        store.save("alice", UserProfile(liked=["Up"]))
        assert ProfileStore(url).load("alice").liked == ["Up"]


def test_an_unreachable_database_is_a_clear_error_at_start(tmp_path):
    from tests.conftest import free_port

    with pytest.raises(
        StoreError, match="cannot open the profile database in postgresql\\+psycopg://flexrec:\\*\\*\\*@"
    ):
        ProfileStore(f"postgresql://flexrec:hunter2@127.0.0.1:{free_port()}/postgres")


@pytest.mark.parametrize(
    "url, said",
    [
        ("mysql://flexrec:hunter2@127.0.0.1/flexrec", "PostgreSQL or SQLite, not 'mysql'"),
        ("postgresql://flexrec:hunter2@127.0.0.1:notaport/db", "cannot be read"),
    ],
)
def test_a_database_the_store_cannot_use_is_a_clear_error_without_the_password(url, said):
    with pytest.raises(StoreError, match=said) as refused:
        ProfileStore(url)
    assert "hunter2" not in str(refused.value)
