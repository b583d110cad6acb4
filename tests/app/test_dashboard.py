"""The lead's QC dashboard on real widgets: the charts and the annotators' table drawn from a
``ProjectReport``, unknown figures shown as unknown, the PNG and HTML exports, and the
window's loading and error states with the loader kept off the GUI thread."""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from matplotlib.patches import Rectangle
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.dashboard_window import DashboardWindow
from app.i18n import install_translators
from app.tasks import TaskLanes
from protocol import (
    AnnotatorReport,
    BatchProgress,
    DayPoint,
    ProjectReport,
    QuestionAgreementBody,
)
from tests.app.accessibility import unnamed_focusable_controls
from widgets.dashboard import style
from widgets.dashboard.charts import build_charts, quality_over_time, throughput
from widgets.dashboard.export import export_html, export_png
from widgets.dashboard.style import FLAG_MARK, FLAGGED, NO_VALUE

WAIT_MS = 15_000
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
HOSTILE = "<script>alert(1)</script>"


def realistic_report(first_pseudonym: str = "ann-01") -> ProjectReport:
    """Four annotators (one flagged, one Chinese, one nobody could measure yet), a week with
    a day off and days without gold or overlap, batches in four states."""
    hour = 3_600_000
    people = [
        AnnotatorReport(
            user_id="u1", pseudonym=first_pseudonym, judgments=412, active_ms=20 * hour,
            per_hour=20.6, gold_items=40, gold_accuracy=0.925, peer_agreement=0.71,
            position_shares=[0.52, 0.48], position_p=0.41, length_rho=0.08, length_p=0.22,
            qc_counts={"ranking_contradicts_rating": 2},
        ),
        AnnotatorReport(
            user_id="u2", pseudonym="标注员-王", judgments=388, active_ms=16 * hour,
            per_hour=24.2, gold_items=38, gold_accuracy=0.89, peer_agreement=0.66,
            position_shares=[0.49, 0.51], position_p=0.77, length_rho=-0.05, length_p=0.5,
        ),
        AnnotatorReport(
            user_id="u3", pseudonym="ann-03", judgments=501, active_ms=9 * hour,
            per_hour=55.7, gold_items=41, gold_accuracy=0.61, peer_agreement=0.18,
            position_shares=[0.81, 0.19], position_p=0.0001, length_rho=0.46, length_p=0.0004,
            qc_counts={"text_copy": 7, "too_fast": 31},
            flags=["gold_accuracy", "peer_agreement", "position_bias", "length_bias"],
        ),
        AnnotatorReport(
            user_id="u4", pseudonym="new-annotator", judgments=3, active_ms=0,
            per_hour=None, gold_items=0, gold_accuracy=None, peer_agreement=None,
        ),
    ]  # fmt: skip
    days = [
        DayPoint(day="2025-05-01", judgments=120, gold_accuracy=0.86, agreement=0.62),
        DayPoint(day="2025-05-02", judgments=210, gold_accuracy=0.84, agreement=0.58),
        DayPoint(day="2025-05-03", judgments=0),
        DayPoint(day="2025-05-04", judgments=180, gold_accuracy=None, agreement=0.55),
        DayPoint(day="2025-05-05", judgments=340, gold_accuracy=0.79, agreement=0.49),
        DayPoint(day="2025-05-06", judgments=260, gold_accuracy=0.83, agreement=None),
        DayPoint(day="2025-05-07", judgments=194, gold_accuracy=0.88, agreement=0.64),
    ]
    batches = [
        BatchProgress(
            batch_id="b1", name="pilot", state="accepted", items=100, overlap=3, expected=300,
            judged=300, reviewed=300, accepted=290, returned=10,
        ),
        BatchProgress(
            batch_id="b2", name="coding-中文", state="checked", items=200, overlap=2,
            expected=400, judged=400, reviewed=120, accepted=100, returned=12, qc_flagged=40,
        ),
        BatchProgress(
            batch_id="b3", name="math", state="in_progress", items=300, overlap=2,
            expected=600, judged=320, qc_flagged=5,
        ),
        BatchProgress(
            batch_id="b4", name="safety", state="open", items=150, overlap=1, expected=150,
            judged=0,
        ),
    ]  # fmt: skip
    questions = [
        QuestionAgreementBody(
            question_id="ranking", kind="ranking", metric="mean_tau_b", value=0.58,
            percent=0.74, units=310, annotators=4,
        ),
        QuestionAgreementBody(
            question_id="safe", kind="choice", metric="alpha_nominal", value=None, units=2,
            annotators=2,
        ),
    ]  # fmt: skip
    return ProjectReport(
        project_id="acme-rlhf",
        generated_at="2025-05-08T09:30:00Z",
        judgments=1304,
        annotators=people,
        questions=questions,
        days=days,
        batches=batches,
        qc_counts={"too_fast": 31, "text_copy": 7, "ranking_contradicts_rating": 2},
        notes=["Gold accuracy needs 10 gold items: new-annotator has none yet."],
    )


