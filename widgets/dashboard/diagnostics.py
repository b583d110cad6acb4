"""Diagnostic figures: position and length bias per annotator, QC findings per rule."""

from __future__ import annotations

from protocol import AnnotatorReport, ProjectReport
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


def _uniform_share(people: list[AnnotatorReport]) -> float | None:
    """1/k when every measured annotator saw k responses an item, else None (no one line)."""
    counts = {len(a.position_shares) for a in people if a.position_shares}
    return 1 / counts.pop() if len(counts) == 1 else None


def bias(report: ProjectReport) -> Chart:
    title = translate("DashboardCharts", "Bias diagnostics")
    people = report.annotators
    positions = max((len(a.position_shares) for a in people), default=0)
    fig = figure(len(people), per_row=0.22 * max(positions, 2))
    summary = translate(
        "DashboardCharts", "Position and length bias for {0} annotators; {1} flagged."
    ).format(len(people), sum(1 for a in people if a.flags))
    if not people:
        return Chart("bias", title, summary, nothing(fig, title, s.no_data()))
    fig.suptitle(title, fontweight="bold")
    shares, rho = fig.subplots(1, 2, sharey=True, width_ratios=[3, 2])
    height = 0.8 / max(positions, 1)
    for j in range(positions):
        rows = [i for i, a in enumerate(people) if len(a.position_shares) > j]
        shares.barh(
            [i - 0.4 + height * (j + 0.5) for i in rows],
            [people[i].position_shares[j] for i in rows],
            height=height,
            color=s.POSITIONS[j % len(s.POSITIONS)],
            label=translate("DashboardCharts", "position {0}").format(j + 1),
        )
    uniform = _uniform_share(people)
    if uniform is not None:
        shares.axvline(
            uniform,
            color=s.MUTED,
            linestyle="--",
            linewidth=1,
            label=translate("DashboardCharts", "no position bias"),
        )
    for i, a in enumerate(people):
        if not a.position_shares:
            no_value(shares, 0, i)
        else:
            shares.text(1.02, i, f"p {s.p_value(a.position_p)}", va="center", fontsize="small")
    shares.set_xlim(0, 1.22)
    shares.set_xticks([0, 0.25, 0.5, 0.75, 1])
    shares.set_xlabel(
        translate("DashboardCharts", "share of first picks")
        + "\n"
        + translate("DashboardCharts", "by displayed position")
        + flag_note(people)
    )
    annotator_axis(shares, people)
    tidy(shares)
    for i, a in enumerate(people):
        if a.length_rho is None:
            no_value(rho, 0, i, ha="center")
            continue
        rho.barh(i, a.length_rho, height=0.6, color=s.RETURNED if a.length_rho > 0 else s.BAR)
        text = f"{a.length_rho:.2f} · p {s.p_value(a.length_p)}"
        # On the far side of zero from the bar, so text and bar never overlap.
        left = a.length_rho >= 0
        rho.text(
            -0.04 if left else 0.04,
            i,
            text,
            va="center",
            ha="right" if left else "left",
            fontsize="small",
        )
    rho.axvline(0, color=s.MUTED, linewidth=1)
    rho.set_xlim(-1, 1)
    rho.set_xlabel(
        translate("DashboardCharts", "length preference ρ")
        + "\n"
        + translate("DashboardCharts", "(> 0: the longer answer wins)")
    )
    rho.tick_params(axis="y", left=False)
    tidy(rho)
    fig.legend(loc="outside lower center", ncols=4, fontsize="small", frameon=False)
    return Chart("bias", title, summary, fig)


def qc_findings(report: ProjectReport) -> Chart:
    title = translate("DashboardCharts", "QC findings per rule")
    ranked = sorted(report.qc_counts.items(), key=lambda kv: (-kv[1], kv[0]))
    fig = figure(len(ranked))
    total = sum(count for _, count in ranked)
    summary = translate("DashboardCharts", "{0} QC findings over {1} rules.")
    summary = summary.format(total, len(ranked))
    if not ranked:
        # Zero findings is a measurement, not missing data: say so in words.
        text = translate("DashboardCharts", "No QC findings")
        return Chart("qc", title, summary, nothing(fig, title, text))
    fig.suptitle(title, fontweight="bold")
    ax = fig.add_subplot()
    rows = range(len(ranked))
    ax.barh(rows, [count for _, count in ranked], color=s.RETURNED, height=0.6)
    for i, (_rule, count) in enumerate(ranked):
        ax.text(count, i, f" {count}", va="center", fontsize="small")
    ax.set_yticks(rows, labels=[label(rule, 36) for rule, _ in ranked])
    ax.set_ylim(len(ranked) - 0.5, -0.5)
    ax.set_xlim(0, max(count for _, count in ranked) * 1.15)
    ax.set_xlabel(translate("DashboardCharts", "findings (one judgment may break several rules)"))
    tidy(ax)
    return Chart("qc", title, summary, fig)
