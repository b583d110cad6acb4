"""Encryption at rest (issue 7): a SQLCipher store is unreadable without its key, keeps every
pragma of a plaintext one, and moves between plaintext and encrypted without losing a row."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
import sqlcipher3

import protocol
from storage import (
    DB_FILENAME,
    JudgmentRepository,
    Store,
    StoreLockedError,
    cipher,
    decrypt_store,
    encrypt_store,
    is_encrypted,
    new_key,
    run_doctor,
)
from storage.feed_apply import apply_feed_page
from storage.outbox import apply_push_results, outbox_page
from storage.reviews import judgment_reviews
from tests.storage.store_dump import dump_connection, dump_file
from tests.storage.sync_seed import ARENA, VOTE_R1, seed, submit, validate


def _fill(store: Store, workdir: Path) -> None:
    """Imported items, a pack, acked and queued judgments, a skip, a draft and a review."""
    seed(store, workdir, items=8)
    acked = submit(store, ["item-0", "item-1"])
    apply_push_results(
        store,
        "sync-1",
        [
            protocol.PushResult(
                client_seq=e.client_seq,
                judgment_id=e.judgment_id,
                status="accepted",
                server_seq=100 + e.client_seq,
            )
            for e in outbox_page(store, 0, 100)
        ],
    )
    submit(store, ["item-2", "item-3"])  # stays queued in the outbox
    submit(store, ["item-4"], skip=True)
    repo = JudgmentRepository(store, validate)
    draft = repo.start_draft("item-5", ARENA.id, ARENA.version, ["r1", "r2"])
    repo.save_draft(draft.id, VOTE_R1, 500)
    review = protocol.FeedChange(
        server_seq=1,
        type="review",
        id="rv-1",
        version=1,
        op="upsert",
        body=protocol.ReviewBody(
            judgment_id=acked[0].id,
            outcome="returned",
            comment="请再看一下 B.",
            reviewed_at="2026-11-26T01:00:00Z",
        ).model_dump(),
    )
    assert apply_feed_page(store, [review], 1).problems == []
    assert judgment_reviews(store, acked[0].id) is not None


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    folder = tmp_path / "profile"
    with Store.open(folder) as store:
        _fill(store, tmp_path)
    return folder


def test_an_encrypted_store_cannot_be_read_without_its_key(tmp_path: Path) -> None:
    key = new_key()
    folder = tmp_path / "profile"
    with Store.open(folder, key) as store:
        _fill(store, tmp_path)
        expected = dump_file(store.path, key)
    path = folder / DB_FILENAME

    assert path.read_bytes()[:16] != b"SQLite format 3\x00"
    assert is_encrypted(path)
    plain = sqlite3.connect(path)
    with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
        plain.execute("SELECT count(*) FROM sqlite_master").fetchall()
    plain.close()

    wrong = sqlcipher3.connect(str(path))
    wrong.execute(f"PRAGMA key = \"x'{new_key().hex()}'\"")
    with pytest.raises(sqlcipher3.DatabaseError, match="file is not a database"):
        wrong.execute("SELECT count(*) FROM sqlite_master").fetchall()
    wrong.close()
    with pytest.raises(StoreLockedError):
        cipher.connect(path, new_key())

    right = cipher.connect(path, key)
    assert dump_connection(right) == expected
    assert {"items", "judgments", "judgment_revisions", "reviews"} <= set(expected)
    assert len(expected["items"]) == 8
    assert len(expected["judgments"]) == 6
    assert len(expected["reviews"]) == 1
    right.close()


def test_an_encrypted_store_keeps_wal_synchronous_full_and_foreign_keys(tmp_path: Path) -> None:
    key = new_key()
    with Store.open(tmp_path / "profile", key) as store:
        _fill(store, tmp_path)
        report = run_doctor(store)
        with store.read() as conn:
            assert conn.exec_driver_sql("PRAGMA cipher_version").scalar()
        assert Path(f"{store.path}-wal").exists()
    assert report.healthy, report.problems
    assert report.journal_mode == "wal"
    assert report.synchronous == "FULL"
    assert report.foreign_keys
    assert report.schema_revision == report.expected_revision
    assert report.counts["judgments"] == 6


def test_opening_an_encrypted_store_without_its_key_is_refused_and_changes_nothing(
    tmp_path: Path,
) -> None:
    key = new_key()
    folder = tmp_path / "profile"
    with Store.open(folder, key) as store:
        _fill(store, tmp_path)
    path = folder / DB_FILENAME
    before = path.read_bytes()
    with pytest.raises(StoreLockedError, match="encrypted"):
        Store.open(folder)
    with pytest.raises(StoreLockedError):
        Store.open(folder, new_key())
    assert path.read_bytes() == before
    with Store.open(folder, key) as store:
        assert run_doctor(store).counts["items"] == 8


def test_a_store_moves_to_encrypted_and_back_without_losing_a_row(profile: Path) -> None:
    path = profile / DB_FILENAME
    original = dump_file(path, None)
    key = new_key()

    encrypt_store(path, key)
    assert is_encrypted(path)
    assert dump_file(path, key) == original
    with Store.open(profile, key) as store:
        assert run_doctor(store).healthy

    decrypt_store(path, key)
    assert path.read_bytes()[:16] == b"SQLite format 3\x00"
    assert dump_file(path, None) == original
    with Store.open(profile) as store:
        report = run_doctor(store)
    assert report.healthy, report.problems
    assert not path.with_name(path.name + cipher.CONVERTING_SUFFIX).exists()


def test_snapshots_are_converted_too_so_no_plaintext_copy_stays_behind(profile: Path) -> None:
    path = profile / DB_FILENAME
    backups = profile / "backups"
    from storage.migrate import snapshot

    taken = snapshot(path, backups, "test")
    key = new_key()
    encrypt_store(path, key)
    assert is_encrypted(taken)
    assert dump_file(taken, key)["items"] == dump_file(path, key)["items"]
    decrypt_store(path, key)
    assert not is_encrypted(taken)


@pytest.mark.parametrize("stage", ["_verify", "_fsync", "replace"])
@pytest.mark.parametrize("direction", ["encrypt", "decrypt"])
def test_a_crash_midway_leaves_the_original_readable_and_no_stray_files(
    profile: Path, monkeypatch: pytest.MonkeyPatch, stage: str, direction: str
) -> None:
    path = profile / DB_FILENAME
    key = new_key()
    if direction == "decrypt":
        encrypt_store(path, key)
    source_key = key if direction == "decrypt" else None
    original = dump_file(path, source_key)
    files_before = sorted(p.name for p in profile.iterdir())

    def crash(*_args: object) -> None:
        raise RuntimeError("power cut")

    if stage == "replace":
        monkeypatch.setattr(cipher.os, "replace", crash)
    else:
        monkeypatch.setattr(cipher, stage, crash)
    convert = encrypt_store if direction == "encrypt" else decrypt_store
    with pytest.raises(RuntimeError, match="power cut"):
        convert(path, key)
    monkeypatch.undo()

    assert sorted(p.name for p in profile.iterdir()) == files_before
    assert is_encrypted(path) == (direction == "decrypt")
    assert dump_file(path, source_key) == original
    with Store.open(profile, source_key) as store:
        assert run_doctor(store).healthy


def test_a_copy_left_by_a_killed_conversion_is_replaced_on_the_next_attempt(
    profile: Path,
) -> None:
    path = profile / DB_FILENAME
    stray = path.with_name(path.name + cipher.CONVERTING_SUFFIX)
    stray.write_bytes(b"half a file")
    original = dump_file(path, None)
    key = new_key()
    encrypt_store(path, key)
    assert not stray.exists()
    assert dump_file(path, key) == original


def test_the_key_is_32_random_bytes_and_other_lengths_are_refused(tmp_path: Path) -> None:
    assert len(new_key()) == 32
    assert new_key() != new_key()
    with pytest.raises(ValueError, match="32 bytes"):
        Store.open(tmp_path / "p", b"short")
    assert not os.path.exists(tmp_path / "p" / DB_FILENAME)