def empty_report() -> ProjectReport:
    return ProjectReport(
        project_id="fresh",
        generated_at="2025-05-08T09:30:00Z",
        judgments=0,
        annotators=[],
        questions=[],
        days=[],
        batches=[],
    )


def _open(qtbot: QtBot, lanes: TaskLanes, report: ProjectReport) -> DashboardWindow:
    window = DashboardWindow(lambda: report, lanes)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.sig_report_shown, timeout=WAIT_MS):
        window.show()
    return window


def _cell(window: DashboardWindow, row: int, column: int, role: int = 0) -> object:
    model = window.view.annotators.model()
    return model.data(model.index(row, column), role or Qt.ItemDataRole.DisplayRole)


def test_a_realistic_report_draws_every_chart_and_one_table_row_per_annotator(
    qtbot: QtBot, lanes: TaskLanes
) -> None:
    window = _open(qtbot, lanes, realistic_report())
    view = window.view
    assert [c.chart.key for c in view.canvases] == [
        "batches",
        "throughput",
        "quality",
        "bias",
        "qc",
    ]
    for canvas in view.canvases:
        canvas.draw()  # every chart really renders, Chinese labels included
        assert canvas.accessibleName()
        assert canvas.accessibleDescription()
    assert view.annotators.model().rowCount() == 4
    shown = [str(_cell(window, row, 0)) for row in range(4)]
    assert shown == ["ann-01", "标注员-王", f"{FLAG_MARK} ann-03", "new-annotator"]
    assert _cell(window, 0, 3) == "92% of 40"
    assert view.title.text() == "QC dashboard: acme-rlhf"
    assert "2025-05-08 09:30 UTC" in view.meta.text()
    assert "new-annotator has none yet" in view.notes.text()
    assert not view.empty.isVisible()
    assert window.png_action.isEnabled()
    assert window.html_action.isEnabled()


def test_flagged_annotators_are_marked_in_the_table_and_in_the_charts(
    qtbot: QtBot, lanes: TaskLanes
) -> None:
    window = _open(qtbot, lanes, realistic_report())
    assert str(_cell(window, 2, 0)).startswith(FLAG_MARK)
    assert _cell(window, 2, 0, Qt.ItemDataRole.ForegroundRole).name().upper() == FLAGGED.upper()
    assert "gold accuracy" in str(_cell(window, 2, 0, Qt.ItemDataRole.ToolTipRole))
    assert "length bias" in str(_cell(window, 2, 8))
    assert _cell(window, 0, 0, Qt.ItemDataRole.ForegroundRole) is None
    figure = throughput(realistic_report()).figure
    ticks = {t.get_text(): t.get_color() for t in figure.axes[0].get_yticklabels()}
    assert ticks[f"{FLAG_MARK} ann-03"] == FLAGGED
    assert ticks["ann-01"] != FLAGGED


def test_unknown_figures_are_shown_as_unknown_never_as_zero(qtbot: QtBot, lanes: TaskLanes) -> None:
    window = _open(qtbot, lanes, realistic_report())
    row = [str(_cell(window, 3, column)) for column in range(9)]
    assert row[2:7] == [NO_VALUE] * 5  # per hour, gold, peer agreement, position p, length ρ
    assert "0" not in row[2:7]
    assert "0%" not in row[2:7]
    # Throughput: no bar for the unmeasured annotator, "no data" in its row instead.
    axes = throughput(realistic_report()).figure.axes[0]
    bars = [p for p in axes.patches if isinstance(p, Rectangle)]
    assert len(bars) == 3
    assert any(t.get_text().strip() == "no data" for t in axes.texts)
    # Over time: a day without gold is a gap (NaN) in the line, not a point at 0.
    lines = quality_over_time(realistic_report()).figure.axes[0].get_lines()
    gold = lines[0].get_ydata()
    assert math.isnan(gold[2])
    assert math.isnan(gold[3])
    assert 0.0 not in list(gold)


