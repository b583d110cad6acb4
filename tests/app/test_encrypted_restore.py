"""Restoring an encrypted profile backup: the keyring names a store's key by its folder, so
the key of the profile a backup came from follows it into the new folder — after the store
was checked with it — and a backup this keyring holds no key for is refused, with nothing
written and no key left behind."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from app.encryption import EncryptionError, load_key, open_store
from app.profile_tools import restore_keyed
from storage import DB_FILENAME, import_source, is_encrypted
from storage.profile_backup import BackupError, backup_profile, read_backup_info
from tests.guidelines.keyring_fakes import MemoryKeyring
from tests.sync_e2e.world import write_items


def _encrypted_profile(folder: Path, keyring: MemoryKeyring, items: int) -> bytes:
    tasks = folder.with_suffix(".jsonl")
    write_items(tasks, items)
    with open_store(folder, keyring).store as store:
        import_source(store, tasks)
    key = load_key(folder, keyring)
    assert key is not None
    assert is_encrypted(folder / DB_FILENAME)
    return key


def _items(profile: Path, keyring: MemoryKeyring) -> int:
    with open_store(profile, keyring).store as store, store.read() as conn:
        return int(conn.exec_driver_sql("SELECT count(*) FROM items").scalar_one())


def _damaged_copy(archive: Path, out: Path) -> Path:
    """The backup with one byte of the store's third page flipped (page 1 still opens)."""
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            data = bytearray(source.read(name))
            if name == DB_FILENAME:
                assert len(data) > 3 * 4096
                data[2 * 4096 + 700] ^= 0xFF
            target.writestr(name, bytes(data))
    return out


def test_an_encrypted_backup_restored_into_another_folder_opens_there(tmp_path: Path) -> None:
    keyring = MemoryKeyring()
    key = _encrypted_profile(tmp_path / "laptop", keyring, items=6)
    archive = backup_profile(tmp_path / "laptop", tmp_path / "backup.zip", key).path
    info = read_backup_info(archive)
    assert info.encrypted
    assert info.source == (tmp_path / "laptop").resolve()

    report = restore_keyed(archive, tmp_path / "restored", backend=keyring)
    assert report.encrypted
    assert is_encrypted(tmp_path / "restored" / DB_FILENAME)
    assert load_key(tmp_path / "restored", keyring) == key
    assert _items(tmp_path / "restored", keyring) == 6


def test_an_encrypted_backup_without_its_key_in_this_keyring_restores_nothing(
    tmp_path: Path,
) -> None:
    made_on = MemoryKeyring()
    key = _encrypted_profile(tmp_path / "laptop", made_on, items=2)
    archive = backup_profile(tmp_path / "laptop", tmp_path / "backup.zip", key).path
    elsewhere = MemoryKeyring()  # another computer's keyring
    with pytest.raises(EncryptionError) as failed:
        restore_keyed(archive, tmp_path / "restored", backend=elsewhere)
    message = str(failed.value)
    assert str(archive) in message
    assert str((tmp_path / "laptop").resolve()) in message
    assert "decrypt it first" in message
    assert not (tmp_path / "restored" / DB_FILENAME).exists()
    assert elsewhere.secrets == {}


def test_a_damaged_encrypted_backup_restores_nothing_and_leaves_no_key(tmp_path: Path) -> None:
    keyring = MemoryKeyring()
    key = _encrypted_profile(tmp_path / "laptop", keyring, items=40)
    archive = backup_profile(tmp_path / "laptop", tmp_path / "backup.zip", key).path
    damaged = _damaged_copy(archive, tmp_path / "damaged.zip")
    with pytest.raises(BackupError, match=r"damaged\.zip.*nothing was restored"):
        restore_keyed(damaged, tmp_path / "restored", backend=keyring)
    assert not (tmp_path / "restored" / DB_FILENAME).exists()
    assert load_key(tmp_path / "restored", keyring) is None


def test_a_failed_restore_over_an_encrypted_profile_keeps_that_profiles_key(
    tmp_path: Path,
) -> None:
    keyring = MemoryKeyring()
    key = _encrypted_profile(tmp_path / "laptop", keyring, items=40)
    own_key = _encrypted_profile(tmp_path / "office", keyring, items=3)
    archive = backup_profile(tmp_path / "laptop", tmp_path / "backup.zip", key).path
    damaged = _damaged_copy(archive, tmp_path / "damaged.zip")
    with pytest.raises(BackupError):
        restore_keyed(damaged, tmp_path / "office", overwrite=True, backend=keyring)
    assert load_key(tmp_path / "office", keyring) == own_key
    assert _items(tmp_path / "office", keyring) == 3

    restore_keyed(archive, tmp_path / "office", overwrite=True, backend=keyring)
    assert load_key(tmp_path / "office", keyring) == key
    assert _items(tmp_path / "office", keyring) == 40


def test_a_backup_whose_manifest_is_not_json_is_named_in_the_error(tmp_path: Path) -> None:
    archive = tmp_path / "odd.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zipped:
        zipped.writestr("prefdesk-backup.json", "{not json")
    archive.write_bytes(buffer.getvalue())
    with pytest.raises(BackupError, match=r"odd\.zip is not a readable Prefdesk backup"):
        restore_keyed(archive, tmp_path / "restored", backend=MemoryKeyring())
    assert not (tmp_path / "restored").exists()
