"""Encryption at rest: a store kept in SQLCipher 4, and moving a store in or out of it.

The key is 32 random bytes given to SQLCipher as a raw key (``PRAGMA key = "x'…'"``), so no
passphrase derivation runs and no typed password is ever involved; where the key is kept is
the app's business (the OS keyring), never the store's. An encrypted file is SQLCipher's
page format from byte 0: without the key it does not even show as a SQLite database.

Moving between plaintext and encrypted (:func:`encrypt_store`, :func:`decrypt_store`) never
rewrites the file in place: the source's WAL is checkpointed into it first, a complete copy
is written beside it with ``sqlcipher_export``, checked (``PRAGMA integrity_check`` and the
row count of every table), fsynced, and only then swapped in with ``os.replace``. A crash
anywhere before the swap leaves the original as it was; the half-written copy is removed on
the next attempt. The snapshots in ``backups/`` are converted the same way, so an encrypted
profile keeps no plaintext copy behind.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
from pathlib import Path
from types import ModuleType
from typing import Any

from storage.errors import StoreError, StoreLockedError

KEY_BYTES = 32
SQLITE_HEADER = b"SQLite format 3\x00"
#: The suffix of the copy written beside a store while it is converted.
CONVERTING_SUFFIX = ".converting"


def new_key() -> bytes:
    """A fresh random store key."""
    return secrets.token_bytes(KEY_BYTES)


def dbapi() -> ModuleType:
    """The SQLCipher DB-API module (imported on first use: plaintext stores never load it)."""
    from sqlcipher3 import dbapi2

    module: ModuleType = dbapi2
    return module


def is_encrypted(path: Path) -> bool:
    """Whether ``path`` holds data that is not a plain SQLite file (False when new or empty)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return False
    return bool(head) and head != SQLITE_HEADER


def check_key(key: bytes) -> None:
    """Refuse anything but a key made by :func:`new_key` (never a typed passphrase)."""
    if not isinstance(key, bytes) or len(key) != KEY_BYTES:
        raise ValueError(f"a store key is {KEY_BYTES} bytes, not {len(key)}")


def _key_literal(key: bytes) -> str:
    check_key(key)
    # A raw key: SQLCipher uses it as is and skips its passphrase derivation (PBKDF2).
    return f"x'{key.hex()}'"


def connect(path: Path | str, key: bytes, **kwargs: Any) -> Any:
    """A SQLCipher connection to ``path`` (a file, or a ``file:`` URI with ``uri=True``)
    with ``key`` applied and checked.

    Raises :class:`StoreLockedError` when the key does not open the file (wrong key, or a
    plaintext file), rather than letting the first query fail somewhere later.
    """
    module = dbapi()
    conn = module.connect(str(path), **kwargs)
    try:
        # SQLCipher would also print a wrong key's HMAC failure on stderr; it is raised below.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f'PRAGMA key = "{_key_literal(key)}"')
        # The key is only tried on the first read of page 1.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except module.DatabaseError as error:
        conn.close()
        raise StoreLockedError(
            f"{path} cannot be opened with the key given ({error}): it is either "
            "encrypted with another key or not encrypted"
        ) from error
    return conn


def open_raw(path: Path, key: bytes | None, **kwargs: Any) -> Any:
    """A DB-API connection to ``path``: stdlib ``sqlite3`` when plaintext, else SQLCipher."""
    if key is None:
        if is_encrypted(path):
            raise StoreLockedError(f"{path} is encrypted and no key was given")
        return sqlite3.connect(path, **kwargs)
    return connect(path, key, **kwargs)


def encrypt_store(path: Path, key: bytes) -> None:
    """Encrypt the plaintext store at ``path`` (and its snapshots) with ``key``."""
    if is_encrypted(path):
        raise StoreError(f"{path} is already encrypted")
    for file in [path, *_snapshots(path)]:
        _convert(file, None, key)


def decrypt_store(path: Path, key: bytes) -> None:
    """Turn the store at ``path`` (and its snapshots) encrypted with ``key`` into plaintext."""
    if not is_encrypted(path):
        raise StoreError(f"{path} is not encrypted")
    for file in [path, *_snapshots(path)]:
        _convert(file, key, None)


def _snapshots(path: Path) -> list[Path]:
    # storage.migrate names snapshots after the store's stem, in the profile's backups/.
    return sorted((path.parent / "backups").glob(f"{path.stem}-*.sqlite"))


def _leftovers(path: Path) -> list[Path]:
    return [Path(f"{path}{suffix}") for suffix in ("-wal", "-shm", "-journal")]


def _remove(*paths: Path) -> None:
    for stale in paths:
        stale.unlink(missing_ok=True)


def _convert(path: Path, src_key: bytes | None, dst_key: bytes | None) -> None:
    """Rewrite ``path`` with ``dst_key`` (None: plaintext); the original survives any failure."""
    module = dbapi()
    if (src_key is None) == is_encrypted(path):
        return  # a snapshot already in the target form (e.g. a conversion resumed)
    target = path.with_name(path.name + CONVERTING_SUFFIX)
    _remove(target, *_leftovers(target))  # what an earlier, interrupted attempt left
    if src_key is None:
        src = module.connect(str(path), isolation_level=None)
    else:
        src = connect(path, src_key, isolation_level=None)
    try:
        # Fold the WAL into the file and leave WAL mode: the file alone is then the whole
        # store, and no old -wal can be replayed onto the new file after the swap.
        src.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        src.execute("PRAGMA journal_mode=DELETE").fetchall()
        before = _table_counts(src, "main")
        user_version = int(src.execute("PRAGMA user_version").fetchone()[0])
        literal = "" if dst_key is None else _key_literal(dst_key)
        src.execute("ATTACH DATABASE ? AS converted KEY ?", (str(target), literal))
        try:
            src.execute("SELECT sqlcipher_export('converted')").fetchall()
            src.execute(f"PRAGMA converted.user_version = {user_version}")
        finally:
            src.execute("DETACH DATABASE converted")
    except BaseException:
        src.close()
        _remove(target, *_leftovers(target))
        raise
    src.close()
    try:
        _verify(target, dst_key, before)
        _fsync(target)
        os.replace(target, path)
    except BaseException:
        _remove(target, *_leftovers(target))
        raise
    _remove(*_leftovers(path))
    _fsync_dir(path.parent)


def _table_counts(conn: Any, schema: str) -> dict[str, int]:
    names = [
        str(row[0])
        for row in conn.execute(
            f"SELECT name FROM {schema}.sqlite_master "
            "WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {
        name: int(conn.execute(f'SELECT count(*) FROM {schema}."{name}"').fetchone()[0])
        for name in names
    }


def _verify(target: Path, key: bytes | None, expected: dict[str, int]) -> None:
    """The copy must be sound and hold exactly as many rows in every table as the source."""
    conn = open_raw(target, key, isolation_level=None)
    try:
        integrity = [str(row[0]) for row in conn.execute("PRAGMA integrity_check")]
        counts = _table_counts(conn, "main")
    finally:
        conn.close()
    if integrity != ["ok"]:
        raise StoreError(f"the converted copy of {target} failed its integrity check: {integrity}")
    if counts != expected:
        raise StoreError(
            f"the converted copy of {target} holds other rows than the original "
            f"({counts} instead of {expected}); the original was kept"
        )


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable; Windows cannot open a folder, and needs no such call.
    if os.name == "nt":
        return
    _fsync(folder)
