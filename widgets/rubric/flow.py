"""A layout that lays its items out as a grid of equal cells that wraps to the width.

Rating scales and pairwise strengths have labelled points whose buttons must stay readable in
a narrow side panel: on a wide panel the points sit on one line, on a narrow one they wrap,
and because every cell has the same size they still line up as a tidy grid, row under row.
The layout answers ``heightForWidth`` so a scroll area gives it the height it needs.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget, QWidgetItem


class GridFlowLayout(QLayout):
    """Equal cells, as many per line as fit (at least one), left to right then down."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        # Layout passes ask for the same sizes many times; both caches die in invalidate().
        self._cell_size: QSize | None = None
        self._heights: dict[int, int] = {}
        self.setContentsMargins(0, 0, 0, 0)

    # -- QLayout ---------------------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def add(self, widget: QWidget) -> None:
        """Add ``widget`` as the next cell (``addWidget`` keeps working too)."""
        self.addChildWidget(widget)
        self.addItem(QWidgetItem(widget))
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        if width not in self._heights:
            self._heights[width] = self._arrange(QRect(0, 0, width, 0), move=False)
        return self._heights[width]

    def invalidate(self) -> None:
        self._cell_size = None
        self._heights.clear()
        super().invalidate()

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        cell, n = self._cell(), len(self._visible())
        margins = self.contentsMargins()
        width = n * cell.width() + max(0, n - 1) * self._spacing
        return QSize(
            width + margins.left() + margins.right(),
            cell.height() + margins.top() + margins.bottom(),
        )

    def minimumSize(self) -> QSize:
        margins = self.contentsMargins()
        cell = self._cell()
        return QSize(
            cell.width() + margins.left() + margins.right(),
            cell.height() + margins.top() + margins.bottom(),
        )

    # -- geometry --------------------------------------------------------------------------
    def _visible(self) -> list[QLayoutItem]:
        visible = []
        for item in self._items:
            widget = item.widget()
            if widget is None or not widget.isHidden():
                visible.append(item)
        return visible

    def _cell(self) -> QSize:
        """The size of every cell: the widest and the tallest size hint."""
        if self._cell_size is None:
            width = height = 0
            for item in self._visible():
                hint = item.sizeHint()
                width, height = max(width, hint.width()), max(height, hint.height())
            self._cell_size = QSize(width, height)
        return self._cell_size

    def _arrange(self, rect: QRect, move: bool) -> int:
        """Place the items in ``rect`` (when ``move``); returns the height they need."""
        items = self._visible()
        margins = self.contentsMargins()
        inner = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        if not items:
            return 0
        cell = self._cell()
        width = min(cell.width(), max(inner.width(), 1))
        per_line = max(1, (inner.width() + self._spacing) // (width + self._spacing))
        # Balance the lines (5 chips as 3 + 2, not 4 + 1) so none is left alone at the end.
        lines = (len(items) + per_line - 1) // per_line
        per_line = (len(items) + lines - 1) // lines
        # Cells share out the line's spare width (up to twice their own), so wrapped lines
        # end flush with the first instead of leaving a ragged gap on the right.
        filled = (inner.width() - (per_line - 1) * self._spacing) // per_line
        width = max(width, min(filled, 2 * cell.width()))
        lines = (len(items) + per_line - 1) // per_line
        if move:
            for index, item in enumerate(items):
                line, column = divmod(index, per_line)
                top_left = QPoint(
                    inner.x() + column * (width + self._spacing),
                    inner.y() + line * (cell.height() + self._spacing),
                )
                item.setGeometry(QRect(top_left, QSize(width, cell.height())))
        height = lines * cell.height() + (lines - 1) * self._spacing
        return height + margins.top() + margins.bottom()
