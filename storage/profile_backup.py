"""Backup and restore of a whole profile as one zip file.

The store is copied with SQLite's online backup API, so a backup taken while the app is
writing is a consistent snapshot (it sees either all of a transaction or none of it). An
encrypted store (:mod:`storage.cipher`) stays encrypted in the backup, never a plaintext
copy: given its key, it is copied in one read transaction with SQLCipher's ``VACUUM INTO``
(which keeps the source's key); without the key, the file and its WAL are copied byte for
byte as they lie on disk.

Besides the store, the zip holds the profile's plain files named in :data:`PROFILE_FILES`
(preferences and trusted lead keys). The account token is never in a profile folder (it is
in the OS keyring), so no backup can carry it.

Both directions are all or nothing: the zip is written beside its target and renamed into
place; a restore reads and checks everything in a staging folder before the profile is
touched.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from storage.cipher import is_encrypted
from storage.errors import StoreError
from storage.ids import utc_now
from storage.store import DB_FILENAME

MANIFEST = "prefdesk-backup.json"
FORMAT = 1
#: Plain files of a profile that travel with its store (when present).
PROFILE_FILES = ("settings.ini", "trusted-keys.txt")
#: Never put in a backup even if someone saved one in the profile by hand.
_NEVER = ("token", "token.txt", ".token")


@dataclass(frozen=True)
class BackupReport:
    path: Path
    files: tuple[str, ...]
    encrypted: bool


@dataclass(frozen=True)
class RestoreReport:
    profile: Path
    files: tuple[str, ...]
    encrypted: bool
    note: str


class BackupError(StoreError):
    """A backup could not be written or a zip cannot be restored; the message says which."""


def backup_profile(profile: Path, out: Path, key: bytes | None = None) -> BackupReport:
    """Write ``profile``'s store and plain files to the zip ``out`` (replaced atomically);
    ``key`` is the store's key when it is encrypted (None copies the encrypted file as is)."""
    db = profile / DB_FILENAME
    if not db.is_file():
        raise BackupError(f"{profile} holds no Prefdesk store ({DB_FILENAME}); nothing to back up")
    out.parent.mkdir(parents=True, exist_ok=True)
    encrypted = is_encrypted(db)
    with tempfile.TemporaryDirectory(prefix=".prefdesk-backup-", dir=out.parent) as staging:
        copy = Path(staging) / DB_FILENAME
        if encrypted and key is not None:
            _encrypted_copy(db, copy, key)
        elif encrypted:
            _copy_encrypted(db, copy)
        else:
            _online_copy(db, copy)
        names = [DB_FILENAME] + [n for n in PROFILE_FILES if (profile / n).is_file()]
        names += [f"{DB_FILENAME}-wal"] if (Path(staging) / f"{DB_FILENAME}-wal").exists() else []
        manifest = {
            "format": FORMAT,
            "created_at": utc_now(),
            "encrypted": encrypted,
            # Where the store's key is found again: the keyring names it by this folder.
            "source": str(profile.resolve()),
            "files": names,
        }
        partial = Path(staging) / "backup.zip"
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(MANIFEST, json.dumps(manifest, indent=2))
            for name in names:
                in_staging = name.startswith(DB_FILENAME)
                source = Path(staging) / name if in_staging else profile / name
                # Ciphertext does not compress: deflating it only costs time (about 2/3 of
                # an encrypted backup's, bench/results/encryption.json).
                stored = in_staging and encrypted
                archive.write(source, name, zipfile.ZIP_STORED if stored else None)
        _fsync(partial)
        os.replace(partial, out)
    _fsync_dir(out.parent)
    return BackupReport(out, tuple(names), encrypted)


@dataclass(frozen=True)
class BackupInfo:
    encrypted: bool
    #: The profile folder the backup was taken from (None in backups made before it was
    #: recorded); an encrypted store's key is kept in the keyring under that folder.
    source: Path | None


def read_backup_info(archive: Path) -> BackupInfo:
    """What the backup ``archive`` holds, from its manifest (nothing is extracted)."""
    manifest = _manifest(archive)
    source = manifest.get("source")
    return BackupInfo(
        bool(manifest.get("encrypted")), Path(source) if isinstance(source, str) else None
    )


