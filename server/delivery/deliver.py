"""One delivery: select rows, write each format's file, then ``manifest.json`` as a receipt.

Layout of ``out``: ``<format>/train.jsonl`` (record formats), ``parquet/train.parquet``,
``csv/train.csv`` — one folder per format so that each loads as its own dataset (the Hub
and ``datasets`` take the split from the ``train`` file name) — and ``manifest.json``
(written last): counts per file, the sha256 of every file, pack versions, filters, notes,
created_at and the Prefdesk version.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from server.delivery.formats import FORMATS, records
from server.delivery.rows import DeliveryRow, Filters, Rubrics, select
from server.delivery.table import CSV_SCHEMA, SCHEMA, csv_table, judgment_batches
from server.delivery.writing import (
    sha256_file,
    write_csv,
    write_json,
    write_jsonl,
    write_parquet,
)
from server.version import server_version

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Options:
    formats: tuple[str, ...]
    filters: Filters = field(default_factory=Filters)
    keep_ties: bool = False
    project: str | None = None


def file_name(fmt: str) -> str:
    if fmt == "parquet":
        return "parquet/train.parquet"
    if fmt == "csv":
        return "csv/train.csv"
    return f"{fmt}/train.jsonl"


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _pack_versions(rows: Sequence[DeliveryRow]) -> list[dict[str, Any]]:
    counts: dict[tuple[str, str, str], int] = {}
    for row in rows:
        key = (row.pack_id, row.pack_version, row.pack_sha256)
        counts[key] = counts.get(key, 0) + 1
    return [
        {"id": k[0], "version": k[1], "sha256": k[2], "judgments": n}
        for k, n in sorted(counts.items())
    ]


def deliver(
    rows: Sequence[DeliveryRow],
    rubrics: Rubrics,
    out: Path,
    options: Options,
    notes: Sequence[str] = (),
) -> dict[str, Any]:
    """Write the delivery of ``rows`` into ``out``; return the manifest it wrote."""
    unknown = [f for f in options.formats if f not in FORMATS]
    if unknown or not options.formats:
        raise ValueError(f"unknown format {', '.join(unknown)!r} (one of {', '.join(FORMATS)})")
    chosen = select(rows, options.filters)
    files: list[dict[str, Any]] = []
    for fmt in dict.fromkeys(options.formats):
        path = out / file_name(fmt)
        if fmt == "parquet":
            count = write_parquet(path, SCHEMA, judgment_batches(chosen.rows))
        elif fmt == "csv":
            tables = (csv_table(pa.table(b)) for b in judgment_batches(chosen.rows))
            count = write_csv(path, CSV_SCHEMA, tables)
        else:
            count = write_jsonl(
                path, records(fmt, chosen.rows, rubrics, keep_ties=options.keep_ties)
            )
        files.append(
            {
                "path": file_name(fmt),
                "format": fmt,
                "records": count,
                "bytes": path.stat().st_size,
                "sha256": sha256_file(path),
            }
        )
    missing = sorted(
        {f"{r.pack_id} {r.pack_version}" for r in chosen.rows} - {f"{p} {v}" for p, v in rubrics}
    )
    extra = [
        f"no rubric for pack {m}: its judgments are in the tables but yield no records"
        for m in missing
    ]
    manifest: dict[str, Any] = {
        "prefdesk_version": server_version(),
        "created_at": _now(),
        "project": options.project,
        "filters": {**options.filters.describe(), "keep_ties": options.keep_ties},
        "judgments": {
            "considered": chosen.considered,
            "delivered": len(chosen.rows),
            "dropped": chosen.dropped,
        },
        "pack_versions": _pack_versions(chosen.rows),
        "files": files,
        "notes": [*notes, *chosen.notes, *extra],
    }
    write_json(out / MANIFEST, manifest)
    return manifest
