"""The review queue: filters (QC flag, batch, annotator, review state, sampling) over a
table of judgments, one row per current revision.

It only shows what it is given and says what the lead asked for:
``sig_filters_changed(ReviewFilters)`` when a filter changes, ``sig_entry_chosen(str)``
with a judgment id when a row becomes current, ``sig_more_requested()`` for the next page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from protocol import QueueEntry

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class ReviewFilters:
    """The lead's choice; ``flag`` is "any", "flagged", "clean" or a rule id."""

    flag: str = "any"
    batch: str | None = None
    user: str | None = None
    review: str = "unreviewed"
    sample_percent: int = 100
    seed: str = ""


class QueueModel(QAbstractTableModel):
    """Rows of ``QueueEntry``; the untrusted strings in them are only ever shown as text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[QueueEntry] = []
        self._headers = [
            self.tr("Item"),
            self.tr("Annotator"),
            self.tr("QC flags"),
            self.tr("Review"),
            self.tr("Received"),
        ]

    def set_entries(self, entries: Sequence[QueueEntry], append: bool = False) -> None:
        self.beginResetModel()
        self.entries = [*self.entries, *entries] if append else list(entries)
        self.endResetModel()

    def replace(self, entry: QueueEntry) -> None:
        for row, old in enumerate(self.entries):
            if old.judgment_id == entry.judgment_id:
                self.entries[row] = entry
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's API)
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: AnyIndex, role: int = 0) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        e = self.entries[index.row()]
        marks = [self.tr("amended")] if e.supersedes_id else []
        marks += [self.tr("stale pack")] if e.stale else []
        marks += [self.tr("late")] if e.late else []
        review = {
            "accepted": self.tr("accepted"),
            "returned": self.tr("returned"),
            "fixed": self.tr("fixed"),
        }.get(e.review or "", self.tr("to review"))
        columns = [
            e.item_id,
            e.annotator,
            ", ".join(e.qc_rules) or "—",
            " · ".join([review, *marks]),
            e.received_at[:16].replace("T", " "),
        ]
        return columns[index.column()]


class ReviewQueueView(QWidget):
    sig_filters_changed = Signal(object)
    sig_entry_chosen = Signal(str)
    sig_more_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Review queue"))
        self.flag = self._combo(self.tr("QC flag"))
        self.batch = self._combo(self.tr("Batch"))
        self.user = self._combo(self.tr("Annotator"))
        self.review = self._combo(self.tr("Review state"))
        for key, text in (
            ("unreviewed", self.tr("To review")),
            ("any", self.tr("All")),
            ("returned", self.tr("Returned")),
            ("accepted", self.tr("Accepted")),
            ("fixed", self.tr("Fixed")),
        ):
            self.review.addItem(text, key)
        self.sample = QSpinBox()
        self.sample.setRange(1, 100)
        self.sample.setValue(100)
        self.sample.setSuffix(" %")
        self.sample.setAccessibleName(self.tr("Sampling rate"))
        self.sample.setToolTip(self.tr("Flagged judgments are always kept; the rest are sampled"))
        self.seed = QLineEdit()
        self.seed.setAccessibleName(self.tr("Sample seed"))
        self.seed.setPlaceholderText(self.tr("same seed, same sample"))
        form = QFormLayout()
        for label, widget in (
            (self.tr("QC &flag"), self.flag),
            (self.tr("&Batch"), self.batch),
            (self.tr("A&nnotator"), self.user),
            (self.tr("Re&view"), self.review),
            (self.tr("Sa&mple"), self.sample),
            (self.tr("S&eed"), self.seed),
        ):
            form.addRow(label, widget)
        self.model = QueueModel(self)
        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Judgments to review"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.count = QLabel()
        self.count.setAccessibleName(self.tr("Queue size"))
        self.more = QPushButton(self.tr("Load &more"))
        self.more.setAccessibleName(self.tr("Load more judgments"))
        self.more.clicked.connect(self.sig_more_requested)
        self.more.setVisible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.more)
        self.set_options([], [], [])
        for combo in (self.flag, self.batch, self.user, self.review):
            combo.currentIndexChanged.connect(self._changed)
        self.sample.editingFinished.connect(self._changed)
        self.seed.editingFinished.connect(self._changed)

    def _combo(self, name: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(12)
        return combo

    def set_options(
        self,
        batches: Sequence[tuple[str, str]],
        annotators: Sequence[tuple[str, str]],
        rules: Sequence[str],
    ) -> None:
        """Fill the filter lists: (id, name) pairs and QC rule ids, keeping the choices."""
        was = self.filters()
        for combo, everything, pairs in (
            (self.batch, self.tr("All batches"), batches),
            (self.user, self.tr("All annotators"), annotators),
        ):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, None)
            for key, name in pairs:
                combo.addItem(name, key)
            combo.blockSignals(False)
        self.flag.blockSignals(True)
        self.flag.clear()
        self.flag.addItem(self.tr("Any"), "any")
        self.flag.addItem(self.tr("Flagged by QC"), "flagged")
        self.flag.addItem(self.tr("Not flagged"), "clean")
        for rule in rules:
            self.flag.addItem(rule, rule)
        self.flag.blockSignals(False)
        for combo, value in ((self.batch, was.batch), (self.user, was.user), (self.flag, was.flag)):
            found = combo.findData(value)
            combo.setCurrentIndex(max(found, 0))

    def filters(self) -> ReviewFilters:
        return ReviewFilters(
            flag=self.flag.currentData() or "any",
            batch=self.batch.currentData(),
            user=self.user.currentData(),
            review=self.review.currentData() or "unreviewed",
            sample_percent=self.sample.value(),
            seed=self.seed.text().strip(),
        )

    def set_entries(
        self, entries: Sequence[QueueEntry], total: int, more: bool, append: bool = False
    ) -> None:
        current = self.current_judgment_id()
        self.model.set_entries(entries, append)
        self.count.setText(self.tr("{0} of {1} shown").format(len(self.model.entries), total))
        self.more.setVisible(more)
        if current is not None:
            self.choose(current)

    def current_judgment_id(self) -> str | None:
        row = self.table.currentIndex().row()
        return self.model.entries[row].judgment_id if 0 <= row < len(self.model.entries) else None

    def choose(self, judgment_id: str) -> bool:
        for row, entry in enumerate(self.model.entries):
            if entry.judgment_id == judgment_id:
                self.table.setCurrentIndex(self.model.index(row, 0))
                return True
        return False

    def choose_next(self) -> bool:
        """Move to the row after the current one (after a decision); False at the end."""
        row = self.table.currentIndex().row() + 1
        if row < len(self.model.entries):
            self.table.setCurrentIndex(self.model.index(row, 0))
            return True
        return False

    def _changed(self, *_args: object) -> None:
        self.sig_filters_changed.emit(self.filters())

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and current.row() < len(self.model.entries):
            self.sig_entry_chosen.emit(self.model.entries[current.row()].judgment_id)
