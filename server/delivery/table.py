"""The full-fidelity table: one row per judgment with its provenance (Parquet and CSV).

Parquet keeps nested types (lists, list<struct<role, content>>) and a UTC timestamp for
``submitted_at``; CSV cannot hold lists, so there every list column is a JSON string.

The table is built column by column in record batches of bounded size
(``judgment_batches``), which the Parquet and CSV writers stream to disk one at a time, so a
delivery of a million judgments never holds a per-row dict or the whole table in memory.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate
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


#: A batch holds at most this many rows, and (unless one row alone is larger) at most this
#: many characters of text, so that no string column nears Arrow's 2 GiB limit.
BATCH_ROWS = 65_536
BATCH_CHARS = 64 << 20

_answers_json = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
_TIME = pa.timestamp("us", tz="UTC")


def _times(values: Sequence[str | None]) -> pa.Array:
    """``submitted_at`` as UTC timestamps: Arrow parses the stored ``…Z`` form; any other
    form (an offset, no zone) goes through ``_time`` as before."""
    if all(v is None or v.endswith("Z") for v in values):
        try:
            return pa.array(values, pa.string()).cast(_TIME)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass
    return pa.array([_time(v) for v in values], _TIME)


def _strings(values: Sequence[str | None]) -> pa.Array:
    return pa.array(values, pa.string())


def _offsets(lengths: Iterable[int]) -> pa.Array:
    return pa.array([0, *accumulate(lengths)], pa.int32())


def _string_lists(items: Sequence[Sequence[str]]) -> pa.Array:
    flat = [value for values in items for value in values]
    return pa.ListArray.from_arrays(_offsets(map(len, items)), _strings(flat))


def _pair_lists(
    lengths: Iterable[int], first: list[str], second: list[str], struct: pa.StructType
) -> pa.Array:
    values = pa.StructArray.from_arrays([_strings(first), _strings(second)], fields=list(struct))
    return pa.ListArray.from_arrays(_offsets(lengths), values)


def _batches(rows: Sequence[DeliveryRow]) -> Iterator[pa.RecordBatch]:
    """``rows`` as one record batch of ``SCHEMA``, built column by column — or, when their
    text exceeds ``BATCH_CHARS``, as the batches of each half."""
    conversations = [r.item.conversation for r in rows]
    responses = [r.item.responses for r in rows]
    contents = [m.content for c in conversations for m in c]
    texts = [c.content for rs in responses for c in rs]
    if len(rows) > 1 and sum(map(len, contents)) + sum(map(len, texts)) > BATCH_CHARS:
        half = len(rows) // 2
        yield from _batches(rows[:half])
        yield from _batches(rows[half:])
        return
    columns = [
        _strings([r.judgment_id for r in rows]),
        _strings([r.item.id for r in rows]),
        _strings([r.status for r in rows]),
        _strings([r.annotator for r in rows]),
        _times([r.submitted_at for r in rows]),
        pa.array([r.active_ms for r in rows], pa.int64()),
        _strings([r.pack_id for r in rows]),
        _strings([r.pack_version for r in rows]),
        _strings([r.pack_sha256 for r in rows]),
        _string_lists([r.display_order for r in rows]),
        _string_lists([r.qc_flags for r in rows]),
        _strings([r.review for r in rows]),
        pa.array([r.stale for r in rows], pa.bool_()),
        pa.array([r.late for r in rows], pa.bool_()),
        _pair_lists(
            map(len, conversations),
            [m.role for c in conversations for m in c],
            contents,
            _MESSAGE,
        ),
        _pair_lists(map(len, responses), [c.id for rs in responses for c in rs], texts, _RESPONSE),
        _strings([_answers_json(dict(r.answers)) for r in rows]),
    ]
    yield pa.RecordBatch.from_arrays(columns, schema=SCHEMA)


def judgment_batches(rows: Sequence[DeliveryRow]) -> Iterator[pa.RecordBatch]:
    """The full-fidelity table of ``rows`` as record batches of bounded size, in order."""
    for start in range(0, len(rows), BATCH_ROWS):
        yield from _batches(rows[start : start + BATCH_ROWS])


def judgment_table(rows: Sequence[DeliveryRow]) -> pa.Table:
    return pa.Table.from_batches(list(judgment_batches(rows)), schema=SCHEMA)


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


#: The CSV file's columns: ``SCHEMA`` with every list column and the time as text.
CSV_SCHEMA = csv_table(SCHEMA.empty_table()).schema
