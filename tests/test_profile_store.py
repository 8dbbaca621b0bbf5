"""Profiles persist per session in SQLite, survive a restart, and a bad row does not crash a turn."""

import sqlite3

import pytest

from bot.profile import UserProfile
from bot.profile_store import ProfileStore
from flexrec.errors import InputError


def test_profiles_survive_a_restart_and_stay_apart(tmp_path):
    db = tmp_path / "p.sqlite3"
    ProfileStore(db).save("alice", UserProfile(liked=["Alien"]))
    ProfileStore(db).save("bob", UserProfile(liked=["Up"]))
    again = ProfileStore(db)  # a new process would do exactly this
    assert again.load("alice").liked == ["Alien"]
    assert again.load("bob").liked == ["Up"]
    assert again.load("carol") == UserProfile()


def test_a_corrupted_row_is_reported_and_starts_fresh(tmp_path, caplog):
    db = tmp_path / "p.sqlite3"
    store = ProfileStore(db)
    with sqlite3.connect(db) as con:
        con.execute("INSERT INTO profiles VALUES ('alice', '{not json', 0)")
    profile, notice = store.load_checked("alice")
    assert profile == UserProfile() and "could not be read" in notice
    assert "unreadable" in caplog.text
    with sqlite3.connect(db) as con:  # set aside, not lost; and only reported once
        assert con.execute("SELECT data FROM damaged_profiles WHERE session_id = 'alice'").fetchall() == [
            ("{not json",)
        ]
    assert store.load_checked("alice") == (UserProfile(), None)
    store.save("alice", UserProfile(liked=["Alien"]))  # and it can be written again
    assert store.load("alice").liked == ["Alien"]
    store.forget("alice")
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM damaged_profiles").fetchone() == (0,)


def test_delete_and_bad_ids(tmp_path):
    store = ProfileStore(tmp_path / "p.sqlite3")
    store.save("alice", UserProfile(liked=["Alien"]))
    store.forget("alice")
    assert store.load("alice") == UserProfile()
    for bad in ["", "../etc/passwd", "x" * 101, "a b"]:
        with pytest.raises(InputError):
            store.load(bad)


def test_a_locked_database_is_a_store_error_and_loses_nothing(tmp_path):
    from flexrec.errors import StoreError

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


def test_history_and_feedback_are_kept_per_session(tmp_path):
    store = ProfileStore(tmp_path / "p.sqlite3")
    store.add_message("alice", "user", "I loved Alien")
    store.add_message("alice", "assistant", "Try Aliens.", [{"id": "m2", "title": "Aliens"}])
    store.add_feedback("alice", "m2", "like")
    store.add_message("bob", "user", "Hello")
    assert ProfileStore(tmp_path / "p.sqlite3").history("alice") == [
        {"role": "user", "content": "I loved Alien", "items": []},
        {"role": "assistant", "content": "Try Aliens.", "items": [{"id": "m2", "title": "Aliens"}]},
    ]
    assert [(f["item_id"], f["feedback"]) for f in store.feedback("alice")] == [("m2", "like")]
    assert store.feedback("bob") == [] and len(store.history("bob")) == 1
    store.clear_history("alice")  # the chat's clear button: the conversation goes, the rest stays
    assert store.history("alice") == [] and len(store.feedback("alice")) == 1 and len(store.history("bob")) == 1


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


def test_rename_moves_profile_conversation_and_feedback_together(tmp_path):
    """A returning browser's data, kept under its bare visitor id by an earlier version, moves to its
    `v_` session (web/ui.py on load)."""
    store = ProfileStore(tmp_path / "p.sqlite3")
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
