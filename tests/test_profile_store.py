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
    assert store.load("alice") == UserProfile()
    assert "unreadable" in caplog.text
    store.save("alice", UserProfile(liked=["Alien"]))  # and it can be written again
    assert store.load("alice").liked == ["Alien"]


def test_delete_and_bad_ids(tmp_path):
    store = ProfileStore(tmp_path / "p.sqlite3")
    store.save("alice", UserProfile(liked=["Alien"]))
    store.delete("alice")
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
