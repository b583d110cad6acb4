"""``project_report``: the figures the lead's dashboard draws, from the database as it is.

Each annotator is measured on the project's *preference question* (its first ranking
question, else its first pairwise one): peer agreement, displayed-position bias and length
bias. Length is judged against the median ρ of the project's annotators, because real
preferences favour longer answers by themselves (the OASST human rankings: ρ ≈ 0.5), so
only a departure from one's peers is a bias. Figures that cannot be computed are None.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from statistics import fmean, median

from sqlalchemy.orm import Session

from guidelines.rubric import PairwiseQuestion, RankingQuestion, Rubric
from protocol import (
    AnnotatorReport,
    DayPoint,
    PairAgreementBody,
    ProjectReport,
    QuestionAgreementBody,
)
from server.batch_progress import batch_progress
from server.qc.agreement_report import (
    QuestionAgreement,
    agreement_by_day,
    agreement_report,
    peer_agreement,
)
from server.qc.bias import BiasSettings, length_bias, position_bias
from server.qc.gold import gold_accuracy
from server.qc.records import Judgment, answer_records
from server.report.loading import Loaded, PackGroup, load


@dataclass(frozen=True)
class ReportSettings:
    """When an annotator is flagged. Each threshold is a summary for a lead to look at,
    not a verdict: the review queue holds the individual findings."""

    #: Gold accuracy below this, once at least ``min_gold_items`` gold items are judged
    #: (fewer are too noisy to judge anyone by).
    min_gold_accuracy: float = 0.7
    min_gold_items: int = 5
    #: Mean Kendall τ-b with peers on rankings below this agrees with nobody: a random
    #: ranking scores about 0, faithful annotators of real data about 0.6–0.8.
    min_peer_tau: float = 0.25
    #: Mean share of agreeing pairs on choices below this.
    min_peer_percent: float = 0.5
    #: One consistency rule tripped on more than this share of an annotator's judgments.
    max_rule_share: float = 0.3
    bias: BiasSettings = field(default_factory=BiasSettings)


def preference_question(rubric: Rubric) -> RankingQuestion | PairwiseQuestion | None:
    for kind in (RankingQuestion, PairwiseQuestion):
        for q in rubric.questions:
            if isinstance(q, kind):
                return q
    return None


def _value(report: QuestionAgreement) -> tuple[str, float | None]:
    if report.kind == "ranking":
        return "mean_tau_b", report.mean_tau
    return f"alpha_{report.level}", report.alpha


def _question_body(report: QuestionAgreement, prefix: str) -> QuestionAgreementBody:
    metric, value = _value(report)
    return QuestionAgreementBody(
        question_id=prefix + report.question_id,
        kind=report.kind,
        metric=metric,
        value=value,
        percent=report.percent,
        kappa=report.fleiss_kappa,
        alpha=report.alpha,
        units=report.units,
        annotators=report.annotators,
        pairs=[
            PairAgreementBody(
                a=p.a,
                b=p.b,
                common=p.common,
                value=p.mean_tau if report.kind == "ranking" else p.percent,
            )
            for p in report.pairs
        ],
    )


@dataclass
class _Person:
    judgments: int = 0
    active_ms: int = 0
    gold_items: int = 0
    gold_answered: int = 0
    gold_correct: int = 0
    peers: list[float] = field(default_factory=list)
    shares: list[float] = field(default_factory=list)
    position_p: float | None = None
    position_flagged: bool = False
    picks: int = 0
    length_rho: float | None = None
    length_p: float | None = None
    length_flagged: bool = False


def _measure(
    group: PackGroup, loaded: Loaded, people: dict[str, _Person], s: ReportSettings
) -> None:
    by_user: dict[str, list[Judgment]] = defaultdict(list)
    for j in group.judgments:
        by_user[j.annotator].append(j)
        people[j.annotator].judgments += 1
        people[j.annotator].active_ms += j.active_ms
    for user, result in gold_accuracy(group.judgments, loaded.gold, group.rubric).items():
        p = people[user]
        p.gold_items += result.items
        p.gold_answered += result.answered
        p.gold_correct += result.correct
    q = preference_question(group.rubric)
    if q is None:
        return
    report = agreement_report(answer_records(group.judgments, group.rubric), group.rubric)[q.id]
    for user, value in peer_agreement(report).items():
        people[user].peers.append(value)
    free = [
        length_bias(u, js, group.rubric, q.id, loaded.lengths, s.bias) for u, js in by_user.items()
    ]
    rhos = [b.rho for b in free if b.rho is not None]
    baseline = median(rhos) if len(rhos) >= 3 else s.bias.baseline_rho
    settings = BiasSettings(
        max_p=s.bias.max_p,
        min_position_effect=s.bias.min_position_effect,
        min_length_rho=s.bias.min_length_rho,
        baseline_rho=baseline,
    )
    for user, mine in by_user.items():
        p = people[user]
        position = position_bias(user, mine, group.rubric, q.id, settings)
        if position.picks > p.picks:  # the pack this annotator judged most under decides
            p.picks = position.picks
            p.shares = list(position.shares)
            p.position_p = position.p_value
            p.position_flagged = position.flagged
            length = length_bias(user, mine, group.rubric, q.id, loaded.lengths, settings)
            p.length_rho, p.length_p, p.length_flagged = (
                length.rho,
                length.p_vs_baseline,
                length.flagged,
            )


def _flags(p: _Person, findings: Counter[str], s: ReportSettings, ranking: bool) -> list[str]:
    flags: list[str] = []
    judged_gold = p.gold_items >= s.min_gold_items and p.gold_answered
    if judged_gold and p.gold_correct / p.gold_answered < s.min_gold_accuracy:
        flags.append("gold_accuracy")
    if p.peers:
        floor = s.min_peer_tau if ranking else s.min_peer_percent
        if fmean(p.peers) < floor:
            flags.append("peer_agreement")
    if p.position_flagged:
        flags.append("position_bias")
    if p.length_flagged:
        flags.append("length_bias")
    for rule, count in sorted(findings.items()):
        if p.judgments and count / p.judgments > s.max_rule_share:
            flags.append(rule)
    return flags


def _days(loaded: Loaded) -> list[DayPoint]:
    counts: Counter[str] = Counter()
    gold: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    agreement: dict[str, list[float]] = defaultdict(list)
    for group in loaded.groups:
        dated = [
            j if j.submitted_at else _with_day(j, loaded.received_day.get(j.judgment_id))
            for j in group.judgments
        ]
        for j in dated:
            counts[j.day or "unknown"] += 1
        for day in sorted({j.day for j in dated if j.day}):
            that_day = [j for j in dated if j.day == day]
            for result in gold_accuracy(that_day, loaded.gold, group.rubric).values():
                gold[day][0] += result.correct
                gold[day][1] += result.answered
        q = preference_question(group.rubric)
        if q is None:
            continue
        for day, reports in agreement_by_day(
            answer_records(dated, group.rubric), group.rubric
        ).items():
            value = _value(reports[q.id])[1] if q.id in reports else None
            if value is not None:
                agreement[day].append(value)
    return [
        DayPoint(
            day=day,
            judgments=counts[day],
            gold_accuracy=gold[day][0] / gold[day][1] if gold.get(day, [0, 0])[1] else None,
            agreement=fmean(agreement[day]) if agreement.get(day) else None,
        )
        for day in sorted(counts)
    ]


def _with_day(j: Judgment, day: str | None) -> Judgment:
    if day is None:
        return j
    return Judgment(
        j.judgment_id, j.item_id, j.annotator, j.answers, j.display_order, j.active_ms,
        j.status, f"{day}T00:00:00Z",
    )  # fmt: skip


def project_report(
    session: Session,
    project_id: str,
    settings: ReportSettings | None = None,
    now: str | None = None,
) -> ProjectReport:
    """Everything the dashboard draws for ``project_id`` (a project the caller may see)."""
    s = settings or ReportSettings()
    loaded = load(session, project_id)
    people: dict[str, _Person] = defaultdict(_Person)
    questions: list[QuestionAgreementBody] = []
    many = len(loaded.groups) > 1
    ranking = False
    for group in loaded.groups:
        _measure(group, loaded, people, s)
        prefix = f"{group.pack_id}:" if many else ""
        records = answer_records(group.judgments, group.rubric)
        questions += [
            _question_body(r, prefix) for r in agreement_report(records, group.rubric).values()
        ]
        ranking = ranking or isinstance(preference_question(group.rubric), RankingQuestion)
    annotators = []
    for user in sorted(people, key=lambda u: loaded.pseudonyms.get(u, u)):
        p = people[user]
        findings = loaded.findings.get(user, Counter())
        hours = p.active_ms / 3_600_000
        annotators.append(
            AnnotatorReport(
                user_id=user,
                pseudonym=loaded.pseudonyms.get(user, user),
                judgments=p.judgments,
                active_ms=p.active_ms,
                per_hour=p.judgments / hours if hours > 0 else None,
                gold_items=p.gold_items,
                gold_accuracy=p.gold_correct / p.gold_answered if p.gold_answered else None,
                peer_agreement=fmean(p.peers) if p.peers else None,
                position_shares=p.shares,
                position_p=p.position_p,
                length_rho=p.length_rho,
                length_p=p.length_p,
                qc_counts=dict(sorted(findings.items())),
                flags=_flags(p, findings, s, ranking),
            )
        )
    totals: Counter[str] = Counter()
    for found in loaded.findings.values():
        totals.update(found)
    stamp = now or dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return ProjectReport(
        project_id=project_id,
        generated_at=stamp,
        judgments=sum(len(g.judgments) for g in loaded.groups),
        annotators=annotators,
        questions=questions,
        days=_days(loaded),
        batches=batch_progress(session, project_id),
        qc_counts=dict(sorted(totals.items())),
        notes=loaded.notes,
    )
