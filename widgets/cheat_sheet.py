"""The keyboard cheat sheet (F1): every shortcut, grouped by category, in one readable table.

It takes plain, already translated rows, so it knows nothing of where shortcuts come from
(the app builds them with ``app.shortcuts.Shortcuts.cheat_sheet_rows()``).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeySequence
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
        self.table.setRootIsDecorated(False)
        self.table.setItemsExpandable(False)
        self.table.setUniformRowHeights(True)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
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
        # F1 opens the sheet, so F1 again puts it away, as Esc does.
        buttons.button(QDialogButtonBox.StandardButton.Close).setShortcut(QKeySequence("F1"))
        self.resize(self._fitting_width(), 640)
        self.table.setFocus()

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
        first = self.table.topLevelItem(0)
        if first is not None and first.childCount():
            self.table.setCurrentItem(first.child(0))

    def _fitting_width(self) -> int:
        metrics = self.table.fontMetrics()
        widest = 0
        for index in range(self.table.topLevelItemCount()):
            group = self.table.topLevelItem(index)
            for child in range(group.childCount()):
                item = group.child(child)
                widest = max(
                    widest,
                    metrics.horizontalAdvance(item.text(0))
                    + metrics.horizontalAdvance(item.text(1)),
                )
        return min(max(widest + 120, 520), 900)
