"""One import measurement in a fresh process: ``python -m bench.import_worker MODE FILE DIR``.

Prints one JSON line: seconds, items, peak RSS. Kept apart from ``import_bench`` so that the
parent's memory never counts toward a run.
"""

from __future__ import annotations

import gzip
import json
import resource
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

from storage import Store, import_source
from storage.engine import PRAGMAS


def _peak_rss_mb() -> float:
    # ru_maxrss is KiB on Linux, bytes on macOS.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def _prefdesk(source: Path, workdir: Path) -> tuple[float, int]:
    with Store.open(workdir / "profile") as store:
        started = time.perf_counter()
        report = import_source(store, source)
        return time.perf_counter() - started, report.added


def _equivalent_tables(workdir: Path) -> sqlite3.Connection:
    """A database with the store's own ``items``/``responses`` DDL and the same pragmas."""
    with Store.open(workdir / "schema") as store, store.read() as conn:
        ddl = [
            row[0]
            for row in conn.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE tbl_name IN ('items', 'responses') "
                "AND sql IS NOT NULL"
            )
        ]
    raw = sqlite3.connect(workdir / "raw.sqlite", isolation_level=None)
    for pragma in PRAGMAS:
        raw.execute(pragma)
    raw.execute("PRAGMA foreign_keys=OFF")  # no batches/imports tables to point at
    for statement in ddl:
        raw.execute(statement)
    return raw


def _rows(source: Path) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    items: list[tuple[Any, ...]] = []
    responses: list[tuple[Any, ...]] = []
    with gzip.open(source, "rt", encoding="utf-8") as f:
        for position, line in enumerate(f):
            row = json.loads(line)
            chosen, rejected = row["chosen"], row["rejected"]
            cut = chosen.rfind("\n\nAssistant:")
            prompt = chosen[:cut]
            conversation = json.dumps([{"role": "user", "content": prompt}], ensure_ascii=False)
            items.append(
                (row["id"], "b", position, conversation, "{}", "", 2, None, position + 1, "t")
            )
            responses.append((row["id"], "r1", 0, chosen[cut + 12 :], "", "{}"))
            responses.append(
                (row["id"], "r2", 1, rejected[rejected.rfind("\n\nAssistant:") + 12 :], "", "{}")
            )
    return items, responses


def _insert(raw: sqlite3.Connection, items: list[Any], responses: list[Any]) -> None:
    raw.execute("BEGIN IMMEDIATE")
    raw.executemany("INSERT INTO items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", items)
    raw.executemany("INSERT INTO responses VALUES (?, ?, ?, ?, ?, ?)", responses)
    raw.execute("COMMIT")


def _raw_parse_and_insert(source: Path, workdir: Path) -> tuple[float, int]:
    raw = _equivalent_tables(workdir)
    started = time.perf_counter()
    items, responses = _rows(source)
    _insert(raw, items, responses)
    return time.perf_counter() - started, len(items)


def _raw_insert_only(source: Path, workdir: Path) -> tuple[float, int]:
    raw = _equivalent_tables(workdir)
    items, responses = _rows(source)
    started = time.perf_counter()
    _insert(raw, items, responses)
    return time.perf_counter() - started, len(items)


MODES = {
    "prefdesk": _prefdesk,
    "raw_parse_and_insert": _raw_parse_and_insert,
    "raw_insert_only": _raw_insert_only,
}


def main() -> None:
    mode, source, workdir = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    seconds, items = MODES[mode](source, workdir)
    print(json.dumps({"seconds": round(seconds, 3), "items": items, "peak_rss_mb": _peak_rss_mb()}))


if __name__ == "__main__":
    main()
