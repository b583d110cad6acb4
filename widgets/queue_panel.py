"""The queue with its filter: a status choice and a search over the prompts."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from widgets.queue_view import QueueView

STATUSES = ("new", "draft", "submitted", "skipped", "returned")


class QueuePanel(QWidget):
    """``queue`` is the tree; ``sig_filter_changed(status, text)`` asks for items again.

    Typing in the search box waits a moment before asking, so a fast typist does not
    start one query per key.
    """

    sig_filter_changed = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search prompts…"))
        self.search.setAccessibleName(self.tr("Search the queue"))
        self.search.setClearButtonEnabled(True)
        self.status = QComboBox()
        self.status.setAccessibleName(self.tr("Show items with status"))
        self.status.addItem(self.tr("All"), "")
        labels = {
            "new": self.tr("New"),
            "draft": self.tr("Draft"),
            "submitted": self.tr("Submitted"),
            "skipped": self.tr("Skipped"),
            "returned": self.tr("Returned"),
        }
        for status in STATUSES:
            self.status.addItem(labels[status], status)
        self.queue = QueueView()
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.queue, 1)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self._emit)
        self.search.textChanged.connect(lambda _text: self._debounce.start())
        self.status.currentIndexChanged.connect(lambda _index: self._emit())

    def filter(self) -> tuple[str, str]:
        return str(self.status.currentData() or ""), self.search.text().strip()

    def _emit(self) -> None:
        status, text = self.filter()
        self.sig_filter_changed.emit(status, text)
