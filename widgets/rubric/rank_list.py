"""The parts of the ranking editor: the list of places, and the bar of unranked candidates.

The list of places is reorderable and tie-able by drag and drop, but it is only a view: it
never moves its own rows. A drop is turned into a request (``sig_move_requested`` or
``sig_tie_requested``) and the editor rebuilds the rows from its model. That keeps the model
the single source of truth, and lets tests drive the real drop code with a synthetic
``QDropEvent`` (offscreen Qt cannot run a real drag): the dragged row travels in the drag's
MIME data, tagged with this list's token so drags from other lists are refused.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Literal

from PySide6.QtCore import QMimeData, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

MIME_TYPE = "application/x-prefdesk-rank-row"
Where = Literal["above", "below", "on"]


class RankList(QListWidget):
    """Rows are places, best first. Dropping a row on another row's edge moves it there;
    dropping it on a row's middle ties the two (only when ``ties_allowed``)."""

    #: (row dragged, index it should end up at once removed from its old place)
    sig_move_requested = Signal(int, int)
    #: (row dragged, row it should share a place with)
    sig_tie_requested = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ties_allowed = False
        self._token = uuid.uuid4().hex
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setStyleSheet("QListWidget::item { padding: 3px 4px; }")

    def show_groups(self, groups: Sequence[Sequence[str]], labels: Mapping[str, str]) -> None:
        """One row per place, e.g. "2  B = C"; the selected row stays selected."""
        current = self.currentRow()
        self.clear()
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        flags |= Qt.ItemFlag.ItemIsDragEnabled
        if self.ties_allowed:
            flags |= Qt.ItemFlag.ItemIsDropEnabled  # shows Qt's "on this row" indicator
        for place, group in enumerate(groups, start=1):
            item = QListWidgetItem(f"{place}  " + " = ".join(labels[cid] for cid in group))
            item.setData(Qt.ItemDataRole.UserRole, list(group))
            item.setFlags(flags)
            if len(group) > 1:
                item.setToolTip(self.tr("Tied. Double-click to split."))
            self.addItem(item)
        if not groups:
            empty = QListWidgetItem(self.tr("Nothing ranked yet"))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addItem(empty)
        elif 0 <= current < self.count():
            self.setCurrentRow(current)

    def fit_rows(self, rows: int) -> None:
        """Tall enough for ``rows`` places, so the list never scrolls or jumps in height."""
        row_height = max(self.sizeHintForRow(0), self.fontMetrics().height() + 6)
        self.setFixedHeight(max(rows, 1) * row_height + 2 * self.frameWidth() + 4)

    # -- drag source ---------------------------------------------------------------------
    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, items: Sequence[QListWidgetItem]) -> QMimeData:
        data = QMimeData()
        if items:
            payload = f"{self._token}:{self.row(items[0])}"
            data.setData(MIME_TYPE, payload.encode("ascii"))
        return data

    # -- drop target ---------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._source_row(event.mimeData()) is None:
            event.ignore()
            return
        super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._source_row(event.mimeData()) is None:
            event.ignore()
            return
        super().dragMoveEvent(event)  # paints Qt's drop indicator

    def dropEvent(self, event: QDropEvent) -> None:
        src = self._source_row(event.mimeData())
        if src is None:
            event.ignore()
            return
        # CopyAction tells the drag source not to delete the dragged row: the editor
        # rebuilds every row from its model instead.
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        row, where = self.drop_target(event.position().toPoint())
        if where == "on":
            if row != src:
                self.sig_tie_requested.emit(src, row)
            return
        insert_at = row if where == "above" else row + 1
        dst = insert_at - 1 if src < insert_at else insert_at
        if dst != src:
            self.sig_move_requested.emit(src, dst)

    def drop_target(self, pos: QPoint) -> tuple[int, Where]:
        """Which row a drop at ``pos`` (viewport coordinates) lands on, and where.

        The edge band mirrors Qt's own drop indicator (a fifth of the row, 2–12 px), so what
        is painted while dragging is what happens on release.
        """
        index = self.indexAt(pos)
        if not index.isValid() or not self.item(index.row()).flags() & Qt.ItemFlag.ItemIsEnabled:
            return max(self.count() - 1, 0), "below"
        rect = self.visualRect(index)
        margin = max(2, min(int(rect.height() / 5.5), 12))
        if pos.y() - rect.top() < margin:
            return index.row(), "above"
        if rect.bottom() - pos.y() < margin:
            return index.row(), "below"
        if self.ties_allowed:
            return index.row(), "on"
        return index.row(), ("above" if pos.y() < rect.center().y() else "below")

    def _source_row(self, data: QMimeData | None) -> int | None:
        if data is None or not data.hasFormat(MIME_TYPE):
            return None
        token, _, row = bytes(data.data(MIME_TYPE).data()).decode("ascii", "replace").partition(":")
        if token != self._token or not row.isdigit() or int(row) >= self.count():
            return None
        return int(row)


class UnrankedBar(QWidget):
    """One button per candidate still to be ranked; clicking one asks to place it next."""

    sig_place_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self._caption = QLabel(self.tr("Unranked:"), self)
        self._layout.addWidget(self._caption)
        self._buttons: dict[str, QPushButton] = {}

    def set_candidates(self, candidates: Sequence[tuple[str, str, str]]) -> None:
        """``(candidate id, label, key letter)`` per candidate, in display order."""
        for button in self._buttons.values():
            self._layout.removeWidget(button)
            button.hide()  # deleteLater waits for the event loop; hide it now
            button.deleteLater()
        self._buttons = {}
        for cid, label, key in candidates:
            button = QPushButton(label, self)
            button.setAccessibleName(self.tr("Place {0} next").format(label))
            hint = self.tr("Place {0} next (key {1})").format(label, key.upper())
            button.setToolTip(hint if key else self.tr("Place {0} next").format(label))
            button.clicked.connect(lambda _=False, c=cid: self.sig_place_requested.emit(c))
            self._layout.addWidget(button)
            self._buttons[cid] = button

    def show_unplaced(self, unplaced: set[str]) -> None:
        for cid, button in self._buttons.items():
            button.setVisible(cid in unplaced)
        self._caption.setVisible(bool(unplaced))

    def button(self, candidate_id: str) -> QPushButton:
        return self._buttons[candidate_id]


class HintLabel(QLabel):
    """A one-line hint that clears itself after a few seconds."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet("color: palette(placeholder-text);")
        # Long enough to read one line, short enough not to linger.
        self._timer = QTimer(self, singleShot=True, interval=4000)
        self._timer.timeout.connect(self.clear)

    def flash(self, text: str) -> None:
        self.setText(text)
        self._timer.start()

    def hold(self, text: str) -> None:
        """Show ``text`` until the next hint: it describes a state, not an event."""
        self._timer.stop()
        self.setText(text)
