"""OpenAssistant message trees: every group of ≥ 2 sibling assistant replies is one item.

The conversation is the path from the tree's root to the replies' parent (prompter turns
become user turns); the responses are the sibling replies, identified by their message ids.
The crowd's ranks (0 = best) are kept in metadata, never shown as response ids.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from taskpack._validate import fail, optional, require
from taskpack.errors import Location
from taskpack.native import item_from_dict
from taskpack.records import ItemRecord

NAME = "oasst"
_ROLES = {"prompter": "user", "assistant": "assistant"}


def looks_like(row: Any) -> bool:
    return isinstance(row, dict) and "message_tree_id" in row and "prompt" in row


def items(row: Any, where: Location, default_batch: str | None) -> Iterator[ItemRecord]:
    if not isinstance(row, dict):
        fail(where, "prompt", "each line must be a message tree object")
    tree_id = require(row, "message_tree_id", str, where, "")
    root = require(row, "prompt", dict, where, "")
    # Depth-first with an explicit stack: trees can be deep, and Python's recursion is not.
    stack: list[tuple[dict[str, Any], list[dict[str, str]], str]] = [(root, [], "prompt")]
    while stack:
        node, path, field = stack.pop()
        role = require(node, "role", str, where, field)
        if role not in _ROLES:
            fail(where, f"{field}.role", f"role '{role}' is not prompter or assistant")
        turn = {"role": _ROLES[role], "content": require(node, "text", str, where, field)}
        conversation = [*path, turn]
        # Replies keep their index in the source's list, so an error names the right one.
        live = [
            (index, reply)
            for index, reply in enumerate(optional(node, "replies", list, where, field, []))
            if isinstance(reply, dict) and not reply.get("deleted")
        ]
        answers = [(index, r) for index, r in live if r.get("role") == "assistant"]
        if len(answers) >= 2:
            yield _item(tree_id, node, conversation, answers, where, field, default_batch)
        for index, reply in reversed(live):
            stack.append((reply, conversation, f"{field}.replies[{index}]"))


def _item(
    tree_id: str,
    parent: dict[str, Any],
    conversation: list[dict[str, str]],
    answers: list[tuple[int, dict[str, Any]]],
    where: Location,
    field: str,
    default_batch: str | None,
) -> ItemRecord:
    responses = []
    ranks: dict[str, int] = {}
    for index, answer in answers:
        answer_field = f"{field}.replies[{index}]"
        message_id = require(answer, "message_id", str, where, answer_field)
        response: dict[str, Any] = {
            "id": message_id,
            "content": require(answer, "text", str, where, answer_field),
        }
        if answer.get("synthetic") and isinstance(answer.get("model_name"), str):
            response["model"] = answer["model_name"]
        responses.append(response)
        if isinstance(answer.get("rank"), int):
            ranks[message_id] = answer["rank"]
    metadata: dict[str, Any] = {"source_format": NAME, "message_tree_id": tree_id}
    if ranks:
        metadata["source_ranks"] = ranks
    if isinstance(parent.get("lang"), str):
        metadata["lang"] = parent["lang"]
    data: dict[str, Any] = {
        "id": require(parent, "message_id", str, where, field),
        "conversation": conversation,
        "responses": responses,
        "metadata": metadata,
    }
    if default_batch is not None:
        data["batch"] = default_batch
    return item_from_dict(data, where)
