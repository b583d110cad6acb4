"""Progress figures: batches, throughput per annotator, quality over time.

A figure the server could not compute (``None``) is drawn as "no data" or as a gap in a
line, never as 0, so a lead can tell a bad annotator from one nobody could measure yet.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from protocol import ProjectReport
from widgets.dashboard import style as s
from widgets.dashboard.frame import (
    Chart,
    annotator_axis,
    figure,
    flag_note,
    no_value,
    nothing,
    tidy,
)
from widgets.dashboard.style import label, translate


def batch_progress(report: ProjectReport) -> Chart:
    title = translate("DashboardCharts", "Batch progress")
    batches = report.batches
    fig = figure(len(batches), per_row=0.42)
    judged = sum(b.judged for b in batches)
    expected = sum(b.expected for b in batches)
    summary = translate("DashboardCharts", "{0} batches; {1} of {2} expected judgments made.")
    summary = summary.format(len(batches), judged, expected)
    if not batches:
        return Chart("batches", title, summary, nothing(fig, title, s.no_data()))
    fig.suptitle(title, fontweight="bold")
    ax = fig.add_subplot()
    parts: list[tuple[str, str, Callable[[int], int]]] = [
        (translate("DashboardCharts", "accepted"), s.ACCEPTED, lambda i: batches[i].accepted),
        (translate("DashboardCharts", "returned"), s.RETURNED, lambda i: batches[i].returned),
        (
            translate("DashboardCharts", "otherwise reviewed"),
            s.REVIEWED,
            lambda i: max(batches[i].reviewed - batches[i].accepted - batches[i].returned, 0),
        ),
        (
            translate("DashboardCharts", "judged, not reviewed"),
            s.AWAITING,
            lambda i: max(batches[i].judged - batches[i].reviewed, 0),
        ),
        (
            translate("DashboardCharts", "not judged yet"),
            s.NOT_JUDGED,
            lambda i: max(batches[i].expected - batches[i].judged, 0),
        ),
    ]
    rows = range(len(batches))
    left = [0] * len(batches)
    for name, colour, count in parts:
        widths = [count(i) for i in rows]
        ax.barh(rows, widths, left=left, color=colour, label=name, height=0.62)
        left = [a + b for a, b in zip(left, widths, strict=True)]
    for i, b in enumerate(batches):
        note = f" {b.judged}/{b.expected}"
        if b.qc_flagged:
            note += " · " + translate("DashboardCharts", "{0} QC").format(b.qc_flagged)
        ax.text(left[i], i, note, va="center", fontsize="small")
    names = [f"{label(b.name)} ({s.state_name(b.state)})" for b in batches]
    ax.set_yticks(rows, labels=names)
    ax.set_ylim(len(batches) - 0.5, -0.5)
    ax.set_xlim(0, max(max(left), 1) * 1.22)
    ax.set_xlabel(translate("DashboardCharts", "judgments (expected = items × overlap)"))
    tidy(ax)
    fig.legend(loc="outside lower center", ncols=3, fontsize="small", frameon=False)
    return Chart("batches", title, summary, fig)


def throughput(report: ProjectReport) -> Chart:
    title = translate("DashboardCharts", "Throughput per annotator")
    people = report.annotators
    fig = figure(len(people))
    summary = translate("DashboardCharts", "Judgments per hour for {0} annotators; {1} flagged.")
    summary = summary.format(len(people), sum(1 for a in people if a.flags))
    if not people:
        return Chart("throughput", title, summary, nothing(fig, title, s.no_data()))
    fig.suptitle(title, fontweight="bold")
    ax = fig.add_subplot()
    known = [(i, a.per_hour) for i, a in enumerate(people) if a.per_hour is not None]
    ax.barh([i for i, _ in known], [v for _, v in known], color=s.BAR, height=0.6)
    for i, a in enumerate(people):
        if a.per_hour is None:
            no_value(ax, 0, i)
        else:
            ax.text(a.per_hour, i, f" {a.per_hour:.1f}", va="center", fontsize="small")
    top = max((v for _, v in known), default=0.0)
    ax.set_xlim(0, (top or 1.0) * 1.2)
    annotator_axis(ax, people)
    xlabel = translate("DashboardCharts", "judgments per hour of active time")
    ax.set_xlabel(xlabel + flag_note(people))
    tidy(ax)
    return Chart("throughput", title, summary, fig)


def _series(values: Sequence[float | None]) -> list[float]:
    # NaN breaks a matplotlib line: an unknown day is a gap, not a drop to 0.
    return [math.nan if v is None else v for v in values]


def quality_over_time(report: ProjectReport) -> Chart:
    title = translate("DashboardCharts", "Gold accuracy and agreement over time")
    days = report.days
    fig = figure(0, min_height=3.8)
    summary = translate("DashboardCharts", "Gold accuracy and agreement over {0} days.")
    summary = summary.format(len(days))
    if not days:
        return Chart("quality", title, summary, nothing(fig, title, s.no_data()))
    fig.suptitle(title, fontweight="bold")
    ax = fig.add_subplot()
    volume = ax.twinx()
    x = list(range(len(days)))
    volume.bar(
        x,
        [d.judgments for d in days],
        color=s.VOLUME,
        width=0.7,
        label=translate("DashboardCharts", "judgments that day (right axis)"),
    )
    volume.set_ylabel(translate("DashboardCharts", "judgments"))
    volume.spines["top"].set_visible(False)
    ax.set_zorder(volume.get_zorder() + 1)  # the lines above the volume bars
    ax.patch.set_visible(False)
    gold = _series([d.gold_accuracy for d in days])
    agreement = _series([d.agreement for d in days])
    # Markers show a day between two gaps, which no line segment reaches; smaller when many.
    size = 6 if len(days) <= 31 else 3
    gold_label = translate("DashboardCharts", "gold accuracy")
    ax.plot(x, gold, marker="o", markersize=size, color=s.GOLD, label=gold_label)
    agreement_label = translate("DashboardCharts", "agreement")
    ax.plot(x, agreement, marker="s", markersize=size, color=s.AGREEMENT, label=agreement_label)
    known = [v for v in (*gold, *agreement) if not math.isnan(v)]
    ax.set_ylim(min([0.0, *known]) - 0.05, 1.05)  # agreement may be negative
    ax.set_ylabel(translate("DashboardCharts", "accuracy, agreement"))
    if not known:
        ax.text(
            0.5,
            0.55,
            translate("DashboardCharts", "No gold answers or overlapping judgments yet"),
            ha="center",
            transform=ax.transAxes,
            color=s.MUTED,
        )
    step = max(1, math.ceil(len(days) / 12))
    slanted = len(days) > 6
    ax.set_xticks(
        x[::step],
        labels=[label(d.day, 10) for d in days[::step]],
        rotation=35 if slanted else 0,
        ha="right" if slanted else "center",
    )
    ax.set_xlim(-0.6, len(days) - 0.4)
    ax.set_xlabel(translate("DashboardCharts", "UTC day (a gap: no data that day)"))
    for side in ("top",):
        ax.spines[side].set_visible(False)
    ax.grid(axis="y", color="#EBEBEB", linewidth=0.8)
    handles, names = ax.get_legend_handles_labels()
    more, more_names = volume.get_legend_handles_labels()
    fig.legend(
        handles + more,
        names + more_names,
        loc="outside lower center",
        ncols=3,
        fontsize="small",
        frameon=False,
    )
    return Chart("quality", title, summary, fig)
