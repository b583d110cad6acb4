"""Anthropic HH-RLHF rows: ``chosen`` / ``rejected`` dialogues → a shared prompt + 2 responses.

Each field is a whole dialogue (``"\\n\\nHuman: …\\n\\nAssistant: …"``) ending in the reply
the crowdworker preferred (``chosen``) or not. The prompt is the prefix up to the last
``"\\n\\nAssistant:"``; where the two prefixes differ (a few rows, in whitespace only) the
chosen one is used and ``prefix_mismatch`` is recorded. Response ids are neutral ("r1",
"r2") so nothing shown to an annotator reveals the original preference.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from taskpack._validate import fail, optional, require
from taskpack.errors import Location
from taskpack.native import derived_id, text_item
from taskpack.records import ItemRecord, Role

NAME = "hh-rlhf"
ASSISTANT = "\n\nAssistant:"
# The one optional space after the colon goes with the separator, not into the turn.
_TURN = re.compile(r"\n\n(Human|Assistant): ?")
_GLUED_HUMAN = re.compile(r"\s+Human: ?(?!.*\sHuman:)", re.DOTALL)
_ROLES: dict[str, Role] = {"Human": "user", "Assistant": "assistant"}


def looks_like(row: Any) -> bool:
    return (
        isinstance(row, dict)
        and isinstance(row.get("chosen"), str)
        and isinstance(row.get("rejected"), str)
    )


def _split(dialogue: str, where: Location, field: str) -> tuple[str, str]:
    cut = dialogue.rfind(ASSISTANT)
    if cut < 0:
        fail(where, field, f"'{field}' has no \"Assistant:\" turn to take the response from")
    return dialogue[:cut], dialogue[cut + len(ASSISTANT) :].removeprefix(" ")


def _turns(prompt: str, where: Location) -> tuple[list[tuple[Role, str]], bool]:
    """The prompt's ``(role, content)`` turns, and whether a glued final "Human:" turn had to
    be split off."""
    parts = _TURN.split(prompt)
    if parts[0].strip():
        fail(where, "chosen", 'the dialogue must start with a "Human:" turn')
    turns = [
        (_ROLES[speaker], content)
        for speaker, content in zip(parts[1::2], parts[2::2], strict=True)
    ]
    if not turns:
        fail(where, "chosen", 'the dialogue has no "Human:" turn before the response')
    repaired = False
    if turns[-1][0] == "assistant":
        # A few published rows lost the "\n\n" before their last "Human:" ("…kings.  Human:
        # Then how…"); the human turn is plainly there, so split it off and say so.
        last = turns[-1][1]
        glued = _GLUED_HUMAN.search(last)
        if glued is not None:
            turns[-1] = ("assistant", last[: glued.start()])
            turns.append(("user", last[glued.end() :]))
            repaired = True
    return turns, repaired


def items(row: Any, where: Location, default_batch: str | None) -> Iterator[ItemRecord]:
    if not isinstance(row, dict):
        fail(where, "chosen", "each line must be an object with 'chosen' and 'rejected'")
    chosen = require(row, "chosen", str, where, "")
    rejected = require(row, "rejected", str, where, "")
    given_id = optional(row, "id", str, where, "", None)
    prompt, chosen_reply = _split(chosen, where, "chosen")
    rejected_prompt, rejected_reply = _split(rejected, where, "rejected")
    metadata: dict[str, Any] = {"source_format": NAME, "source_preference": ["r1", "r2"]}
    if rejected_prompt != prompt:
        metadata["prefix_mismatch"] = True
    turns, repaired = _turns(prompt, where)
    if repaired:
        metadata["repaired_turn_separator"] = True
    yield text_item(
        given_id or derived_id("hh", {"chosen": chosen, "rejected": rejected}),
        turns,
        (("r1", chosen_reply), ("r2", rejected_reply)),
        where,
        batch=default_batch,
        metadata=metadata,
        id_is_derived=not given_id,
    )
