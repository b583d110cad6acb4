"""Atomic file writing: every file is written beside its target and renamed into place, so a
reader (or a crashed export) never sees half a file."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq


def atomic_write(target: Path, write: Callable[[Path], object]) -> None:
    """Call ``write`` on a temporary path in ``target``'s folder, then rename it to ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    temp = Path(name)
    try:
        write(temp)
        with open(temp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def write_jsonl(target: Path, records: Iterable[dict[str, Any]]) -> int:
    """One JSON object per line (UTF-8, no ASCII escaping); returns the line count."""
    count = 0

    def write(path: Path) -> None:
        nonlocal count
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1

    atomic_write(target, write)
    return count


def write_parquet(target: Path, table: pa.Table) -> int:
    atomic_write(target, lambda path: pq.write_table(table, path))
    return int(table.num_rows)


def write_csv(target: Path, table: pa.Table) -> int:
    atomic_write(target, lambda path: pa_csv.write_csv(table, path))
    return int(table.num_rows)


def write_json(target: Path, data: Any) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    atomic_write(target, lambda path: path.write_text(text, encoding="utf-8"))


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
