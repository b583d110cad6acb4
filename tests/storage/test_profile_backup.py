"""Backup and restore of a profile: consistent while the app writes, all or nothing back."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pytest

from storage import DB_FILENAME, Store
from storage.profile_backup import MANIFEST, BackupError, backup_profile, restore_profile
from tests.storage.store_dump import dump_file
from tests.storage.sync_seed import seed, submit


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    folder = tmp_path / "profile"
    with Store.open(folder) as store:
        seed(store, tmp_path)
        submit(store, ["item-0", "item-1"])
    (folder / "settings.ini").write_text("[ui]\nlanguage=zh_CN\n", encoding="utf-8")
    (folder / "trusted-keys.txt").write_text("lead ed25519 AAAA\n", encoding="utf-8")
    return folder


def test_a_backup_taken_during_an_open_write_transaction_holds_only_committed_work(
    profile: Path, tmp_path: Path
) -> None:
    writer = sqlite3.connect(profile / DB_FILENAME, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO sync_state (key, value) VALUES ('half-done', 'x')")
    try:
        report = backup_profile(profile, tmp_path / "during.zip")
    finally:
        writer.execute("COMMIT")
        writer.close()
    restored = tmp_path / "restored"
    restore_profile(report.path, restored)
    tables = dump_file(restored / DB_FILENAME)
    assert ("half-done", "x") not in tables["sync_state"]
    assert len(tables["judgments"]) == 2
    after = backup_profile(profile, tmp_path / "after.zip")
    restore_profile(after.path, tmp_path / "after", overwrite=False)
    assert ("half-done", "x") in dump_file(tmp_path / "after" / DB_FILENAME)["sync_state"]


def test_restore_round_trips_every_table_and_the_profile_files(
    profile: Path, tmp_path: Path
) -> None:
    report = backup_profile(profile, tmp_path / "backup.zip")
    restored = tmp_path / "restored"
    result = restore_profile(report.path, restored)
    assert dump_file(restored / DB_FILENAME) == dump_file(profile / DB_FILENAME)
    for name in ("settings.ini", "trusted-keys.txt"):
        assert (restored / name).read_bytes() == (profile / name).read_bytes()
    assert "new device id" in result.note
    assert not [p for p in restored.iterdir() if p.name.startswith(".prefdesk-restore")]
    with Store.open(restored) as store:  # the restored store opens and migrates as usual
        assert store.device_id()


def test_a_backup_holds_only_the_store_and_the_profile_files_never_a_token(
    profile: Path, tmp_path: Path
) -> None:
    (profile / "notes-with-pdt_0a_secret.txt").write_text("pdt_0a_S3cret", encoding="utf-8")
    report = backup_profile(profile, tmp_path / "backup.zip")
    with zipfile.ZipFile(report.path) as archive:
        assert sorted(archive.namelist()) == sorted(
            [MANIFEST, DB_FILENAME, "settings.ini", "trusted-keys.txt"]
        )
        assert all(b"S3cret" not in archive.read(n) for n in archive.namelist())
    assert [p.name for p in report.path.parent.iterdir() if p.name.startswith(".")] == []


def test_restore_refuses_a_profile_that_holds_a_store_unless_asked(
    profile: Path, tmp_path: Path
) -> None:
    report = backup_profile(profile, tmp_path / "backup.zip")
    with Store.open(tmp_path / "busy") as store:
        submit_free_device = store.device_id()
    with pytest.raises(BackupError, match="already holds a Prefdesk store"):
        restore_profile(report.path, tmp_path / "busy")
    with Store.open(tmp_path / "busy") as store:
        assert store.device_id() == submit_free_device
    restore_profile(report.path, tmp_path / "busy", overwrite=True)
    assert dump_file(tmp_path / "busy" / DB_FILENAME) == dump_file(profile / DB_FILENAME)


def test_a_corrupt_zip_is_named_in_the_error_and_nothing_is_written(tmp_path: Path) -> None:
    broken = tmp_path / "broken-backup.zip"
    broken.write_bytes(b"PK\x03\x04 this is not a zip file at all")
    target = tmp_path / "target"
    with pytest.raises(BackupError, match=r"broken-backup\.zip"):
        restore_profile(broken, target)
    assert list(target.iterdir()) == []


def test_a_zip_whose_store_is_damaged_restores_nothing(profile: Path, tmp_path: Path) -> None:
    report = backup_profile(profile, tmp_path / "backup.zip")
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(report.path) as source, zipfile.ZipFile(damaged, "w") as out:
        for name in source.namelist():
            data = source.read(name)
            if name == DB_FILENAME:
                data = data[:4096] + b"\x00garbage" * 2000 + data[4096 + 16000 :]
            out.writestr(name, data)
    target = tmp_path / "target"
    with pytest.raises(BackupError, match=r"damaged\.zip"):
        restore_profile(damaged, target)
    assert list(target.iterdir()) == []


def test_an_encrypted_store_is_copied_byte_for_byte(tmp_path: Path) -> None:
    # Stands in for a SQLCipher file: without the key a backup can only copy it as it is.
    profile = tmp_path / "profile"
    profile.mkdir()
    ciphertext = bytes(range(256)) * 64
    (profile / DB_FILENAME).write_bytes(ciphertext)
    report = backup_profile(profile, tmp_path / "backup.zip")
    assert report.encrypted
    restore_profile(report.path, tmp_path / "restored")
    assert (tmp_path / "restored" / DB_FILENAME).read_bytes() == ciphertext


def test_backing_up_a_folder_without_a_store_says_so(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="holds no Prefdesk store"):
        backup_profile(tmp_path, tmp_path / "out.zip")
    assert not (tmp_path / "out.zip").exists()


def test_an_encrypted_store_is_backed_up_consistently_and_stays_encrypted(
    tmp_path: Path,
) -> None:
    from storage import new_key
    from storage.cipher import connect

    key = new_key()
    profile = tmp_path / "profile"
    with Store.open(profile, key) as store:
        seed(store, tmp_path)
        submit(store, ["item-0"])
        # A write transaction open elsewhere while the backup runs.
        writer = connect(profile / DB_FILENAME, key, isolation_level=None)
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("INSERT INTO sync_state (key, value) VALUES ('half-done', 'x')")
        try:
            report = backup_profile(profile, tmp_path / "backup.zip", key)
        finally:
            writer.execute("ROLLBACK")
            writer.close()
    assert report.encrypted
    with zipfile.ZipFile(report.path) as archive:
        assert not archive.read(DB_FILENAME).startswith(b"SQLite format 3")
    restore_profile(report.path, tmp_path / "restored")
    with Store.open(tmp_path / "restored", key) as restored, restored.read() as conn:
        states = conn.exec_driver_sql("SELECT key FROM sync_state").scalars().all()
        judged = conn.exec_driver_sql("SELECT count(*) FROM judgments").scalar_one()
    assert "half-done" not in states
    assert judged == 1
