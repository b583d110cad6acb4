"""Small builders for task packs on disk, shared by the taskpack suites."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from taskpack import ItemRecord, Response, TaskPackError, Turn, open_source

#: The real files in ../shared/data (the ``real_data`` fixture), by path inside it.
HH = "hh-rlhf-harmless-base/harmless-base-test.rows0-1799.jsonl.gz"
OASST = "oasst-en100-trees/en_100_tree.lines0-79.jsonl"
DPO_ZH = "llamafactory-dpo-zh/dpo_zh_demo.items0-249.json"

HEADER: dict[str, Any] = {
    "format": "prefdesk.taskpack",
    "format_version": 1,
    "project": {"id": "p", "name": "Project P"},
}


def item(n: int, **overrides: Any) -> dict[str, Any]:
    """A valid native item line as a dict; ``overrides`` replace or add top-level keys."""
    data: dict[str, Any] = {
        "id": f"item-{n}",
        "conversation": [{"role": "user", "content": f"question {n}"}],
        "responses": [{"id": "a", "content": "yes"}, {"id": "b", "content": "no"}],
    }
    data.update(overrides)
    return data


def line(value: Any) -> bytes:
    """One JSONL line: bytes as they are, anything else as compact JSON."""
    if isinstance(value, bytes):
        return value
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


def write_lines(path: Path, lines: Iterable[Any]) -> Path:
    path.write_bytes(b"".join(line(value) + b"\n" for value in lines))
    return path


def write_pack(path: Path, items: Iterable[Any], header: Any = HEADER) -> Path:
    """A native pack: the header on line 1, then one line per item (dicts or raw bytes)."""
    return write_lines(path, [header, *items])


def read_all(path: Path, format: str | None = None) -> list[ItemRecord]:
    with open_source(path, format=format) as source:
        return list(source)


def read_error(path: Path, format: str | None = None) -> TaskPackError:
    """The error reading ``path`` to the end raises (opening included)."""
    with pytest.raises(TaskPackError) as caught:
        read_all(path, format)
    return caught.value


def record(n: int, *, responses: int = 2, batch: str | None = None) -> ItemRecord:
    return ItemRecord(
        id=f"item-{n}",
        conversation=(Turn("user", f"question {n}"),),
        responses=tuple(Response(f"r{k}", f"answer {k} to {n}") for k in range(responses)),
        batch=batch,
    )


def comparable(records: Iterable[ItemRecord]) -> list[ItemRecord]:
    """Records with where they were read from left out, for comparing content."""
    return [replace(r, source_line=0, id_is_derived=False) for r in records]
