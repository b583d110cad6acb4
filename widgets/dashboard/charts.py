"""Every chart of the dashboard, in the order a lead reads them.

Pure builders ``ProjectReport -> Chart`` (a matplotlib ``Figure`` with a title and a
one-sentence summary): no Qt widgets, no SQL, no HTTP, safe off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable

from protocol import ProjectReport
from widgets.dashboard.diagnostics import bias, qc_findings
from widgets.dashboard.frame import Chart
from widgets.dashboard.progress import batch_progress, quality_over_time, throughput

BUILDERS: tuple[Callable[[ProjectReport], Chart], ...] = (
    batch_progress,
    throughput,
    quality_over_time,
    bias,
    qc_findings,
)

__all__ = [
    "BUILDERS",
    "Chart",
    "batch_progress",
    "bias",
    "build_charts",
    "qc_findings",
    "quality_over_time",
    "throughput",
]


def build_charts(report: ProjectReport) -> list[Chart]:
    return [build(report) for build in BUILDERS]
