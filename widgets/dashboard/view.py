"""The QC dashboard as a widget: a header (project, time, notes), the charts in tabs and
the annotators' table below them. It shows a ``ProjectReport`` it is given, or a message
(loading, an error) in its place; it fetches nothing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

# After PySide6: matplotlib's Qt backend binds to the Qt already imported.
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg  # isort: skip

from protocol import ProjectReport
from widgets.dashboard import tables
from widgets.dashboard.charts import Chart, build_charts
from widgets.dashboard.style import missing_glyphs_tolerated
from widgets.dashboard.table_model import RowsModel, sorted_view

# matplotlib lays figures out at 100 dots per inch of logical pixels.
FIGURE_DPI = 100


class ChartCanvas(FigureCanvasQTAgg):
    """One chart; its accessible description is the chart said in a sentence."""

    def __init__(self, chart: Chart, parent: QWidget | None = None) -> None:
        width, height = chart.figure.get_size_inches()
        super().__init__(chart.figure)
        self.setParent(parent)
        self.chart = chart
        self.setAccessibleName(chart.title)
        self.setAccessibleDescription(chart.summary)
        self.setToolTip(chart.summary)
        self.setMinimumSize(int(width * FIGURE_DPI * 0.7), int(height * FIGURE_DPI))

    def draw(self) -> None:
        with missing_glyphs_tolerated():
            super().draw()

    def wheelEvent(self, event: QWheelEvent) -> None:
        # The charts are static: the wheel scrolls the page around them.
        event.ignore()


class DashboardView(QWidget):
    """``show_report`` draws a report; ``show_message`` replaces it with a sentence;
    ``show_banner`` keeps the report and says something above it (a failed refresh)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("QC dashboard"))
        self.report: ProjectReport | None = None
        self.canvases: list[ChartCanvas] = []
        self.title = self._label("title", self.tr("Project"))
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.meta = self._label("meta", self.tr("About this report"))
        self.notes = self._label("notes", self.tr("Notes from the server"))
        self.notes.setStyleSheet("QLabel { background: #fff8e1; color: #3d3d3d; padding: 6px; }")
        self.banner = self._label("banner", self.tr("Status"))
        self.empty = self._label("empty", self.tr("No data yet"))
        self.empty.setText(self.tr("No data yet: nobody has submitted a judgment in this project."))
        self.empty.setStyleSheet(
            "QLabel { background: #e8f1fb; color: #1d3b5c; padding: 8px; font-weight: bold; }"
        )
        self.message = self._label("message", self.tr("Message"))
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Charts"))
        self.tabs.tabBar().setAccessibleName(self.tr("Chart tabs"))
        self.tabs.setDocumentMode(True)
        self.annotator_model = RowsModel(tables.annotator_headers(), self)
        self.annotators = self._table(self.annotator_model, self.tr("Annotators"))
        self.question_model = RowsModel(tables.question_headers(), self)
        self.questions = self._table(self.question_model, self.tr("Agreement by question"))
        # Its last column is a count: stretched, it would sit alone at the far right.
        self.questions.horizontalHeader().setStretchLastSection(False)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        split.addWidget(self.tabs)
        split.addWidget(self.annotators)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([560, 260])
        self.pages = QStackedWidget()
        self.pages.addWidget(self.message)
        self.pages.addWidget(split)
        layout = QVBoxLayout(self)
        for widget in (self.title, self.meta, self.notes, self.banner, self.empty):
            layout.addWidget(widget)
        layout.addWidget(self.pages, 1)
        self.show_message(self.tr("No report yet."))

    def _label(self, name: str, accessible: str) -> QLabel:
        label = QLabel()
        label.setObjectName(f"dashboard_{name}")
        label.setAccessibleName(accessible)
        # Report strings are untrusted: never rich text.
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.hide()
        return label

    def _table(self, model: RowsModel, name: str) -> QTableView:
        table = QTableView()
        table.setAccessibleName(name)
        table.setModel(sorted_view(model))
        table.setSortingEnabled(True)
        table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the report's own order at first
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside it
        table.setAlternatingRowColors(True)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        return table

    # -- states ------------------------------------------------------------------------

    def show_message(self, text: str, error: bool = False) -> None:
        """Show ``text`` instead of any chart (loading, or an error with nothing to show)."""
        self._clear_charts()
        self.report = None
        for label in (self.title, self.meta, self.notes, self.banner, self.empty):
            label.hide()
        self.message.setText(text)
        self.message.setProperty("error", error)
        self.message.setStyleSheet("QLabel { color: #c0392b; }" if error else "")
        self.message.show()
        self.pages.setCurrentWidget(self.message)

    def show_banner(self, text: str, error: bool = False) -> None:
        """Say ``text`` above the report shown; an empty text hides the banner."""
        self.banner.setText(text)
        colour = "#fdecea; color: #8b1a10" if error else "#e8f1fb; color: #1d3b5c"
        self.banner.setStyleSheet(f"QLabel {{ background: {colour}; padding: 6px; }}")
        self.banner.setVisible(bool(text))

    def show_report(self, report: ProjectReport) -> None:
        self._clear_charts()
        self.report = report
        self.title.setText(self.tr("QC dashboard: {0}").format(report.project_id))
        self.meta.setText(
            self.tr("Generated {0} · {1} judgments · {2} annotators").format(
                tables.when(report.generated_at), report.judgments, len(report.annotators)
            )
        )
        self.notes.setText("\n".join(f"• {note}" for note in report.notes))
        for label in (self.title, self.meta):
            label.show()
        self.notes.setVisible(bool(report.notes))
        self.empty.setVisible(tables.is_empty(report))
        self.show_banner("")
        names = {
            "batches": self.tr("&Batches"),
            "throughput": self.tr("&Throughput"),
            "quality": self.tr("&Quality over time"),
            "bias": self.tr("B&ias"),
            "qc": self.tr("QC &findings"),
        }
        for chart in build_charts(report):
            canvas = ChartCanvas(chart)
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setAccessibleName(chart.title)
            scroll.setWidget(canvas)
            self.canvases.append(canvas)
            self.tabs.addTab(scroll, names.get(chart.key, chart.title))
        self.question_model.set_rows([tables.question_row(q) for q in report.questions])
        self.tabs.addTab(self.questions, self.tr("&Agreement by question"))
        self.annotator_model.set_rows(tables.annotator_rows(report))
        self.pages.setCurrentIndex(1)

    def _clear_charts(self) -> None:
        while self.tabs.count():
            page = self.tabs.widget(0)
            self.tabs.removeTab(0)
            if page is not None and page is not self.questions:
                page.deleteLater()
        self.canvases.clear()
        self.annotator_model.set_rows([])
        self.question_model.set_rows([])