def test_export_png_writes_one_valid_png_per_chart(tmp_path: Path) -> None:
    written = export_png(realistic_report(), tmp_path / "charts")
    assert [p.name for p in written] == [
        "qc-1-batches.png",
        "qc-2-throughput.png",
        "qc-3-quality.png",
        "qc-4-bias.png",
        "qc-5-qc.png",
    ]
    for path in written:
        content = path.read_bytes()
        assert content.startswith(PNG_SIGNATURE)
        assert len(content) > 1000
        image = QImage(str(path))
        assert not image.isNull()
        assert image.width() > 600
        assert image.height() > 300
    assert sorted(p.name for p in (tmp_path / "charts").iterdir()) == [p.name for p in written]


def test_export_html_is_one_self_contained_file_with_every_report_string_escaped(
    tmp_path: Path,
) -> None:
    report = realistic_report(first_pseudonym=HOSTILE).model_copy(
        update={
            "notes": ['<img src=x onerror="alert(2)">'],
            "qc_counts": {"<b>rule</b>": 3},
            "project_id": "acme</title><script>",
        }
    )
    path = export_html(report, tmp_path / "report.html")
    assert list(tmp_path.iterdir()) == [path]
    text = path.read_text(encoding="utf-8")
    lowered = text.lower()
    assert "http://" not in lowered
    assert "https://" not in lowered
    assert "<script" not in lowered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&lt;b&gt;rule&lt;/b&gt;" in text
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in text
    # Every image is inline; nothing is fetched.
    sources = re.findall(r"<img[^>]* src=\"([^\"]*)\"", text)
    assert len(sources) == 5
    assert all(s.startswith("data:image/png;base64,") for s in sources)
    assert "Content-Security-Policy" in text
    assert "标注员-王" in text  # UTF-8 end to end
    assert '<tr class="flagged"' in text
    assert f"<td>{FLAG_MARK} ann-03</td>" in text


def test_a_loader_that_raises_shows_its_message_and_no_chart(
    qtbot: QtBot, lanes: TaskLanes
) -> None:
    def refuse() -> ProjectReport:
        raise PermissionError("you are not a lead of this project")

    window = DashboardWindow(refuse, lanes)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.sig_failed, timeout=WAIT_MS) as failed:
        window.show()
    assert failed.args == ["you are not a lead of this project"]
    assert window.view.message.isVisible()
    assert window.view.message.text() == "you are not a lead of this project"
    assert window.view.canvases == []
    assert window.view.annotators.model().rowCount() == 0
    assert not window.png_action.isEnabled()
    assert not window.html_action.isEnabled()
    assert window.refresh_action.isEnabled()  # the lead can try again


def test_a_failed_refresh_keeps_the_last_report_and_says_why(
    qtbot: QtBot, lanes: TaskLanes
) -> None:
    answers: list[ProjectReport | Exception] = [realistic_report(), ConnectionError("offline")]

    def load() -> ProjectReport:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    window = DashboardWindow(load, lanes)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.sig_report_shown, timeout=WAIT_MS):
        window.show()
    with qtbot.waitSignal(window.sig_failed, timeout=WAIT_MS):
        window.refresh_action.trigger()
    assert window.view.banner.isVisible()
    assert "offline" in window.view.banner.text()
    assert "2025-05-08 09:30 UTC" in window.view.banner.text()
    assert len(window.view.canvases) == 5


def test_the_loader_runs_off_the_gui_thread_and_f5_runs_it_again(
    qtbot: QtBot, lanes: TaskLanes
) -> None:
    threads: list[int] = []

    def load() -> ProjectReport:
        threads.append(threading.get_ident())
        return realistic_report()

    window = DashboardWindow(load, lanes)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.sig_report_shown, timeout=WAIT_MS):
        window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=WAIT_MS)
    with qtbot.waitSignal(window.sig_report_shown, timeout=WAIT_MS):
        qtbot.keyClick(window, Qt.Key.Key_F5)
    assert len(threads) == 2
    assert threading.main_thread().ident not in threads


def test_closing_the_window_while_it_loads_drops_the_late_report(
    qtbot: QtBot, lanes: TaskLanes
) -> None:
    release = threading.Event()
    done = threading.Event()

    def slow() -> ProjectReport:
        release.wait(WAIT_MS / 1000)
        done.set()
        return realistic_report()

    window = DashboardWindow(slow, lanes)
    window.show()
    qtbot.waitUntil(lambda: window.loading, timeout=WAIT_MS)
    window.close()  # deletes itself; the late answer must find nothing to draw on
    release.set()
    qtbot.waitUntil(done.is_set, timeout=WAIT_MS)
    qtbot.wait(100)


