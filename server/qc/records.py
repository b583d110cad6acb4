"""The inputs of quality control: judgments as plain values and flat answer records.

A ``Judgment`` is what QC needs from a stored payload (``protocol.wire.JudgmentPayload``)
plus who made it. ``answer_records`` flattens the answers of submitted judgments into one
``Record`` per (item, response, annotator, question): the unit of the agreement statistics.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from guidelines.rubric import (
    ChoiceQuestion,
    FlagsQuestion,
    PairwiseQuestion,
    RankingQuestion,
    RatingQuestion,
    Rubric,
)
from protocol.wire import JudgmentPayload

#: A ranking as stored: groups of response ids, best first; a group of several is a tie.
Ranking = tuple[tuple[str, ...], ...]
#: A comparable answer value: rating int, option / winner id, sorted flag ids, or a ranking.
Value = int | str | tuple[str, ...] | Ranking


@dataclass(frozen=True)
class Judgment:
    """One judgment of one annotator on one item, as QC reads it."""

    judgment_id: str
    item_id: str
    annotator: str
    answers: Mapping[str, Any]
    display_order: tuple[str, ...]
    active_ms: int
    status: str = "submitted"
    submitted_at: str | None = None

    @property
    def submitted(self) -> bool:
        return self.status == "submitted"

    @property
    def day(self) -> str | None:
        """The calendar day (``YYYY-MM-DD``) of ``submitted_at``, for time windows."""
        return self.submitted_at[:10] if self.submitted_at else None


def from_payload(payload: JudgmentPayload, annotator: str) -> Judgment:
    """The QC view of a stored payload made by ``annotator``."""
    return Judgment(
        judgment_id=payload.id,
        item_id=payload.item_id,
        annotator=annotator,
        answers=dict(payload.answers),
        display_order=tuple(payload.display_order),
        active_ms=payload.active_ms,
        status=payload.status,
        submitted_at=payload.submitted_at,
    )


@dataclass(frozen=True)
class Record:
    """One answer value: ``response_id`` is set for per-response questions."""

    item_id: str
    annotator: str
    question_id: str
    value: Value
    response_id: str | None = None
    day: str | None = field(default=None, compare=False)

    @property
    def unit(self) -> tuple[str, str | None]:
        """What several annotators judged: the item, or one response of it."""
        return (self.item_id, self.response_id)


def as_ranking(raw: Any) -> Ranking | None:
    """A ranking answer as a tuple of groups, or None when ``raw`` is not one."""
    if not isinstance(raw, list) or not raw:
        return None
    groups: list[tuple[str, ...]] = []
    for group in raw:
        if not isinstance(group, list) or not group:
            return None
        groups.append(tuple(str(r) for r in group))
    return tuple(groups)


def rank_positions(ranking: Ranking) -> dict[str, int]:
    """Response id → its group index (0 = best); tied responses share a position."""
    return {rid: pos for pos, group in enumerate(ranking) for rid in group}


def answer_value(question: Any, raw: Any) -> Value | None:
    """The comparable value of one (per-response part of an) answer, or None if unusable."""
    if raw is None:
        return None
    if isinstance(question, RatingQuestion):
        return raw if isinstance(raw, int) and not isinstance(raw, bool) else None
    if isinstance(question, ChoiceQuestion):
        return raw if isinstance(raw, str) else None
    if isinstance(question, FlagsQuestion):
        return tuple(sorted(str(v) for v in raw)) if isinstance(raw, list) else None
    if isinstance(question, PairwiseQuestion):
        winner = raw.get("winner") if isinstance(raw, Mapping) else None
        return winner if isinstance(winner, str) else None
    if isinstance(question, RankingQuestion):
        return as_ranking(raw)
    return None  # free text is not compared


def answer_records(judgments: Iterable[Judgment], rubric: Rubric) -> list[Record]:
    """Records of every comparable answer of the submitted judgments (skipped ones excluded)."""
    out: list[Record] = []
    for j in judgments:
        if not j.submitted:
            continue
        for q in rubric.questions:
            raw = j.answers.get(q.id)
            parts: Sequence[tuple[str | None, Any]]
            if q.per_response:
                parts = list(raw.items()) if isinstance(raw, Mapping) else []
            else:
                parts = [(None, raw)]
            for rid, part in parts:
                value = answer_value(q, part)
                if value is not None:
                    out.append(Record(j.item_id, j.annotator, q.id, value, rid, j.day))
    return out
