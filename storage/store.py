"""The open local store: one writer connection, a small pool of readers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, insert, select

from storage.cipher import check_key, is_encrypted
from storage.engine import create_reader_engine, create_writer_engine
from storage.errors import StoreLockedError
from storage.ids import utc_now, uuid7
from storage.migrate import MigrationReport, upgrade
from storage.models import Device

DB_FILENAME = "prefdesk.sqlite"


class Store:
    """A profile's SQLite store, migrated to this build's schema on open.

    Contract: every write goes through ``write()``, which hands out the one writer
    connection inside a ``BEGIN IMMEDIATE`` transaction that commits on exit and rolls back
    on any exception — so an operation is applied whole or not at all. Callers keep writes
    on one thread (the app's writer lane); ``read()`` may be used from any thread.

    With a ``key`` the store is kept in SQLCipher (:mod:`storage.cipher`); without one it
    is a plain SQLite file, as always.
    """

    def __init__(self, path: Path, migration: MigrationReport, key: bytes | None = None) -> None:
        self.path = path
        self.migration = migration
        self.key = key
        self._writer = create_writer_engine(path, key)
        self._reader = create_reader_engine(path, key)

    @property
    def encrypted(self) -> bool:
        return self.key is not None

    @classmethod
    def open(cls, data_dir: Path, key: bytes | None = None) -> Store:
        """Open (creating if needed) the store in ``data_dir``; snapshots go to backups/.

        A new store is created encrypted when ``key`` is given. An encrypted store opened
        without its key raises :class:`StoreLockedError` and is left untouched: it is never
        mistaken for a new, empty store.
        """
        if key is not None:
            check_key(key)
        data_dir.mkdir(parents=True, exist_ok=True)
        path = data_dir / DB_FILENAME
        if key is None and is_encrypted(path):
            raise StoreLockedError(
                f"the store in {data_dir} is encrypted and no key was given to open it"
            )
        report = upgrade(path, data_dir / "backups", key=key)
        store = cls(path, report, key)
        store._ensure_device()
        return store

    @contextmanager
    def write(self) -> Iterator[Connection]:
        with self._writer.begin() as conn:
            yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self._reader.begin() as conn:
            yield conn

    def close(self) -> None:
        self._writer.dispose()
        self._reader.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def device_id(self) -> str:
        with self.read() as conn:
            return str(conn.execute(select(Device.device_id)).scalar_one())

    def _ensure_device(self) -> None:
        with self.write() as conn:
            if conn.execute(select(Device.device_id)).first() is None:
                conn.execute(insert(Device).values(device_id=uuid7(), created_at=utc_now()))
