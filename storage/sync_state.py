"""Sync counters kept in the ``sync_state`` table, always read and moved inside a write."""

from __future__ import annotations

from sqlalchemy import Connection, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from storage.models import SyncStateEntry

NEXT_CLIENT_SEQ = "next_client_seq"


def get_value(conn: Connection, key: str) -> str | None:
    value = conn.execute(select(SyncStateEntry.value).where(SyncStateEntry.key == key)).scalar()
    return None if value is None else str(value)


def set_value(conn: Connection, key: str, value: str) -> None:
    statement = sqlite_insert(SyncStateEntry).values(key=key, value=value)
    conn.execute(statement.on_conflict_do_update(index_elements=["key"], set_={"value": value}))


def take_client_seq(conn: Connection) -> int:
    """Hand out the next contiguous per-device sequence number (caller holds the write lock)."""
    current = int(get_value(conn, NEXT_CLIENT_SEQ) or "1")
    conn.execute(
        update(SyncStateEntry)
        .where(SyncStateEntry.key == NEXT_CLIENT_SEQ)
        .values(value=str(current + 1))
    )
    return current
