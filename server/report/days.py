"""The report's days: judgments, gold accuracy and agreement per UTC day of receipt.

Days go by the server's ``received_at``, not the laptop's ``submitted_at``: the server's
clock is the one every judgment has and every laptop shares, and a day's bar then counts
what reached the project that day (``protocol.DayPoint``).
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Mapping
from statistics import fmean

from guidelines.rubric import PairwiseQuestion, RankingQuestion, Rubric
from protocol import DayPoint
from server.qc.agreement_report import QuestionAgreement, agreement_by_day
from server.qc.gold import gold_accuracy
from server.qc.records import Judgment, answer_records
from server.report.loading import Loaded


def preference_question(rubric: Rubric) -> RankingQuestion | PairwiseQuestion | None:
    """The question an annotator's preference is read from: the first ranking, else the
    first pairwise question."""
    for kind in (RankingQuestion, PairwiseQuestion):
        for q in rubric.questions:
            if isinstance(q, kind):
                return q
    return None


def headline(report: QuestionAgreement) -> tuple[str, float | None]:
    """The metric name and value a question's agreement is shown by."""
    if report.kind == "ranking":
        return "mean_tau_b", report.mean_tau
    return f"alpha_{report.level}", report.alpha


def _received(j: Judgment, loaded: Loaded) -> Judgment:
    # agreement_by_day and Judgment.day read submitted_at: give them the day of receipt.
    return dataclasses.replace(j, submitted_at=f"{loaded.received_day[j.judgment_id]}T00:00:00Z")


def days(loaded: Loaded, reports: Mapping[str, Mapping[str, QuestionAgreement]]) -> list[DayPoint]:
    """``reports``: pack id → question id → agreement over all the pack's judgments."""
    counts: Counter[str] = Counter()
    gold: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # day → [correct, answered]
    agreement: dict[str, list[float]] = defaultdict(list)
    for group in loaded.groups:
        dated = [_received(j, loaded) for j in group.judgments]
        by_day: dict[str, list[Judgment]] = defaultdict(list)
        for j in dated:
            by_day[str(j.day)].append(j)
        for day, that_day in by_day.items():
            counts[day] += len(that_day)
            for result in gold_accuracy(that_day, loaded.gold, group.rubric).values():
                gold[day][0] += result.correct
                gold[day][1] += result.answered
        q = preference_question(group.rubric)
        if q is None:
            continue
        if len(by_day) == 1:  # the whole pack's figure: not computed twice
            values = {next(iter(by_day)): headline(reports[group.pack_id][q.id])[1]}
        else:
            only = dataclasses.replace(group.rubric, questions=(q,))
            values = {
                day: headline(per[q.id])[1]
                for day, per in agreement_by_day(answer_records(dated, only), only).items()
            }
        for day, value in values.items():
            if value is not None:
                agreement[day].append(value)
    return [
        DayPoint(
            day=day,
            judgments=counts[day],
            gold_accuracy=gold[day][0] / gold[day][1] if gold[day][1] else None,
            agreement=fmean(agreement[day]) if agreement[day] else None,
        )
        for day in sorted(counts)
    ]