def restore_profile(
    archive: Path, profile: Path, *, overwrite: bool = False, key: bytes | None = None
) -> RestoreReport:
    """Put the backup ``archive`` in ``profile``; refuses a profile holding a store unless
    ``overwrite``. Nothing in ``profile`` changes unless the whole backup checked out.

    The store is checked with ``PRAGMA integrity_check`` before anything is replaced; an
    encrypted one only when its ``key`` is given (a wrong key is refused)."""
    if (profile / DB_FILENAME).exists() and not overwrite:
        raise BackupError(
            f"{profile} already holds a Prefdesk store; restore into an empty folder, or "
            "confirm that its store should be replaced"
        )
    profile.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".prefdesk-restore-", dir=profile) as staging:
        names, encrypted = _extract(archive, Path(staging))
        if not encrypted or key is not None:
            _check_integrity(Path(staging) / DB_FILENAME, archive, key if encrypted else None)
        # The live store's WAL would be replayed over the restored file: remove it first.
        for leftover in (f"{DB_FILENAME}-wal", f"{DB_FILENAME}-shm", f"{DB_FILENAME}-journal"):
            (profile / leftover).unlink(missing_ok=True)
        for name in names:
            os.replace(Path(staging) / name, profile / name)
    _fsync_dir(profile)
    note = (
        "If the server has seen judgments this copy does not hold, the next sync gives this "
        "profile a new device id and resends what the server has not acknowledged; what it "
        "already holds is answered as a duplicate."
    )
    return RestoreReport(profile, tuple(names), encrypted, note)


def _online_copy(db: Path, target: Path) -> None:
    source = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)
        # A self-contained file: the copy must not need a -wal beside it.
        dest.execute("PRAGMA journal_mode=DELETE")
    finally:
        dest.close()
        source.close()


def _encrypted_copy(db: Path, target: Path, key: bytes) -> None:
    from storage.cipher import connect

    conn = connect(db, key, isolation_level=None)
    try:
        conn.execute("VACUUM INTO ?", (str(target),))
    finally:
        conn.close()


def _copy_encrypted(db: Path, target: Path) -> None:
    # Without the key the file can only be copied as it is; its WAL holds committed pages not
    # yet checkpointed, so it travels too and SQLCipher replays it when the copy is opened.
    shutil.copyfile(db, target)
    wal = db.with_name(f"{db.name}-wal")
    if wal.is_file() and wal.stat().st_size:
        shutil.copyfile(wal, target.with_name(f"{target.name}-wal"))


def _manifest(archive: Path) -> dict[str, object]:
    try:
        with zipfile.ZipFile(archive) as zipped:
            manifest = json.loads(zipped.read(MANIFEST))
    except FileNotFoundError:
        raise BackupError(f"{archive} does not exist") from None
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise BackupError(f"{archive} is not a readable Prefdesk backup ({exc})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{archive} is not a Prefdesk profile backup this build knows")
    return manifest


def _extract(archive: Path, staging: Path) -> tuple[list[str], bool]:
    allowed = {DB_FILENAME, f"{DB_FILENAME}-wal", *PROFILE_FILES}
    try:
        with zipfile.ZipFile(archive) as zipped:
            manifest = json.loads(zipped.read(MANIFEST))
            names = [str(n) for n in manifest["files"]]
            if manifest.get("format") != FORMAT or DB_FILENAME not in names:
                raise BackupError(f"{archive} is not a Prefdesk profile backup this build knows")
            unexpected = [n for n in names if n not in allowed or n in _NEVER]
            if unexpected:
                raise BackupError(f"{archive} holds unexpected files: {', '.join(unexpected)}")
            for name in names:
                (staging / name).write_bytes(zipped.read(name))
            return names, bool(manifest.get("encrypted"))
    except BackupError:
        raise
    except FileNotFoundError:
        raise BackupError(f"{archive} does not exist") from None
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
        raise BackupError(f"{archive} is not a readable Prefdesk backup ({exc})") from None


def _check_integrity(db: Path, archive: Path, key: bytes | None = None) -> None:
    from storage.cipher import connect, dbapi
    from storage.errors import StoreLockedError

    errors = (sqlite3.DatabaseError, dbapi().DatabaseError)
    try:
        if key is None:
            conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        else:  # read-only, so closing it cannot fold a staged -wal away
            conn = connect(f"file:{db}?mode=ro", key, uri=True)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        finally:
            conn.close()
    except StoreLockedError:
        raise BackupError(
            f"the store in {archive} does not open with this profile's key (it was encrypted "
            "with another one); nothing was restored"
        ) from None
    except errors as exc:
        raise BackupError(
            f"the store in {archive} is damaged ({exc}); nothing was restored"
        ) from None
    if rows != ["ok"]:
        raise BackupError(
            f"the store in {archive} is damaged ({'; '.join(rows[:3])}); nothing was restored"
        )


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":
        return  # Windows cannot open a directory for fsync; its renames are journaled
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
