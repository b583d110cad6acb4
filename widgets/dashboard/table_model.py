"""A read-only, sortable Qt model over the dashboard's table rows."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from widgets.dashboard.style import FLAG_MARK, FLAGGED
from widgets.dashboard.tables import Row, numeric_columns

AnyIndex = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole


class RowsModel(QAbstractTableModel):
    """Rows of ``tables.Row``. Their strings are untrusted and are only ever shown as text.

    A flagged row shows ⚑ before its first cell, in bold red, with the flags as tooltip.
    Sorting uses the raw figures, unknown (None) below every known one.
    """

    def __init__(self, headers: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers = list(headers)
        self.rows: list[Row] = []
        self.numeric: list[bool] = [False] * len(self.headers)

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.numeric = numeric_columns(self.rows, len(self.headers))
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's API)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: AnyIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            text = row.cells[column]
            return f"{FLAG_MARK} {text}" if row.flagged and column == 0 else text
        if role == SORT_ROLE:
            key = row.keys[column]
            if key is None or (isinstance(key, float) and math.isnan(key)):
                return -math.inf
            return key
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.tooltip or None
        if role == Qt.ItemDataRole.TextAlignmentRole and self.numeric[column]:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if row.flagged and column == 0:
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor(FLAGGED)
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
        return None


def sorted_view(model: RowsModel) -> QSortFilterProxyModel:
    proxy = QSortFilterProxyModel(model)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    return proxy
