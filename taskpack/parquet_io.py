"""Task packs as Parquet: one row per item, nested Arrow types, the header in the schema.

Columns: ``id``, ``batch``, ``conversation`` (list of {role, content, images}), ``responses``
(list of {id, content, model, suggestions-as-JSON}), ``metadata`` (JSON text). Reading goes
row group by row group (``iter_batches``), so memory stays flat; every row passes the same
checks as a JSONL line, and errors name the 0-based row.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from taskpack._validate import json_value, long_number_problem
from taskpack.errors import Location, TaskPackError
from taskpack.native import header_to_dict, item_from_dict, item_to_dict, parse_header
from taskpack.records import ItemRecord, PackHeader

HEADER_KEY = b"prefdesk.taskpack"
ROWS_PER_GROUP = 10_000

_IMAGE = pa.struct([("media_type", pa.string()), ("data", pa.string()), ("alt", pa.string())])
_TURN = pa.struct(
    [("role", pa.string()), ("content", pa.large_string()), ("images", pa.list_(_IMAGE))]
)
_RESPONSE = pa.struct(
    [
        ("id", pa.string()),
        ("content", pa.large_string()),
        ("model", pa.string()),
        ("suggestions", pa.string()),
    ]
)
SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("batch", pa.string()),
        ("conversation", pa.list_(_TURN)),
        ("responses", pa.list_(_RESPONSE)),
        ("metadata", pa.string()),
    ]
)


def _row(record: ItemRecord) -> dict[str, Any]:
    data = item_to_dict(record)
    return {
        "id": data["id"],
        "batch": data.get("batch"),
        "conversation": [
            {"role": t["role"], "content": t["content"], "images": t.get("images", [])}
            for t in data["conversation"]
        ],
        "responses": [
            {
                "id": r["id"],
                "content": r["content"],
                "model": r.get("model", ""),
                "suggestions": json.dumps(r.get("suggestions", {}), ensure_ascii=False),
            }
            for r in data["responses"]
        ],
        "metadata": json.dumps(data.get("metadata", {}), ensure_ascii=False),
    }


def write_parquet(path: Path, header: PackHeader, items: Iterable[ItemRecord]) -> None:
    schema = SCHEMA.with_metadata({HEADER_KEY: json.dumps(header_to_dict(header)).encode()})
    with pq.ParquetWriter(path, schema) as writer:
        rows: list[dict[str, Any]] = []
        for record in items:
            rows.append(_row(record))
            if len(rows) >= ROWS_PER_GROUP:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                rows = []
        if rows:
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))


def _json_field(value: Any, where: Location, field: str) -> Any:
    if value is None or isinstance(value, (dict, list)):
        return value
    here = Location(where.file, row=where.row, field=field)
    try:
        return json_value(json.loads(value), here, value)
    except (TypeError, json.JSONDecodeError) as exc:
        raise TaskPackError(here, f"'{field}' is not JSON: {exc}") from None
    except ValueError:  # an integer over Python's digit limit
        raise TaskPackError(here, long_number_problem()) from None
    except RecursionError:
        raise TaskPackError(here, "JSON nested too deeply") from None


def _item_dict(row: dict[str, Any], where: Location) -> dict[str, Any]:
    data: dict[str, Any] = {"id": row.get("id")}
    if row.get("batch") is not None:
        data["batch"] = row["batch"]
    conversation = _json_field(row.get("conversation"), where, "conversation")
    if isinstance(conversation, list):
        conversation = [
            {k: v for k, v in t.items() if not (k == "images" and not v)}
            if isinstance(t, dict)
            else t
            for t in conversation
        ]
        for turn in conversation:
            images = turn.get("images") if isinstance(turn, dict) else None
            for image in images if isinstance(images, list) else []:
                if isinstance(image, dict) and not image.get("alt"):
                    image.pop("alt", None)
    data["conversation"] = conversation
    responses = _json_field(row.get("responses"), where, "responses")
    if isinstance(responses, list):
        cleaned = []
        for index, r in enumerate(responses):
            if isinstance(r, dict):
                r = {k: v for k, v in r.items() if not (k == "model" and not v)}
                if "suggestions" in r:
                    suggestions = _json_field(
                        r["suggestions"], where, f"responses[{index}].suggestions"
                    )
                    if suggestions:
                        r["suggestions"] = suggestions
                    else:
                        r.pop("suggestions")
            cleaned.append(r)
        responses = cleaned
    data["responses"] = responses
    metadata = _json_field(row.get("metadata"), where, "metadata")
    if metadata:
        data["metadata"] = metadata
    return data


class ParquetSource:
    """Iterate the items of a Parquet task pack, a row group at a time."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.total_bytes = path.stat().st_size
        try:
            self._file = pq.ParquetFile(path)
            schema = self._file.schema_arrow
        # A damaged footer can also fail as UnicodeDecodeError (column names are UTF-8).
        except (pa.ArrowException, OSError, UnicodeDecodeError) as exc:
            raise TaskPackError(
                Location(path.name), f"not a readable Parquet file: {exc}"
            ) from None
        self._rows_total = max(self._file.metadata.num_rows, 1)
        self._rows_read = 0
        raw_header = (schema.metadata or {}).get(HEADER_KEY)
        where = Location(path.name, field="schema metadata")
        try:
            text = raw_header.decode("utf-8") if raw_header else ""
            self.header = (
                parse_header(json_value(json.loads(text), where, text), where)
                if text
                else PackHeader()
            )
        except (ValueError, RecursionError) as exc:  # not UTF-8, not JSON, a 5000-digit number
            raise TaskPackError(
                where, f"the task-pack header is not readable JSON: {exc}"
            ) from None
        missing = {"id", "conversation", "responses"} - set(schema.names)
        if missing:
            raise TaskPackError(
                Location(path.name, field=sorted(missing)[0]),
                f"the Parquet file has no column {', '.join(sorted(missing))}",
            )

    @property
    def bytes_read(self) -> int:
        return int(self.total_bytes * self._rows_read // self._rows_total)

    def close(self) -> None:
        self._file.close()

    def __iter__(self) -> Iterator[ItemRecord]:
        known = frozenset(b.id for b in self.header.batches) or None
        row_number = 0
        try:
            batches = self._file.iter_batches(batch_size=2048)
            for batch in batches:
                for row in batch.to_pylist():
                    where = Location(self.path.name, row=row_number)
                    yield item_from_dict(_item_dict(row, where), where, known)
                    row_number += 1
                    self._rows_read = row_number
        # Damaged string data can also fail as UnicodeDecodeError, in ``to_pylist``.
        except (pa.ArrowException, OSError, UnicodeDecodeError) as exc:
            raise TaskPackError(
                Location(self.path.name, row=row_number), f"unreadable Parquet data: {exc}"
            ) from None
