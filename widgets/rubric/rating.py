"""The rating editor: one labelled scale per response (or one for the item).

Each point is a chip showing its value and label, with the point's help as its tooltip.
Clicking a chip picks it; clicking the picked chip again clears the row (so can Backspace).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from guidelines.rubric import AnyQuestion, RatingQuestion, ScalePoint
from widgets.rubric.base import ResponseRef
from widgets.rubric.flow import GridFlowLayout
from widgets.rubric.keys import digit
from widgets.rubric.parts import ChipButton, chip_text, row_label, wrap_width
from widgets.rubric.rows import INVALID, ButtonRowsEditor


def digit_map(points: Sequence[ScalePoint]) -> dict[int, int]:
    """Digit typed → index of the point it picks.

    When every value is a single digit (0–4, 1–5, 1–7 …) a digit picks the point with that
    value, so the key matches the number on the chip; otherwise 1–9 pick the first nine
    points in order.
    """
    values = [p.value for p in points]
    if all(0 <= v <= 9 for v in values):
        return {v: i for i, v in enumerate(values)}
    return {n: n - 1 for n in range(1, min(len(points), 9) + 1)}


class RatingEditor(ButtonRowsEditor):
    """Edits a rating: an int on the scale, or ``{response id: int}`` per response.

    Keys: a digit picks the point whose value it is (see ``digit_map``) on the focused row
    and moves focus to the next row; Backspace/Delete clears the row.
    """

    def __init__(
        self,
        question: AnyQuestion,
        responses: Sequence[ResponseRef],
        lang: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(question, responses, lang, parent)
        assert isinstance(question, RatingQuestion)
        self.points = question.points
        self._digits = digit_map(self.points)
        self._wrap = wrap_width([p.label.get(lang) for p in self.points])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        for row, response_label in enumerate(self.row_labels):
            line = QHBoxLayout()
            if question.per_response:
                line.addWidget(row_label(response_label, self), 0, Qt.AlignmentFlag.AlignTop)
            host = QWidget(self)
            host.setAccessibleName(self._row_name(row))
            flow = GridFlowLayout(host)
            for point in self.points:
                chip = self._chip(row, point, host)
                flow.add(chip)
                self.cells[row].append(chip)
            line.addWidget(host, 1)
            layout.addLayout(line)

    def _row_name(self, row: int) -> str:
        if not self.question.per_response:
            return self.question.label.get(self.lang)
        return self.tr("Response {0}").format(self.row_labels[row])

    def _chip(self, row: int, point: ScalePoint, parent: QWidget) -> ChipButton:
        label = point.label.get(self.lang)
        chip = ChipButton(chip_text(str(point.value), label, self._wrap), parent)
        name = f"{point.value} {label}" if label != str(point.value) else str(point.value)
        if self.question.per_response:
            name = self.tr("Response {0}: {1}").format(self.row_labels[row], name)
        chip.setAccessibleName(name)
        if point.help is not None:
            chip.setToolTip(point.help.get(self.lang))
            chip.setAccessibleDescription(point.help.get(self.lang))
        chip.clicked.connect(partial(self._clicked, row, point.value))
        return chip

    def _clicked(self, row: int, value: int, _checked: bool = False) -> None:
        self.pick(row, None if self.answers[row] == value else value)

    # -- hooks -------------------------------------------------------------------------------
    def _coerce(self, stored: Any) -> Any:
        values = [p.value for p in self.points]
        if isinstance(stored, bool) or not isinstance(stored, int) or stored not in values:
            return INVALID
        return stored

    def _sync_row(self, row: int) -> None:
        for chip, point in zip(self.cells[row], self.points, strict=True):
            chip.setChecked(self.answers[row] == point.value)

    def _key(self, row: int, event: QKeyEvent) -> bool:
        typed = digit(event)
        if typed is None or typed not in self._digits:
            return False
        self.pick(row, self.points[self._digits[typed]].value, by_key=True)
        return True
