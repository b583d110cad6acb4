"""Records of each delivery format, from selected rows and their rubrics.

Exact shapes (docs: ../shared/reference/ecosystem-reliability-anchors.md G,
mission-anchors.md §4):

- ``trl-preference``: TRL preference, standard, explicit prompt: ``prompt`` is the
  conversation rendered as text ("User: …\\n\\nAssistant: …\\n\\nUser: …\\n\\nAssistant:"),
  ``chosen``/``rejected`` the replies with a leading space, so prompt + chosen is the full text.
- ``trl-conversational``: TRL preference, conversational, explicit prompt: ``prompt`` the
  messages, ``chosen``/``rejected`` one assistant message each.
- ``reward``: TRL preference, conversational, implicit prompt (what RewardTrainer
  recommends): ``chosen``/``rejected`` hold the whole conversation plus the reply.
- All three carry the optional float ``margin`` (RewardTrainer uses it; DPOTrainer ignores it).
- ``kto``: TRL unpaired preference, conversational: ``prompt``, ``completion``, ``label``.
- ``sft``: TRL conversational language modelling: ``messages``.
- ``openai-dpo``: OpenAI preference fine-tuning JSONL: ``input.messages``,
  ``preferred_output`` and ``non_preferred_output`` (one assistant message each). It has no
  margin, so ties are never written there, even with ``keep_ties``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from server.delivery.pairs import Pair, pairs, rewrites, unpaired
from server.delivery.rows import DeliveryRow, Message, Rubrics

PAIR_FORMATS = ("trl-preference", "trl-conversational", "reward", "openai-dpo")
RECORD_FORMATS = (*PAIR_FORMATS, "kto", "sft")
TABLE_FORMATS = ("parquet", "csv")
FORMATS = (*RECORD_FORMATS, *TABLE_FORMATS)

_ROLE_NAMES = {"user": "User", "assistant": "Assistant", "system": "System"}


def render_prompt(conversation: Sequence[Message]) -> str:
    """The conversation as text, ending with the cue for the assistant's reply."""
    turns = [f"{_ROLE_NAMES.get(m.role, m.role.title())}: {m.content}" for m in conversation]
    return "\n\n".join([*turns, "Assistant:"])


def _messages(conversation: Sequence[Message]) -> list[dict[str, str]]:
    return [m.to_json() for m in conversation]


def _assistant(text: str) -> list[dict[str, str]]:
    return [{"role": "assistant", "content": text}]


def pair_record(fmt: str, pair: Pair) -> dict[str, Any]:
    if fmt == "trl-preference":
        return {
            "prompt": render_prompt(pair.prompt),
            "chosen": " " + pair.chosen,
            "rejected": " " + pair.rejected,
            "margin": pair.margin,
        }
    if fmt == "trl-conversational":
        return {
            "prompt": _messages(pair.prompt),
            "chosen": _assistant(pair.chosen),
            "rejected": _assistant(pair.rejected),
            "margin": pair.margin,
        }
    if fmt == "reward":
        return {
            "chosen": _messages(pair.prompt) + _assistant(pair.chosen),
            "rejected": _messages(pair.prompt) + _assistant(pair.rejected),
            "margin": pair.margin,
        }
    if fmt == "openai-dpo":
        return {
            "input": {"messages": _messages(pair.prompt)},
            "preferred_output": _assistant(pair.chosen),
            "non_preferred_output": _assistant(pair.rejected),
        }
    raise ValueError(f"{fmt!r} is not a pair format ({', '.join(PAIR_FORMATS)})")


def records(
    fmt: str, rows: Sequence[DeliveryRow], rubrics: Rubrics, *, keep_ties: bool = False
) -> Iterator[dict[str, Any]]:
    """The records of ``fmt`` for ``rows``; rows whose pack has no rubric yield nothing."""
    if fmt not in RECORD_FORMATS:
        raise ValueError(f"unknown record format {fmt!r} (one of {', '.join(RECORD_FORMATS)})")
    for row in rows:
        rubric = rubrics.get((row.pack_id, row.pack_version))
        if rubric is None:
            continue
        if fmt == "trl-preference":  # the prompt text rendered once per judgment
            found = pairs(row, rubric, keep_ties=keep_ties)
            prompt = render_prompt(row.item.conversation) if found else ""
            for pair in found:
                yield {
                    "prompt": prompt,
                    "chosen": " " + pair.chosen,
                    "rejected": " " + pair.rejected,
                    "margin": pair.margin,
                }
        elif fmt in PAIR_FORMATS:
            ties = keep_ties and fmt != "openai-dpo"
            for pair in pairs(row, rubric, keep_ties=ties):
                yield pair_record(fmt, pair)
        elif fmt == "kto":
            for example in unpaired(row, rubric):
                yield {
                    "prompt": _messages(example.prompt),
                    "completion": _assistant(example.completion),
                    "label": example.label,
                }
        else:
            for conversation in rewrites(row, rubric):
                yield {"messages": _messages(conversation)}
