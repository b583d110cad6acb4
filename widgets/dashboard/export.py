"""The dashboard on disk: one PNG per chart, or one self-contained HTML report.

One PNG per chart rather than one combined image: each keeps its natural size (a long list
of annotators does not squash the others), and a lead pastes the one chart a ticket needs.

The HTML report is a single file that opens anywhere offline: charts as base64 PNG (no
markup of ours or of the report inside an image), the tables, inline CSS, no scripts and
no URLs, and a Content-Security-Policy that would block a script even if one got in. Every
string from the report is untrusted and escaped.

Files are written to a temporary name beside the target, then renamed over it, so a crash
never leaves half a file under the real name.
"""

from __future__ import annotations

import base64
import io
import os
import tempfile
from collections.abc import Sequence
from html import escape
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from protocol import ProjectReport
from widgets.dashboard import tables
from widgets.dashboard.charts import build_charts
from widgets.dashboard.style import FLAG_MARK, missing_glyphs_tolerated, translate

PNG_DPI = 150
CSS = """
body{font-family:system-ui,"Segoe UI","Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;
margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1d1d1d;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem}
.meta{color:#555}.notes{background:#fff8e1;border-left:4px solid #e69f00;padding:.5rem 1rem}
img{max-width:100%;height:auto;display:block}figure{margin:1.5rem 0}
figcaption{color:#555;font-size:.9rem}
table{border-collapse:collapse;width:100%;font-size:.9rem;margin:.5rem 0 1rem}
th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left}
th{background:#f4f4f4}td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.flagged td{background:#fdecea}tr.flagged td:first-child{font-weight:bold;color:#c0392b}
"""
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def render_png(figure: Figure, dpi: int = PNG_DPI) -> bytes:
    buffer = io.BytesIO()
    FigureCanvasAgg(figure)  # an Agg canvas of its own, whatever showed it before
    with missing_glyphs_tolerated():
        figure.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()


def write_atomically(path: Path, content: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def export_png(report: ProjectReport, folder: Path) -> list[Path]:
    """Write ``qc-<chart>.png`` for every chart into ``folder``; return the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for number, chart in enumerate(build_charts(report), start=1):
        path = folder / f"qc-{number}-{chart.key}.png"
        write_atomically(path, render_png(chart.figure))
        written.append(path)
    return written


def _table(headers: Sequence[str], rows: Sequence[tables.Row], caption: str) -> str:
    if not rows:
        none = translate("DashboardReport", "None yet.")
        return f"<p>{escape(none)}</p>"
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    body = []
    numeric = tables.numeric_columns(rows, len(headers))
    for row in rows:
        cells = []
        for i, cell in enumerate(row.cells):
            # The flag in words too: colour alone is lost in print and to screen readers.
            text = f"{FLAG_MARK} {cell}" if row.flagged and i == 0 else cell
            cells.append(f"<td{' class=num' if numeric[i] else ''}>{escape(text)}</td>")
        attrs = ' class="flagged"' if row.flagged else ""
        if row.tooltip:
            attrs += f' title="{escape(row.tooltip)}"'
        body.append(f"<tr{attrs}>{''.join(cells)}</tr>")
    return (
        f"<table><caption hidden>{escape(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def report_html(report: ProjectReport) -> str:
    title = translate("DashboardReport", "QC report: {0}").format(report.project_id)
    meta = translate("DashboardReport", "Generated {0} · {1} judgments · {2} annotators").format(
        tables.when(report.generated_at), report.judgments, len(report.annotators)
    )
    # The document's language follows the UI's: "en" in English, "zh-CN" in Chinese.
    lang = translate("DashboardReport", "en")
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(lang)}"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1><p class=meta>{escape(meta)}</p>",
    ]
    if report.notes:
        notes = "".join(f"<li>{escape(note)}</li>" for note in report.notes)
        parts.append(f"<div class=notes><ul>{notes}</ul></div>")
    if tables.is_empty(report):
        nothing = translate("DashboardReport", "No data yet.")
        parts.append(f"<p><strong>{escape(nothing)}</strong></p>")
    for chart in build_charts(report):
        encoded = base64.b64encode(render_png(chart.figure)).decode("ascii")
        parts.append(
            f'<figure><img src="data:image/png;base64,{encoded}" alt="{escape(chart.summary)}">'
            f"<figcaption>{escape(chart.summary)}</figcaption></figure>"
        )
    sections = (
        (
            translate("DashboardReport", "Annotators"),
            tables.annotator_headers(),
            tables.annotator_rows,
        ),
        (
            translate("DashboardReport", "Agreement by question"),
            tables.question_headers(),
            _questions,
        ),
        (translate("DashboardReport", "Batches"), tables.batch_headers(), tables.batch_rows),
        (translate("DashboardReport", "QC findings"), tables.qc_headers(), tables.qc_rows),
    )
    for heading, headers, rows in sections:
        parts.append(f"<h2>{escape(heading)}</h2>{_table(headers, rows(report), heading)}")
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _questions(report: ProjectReport) -> list[tables.Row]:
    return [tables.question_row(q) for q in report.questions]


def export_html(report: ProjectReport, path: Path) -> Path:
    """Write the whole dashboard as one self-contained HTML file at ``path``."""
    write_atomically(path, report_html(report).encode("utf-8"))
    return path