def test_an_empty_report_says_no_data_yet(qtbot: QtBot, lanes: TaskLanes, tmp_path: Path) -> None:
    window = _open(qtbot, lanes, empty_report())
    assert window.view.empty.isVisible()
    assert "No data yet" in window.view.empty.text()
    assert window.view.annotators.model().rowCount() == 0
    for canvas in window.view.canvases:
        canvas.draw()
        texts = [t.get_text() for ax in canvas.figure.axes for t in ax.texts]
        assert texts in (["no data"], ["No QC findings"])
    html = export_html(empty_report(), tmp_path / "empty.html").read_text(encoding="utf-8")
    assert "No data yet." in html


def test_the_window_exports_png_and_html_off_the_gui_thread(
    qtbot: QtBot, lanes: TaskLanes, tmp_path: Path
) -> None:
    window = _open(qtbot, lanes, realistic_report())
    with qtbot.waitSignal(window.sig_exported, timeout=WAIT_MS) as pngs:
        window.export_png_to(tmp_path / "png")
    assert len(pngs.args[0]) == 5
    with qtbot.waitSignal(window.sig_exported, timeout=WAIT_MS) as html:
        window.export_html_to(tmp_path / "report.html")
    assert html.args[0] == [tmp_path / "report.html"]
    assert "Saved 1 file(s)" in window.statusBar().currentMessage()


def test_a_glyph_no_installed_font_has_is_drawn_without_an_error(tmp_path: Path) -> None:
    # Egyptian hieroglyphs: in no font this machine is likely to have, like Chinese on a
    # machine without a CJK font; the warnings-as-errors of this suite would catch a warning.
    written = export_png(realistic_report(first_pseudonym="𓀀𓀁"), tmp_path)
    assert all(p.read_bytes().startswith(PNG_SIGNATURE) for p in written)


def test_fonts_fall_back_only_to_installed_cjk_families() -> None:
    from matplotlib import font_manager

    families = style.use_fonts()
    installed = {f.name for f in font_manager.fontManager.ttflist}
    assert families[0] == "DejaVu Sans"
    assert all(f in installed for f in families[1:])
    if "Noto Sans CJK SC" in installed:
        assert "Noto Sans CJK SC" in families


def test_labels_from_the_report_cannot_start_mathtext_or_break_lines() -> None:
    assert style.label("$x^2$ costs\nmore") == r"\$x^2\$ costs more"
    assert style.label("a" * 60).endswith("…")
    assert len(style.label("a" * 60)) == 28
    figure = build_charts(realistic_report(first_pseudonym="$\\frac{a}{$"))[1].figure
    from widgets.dashboard.export import render_png

    assert render_png(figure).startswith(PNG_SIGNATURE)


def test_every_focusable_control_of_the_dashboard_has_an_accessible_name(
    qtbot: QtBot, lanes: TaskLanes
) -> None:
    window = _open(qtbot, lanes, realistic_report())
    reached, unnamed = unnamed_focusable_controls(window)
    assert reached >= 4
    assert not unnamed


def test_tab_reaches_the_charts_and_the_annotators_table(qtbot: QtBot, lanes: TaskLanes) -> None:
    window = _open(qtbot, lanes, realistic_report())
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=WAIT_MS)
    window.view.tabs.tabBar().setFocus()
    reached = set()
    for _ in range(12):
        focused = QApplication.focusWidget()
        assert focused is not None
        reached.add(focused)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert window.view.tabs.tabBar() in reached
    assert window.view.annotators in reached


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[QApplication]:
    saved = QLocale()
    install_translators(qapp, "zh_CN")
    yield qapp
    install_translators(qapp, "en")
    QLocale.setDefault(saved)


def test_the_dashboard_speaks_chinese(
    chinese: QApplication, qtbot: QtBot, lanes: TaskLanes, tmp_path: Path
) -> None:
    window = _open(qtbot, lanes, realistic_report())
    assert window.windowTitle() == "质检看板 — Prefdesk"
    assert window.view.title.text() == "质检看板：acme-rlhf"
    assert window.view.canvases[1].figure.texts[0].get_text() == "每位标注员的产出速度"
    for canvas in window.view.canvases:
        canvas.draw()
    html = export_html(realistic_report(), tmp_path / "zh.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in html


def test_days_with_no_gold_and_no_agreement_draw_an_empty_quality_chart() -> None:
    # A new project's first day: judgments came in, but no gold item and no overlap yet.
    report = ProjectReport(
        project_id="p",
        generated_at="2026-11-27T00:00:00Z",
        judgments=3,
        annotators=[],
        questions=[],
        days=[DayPoint(day="2026-11-27", judgments=3)],
        batches=[],
    )
    chart = quality_over_time(report)
    assert chart.figure.axes
    texts = [t.get_text() for ax in chart.figure.axes for t in ax.texts]
    assert "No gold answers or overlapping judgments yet" in texts
