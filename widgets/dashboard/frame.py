"""What the dashboard's figures share: the ``Chart`` they come as, their size, and how
they say "no data" and mark flagged annotators."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from protocol import AnnotatorReport
from widgets.dashboard import style as s
from widgets.dashboard.style import label, translate

WIDTH = 8.0


@dataclass(frozen=True)
class Chart:
    """``key`` names the exported file; ``summary`` is the chart said in one sentence
    (for screen readers and the HTML report's alt text)."""

    key: str
    title: str
    summary: str
    figure: Figure


def figure(rows: int, per_row: float = 0.34, min_height: float = 3.0) -> Figure:
    s.use_fonts()
    height = max(min_height, 1.6 + per_row * rows)
    return Figure(figsize=(WIDTH, height), layout="constrained", facecolor="white")


def tidy(ax: Axes, grid: Literal["x", "y", "both"] = "x") -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis=grid, color="#EBEBEB", linewidth=0.8)
    ax.set_axisbelow(True)


def nothing(fig: Figure, title: str, text: str) -> Figure:
    fig.suptitle(title, fontweight="bold")
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.text(0.5, 0.5, text, ha="center", va="center", color=s.MUTED, fontsize=13)
    return fig


def no_value(ax: Axes, x: float, y: float, ha: str = "left") -> None:
    ax.text(x, y, f" {s.no_data()} ", va="center", ha=ha, color=s.MUTED, style="italic")


def annotator_axis(ax: Axes, people: Sequence[AnnotatorReport]) -> None:
    names = [
        f"{s.FLAG_MARK} {label(a.pseudonym)}" if a.flags else label(a.pseudonym) for a in people
    ]
    ax.set_yticks(range(len(people)), labels=names)
    for text, a in zip(ax.get_yticklabels(), people, strict=True):
        if a.flags:
            text.set_color(s.FLAGGED)
            text.set_fontweight("bold")
    ax.set_ylim(len(people) - 0.5, -0.5)  # the first annotator on top, as in the table


def flag_note(people: Sequence[AnnotatorReport]) -> str:
    if not any(a.flags for a in people):
        return ""
    return "\n" + translate("DashboardCharts", "{0} flagged by a QC threshold").format(s.FLAG_MARK)
