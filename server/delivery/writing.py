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


#: ``json.dumps(record, ensure_ascii=False)`` without building an encoder for every record.
_dumps = json.JSONEncoder(ensure_ascii=False).encode
#: Lines gathered before each write.
JSONL_CHUNK = 1024


def write_jsonl(target: Path, records: Iterable[dict[str, Any]]) -> int:
    """One JSON object per line (UTF-8, no ASCII escaping); returns the line count."""
    count = 0

    def write(path: Path) -> None:
        nonlocal count
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            lines: list[str] = []
            for record in records:
                lines.append(_dumps(record))
                if len(lines) == JSONL_CHUNK:
                    handle.write("\n".join(lines) + "\n")
                    count += len(lines)
                    lines.clear()
            if lines:
                handle.write("\n".join(lines) + "\n")
                count += len(lines)

    atomic_write(target, write)
    return count


def write_parquet(target: Path, schema: pa.Schema, batches: Iterable[pa.RecordBatch]) -> int:
    """``batches`` streamed into one Parquet file (a row group per batch); returns the rows."""
    count = 0

    def write(path: Path) -> None:
        nonlocal count
        with pq.ParquetWriter(path, schema) as writer:
            for batch in batches:
                writer.write_batch(batch)
                count += batch.num_rows

    atomic_write(target, write)
    return count


def write_csv(target: Path, schema: pa.Schema, tables: Iterable[pa.Table]) -> int:
    """``tables`` streamed into one CSV file under one header; returns the rows."""
    count = 0

    def write(path: Path) -> None:
        nonlocal count
        with pa_csv.CSVWriter(path, schema) as writer:
            for table in tables:
                writer.write_table(table)
                count += table.num_rows

    atomic_write(target, write)
    return count


def write_json(target: Path, data: Any) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    atomic_write(target, lambda path: path.write_text(text, encoding="utf-8"))


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
