"""The dashboard's tables as display strings, shared by the Qt view and the HTML report.

Cells are plain text (never markup): the HTML report escapes them, Qt shows them as text.
A figure the server could not compute is "—", never 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from protocol import AnnotatorReport, ProjectReport, QuestionAgreementBody
from widgets.dashboard.style import NO_VALUE, number, p_value, percent, state_name, translate


@dataclass(frozen=True)
class Row:
    """One table row: ``cells`` as shown, ``keys`` to sort by (None sorts as unknown)."""

    cells: tuple[str, ...]
    keys: tuple[float | str | None, ...]
    flagged: bool = False
    tooltip: str = ""


def numeric_columns(rows: Sequence[Row], width: int) -> list[bool]:
    """Columns of figures (right-aligned): no row holds text there; unknowns don't count."""
    return [not any(isinstance(r.keys[c], str) for r in rows) for c in range(width)]


def annotator_headers() -> list[str]:
    return [
        translate("DashboardCharts", "Annotator"),
        translate("DashboardCharts", "Judgments"),
        translate("DashboardCharts", "Per hour"),
        translate("DashboardCharts", "Gold accuracy"),
        translate("DashboardCharts", "Peer agreement"),
        translate("DashboardCharts", "Position bias p"),
        translate("DashboardCharts", "Length ρ"),
        translate("DashboardCharts", "QC findings"),
        translate("DashboardCharts", "Flags"),
    ]


def flag_names() -> dict[str, str]:
    """Readable names of the report's threshold flags; a consistency rule keeps its id."""
    return {
        "gold_accuracy": translate("DashboardCharts", "gold accuracy"),
        "peer_agreement": translate("DashboardCharts", "peer agreement"),
        "position_bias": translate("DashboardCharts", "position bias"),
        "length_bias": translate("DashboardCharts", "length bias"),
    }


def annotator_row(a: AnnotatorReport) -> Row:
    names = flag_names()
    flags = ", ".join(names.get(f, f) for f in a.flags)
    gold = percent(a.gold_accuracy)
    if a.gold_accuracy is not None:
        gold = translate("DashboardCharts", "{0} of {1}").format(gold, a.gold_items)
    rho = number(a.length_rho, 2)
    if a.length_rho is not None:
        rho = f"{rho} (p {p_value(a.length_p)})"
    findings = sum(a.qc_counts.values())
    tooltip = ""
    if a.flags:
        tooltip = translate("DashboardCharts", "Flagged: {0}").format(flags)
    return Row(
        cells=(
            a.pseudonym,
            str(a.judgments),
            number(a.per_hour),
            gold,
            number(a.peer_agreement, 2),
            p_value(a.position_p),
            rho,
            str(findings),
            flags or NO_VALUE,
        ),
        keys=(
            a.pseudonym,
            a.judgments,
            a.per_hour,
            a.gold_accuracy,
            a.peer_agreement,
            a.position_p,
            a.length_rho,
            findings,
            ", ".join(a.flags),
        ),
        flagged=bool(a.flags),
        tooltip=tooltip,
    )


def annotator_rows(report: ProjectReport) -> list[Row]:
    return [annotator_row(a) for a in report.annotators]


def question_headers() -> list[str]:
    return [
        translate("DashboardCharts", "Question"),
        translate("DashboardCharts", "Metric"),
        translate("DashboardCharts", "Agreement"),
        translate("DashboardCharts", "Pairs agreeing"),
        translate("DashboardCharts", "Fleiss κ"),
        translate("DashboardCharts", "Items"),
        translate("DashboardCharts", "Annotators"),
    ]


def question_row(q: QuestionAgreementBody) -> Row:
    return Row(
        cells=(
            q.question_id,
            q.metric,
            number(q.value, 2),
            percent(q.percent),
            number(q.kappa, 2),
            str(q.units),
            str(q.annotators),
        ),
        keys=(q.question_id, q.metric, q.value, q.percent, q.kappa, q.units, q.annotators),
    )


def batch_headers() -> list[str]:
    return [
        translate("DashboardCharts", "Batch"),
        translate("DashboardCharts", "State"),
        translate("DashboardCharts", "Judged"),
        translate("DashboardCharts", "Expected"),
        translate("DashboardCharts", "Reviewed"),
        translate("DashboardCharts", "Accepted"),
        translate("DashboardCharts", "Returned"),
        translate("DashboardCharts", "QC flagged"),
    ]


def batch_rows(report: ProjectReport) -> list[Row]:
    rows = []
    for b in report.batches:
        counts = (b.judged, b.expected, b.reviewed, b.accepted, b.returned, b.qc_flagged)
        rows.append(
            Row(
                cells=(b.name, state_name(b.state), *(str(c) for c in counts)),
                keys=(b.name, b.state, *counts),
            )
        )
    return rows


def qc_rows(report: ProjectReport) -> list[Row]:
    """QC findings per rule, most frequent first."""
    ranked = sorted(report.qc_counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [Row(cells=(rule, str(count)), keys=(rule, count)) for rule, count in ranked]


def qc_headers() -> list[str]:
    return [translate("DashboardCharts", "QC rule"), translate("DashboardCharts", "Findings")]


def when(timestamp: str) -> str:
    """An ISO time from the server as "2025-05-08 09:30 UTC"; anything else as it came."""
    try:
        moment = datetime.fromisoformat(timestamp.replace("Z", "+00:00"))
    except ValueError:
        return timestamp
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%d %H:%M") + (" UTC" if moment.tzinfo else "")


def is_empty(report: ProjectReport) -> bool:
    """Nothing judged yet: no annotator, no day, no judgment."""
    return not report.annotators and not report.days and report.judgments == 0
