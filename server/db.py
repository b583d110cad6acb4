"""The server's database: one URL, SQLite or PostgreSQL, schema kept by Alembic.

Every request uses a short transaction of its own; nothing about the data lives in the
process, so several server processes can share one PostgreSQL database. On SQLite the file
is opened in WAL mode with a busy timeout and writers take the lock up front
(``BEGIN IMMEDIATE``), which serialises them like PostgreSQL's row locks do.
"""

from __future__ import annotations

import datetime as dt
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from server.models import Counter

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
SQLITE_FILENAME = "prefdesk-server.sqlite"


class DatabaseError(Exception):
    """The database cannot be used: wrong URL, newer schema, unreachable."""


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def new_id() -> str:
    """A time-ordered id (48-bit milliseconds + 80 random bits, hex), like UUIDv7."""
    return f"{int(time.time() * 1000):012x}{secrets.token_hex(10)}"


def sqlite_url(data_dir: Path) -> str:
    return f"sqlite+pysqlite:///{(data_dir / SQLITE_FILENAME).resolve()}"


def normalise_url(url: str) -> str:
    """``postgresql://`` (as most tools spell it) means psycopg 3, the driver we ship."""
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain) :]
    return url


def create_db_engine(url: str) -> Engine:
    """An engine for ``url`` with the settings each backend needs for safe concurrency."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    if url.startswith("postgresql"):
        # 20 connections a process at most: four workers stay under PostgreSQL's default
        # max_connections of 100 with room for admin commands and backups.
        return create_engine(url, pool_size=15, max_overflow=5, pool_pre_ping=True)
    raise DatabaseError(f"unsupported database URL scheme in {url.split(':', 1)[0]!r}")


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(engine: Engine) -> None:
    """Upgrade to this build's head in one transaction; refuse a newer schema."""
    known = {rev.revision for rev in ScriptDirectory.from_config(_config()).walk_revisions()}
    before = current_revision(engine)
    if before is not None and before not in known:
        raise DatabaseError(
            f"the database has schema revision {before}, newer than this server knows "
            f"(up to {head_revision()}); upgrade prefdesk-server"
        )
    with engine.begin() as conn:
        cfg = _config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


class Database:
    """An engine plus a session factory; ``session()`` is one transaction, committed on exit."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str, *, upgrade: bool = True) -> Database:
        engine = create_db_engine(url)
        if upgrade:
            migrate(engine)
        return cls(engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions.begin() as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def next_seq(session: Session, name: str, count: int = 1) -> int:
    """Reserve ``count`` values of counter ``name``; returns the first.

    The UPDATE takes the counter's row lock until commit, so two transactions that both
    write feed entries commit in the order of their seqs (no reader can skip a late one).
    """
    row = session.execute(
        update(Counter)
        .where(Counter.name == name)
        .values(value=Counter.value + count)
        .returning(Counter.value)
    ).scalar()
    if row is None:  # seeded by the first migration; missing means a damaged schema
        raise DatabaseError(f"counter {name!r} is missing from the counters table")
    return int(row) - count + 1


def reserve_seqs(session: Session, name: str, count: int) -> list[int]:
    """``count`` unique values for a counter that needs uniqueness, not commit order.

    On PostgreSQL they come from a sequence (``judgment_server_seq``; migration 0002), which
    takes no lock a concurrent push would wait on. On SQLite the caller already holds the
    only write lock, so the counters row serves.
    """
    if session.get_bind().dialect.name == "postgresql" and name == "judgment_seq":
        values = session.execute(
            text("SELECT nextval('judgment_server_seq') FROM generate_series(1, :n)"),
            {"n": count},
        ).scalars()
        return [int(v) for v in values]
    first = next_seq(session, name, count)
    return list(range(first, first + count))


def counter_value(session: Session, name: str) -> int:
    value = session.execute(select(Counter.value).where(Counter.name == name)).scalar()
    return int(value or 0)
