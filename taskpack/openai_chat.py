"""OpenAI chat lines: ``messages`` with candidate replies, or preference fine-tuning lines.

Accepted shapes, one JSON object per line:
- ``{"messages": [...], "responses" | "completions": [str | {"role": "assistant", ...}]}``;
- ``{"input": {"messages": [...]}, "preferred_output": [...], "non_preferred_output": [...]}``.

A plain chat line whose messages end in one assistant reply offers one response, which is
not something to compare: it is refused with that reason. Content may be a string or a list
of parts; images must be inline ``data:`` URLs (a remote URL would be fetched by no one).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from taskpack._validate import describe, fail, optional, require
from taskpack.errors import Location
from taskpack.native import derived_id, item_from_dict
from taskpack.records import ItemRecord

NAME = "openai-chat"
_ROLES = {"system": "system", "developer": "system", "user": "user", "assistant": "assistant"}


def looks_like(row: Any) -> bool:
    return isinstance(row, dict) and ("messages" in row or "preferred_output" in row)


def _content(value: Any, where: Location, field: str) -> tuple[str, list[dict[str, str]]]:
    if isinstance(value, str):
        return value, []
    if not isinstance(value, list):
        fail(where, field, f"'{field}' must be a string or a list of parts, not {describe(value)}")
    texts: list[str] = []
    images: list[dict[str, str]] = []
    for index, part in enumerate(value):
        path = f"{field}[{index}]"
        if not isinstance(part, dict):
            fail(where, path, f"'{path}' must be an object with a 'type'")
        kind = require(part, "type", str, where, path)
        if kind in ("text", "input_text", "output_text"):
            texts.append(require(part, "text", str, where, path))
        elif kind in ("image_url", "input_image"):
            url = part.get("image_url")
            url = url.get("url") if isinstance(url, dict) else url
            if not isinstance(url, str) or not url.startswith("data:image/"):
                fail(
                    where,
                    f"{path}.image_url",
                    "only inline data:image/… URLs are accepted; remote images are never fetched",
                )
            header, _, data = url.partition(",")
            images.append({"media_type": header[5:].split(";")[0], "data": data})
        else:
            fail(where, f"{path}.type", f"part type '{kind}' is not supported")
    return "\n".join(texts), images


def _messages(messages: list[Any], where: Location, field: str) -> list[dict[str, Any]]:
    turns = []
    for index, message in enumerate(messages):
        path = f"{field}[{index}]"
        if not isinstance(message, dict):
            fail(where, path, f"'{path}' must be an object with 'role' and 'content'")
        role = require(message, "role", str, where, path)
        if role not in _ROLES:
            fail(where, f"{path}.role", f"role '{role}' is not supported here")
        content, images = _content(message.get("content"), where, f"{path}.content")
        turn: dict[str, Any] = {"role": _ROLES[role], "content": content}
        if images:
            turn["images"] = images
        turns.append(turn)
    return turns


def _candidate(value: Any, where: Location, field: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if isinstance(value, dict):
        return _content(value.get("content"), where, f"{field}.content")[0]
    fail(where, field, f"'{field}' must be a string or an assistant message, not {describe(value)}")


def items(row: Any, where: Location, default_batch: str | None) -> Iterator[ItemRecord]:
    if not isinstance(row, dict):
        fail(where, "messages", "each line must be an object with 'messages'")
    metadata: dict[str, Any] = {"source_format": NAME}
    if "preferred_output" in row:
        source = require(row, "input", dict, where, "")
        turns = _messages(
            require(source, "messages", list, where, "input"), where, "input.messages"
        )
        candidates = [
            _candidate(row.get("preferred_output"), where, "preferred_output"),
            _candidate(row.get("non_preferred_output"), where, "non_preferred_output"),
        ]
        metadata["source_preference"] = ["r1", "r2"]
    else:
        turns = _messages(require(row, "messages", list, where, ""), where, "messages")
        key = "responses" if "responses" in row else "completions"
        offered = optional(row, key, list, where, "", None)
        if offered is None:
            trailing = turns.pop() if turns and turns[-1]["role"] == "assistant" else None
            offered = [trailing["content"]] if trailing else []
            key = "messages"
        candidates = [_candidate(c, where, f"{key}[{n}]") for n, c in enumerate(offered)]
    given_id = optional(row, "id", str, where, "", None)
    data: dict[str, Any] = {
        "id": given_id or derived_id("chat", {k: v for k, v in row.items() if k != "id"}),
        "conversation": turns,
        "responses": [{"id": f"r{n + 1}", "content": c} for n, c in enumerate(candidates)],
        "metadata": metadata,
    }
    if default_batch is not None:
        data["batch"] = default_batch
    record = item_from_dict(data, where)
    yield record if given_id else replace(record, id_is_derived=True)
