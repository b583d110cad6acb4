"""Accuracy on gold items: each annotator's answers against the reference answers.

Tolerance per question kind: choices, pairwise winners and flag sets must match exactly; a
rating is correct within ``rating_tolerance`` points; a ranking is correct when its Kendall
τ-b with the reference reaches ``tau_threshold`` (the mean τ is reported too). Per-response
questions count one answer per response. Free text, rewrites and replies are not scored.
Skipped judgments and questions without a reference are left out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from statistics import fmean
from typing import Any

from guidelines.rubric import AnyQuestion, RankingQuestion, RatingQuestion, Rubric
from server.qc.ranks import kendall_tau_b
from server.qc.records import Judgment, answer_value, as_ranking


@dataclass(frozen=True)
class GoldSettings:
    rating_tolerance: int = 1
    tau_threshold: float = 0.5


@dataclass(frozen=True)
class AnswerScore:
    """One scored answer: ``tau`` is set for rankings (None when undefined)."""

    correct: bool
    tau: float | None = None


@dataclass(frozen=True)
class QuestionGold:
    """One annotator's result on one question over the gold items."""

    question_id: str
    answered: int
    correct: int
    mean_tau: float | None = None

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.answered if self.answered else None


@dataclass(frozen=True)
class AnnotatorGold:
    """One annotator's gold result: totals and per question."""

    annotator: str
    items: int
    answered: int
    correct: int
    questions: Mapping[str, QuestionGold]

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.answered if self.answered else None


def score_answer(
    question: AnyQuestion, given: Any, reference: Any, settings: GoldSettings | None = None
) -> AnswerScore | None:
    """Score one (per-response part of an) answer; None when either side is unusable."""
    settings = settings or GoldSettings()
    got, ref = answer_value(question, given), answer_value(question, reference)
    if got is None or ref is None:
        return None
    if isinstance(question, RatingQuestion):
        if isinstance(got, int) and isinstance(ref, int):
            return AnswerScore(abs(got - ref) <= settings.rating_tolerance)
        return None
    if isinstance(question, RankingQuestion):
        got_r, ref_r = as_ranking(given), as_ranking(reference)
        if got_r is None or ref_r is None:
            return None
        tau = kendall_tau_b(got_r, ref_r)
        exact = got_r == ref_r
        return AnswerScore(exact or (tau is not None and tau >= settings.tau_threshold), tau)
    return AnswerScore(got == ref)


def _scores(
    question: AnyQuestion, given: Any, reference: Any, settings: GoldSettings
) -> list[AnswerScore]:
    if not question.per_response:
        score = score_answer(question, given, reference, settings)
        return [] if score is None else [score]
    if not isinstance(given, Mapping) or not isinstance(reference, Mapping):
        return []
    out: list[AnswerScore] = []
    for rid, ref in reference.items():
        score = score_answer(question, given.get(rid), ref, settings)
        if score is not None:
            out.append(score)
    return out


def gold_accuracy(
    judgments: Iterable[Judgment],
    references: Mapping[str, Mapping[str, Any]],
    rubric: Rubric,
    settings: GoldSettings | None = None,
) -> dict[str, AnnotatorGold]:
    """Annotator → gold result, over the submitted judgments of items in ``references``.

    ``references`` maps a gold item id to its reference answers (same shape as a payload's
    ``answers``).
    """
    settings = settings or GoldSettings()
    per: dict[str, dict[str, list[AnswerScore]]] = defaultdict(lambda: defaultdict(list))
    items: dict[str, set[str]] = defaultdict(set)
    for j in judgments:
        ref = references.get(j.item_id)
        if ref is None or not j.submitted:
            continue
        items[j.annotator].add(j.item_id)
        for q in rubric.questions:
            if q.id in ref:
                per[j.annotator][q.id].extend(_scores(q, j.answers.get(q.id), ref[q.id], settings))
    out: dict[str, AnnotatorGold] = {}
    for annotator, by_q in per.items():
        questions = {qid: _question(qid, scores) for qid, scores in by_q.items()}
        out[annotator] = AnnotatorGold(
            annotator=annotator,
            items=len(items[annotator]),
            answered=sum(q.answered for q in questions.values()),
            correct=sum(q.correct for q in questions.values()),
            questions=questions,
        )
    return out


def _question(qid: str, scores: list[AnswerScore]) -> QuestionGold:
    taus = [s.tau for s in scores if s.tau is not None]
    return QuestionGold(
        question_id=qid,
        answered=len(scores),
        correct=sum(s.correct for s in scores),
        mean_tau=fmean(taus) if taus else None,
    )
