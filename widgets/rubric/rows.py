"""What the button-driven editors (rating, flags, choice) share: rows of buttons.

A *row* is one thing that gets one answer: a response when the question applies per
response, else the whole item (or pair). The base keeps the answers, turns them into the
validator's shape, finds the row that has keyboard focus, and moves focus on after a key
picked an answer; subclasses build the buttons and say what a key or a click means.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QWidget

from guidelines.rubric import AnyQuestion
from widgets.rubric.base import QuestionEditor, ResponseRef
from widgets.rubric.keys import is_clear, is_plain

#: ``_coerce`` returns this for a stored answer the editor cannot show.
INVALID = object()


class ButtonRowsEditor(QuestionEditor):
    """Base of editors answered with buttons, one answer per row.

    Subclasses fill ``self.cells[row]`` with the row's focusable buttons (in tab order) and
    implement ``_coerce`` (a stored answer → the row's answer, or ``INVALID``), ``_sync_row``
    (show ``self.answers[row]``) and ``_key`` (handle a key on a row). Rows are
    ``self.row_ids``: the response ids, or ``[None]`` for one answer for the item.

    Keys shared by every subclass: Backspace/Delete clears the focused row; Return moves on
    to the next row (or question) without answering. After a key
    picks an answer (``pick(row, answer, by_key=True)``) focus moves to the next row; after
    the last row ``sig_advance`` asks the form to go on to the next question.
    """

    sig_advance = Signal()

    def __init__(
        self,
        question: AnyQuestion,
        responses: Sequence[ResponseRef],
        lang: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(question, responses, lang, parent)
        self.setAccessibleName(question.label.get(lang))
        self.row_ids: list[str | None] = (
            [r.id for r in self.responses] if question.per_response else [None]
        )
        self.row_labels: list[str] = (
            [r.label for r in self.responses] if question.per_response else [""]
        )
        self.answers: list[Any | None] = [None] * len(self.row_ids)
        self.cells: list[list[QAbstractButton]] = [[] for _ in self.row_ids]

    # -- the QuestionEditor contract -------------------------------------------------------
    def value(self) -> Any | None:
        if not self.question.per_response:
            return self.answers[0]
        answered = {
            rid: answer
            for rid, answer in zip(self.row_ids, self.answers, strict=True)
            if answer is not None
        }
        return answered or None

    def set_value(self, value: Any | None) -> None:
        if value is None:
            shown: list[Any | None] = [None] * len(self.row_ids)
        elif self.question.per_response:
            if not isinstance(value, Mapping):
                return  # not a per-response answer: ignored, as the contract says
            # Show what can be shown; a response's answer this scale cannot hold is dropped.
            shown = [self._shown(value.get(rid)) for rid in self.row_ids]
        else:
            answer = self._shown(value)
            if answer is None:
                return
            shown = [answer]
        self.answers = shown
        for row in range(len(self.row_ids)):
            self._sync_row(row)

    def focus_first(self) -> None:
        self.focus_row(0)

    # -- for subclasses ----------------------------------------------------------------------
    def pick(self, row: int, answer: Any | None, by_key: bool = False) -> None:
        """The annotator answered ``row`` with ``answer`` (None clears it)."""
        self.answers[row] = answer
        self._sync_row(row)
        self.sig_changed.emit()
        if by_key and answer is not None:
            self.advance_from(row)

    def advance_from(self, row: int) -> None:
        """Focus the next row, or ask the form for the next question after the last row."""
        if row + 1 < len(self.row_ids):
            self.focus_row(row + 1, self._focused_column(row))
        else:
            self.sig_advance.emit()

    def focus_row(self, row: int, column: int = 0) -> None:
        """Focus the row's checked button, else its button at ``column``."""
        cells = self.cells[row] if 0 <= row < len(self.cells) else []
        if not cells:
            return
        checked = [c for c in cells if c.isChecked()]
        target = checked[0] if checked else cells[min(max(column, 0), len(cells) - 1)]
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def focused_row(self) -> int:
        """The row holding keyboard focus; the first row when focus is elsewhere."""
        focus = self.focusWidget()
        for row, cells in enumerate(self.cells):
            if focus in cells:
                return row
        return 0

    def _focused_column(self, row: int) -> int:
        focus = self.focusWidget()
        cells = self.cells[row]
        return cells.index(focus) if focus in cells else 0

    def _shown(self, stored: Any) -> Any | None:
        if stored is None:
            return None
        answer = self._coerce(stored)
        return None if answer is INVALID else answer

    # -- hooks -------------------------------------------------------------------------------
    def _coerce(self, stored: Any) -> Any:
        raise NotImplementedError

    def _sync_row(self, row: int) -> None:
        raise NotImplementedError

    def _key(self, row: int, event: QKeyEvent) -> bool:
        raise NotImplementedError

    # -- keys ----------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Keys the focused button does not use (digits, letters, Backspace) arrive here.
        row = self.focused_row()
        if is_clear(event):
            if self.answers[row] is not None:
                self.pick(row, None)
            event.accept()
            return
        if is_plain(event) and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.advance_from(row)
            event.accept()
            return
        if self._key(row, event):
            event.accept()
            return
        super().keyPressEvent(event)
