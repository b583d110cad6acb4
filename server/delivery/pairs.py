"""Preferences read out of answers: strict pairs, ties, unpaired labels and rewrites.

- A ranking (groups of candidate ids, best first; ties share a group) of n groups yields
  every (better, worse) pair across groups, with ``margin`` = the rank distance (groups
  apart). Candidates in one group are a tie: never a strict pair; with ``keep_ties`` they are
  emitted as pairs with ``margin`` 0 (the only pairs with margin 0), otherwise dropped.
- A pairwise answer yields one pair, ``margin`` from its strength: the scale lists points
  strongest first, so of k points the strongest is k and the weakest 1; no scale → 1.
  ``tie`` is a tie as above; ``both_bad`` yields nothing.
- Unpaired (KTO): per ranking, the best group is labelled true and the worst false; per
  pairwise answer, the winner true and the other false. Ties and both-bad yield nothing.
- Rewrites: each non-empty rewrite answer is a demonstration of the assistant's reply.

A ranking may place an annotator's rewrite as a candidate under the rewrite question's id;
its text is then the rewrite.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from guidelines.rubric import (
    TIE,
    PairwiseQuestion,
    RankingQuestion,
    RewriteQuestion,
    Rubric,
)
from server.delivery.rows import DeliveryRow, Message


@dataclass(frozen=True)
class Pair:
    judgment_id: str
    question_id: str
    prompt: tuple[Message, ...]
    chosen: str
    rejected: str
    margin: float

    @property
    def tie(self) -> bool:
        return self.margin == 0


@dataclass(frozen=True)
class Unpaired:
    judgment_id: str
    prompt: tuple[Message, ...]
    completion: str
    label: bool


def _candidates(row: DeliveryRow, rubric: Rubric) -> dict[str, str]:
    """Candidate id → text: the item's responses and every rewrite answer."""
    out = {c.id: c.content for c in row.item.responses}
    for q in rubric.questions:
        raw = row.answers.get(q.id)
        if isinstance(q, RewriteQuestion) and isinstance(raw, Mapping):
            text = raw.get("text")
            if isinstance(text, str):
                out[q.id] = text
    return out


def _groups(raw: Any, texts: Mapping[str, str]) -> list[list[str]]:
    """The ranking's groups, keeping only ids with text (defensive: answers were validated)."""
    if not isinstance(raw, list):
        return []
    groups = [
        [r for r in g if isinstance(r, str) and r in texts] for g in raw if isinstance(g, list)
    ]
    return [g for g in groups if g]


def _strength_margin(q: PairwiseQuestion, strength: Any) -> float:
    points = [o.id for o in q.strength]
    if strength in points:
        return float(len(points) - points.index(strength))
    return 1.0


def pairs(row: DeliveryRow, rubric: Rubric, *, keep_ties: bool = False) -> list[Pair]:
    """Every pair of ``row`` under ``rubric`` (strict pairs; ties too with ``keep_ties``)."""
    if row.status != "submitted":
        return []
    texts = _candidates(row, rubric)
    prompt = row.item.conversation
    out: list[Pair] = []

    def add(qid: str, better: str, worse: str, margin: float) -> None:
        out.append(Pair(row.judgment_id, qid, prompt, texts[better], texts[worse], margin))

    for q in rubric.questions:
        raw = row.answers.get(q.id)
        if isinstance(q, RankingQuestion):
            groups = _groups(raw, texts)
            for i, upper in enumerate(groups):
                if keep_ties:
                    for a_index, a in enumerate(upper):
                        for b in upper[a_index + 1 :]:
                            add(q.id, a, b, 0.0)
                for j in range(i + 1, len(groups)):
                    for better in upper:
                        for worse in groups[j]:
                            add(q.id, better, worse, float(j - i))
        elif isinstance(q, PairwiseQuestion) and isinstance(raw, Mapping):
            ids = [c.id for c in row.item.responses]
            winner = raw.get("winner")
            if len(ids) != 2:
                continue
            if winner == TIE and keep_ties:
                add(q.id, ids[0], ids[1], 0.0)
            elif winner in ids:
                loser = ids[1] if winner == ids[0] else ids[0]
                add(q.id, str(winner), loser, _strength_margin(q, raw.get("strength")))
    return out


def unpaired(row: DeliveryRow, rubric: Rubric) -> list[Unpaired]:
    """KTO examples of ``row``: best group true, worst group false (see the module doc)."""
    if row.status != "submitted":
        return []
    texts = _candidates(row, rubric)
    prompt = row.item.conversation
    out: list[Unpaired] = []
    for q in rubric.questions:
        raw = row.answers.get(q.id)
        if isinstance(q, RankingQuestion):
            groups = _groups(raw, texts)
            if len(groups) < 2:
                continue
            out += [Unpaired(row.judgment_id, prompt, texts[c], True) for c in groups[0]]
            out += [Unpaired(row.judgment_id, prompt, texts[c], False) for c in groups[-1]]
        elif isinstance(q, PairwiseQuestion) and isinstance(raw, Mapping):
            ids = [c.id for c in row.item.responses]
            winner = raw.get("winner")
            if len(ids) == 2 and winner in ids:
                loser = ids[1] if winner == ids[0] else ids[0]
                out.append(Unpaired(row.judgment_id, prompt, texts[str(winner)], True))
                out.append(Unpaired(row.judgment_id, prompt, texts[loser], False))
    return out


def rewrites(row: DeliveryRow, rubric: Rubric) -> list[tuple[Message, ...]]:
    """SFT conversations of ``row``: the conversation plus each rewrite as the reply."""
    if row.status != "submitted":
        return []
    out: list[tuple[Message, ...]] = []
    for q in rubric.questions:
        raw = row.answers.get(q.id)
        if isinstance(q, RewriteQuestion) and isinstance(raw, Mapping):
            text = raw.get("text")
            if isinstance(text, str) and text.strip():
                out.append((*row.item.conversation, Message("assistant", text)))
    return out


__all__ = ["Pair", "Unpaired", "pairs", "rewrites", "unpaired"]
