"""SQLite engines configured for a store that must never lose a judgment.

Every connection runs in WAL mode with ``synchronous=FULL`` (a commit is fsynced, so it
survives power loss, not only a crash), foreign keys on and a busy timeout. Python's
``sqlite3`` legacy transaction handling is switched off so SQLAlchemy's BEGIN is the one
that runs: the writer engine begins with ``BEGIN IMMEDIATE`` (it takes the write lock up
front and never fails half-way upgrading a read lock), the reader engine with a plain
deferred ``BEGIN`` so that the GUI can read while the writer works.

Given a ``key``, every engine opens its connections with SQLCipher instead
(:mod:`storage.cipher`): the key is applied before anything else runs, then the same
pragmas and transactions as for a plaintext store (WAL works the same under SQLCipher).
Without a key the stdlib driver is used exactly as before.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import NullPool, QueuePool

BUSY_TIMEOUT_MS = 10_000

PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
)


def _configure_connection(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        for pragma in PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()


def _url(path: Path) -> str:
    return f"sqlite+pysqlite:///{path}"


def _engine(path: Path, key: bytes | None, connect_args: dict[str, Any], **kwargs: Any) -> Engine:
    if key is None:
        return create_engine(_url(path), connect_args=connect_args, **kwargs)
    from storage import cipher

    def creator() -> Any:
        return cipher.connect(path, key, **connect_args)

    # module=: SQLAlchemy must wrap SQLCipher's exceptions (IntegrityError from a trigger,
    # OperationalError when busy) just as it wraps sqlite3's, or callers would miss them.
    return create_engine(_url(path), module=cipher.dbapi(), creator=creator, **kwargs)


def create_writer_engine(path: Path, key: bytes | None = None) -> Engine:
    """One connection, ``BEGIN IMMEDIATE``: the single writer of this store."""
    engine = _engine(
        path,
        key,
        {"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        poolclass=QueuePool,
        pool_size=1,
        max_overflow=0,
        pool_timeout=60,
    )
    event.listen(engine, "connect", _configure_connection)

    @event.listens_for(engine, "begin")
    def _begin_immediate(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def create_reader_engine(path: Path, key: bytes | None = None) -> Engine:
    """Short read transactions from any thread; WAL keeps them from blocking the writer."""
    engine = _engine(
        path,
        key,
        {"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=4,
    )
    event.listen(engine, "connect", _configure_connection)

    @event.listens_for(engine, "begin")
    def _begin_deferred(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


def create_maintenance_engine(
    path: Path, *, foreign_keys: bool = True, key: bytes | None = None
) -> Engine:
    """For migrations and checks: no pool, so nothing lingers after use.

    Migrations pass ``foreign_keys=False``: SQLite's table-rebuild procedure needs
    enforcement off (it cannot be switched inside a transaction), then checks
    ``PRAGMA foreign_key_check`` before committing.
    """
    engine = _engine(path, key, {"timeout": BUSY_TIMEOUT_MS / 1000}, poolclass=NullPool)
    event.listen(engine, "connect", _configure_connection)
    if not foreign_keys:

        @event.listens_for(engine, "connect")
        def _foreign_keys_off(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
            dbapi_connection.execute("PRAGMA foreign_keys=OFF")

    @event.listens_for(engine, "begin")
    def _begin_immediate(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine
