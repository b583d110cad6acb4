"""The batches tab of the review window: each batch's lifecycle state and counts, and
"Accept batch" for a checked one (the server says why when it is not ready)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from protocol import BatchProgress


class BatchesPanel(QWidget):
    """``sig_accept_requested(batch_id)`` when the lead accepts the selected batch."""

    sig_accept_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Batches"))
        self.states = {
            "open": self.tr("open"),
            "assigned": self.tr("assigned"),
            "in_progress": self.tr("in progress"),
            "submitted": self.tr("submitted"),
            "checked": self.tr("checked"),
            "accepted": self.tr("accepted"),
            "returned": self.tr("returned"),
            "delivered": self.tr("delivered"),
        }
        headers = [
            self.tr("Batch"),
            self.tr("State"),
            self.tr("Judged"),
            self.tr("Reviewed"),
            self.tr("Accepted"),
            self.tr("Returned"),
            self.tr("QC flagged"),
        ]
        self.table = QTableWidget(0, len(headers))
        self.table.setAccessibleName(self.tr("Batches and their states"))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.accept_button = QPushButton(self.tr("Accept &batch"))
        self.accept_button.setAccessibleName(self.tr("Accept the selected batch"))
        self.accept_button.setToolTip(
            self.tr("Accept every judgment of a checked batch that nobody reviewed one by one")
        )
        self.accept_button.clicked.connect(self._accept)
        self.problem = QLabel()
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName(self.tr("Batch problem"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.accept_button)
        layout.addWidget(self.problem)
        self.batch_ids: list[str] = []

    def show_batches(self, batches: Sequence[BatchProgress]) -> None:
        chosen = self.selected()
        self.batch_ids = [b.batch_id for b in batches]
        self.table.setRowCount(len(batches))
        for row, b in enumerate(batches):
            cells = [
                b.name,
                self.states.get(b.state, b.state),
                f"{b.judged} / {b.expected}",
                str(b.reviewed),
                str(b.accepted),
                str(b.returned),
                str(b.qc_flagged),
            ]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        if chosen in self.batch_ids:
            self.table.selectRow(self.batch_ids.index(chosen))
        self.problem.setText("")

    def selected(self) -> str | None:
        row = self.table.currentRow()
        return self.batch_ids[row] if 0 <= row < len(self.batch_ids) else None

    def show_problem(self, message: str) -> None:
        self.problem.setText(message)

    def _accept(self) -> None:
        batch_id = self.selected()
        if batch_id is None:
            self.problem.setText(self.tr("Choose a batch first."))
            return
        self.sig_accept_requested.emit(batch_id)
