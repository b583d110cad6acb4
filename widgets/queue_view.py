"""The queue: batches with their progress, and each batch's items with their status."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from widgets.view_models import QueueBatch, QueueItem

_ID_ROLE = Qt.ItemDataRole.UserRole
_KIND_ROLE = Qt.ItemDataRole.UserRole + 1


class QueueView(QTreeWidget):
    """Batches as top-level rows; a batch's items are asked for when it is first expanded.

    Signals: ``sig_batch_opened(batch_id)`` when the items of a batch are wanted,
    ``sig_item_selected(item_id)`` when the annotator moves to an item, and
    ``sig_more_requested(batch_id, shown)`` when a large batch's next page is wanted.
    """

    sig_batch_opened = Signal(str)
    sig_item_selected = Signal(str)
    #: (batch id, rows already shown): the "Show more" row was chosen.
    sig_more_requested = Signal(str, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(2)
        self.setHeaderLabels([self.tr("Batch / item"), self.tr("Status")])
        self.setAccessibleName(self.tr("Work queue"))
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self._batches: dict[str, QTreeWidgetItem] = {}
        self.itemExpanded.connect(self._on_expanded)
        self.currentItemChanged.connect(self._on_current_changed)

    def set_batches(self, batches: list[QueueBatch]) -> None:
        self.clear()
        self._batches.clear()
        for batch in batches:
            row = QTreeWidgetItem([batch.name, self._progress_text(batch)])
            row.setToolTip(1, self._progress_tip(batch))
            row.setData(0, _ID_ROLE, batch.id)
            row.setData(0, _KIND_ROLE, "batch")
            row.setToolTip(0, batch.id)
            row.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
            self.addTopLevelItem(row)
            self._batches[batch.id] = row

    def set_items(
        self, batch_id: str, items: list[QueueItem], more: bool = False, append: bool = False
    ) -> None:
        """Show a page of a batch's items; ``more`` adds a last row that asks for the next."""
        parent = self._batches.get(batch_id)
        if parent is None:
            return
        if append:
            last = parent.child(parent.childCount() - 1) if parent.childCount() else None
            if last is not None and last.data(0, _KIND_ROLE) == "more":
                parent.removeChild(last)
        else:
            parent.takeChildren()
        for item in items:
            preview = " ".join(item.preview.split())
            row = QTreeWidgetItem([preview or item.id, self._status_text(item.status)])
            row.setData(0, _ID_ROLE, item.id)
            row.setData(0, _KIND_ROLE, "item")
            row.setToolTip(0, item.id)
            parent.addChild(row)
        if more:
            row = QTreeWidgetItem([self.tr("Show more…"), ""])
            row.setData(0, _ID_ROLE, batch_id)
            row.setData(0, _KIND_ROLE, "more")
            parent.addChild(row)
        parent.setChildIndicatorPolicy(
            QTreeWidgetItem.ChildIndicatorPolicy.DontShowIndicatorWhenChildless
        )

    def open_batch(self, batch_id: str) -> None:
        row = self._batches.get(batch_id)
        if row is not None:
            row.setExpanded(True)

    def select_first_item(self, batch_id: str) -> None:
        row = self._batches.get(batch_id)
        if row is not None and row.childCount():
            self.setCurrentItem(row.child(0))

    def expanded_batches(self) -> list[str]:
        return [bid for bid, row in self._batches.items() if row.isExpanded()]

    def select_item(self, item_id: str) -> bool:
        """Make ``item_id`` current if its batch is loaded; False when it is not shown."""
        for row in self._batches.values():
            for index in range(row.childCount()):
                child = row.child(index)
                if child.data(0, _ID_ROLE) == item_id:
                    if self.currentItem() is not child:
                        self.setCurrentItem(child)
                    self.scrollToItem(child)
                    return True
        return False

    def set_item_status(self, item_id: str, status: str) -> None:
        for row in self._batches.values():
            for index in range(row.childCount()):
                child = row.child(index)
                if child.data(0, _ID_ROLE) == item_id:
                    child.setText(1, self._status_text(status))

    def update_batch(self, batch: QueueBatch) -> None:
        row = self._batches.get(batch.id)
        if row is not None:
            row.setText(1, self._progress_text(batch))
            row.setToolTip(1, self._progress_tip(batch))

    def _on_expanded(self, row: QTreeWidgetItem) -> None:
        if row.data(0, _KIND_ROLE) == "batch" and row.childCount() == 0:
            self.sig_batch_opened.emit(row.data(0, _ID_ROLE))

    def _on_current_changed(self, current: QTreeWidgetItem | None, _prev: object) -> None:
        if current is None:
            return
        kind = current.data(0, _KIND_ROLE)
        if kind == "item":
            self.sig_item_selected.emit(current.data(0, _ID_ROLE))
        elif kind == "more":
            parent = current.parent()
            shown = parent.childCount() - 1 if parent is not None else 0
            self.sig_more_requested.emit(current.data(0, _ID_ROLE), shown)

    def _progress_text(self, batch: QueueBatch) -> str:
        text = f"{batch.done}/{batch.total}"
        if batch.returned:
            text += " · " + self.tr("{n} returned").format(n=batch.returned)
        return text

    def _progress_tip(self, batch: QueueBatch) -> str:
        tip = self.tr("{done} of {total} done").format(done=batch.done, total=batch.total)
        if batch.returned:
            tip += "\n" + self.tr(
                "{n} sent back to you: choose “Returned” in the status filter to list them"
            ).format(n=batch.returned)
        return tip

    def _status_text(self, status: str) -> str:
        labels = {
            "new": self.tr("new"),
            "draft": self.tr("draft"),
            "submitted": self.tr("submitted"),
            "skipped": self.tr("skipped"),
            "returned": self.tr("returned"),
        }
        return labels.get(status, status)
