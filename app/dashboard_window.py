"""The lead's QC dashboard window: a project report as charts and tables, refreshed on
demand and exported as PNG charts or one self-contained HTML report.

The report comes from ``load_report``, which the window only ever calls on the network
lane (``TaskLanes.run_network``): the GUI thread never waits on the server. Exports render
and write on the I/O lane for the same reason.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QToolBar, QWidget

from app.tasks import TaskLanes
from protocol import ProjectReport
from widgets.dashboard.export import export_html, export_png
from widgets.dashboard.tables import when
from widgets.dashboard.view import DashboardView

LoadReport = Callable[[], ProjectReport]


def error_text(error: BaseException) -> str:
    """The sentence an error carries (``LeadError.message``, else its text, else its type)."""
    message = getattr(error, "message", None)
    if isinstance(message, str) and message:
        return message
    return str(error) or type(error).__name__


def _weakly(method: Callable[[Any], None]) -> Callable[[Any], None]:
    """``method`` without a strong reference to its window.

    A lane's finished task is freed on its worker thread; were it the last owner of the
    window, Qt would destroy the window there and crash. A closed window just misses the
    answer.
    """
    ref = weakref.WeakMethod(method)

    def call(value: Any) -> None:
        bound = ref()
        if bound is not None:
            bound(value)

    return call


class DashboardWindow(QMainWindow):
    """``DashboardWindow(load_report, lanes, parent=None)``.

    ``load_report()`` returns the ``ProjectReport`` to show. The window calls it on
    ``lanes.run_network`` (never on the GUI thread) once the event loop runs after
    construction, and again on every Refresh (F5). It may raise: the window then shows the
    error's message (``LeadError.message`` when it has one, e.g. "you are not a lead of
    this project") instead of charts, or above the last report it drew.

    The window deletes itself when closed, so ``destroyed`` is the moment to close whatever
    ``load_report`` uses. ``sig_report_shown(ProjectReport)`` and ``sig_failed(str)`` say
    how a load ended; ``sig_exported(list[Path])`` that an export was written.
    """

    sig_report_shown = Signal(object)
    sig_failed = Signal(str)
    sig_exported = Signal(object)

    def __init__(
        self, load_report: LoadReport, lanes: TaskLanes, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("QC dashboard — Prefdesk"))
        self.setAccessibleName(self.tr("QC dashboard"))
        self.load_report = load_report
        self.lanes = lanes
        self.loading = False
        self._closed = False
        self.view = DashboardView()
        self.setCentralWidget(self.view)
        menu = self.menuBar().addMenu(self.tr("&Dashboard"))
        bar = QToolBar(self.tr("Dashboard"))
        bar.setObjectName("dashboard_toolbar")
        bar.setMovable(False)
        self.refresh_action = self._action(
            menu, bar, self.tr("&Refresh"), self.refresh, QKeySequence.StandardKey.Refresh
        )
        self.refresh_action.setToolTip(self.tr("Ask the server for a fresh report"))
        self.png_action = self._action(
            menu, bar, self.tr("Export &PNG…"), self.ask_png, QKeySequence("Ctrl+Shift+E")
        )
        self.png_action.setToolTip(self.tr("Save every chart as a PNG file in a folder"))
        self.html_action = self._action(
            menu, bar, self.tr("Export &HTML…"), self.ask_html, QKeySequence("Ctrl+E")
        )
        self.html_action.setToolTip(self.tr("Save the whole dashboard as one HTML file"))
        menu.addSeparator()
        close = menu.addAction(self.tr("&Close"), self.close)
        close.setShortcut(QKeySequence(QKeySequence.StandardKey.Close))
        self.addToolBar(bar)
        self.resize(1180, 900)
        self._set_exportable(False)
        # From the event loop, not the constructor: a loader that answers at once would
        # otherwise report before the caller could connect to ``sig_report_shown``.
        QTimer.singleShot(0, self, self.refresh)

    def _action(
        self,
        menu: QMenu,
        bar: QToolBar,
        text: str,
        slot: Callable[[], None],
        keys: QKeySequence | QKeySequence.StandardKey,
    ) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(slot)
        action.setShortcut(keys if isinstance(keys, QKeySequence) else QKeySequence(keys))
        menu.addAction(action)
        bar.addAction(action)
        button = bar.widgetForAction(action)
        if button is not None:
            button.setAccessibleName(text.replace("&", "").rstrip("…"))
        return action

    # -- loading -----------------------------------------------------------------------

    def refresh(self) -> None:
        if self.loading or self._closed:
            return
        self.loading = True
        self.refresh_action.setEnabled(False)
        text = self.tr("Loading the report…")
        if self.view.report is None:
            self.view.show_message(text)
        else:
            self.view.show_banner(text)
        self.statusBar().showMessage(text)
        self.lanes.run_network(self.load_report, _weakly(self._loaded), _weakly(self._failed))

    def _loaded(self, report: ProjectReport) -> None:
        if self._closed:
            return
        self.loading = False
        self.refresh_action.setEnabled(True)
        self.view.show_report(report)
        self._set_exportable(True)
        self.statusBar().showMessage(self.tr("Report of {0}").format(when(report.generated_at)))
        self.sig_report_shown.emit(report)

    def _failed(self, error: BaseException) -> None:
        if self._closed:
            return
        self.loading = False
        self.refresh_action.setEnabled(True)
        message = error_text(error)
        if self.view.report is None:
            self.view.show_message(message, error=True)
            self._set_exportable(False)
        else:
            shown = when(self.view.report.generated_at)
            stale = self.tr("Refresh failed: {0} (showing the report of {1})")
            self.view.show_banner(stale.format(message, shown), error=True)
        self.statusBar().showMessage(message)
        self.sig_failed.emit(message)

    def _set_exportable(self, on: bool) -> None:
        self.png_action.setEnabled(on)
        self.html_action.setEnabled(on)

    # -- exports -----------------------------------------------------------------------

    def _stem(self) -> str:
        project = self.view.report.project_id if self.view.report else "project"
        # The project id comes from the server: keep it out of the file name's syntax.
        return re.sub(r"[^\w.-]+", "_", project).strip("._") or "project"

    def ask_png(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export the charts as PNG into"))
        if folder:
            self.export_png_to(Path(folder))

    def ask_html(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export the dashboard as HTML"),
            f"{self._stem()}-qc-report.html",
            self.tr("HTML report (*.html)"),
        )
        if name:
            self.export_html_to(Path(name))

    def export_png_to(self, folder: Path) -> None:
        """Write one PNG per chart of the report shown into ``folder`` (on the I/O lane)."""
        report = self.view.report
        if report is not None:
            self._export(lambda: export_png(report, folder))

    def export_html_to(self, path: Path) -> None:
        """Write the report shown as one self-contained HTML file (on the I/O lane)."""
        report = self.view.report
        if report is not None:
            self._export(lambda: [export_html(report, path)])

    def _export(self, write: Callable[[], list[Path]]) -> None:
        self.statusBar().showMessage(self.tr("Exporting…"))
        self.lanes.run_read(write, _weakly(self._exported), _weakly(self._export_failed))

    def _exported(self, paths: list[Path]) -> None:
        if self._closed:
            return
        where = str(paths[0]) if len(paths) == 1 else str(paths[0].parent)
        self.statusBar().showMessage(self.tr("Saved {0} file(s) to {1}").format(len(paths), where))
        self.sig_exported.emit(paths)

    def _export_failed(self, error: BaseException) -> None:
        if self._closed:
            return
        message = self.tr("Export failed: {0}").format(error_text(error))
        self.view.show_banner(message, error=True)
        self.statusBar().showMessage(message)

    def closeEvent(self, event: QCloseEvent) -> None:
        # A load still running finishes on its lane; its result is dropped.
        self._closed = True
        super().closeEvent(event)
