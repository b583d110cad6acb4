"""The keyboard cheat sheet (F1): every shortcut, grouped by category, in one readable table.

It takes plain, already translated rows, so it knows nothing of where shortcuts come from
(the app builds them with ``app.shortcuts.Shortcuts.cheat_sheet_rows()``).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)


class CheatSheet(QDialog):
    """Shows ``rows`` of (category, description, keys text), categories in first-seen order.

    Esc, F1 or Close dismiss it. The table has keyboard focus, so arrows scroll at once.
    """

    def __init__(self, rows: Sequence[tuple[str, str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.setAccessibleName(self.tr("Keyboard shortcuts"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr("Shortcuts can be changed in Settings. Keys in the rubric form are fixed.")
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTreeWidget()
        self.table.setColumnCount(2)
        self.table.setHeaderLabels([self.tr("Action"), self.tr("Keys")])
        self.table.setHeaderHidden(True)  # the rows speak for themselves; labels stay for a11y
        self.table.setRootIsDecorated(False)
        self.table.setItemsExpandable(False)
        self.table.setUniformRowHeights(True)
        self.table.setAlternatingRowColors(True)
        # Nothing to select: arrows move a focus frame and scroll, which is all a reader needs.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setStyleSheet("QTreeView::item { padding: 3px 8px; }")
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        self._fill(rows)
        header = self.table.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(self._fitting_size())
        self.table.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # F1 brought the sheet up, so F1 again puts it away, as Esc does.
        if event.key() == Qt.Key.Key_F1 and not event.modifiers():
            self.reject()
            return
        super().keyPressEvent(event)

    def _fill(self, rows: Sequence[tuple[str, str, str]]) -> None:
        groups: dict[str, QTreeWidgetItem] = {}
        for category, description, keys in rows:
            group = groups.get(category)
            if group is None:
                group = QTreeWidgetItem(self.table, [category])
                group.setFirstColumnSpanned(True)
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                font = QFont(group.font(0))
                font.setBold(True)
                group.setFont(0, font)
                groups[category] = group
            item = QTreeWidgetItem(group, [description, keys])
            item.setToolTip(0, description)
        self.table.expandAll()

    def _groups(self) -> list[QTreeWidgetItem]:
        found = (self.table.topLevelItem(i) for i in range(self.table.topLevelItemCount()))
        return [group for group in found if group is not None]

    def _fitting_size(self) -> QSize:
        """Wide and tall enough to show every row without scrolling, within the screen."""
        metrics = self.table.fontMetrics()
        widest, rows = 0, 0
        for group in self._groups():
            rows += 1 + group.childCount()
            for item in filter(None, (group.child(i) for i in range(group.childCount()))):
                text = metrics.horizontalAdvance(item.text(0) + item.text(1))
                widest = max(widest, text)
        row_height = max(self.table.sizeHintForRow(0), metrics.height() + 6)
        wanted = QSize(widest + 160, rows * row_height + 150)
        screen = self.screen().availableGeometry().size() * 0.85
        return QSize(
            min(max(wanted.width(), 520), screen.width()),
            min(max(wanted.height(), 360), screen.height()),
        )
