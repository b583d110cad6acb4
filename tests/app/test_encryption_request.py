"""Encrypting or decrypting a profile from Settings: the wish is saved, and the next open of
the profile carries it out before the store opens — every row kept, the key following —
or says why not and opens the profile unchanged."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.encryption import load_key, open_store
from app.encryption_request import (
    REQUEST_FILENAME,
    encrypted_at_next_start,
    pending_request,
    request_encryption,
)
from storage import DB_FILENAME, import_source, is_encrypted
from tests.guidelines.keyring_fakes import MemoryKeyring, PlaintextKeyring
from tests.sync_e2e.world import write_items


def _profile(tmp_path: Path, keyring: MemoryKeyring, encrypted: bool, items: int = 5) -> Path:
    profile = tmp_path / "profile"
    tasks = tmp_path / "tasks.jsonl"
    write_items(tasks, items)
    with open_store(profile, keyring, encrypt_new=encrypted).store as store:
        import_source(store, tasks)
    assert is_encrypted(profile / DB_FILENAME) == encrypted
    return profile


def _item_count(profile: Path, keyring: MemoryKeyring) -> int:
    with open_store(profile, keyring).store as store, store.read() as conn:
        return int(conn.exec_driver_sql("SELECT count(*) FROM items").scalar_one())


def test_an_encryption_asked_for_is_made_at_the_next_open_with_every_row(tmp_path: Path) -> None:
    keyring = MemoryKeyring()
    profile = _profile(tmp_path, keyring, encrypted=False)
    request_encryption(profile, True)
    assert pending_request(profile) == "encrypt"
    assert encrypted_at_next_start(profile)
    assert not is_encrypted(profile / DB_FILENAME)  # nothing changes while it is open

    opened = open_store(profile, keyring)
    assert opened.notice is None
    assert opened.store.encrypted
    opened.store.close()
    assert is_encrypted(profile / DB_FILENAME)
    assert load_key(profile, keyring) is not None
    assert not (profile / REQUEST_FILENAME).exists()
    assert _item_count(profile, keyring) == 5
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(profile / DB_FILENAME).execute("SELECT * FROM items").fetchall()


def test_a_decryption_asked_for_is_made_at_the_next_open_and_the_key_forgotten(
    tmp_path: Path,
) -> None:
    keyring = MemoryKeyring()
    profile = _profile(tmp_path, keyring, encrypted=True)
    request_encryption(profile, False)
    assert not encrypted_at_next_start(profile)
    assert _item_count(profile, keyring) == 5
    assert not is_encrypted(profile / DB_FILENAME)
    assert keyring.secrets == {}
    conn = sqlite3.connect(profile / DB_FILENAME)
    assert conn.execute("SELECT count(*) FROM items").fetchone() == (5,)
    conn.close()


def test_asking_for_the_state_the_store_already_has_cancels_the_request(tmp_path: Path) -> None:
    keyring = MemoryKeyring()
    profile = _profile(tmp_path, keyring, encrypted=False)
    request_encryption(profile, True)
    request_encryption(profile, False)  # changed their mind before restarting
    assert pending_request(profile) is None
    assert not (profile / REQUEST_FILENAME).exists()
    assert open_store(profile, keyring).store.close() is None
    assert not is_encrypted(profile / DB_FILENAME)


def test_an_encryption_that_cannot_keep_its_key_says_why_and_opens_the_profile_unchanged(
    tmp_path: Path,
) -> None:
    keyring = PlaintextKeyring()  # a keyring that would keep the key in a plain file
    profile = _profile(tmp_path, MemoryKeyring(), encrypted=False)
    before = (profile / DB_FILENAME).read_bytes()
    request_encryption(profile, True)
    opened = open_store(profile, keyring)
    opened.store.close()
    assert opened.notice is not None
    assert opened.notice.startswith("The profile was not encrypted")
    assert "plain file" in opened.notice
    assert not is_encrypted(profile / DB_FILENAME)
    assert keyring.secrets == {}
    assert (profile / DB_FILENAME).read_bytes() == before
    # Said once: the failed request is not retried at every start.
    assert pending_request(profile) is None
    assert open_store(profile, keyring).notice is None


def test_a_conversion_that_crashes_midway_leaves_the_store_readable_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keyring = MemoryKeyring()
    profile = _profile(tmp_path, keyring, encrypted=False)
    request_encryption(profile, True)
    from storage import cipher

    def crash(*_args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(cipher, "_verify", crash)
    opened = open_store(profile, keyring)
    opened.store.close()
    assert opened.notice is not None
    assert "disk full" in opened.notice
    monkeypatch.undo()
    assert not is_encrypted(profile / DB_FILENAME)
    assert _item_count(profile, keyring) == 5


@pytest.mark.parametrize("content", [b"", b"shred everything\n", b"\xff\xfe\x00"])
def test_a_damaged_request_asks_for_nothing(tmp_path: Path, content: bytes) -> None:
    keyring = MemoryKeyring()
    profile = _profile(tmp_path, keyring, encrypted=False, items=2)
    (profile / REQUEST_FILENAME).write_bytes(content)
    assert pending_request(profile) is None
    opened = open_store(profile, keyring)
    opened.store.close()
    assert opened.notice is None
    assert not is_encrypted(profile / DB_FILENAME)
    assert not (profile / REQUEST_FILENAME).exists()
