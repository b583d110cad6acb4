"""The full-fidelity table: one row per judgment with its provenance (Parquet and CSV).

Parquet keeps nested types (lists, list<struct<role, content>>) and a UTC timestamp for
``submitted_at``; CSV cannot hold lists, so there every list column is a JSON string.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from server.delivery.rows import DeliveryRow

_MESSAGE = pa.struct([("role", pa.string()), ("content", pa.string())])
_RESPONSE = pa.struct([("id", pa.string()), ("content", pa.string())])

SCHEMA = pa.schema(
    [
        ("judgment_id", pa.string()),
        ("item_id", pa.string()),
        ("status", pa.string()),
        ("annotator", pa.string()),
        ("submitted_at", pa.timestamp("us", tz="UTC")),
        ("active_ms", pa.int64()),
        ("pack_id", pa.string()),
        ("pack_version", pa.string()),
        ("pack_sha256", pa.string()),
        ("display_order", pa.list_(pa.string())),
        ("qc_flags", pa.list_(pa.string())),
        ("review_outcome", pa.string()),
        ("stale", pa.bool_()),
        ("late", pa.bool_()),
        ("conversation", pa.list_(_MESSAGE)),
        ("responses", pa.list_(_RESPONSE)),
        ("answers_json", pa.string()),
    ]
)

_LIST_COLUMNS = ("display_order", "qc_flags", "conversation", "responses")


def _time(text: str | None) -> dt.datetime | None:
    if text is None:
        return None
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(dt.UTC)


def _record(row: DeliveryRow) -> dict[str, Any]:
    return {
        "judgment_id": row.judgment_id,
        "item_id": row.item.id,
        "status": row.status,
        "annotator": row.annotator,
        "submitted_at": _time(row.submitted_at),
        "active_ms": row.active_ms,
        "pack_id": row.pack_id,
        "pack_version": row.pack_version,
        "pack_sha256": row.pack_sha256,
        "display_order": list(row.display_order),
        "qc_flags": list(row.qc_flags),
        "review_outcome": row.review,
        "stale": row.stale,
        "late": row.late,
        "conversation": [m.to_json() for m in row.item.conversation],
        "responses": [{"id": c.id, "content": c.content} for c in row.item.responses],
        "answers_json": json.dumps(dict(row.answers), ensure_ascii=False, sort_keys=True),
    }


def judgment_table(rows: Sequence[DeliveryRow]) -> pa.Table:
    return pa.Table.from_pylist([_record(r) for r in rows], schema=SCHEMA)


def csv_table(table: pa.Table) -> pa.Table:
    """``table`` with each list column as a JSON string and the time as ISO-8601 text."""
    columns: dict[str, Any] = {}
    for name in table.column_names:
        values = table.column(name).to_pylist()
        if name in _LIST_COLUMNS:
            columns[name] = pa.array(
                [json.dumps(v, ensure_ascii=False) for v in values], pa.string()
            )
        elif name == "submitted_at":
            columns[name] = pa.array(
                [None if v is None else v.strftime("%Y-%m-%dT%H:%M:%S.%fZ") for v in values],
                pa.string(),
            )
        else:
            columns[name] = table.column(name)
    return pa.table(columns)
