"""Agreement per question, per annotator pair, per annotator against peers, and per day.

The statistic depends on the question kind: ratings get Krippendorff's α (ordinal by
default, interval on request) on their scale; choices, flag sets and pairwise winners get
nominal α, percent agreement and Fleiss' κ (Cohen's κ per pair); rankings get the mean
Kendall τ-b over annotator pairs and ordinal α on the rank positions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations
from statistics import fmean

from guidelines.rubric import RankingQuestion, RatingQuestion, Rubric
from server.qc.agreement import (
    Level,
    by_unit,
    cohens_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    percent_agreement,
    ranking_position_records,
    ranking_taus,
)
from server.qc.records import Record


@dataclass(frozen=True)
class PairAgreement:
    """Two annotators on one question, over the units both answered."""

    question_id: str
    a: str
    b: str
    common: int
    percent: float | None
    cohens_kappa: float | None = None
    mean_tau: float | None = None


@dataclass(frozen=True)
class QuestionAgreement:
    question_id: str
    kind: str
    level: Level
    units: int
    annotators: int
    alpha: float | None
    percent: float | None
    fleiss_kappa: float | None = None
    fleiss_units: int = 0
    mean_tau: float | None = None
    pairs: tuple[PairAgreement, ...] = ()


def _level(question: object, rating_levels: Mapping[str, Level]) -> Level:
    if isinstance(question, RatingQuestion):
        return rating_levels.get(question.id, "ordinal")
    if isinstance(question, RankingQuestion):
        return "ordinal"
    return "nominal"


def _pairs(
    qid: str, records: list[Record], ranking: bool, taus: Mapping[tuple[str, str], list[float]]
) -> tuple[PairAgreement, ...]:
    units = by_unit(records)
    names = sorted({a for per in units.values() for a in per})
    out: list[PairAgreement] = []
    for a, b in combinations(names, 2):
        both = [per for per in units.values() if a in per and b in per]
        if not both:
            continue
        xs, ys = [per[a] for per in both], [per[b] for per in both]
        agree = sum(x == y for x, y in zip(xs, ys, strict=True)) / len(both)
        pair_taus = taus.get((a, b), [])
        out.append(
            PairAgreement(
                question_id=qid,
                a=a,
                b=b,
                common=len(both),
                percent=agree,
                cohens_kappa=None if ranking else cohens_kappa(xs, ys),
                mean_tau=fmean(pair_taus) if pair_taus else None,
            )
        )
    return tuple(out)


def question_agreement(
    question: object, records: Iterable[Record], rating_levels: Mapping[str, Level] | None = None
) -> QuestionAgreement:
    """Agreement on one question (``records`` are filtered to its id)."""
    qid = str(getattr(question, "id", ""))
    kind = str(getattr(question, "kind", ""))
    mine = [r for r in records if r.question_id == qid]
    level = _level(question, rating_levels or {})
    ranking = isinstance(question, RankingQuestion)
    units = by_unit(mine)
    overlap = {u: per for u, per in units.items() if len(per) >= 2}
    overlap_records = [r for r in mine if r.unit in overlap]
    pair_taus = ranking_taus(overlap_records) if ranking else {}
    taus = [t for ts in pair_taus.values() for t in ts]
    if ranking:
        alpha = krippendorff_alpha(ranking_position_records(overlap_records), "ordinal")
        fleiss, fleiss_units = None, 0
    else:
        domain = list(question.values) if isinstance(question, RatingQuestion) else None
        alpha = krippendorff_alpha(overlap_records, level, domain)
        fleiss, fleiss_units = fleiss_kappa(overlap_records)
    return QuestionAgreement(
        question_id=qid,
        kind=kind,
        level=level,
        units=len(overlap),
        annotators=len({r.annotator for r in overlap_records}),
        alpha=alpha,
        percent=percent_agreement(overlap_records)[0],
        fleiss_kappa=fleiss,
        fleiss_units=fleiss_units,
        mean_tau=fmean(taus) if taus else None,
        pairs=_pairs(qid, overlap_records, ranking, pair_taus),
    )


def agreement_report(
    records: Iterable[Record],
    rubric: Rubric,
    rating_levels: Mapping[str, Level] | None = None,
) -> dict[str, QuestionAgreement]:
    """Question id → agreement, for every comparable question of ``rubric``."""
    rows = list(records)
    return {
        q.id: question_agreement(q, rows, rating_levels)
        for q in rubric.questions
        if q.kind in ("pairwise", "ranking", "rating", "flags", "choice")
    }


def agreement_by_day(
    records: Iterable[Record],
    rubric: Rubric,
    rating_levels: Mapping[str, Level] | None = None,
) -> dict[str, dict[str, QuestionAgreement]]:
    """Day (``YYYY-MM-DD`` of ``submitted_at``) → question id → agreement that day.

    Records without a day are left out.
    """
    days: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        if r.day:
            days[r.day].append(r)
    return {
        day: agreement_report(rows, rubric, rating_levels) for day, rows in sorted(days.items())
    }


def peer_agreement(report: QuestionAgreement) -> dict[str, float]:
    """Annotator → mean agreement with every other annotator on this question.

    Rankings use the mean τ-b of the pairs, other kinds the percent agreement. A low value
    marks an annotator who agrees with nobody (a random clicker).
    """
    scores: dict[str, list[float]] = defaultdict(list)
    for pair in report.pairs:
        value = pair.mean_tau if report.kind == "ranking" else pair.percent
        if value is not None:
            scores[pair.a].append(value)
            scores[pair.b].append(value)
    return {a: fmean(v) for a, v in sorted(scores.items())}
