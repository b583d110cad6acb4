"""ShareGPT / LLaMA-Factory preference rows: ``conversations`` + ``chosen`` + ``rejected``."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from taskpack._validate import describe, fail, optional, require
from taskpack.errors import Location
from taskpack.native import derived_id, item_from_dict
from taskpack.records import ItemRecord

NAME = "sharegpt-dpo"
_ROLES = {
    "human": "user",
    "user": "user",
    "gpt": "assistant",
    "assistant": "assistant",
    "system": "system",
}


def looks_like(row: Any) -> bool:
    return (
        isinstance(row, dict) and "conversations" in row and "chosen" in row and ("rejected" in row)
    )


def _reply(value: Any, where: Location, field: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return str(require(value, "value", str, where, field))
    fail(
        where, field, f'\'{field}\' must be a string or {{"from", "value"}}, not {describe(value)}'
    )


def items(row: Any, where: Location, default_batch: str | None) -> Iterator[ItemRecord]:
    if not isinstance(row, dict):
        fail(
            where,
            "conversations",
            "each element must be an object with 'conversations', 'chosen' and 'rejected'",
        )
    turns = []
    for index, turn in enumerate(require(row, "conversations", list, where, "")):
        path = f"conversations[{index}]"
        if not isinstance(turn, dict):
            fail(where, path, f"'{path}' must be an object with 'from' and 'value'")
        speaker = require(turn, "from", str, where, path)
        if speaker not in _ROLES:
            fail(
                where,
                f"{path}.from",
                f"'from' is '{speaker}'; expected one of {', '.join(sorted(_ROLES))}",
            )
        turns.append({"role": _ROLES[speaker], "content": require(turn, "value", str, where, path)})
    given_id = optional(row, "id", str, where, "", None)
    data: dict[str, Any] = {
        "id": given_id or derived_id("dpo", {k: v for k, v in row.items() if k != "id"}),
        "conversation": turns,
        "responses": [
            {"id": "r1", "content": _reply(row.get("chosen"), where, "chosen")},
            {"id": "r2", "content": _reply(row.get("rejected"), where, "rejected")},
        ],
        "metadata": {"source_format": NAME, "source_preference": ["r1", "r2"]},
    }
    if default_batch is not None:
        data["batch"] = default_batch
    record = item_from_dict(data, where)
    yield record if given_id else replace(record, id_is_derived=True)
