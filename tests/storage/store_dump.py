"""Every row of a store file, to compare two stores whole (a copy, a conversion, a restore)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from storage import cipher

Dump = dict[str, list[tuple[Any, ...]]]


def dump_connection(conn: Any) -> Dump:
    """Every row of every table, the user_version and the triggers, order-independent."""
    tables = [
        str(r[0])
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    dump = {t: sorted(map(tuple, conn.execute(f'SELECT * FROM "{t}"')), key=repr) for t in tables}
    dump["user_version"] = [tuple(conn.execute("PRAGMA user_version").fetchone())]
    dump["triggers"] = sorted(
        tuple(r) for r in conn.execute("SELECT name, sql FROM sqlite_master WHERE type='trigger'")
    )
    return dump


def dump_file(path: Path, key: bytes | None = None) -> Dump:
    """:func:`dump_connection` of the store at ``path`` (SQLCipher when ``key`` is given)."""
    conn = cipher.open_raw(path, key)
    try:
        return dump_connection(conn)
    finally:
        conn.close()
