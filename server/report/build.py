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
from collections.abc import Mapping
from dataclasses import dataclass, field
from statistics import median

from sqlalchemy.orm import Session

from guidelines.rubric import RankingQuestion
from protocol import (
    AnnotatorReport,
    PairAgreementBody,
    ProjectReport,
    QuestionAgreementBody,
)
from server.batch_progress import batch_progress
from server.qc.agreement_report import (
    QuestionAgreement,
    agreement_report,
    peer_agreement,
)
from server.qc.bias import BiasSettings, length_bias, position_bias
from server.qc.gold import gold_accuracy
from server.qc.records import Judgment, answer_records
from server.report.days import days, headline, preference_question
from server.report.loading import Loaded, PackGroup, load


@dataclass(frozen=True)
class ReportSettings:
    """When an annotator is flagged. Each threshold is a summary for a lead to look at,
    not a verdict: the review queue holds the individual findings. The defaults are the
    ones the OASST replay (``tests/server/qc/test_oasst_replay*.py``) shows separate the
    three bad simulated annotators from the four faithful ones."""

    #: Gold accuracy below this, once at least ``min_gold_items`` gold items are judged.
    #: Gold answers already carry a tolerance per question kind, so a careful annotator
    #: misses only the odd borderline item; below 7 in 10 is not borderline any more.
    min_gold_accuracy: float = 0.7
    #: Fewer gold items are too noisy to judge anyone by (one miss in four is 75 %).
    min_gold_items: int = 5
    #: Mean Kendall τ-b with peers on rankings below this agrees with nobody: a random
    #: ranking scores about 0, faithful annotators of real data about 0.6–0.8.
    min_peer_tau: float = 0.25
    #: Mean share of agreeing pairs on a pairwise question below this: a coin flip on two
    #: responses agrees half the time, so below it is no better than chance.
    min_peer_percent: float = 0.5
    #: One consistency rule tripped on more than this share of an annotator's judgments.
    #: Anyone trips a rule now and then (a quick read of a short item); on more than half
    #: of them it is how the annotator works.
    max_rule_share: float = 0.5
    #: Position and length bias: significance and effect size as ``server.qc.bias``
    #: explains. ``baseline_rho`` is used only with fewer than three annotators; with more,
    #: the median ρ of the pack's annotators is the baseline, because real preferences
    #: favour longer answers by themselves and only a departure from one's peers is bias.
    bias: BiasSettings = field(default_factory=BiasSettings)


def _question_body(report: QuestionAgreement, prefix: str) -> QuestionAgreementBody:
    metric, value = headline(report)
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
    #: Judgments under the pack that decides the figures below: the one this annotator
    #: judged most under, so τ-b (rankings) and percent (pairwise) are never averaged.
    measured: int = 0
    peer: float | None = None
    peer_floor: float = 0.0
    shares: list[float] = field(default_factory=list)
    position_p: float | None = None
    position_flagged: bool = False
    length_rho: float | None = None
    length_p: float | None = None
    length_flagged: bool = False


def _measure(
    group: PackGroup,
    reports: Mapping[str, QuestionAgreement],
    loaded: Loaded,
    people: dict[str, _Person],
    s: ReportSettings,
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
    report = reports[q.id]
    peers = peer_agreement(report)
    floor = s.min_peer_tau if isinstance(q, RankingQuestion) else s.min_peer_percent
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
        if len(mine) <= p.measured:
            continue
        p.measured = len(mine)
        p.peer, p.peer_floor = peers.get(user), floor
        position = position_bias(user, mine, group.rubric, q.id, settings)
        p.shares = list(position.shares)
        p.position_p = position.p_value
        p.position_flagged = position.flagged
        length = length_bias(user, mine, group.rubric, q.id, loaded.lengths, settings)
        p.length_rho, p.length_p, p.length_flagged = (
            length.rho,
            length.p_vs_baseline,
            length.flagged,
        )


def _flags(p: _Person, flagged: Counter[str], s: ReportSettings) -> list[str]:
    flags: list[str] = []
    judged_gold = p.gold_items >= s.min_gold_items and p.gold_answered
    if judged_gold and p.gold_correct / p.gold_answered < s.min_gold_accuracy:
        flags.append("gold_accuracy")
    if p.peer is not None and p.peer < p.peer_floor:
        flags.append("peer_agreement")
    if p.position_flagged:
        flags.append("position_bias")
    if p.length_flagged:
        flags.append("length_bias")
    for rule, count in sorted(flagged.items()):
        if p.judgments and count / p.judgments > s.max_rule_share:
            flags.append(rule)
    return flags


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
    # Pairwise τ-b over every overlap item is the report's dearest figure: one agreement
    # report per pack, shared by the questions, the annotators and the days.
    reports: dict[str, dict[str, QuestionAgreement]] = {}
    for group in loaded.groups:
        records = answer_records(group.judgments, group.rubric)
        reports[group.pack_id] = agreement_report(records, group.rubric)
        _measure(group, reports[group.pack_id], loaded, people, s)
        prefix = f"{group.pack_id}:" if many else ""
        questions += [_question_body(r, prefix) for r in reports[group.pack_id].values()]
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
                peer_agreement=p.peer,
                position_shares=p.shares,
                position_p=p.position_p,
                length_rho=p.length_rho,
                length_p=p.length_p,
                qc_counts=dict(sorted(findings.items())),
                flags=_flags(p, loaded.flagged_judgments.get(user, Counter()), s),
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
        days=days(loaded, reports),
        batches=batch_progress(session, project_id),
        qc_counts=dict(sorted(totals.items())),
        notes=loaded.notes,
    )
