"""The choice editor: exactly one option, for the item, the pair, or each response.

Options are radio buttons managed by the editor rather than by Qt's exclusive groups, so a
row can be cleared again: optional questions (such as a skip reason, which waives every
required answer once given) get a Clear button, and Backspace/Delete clears the focused row.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QPushButton, QRadioButton, QWidget

from guidelines.rubric import AnyQuestion, ChoiceQuestion
from widgets.rubric.base import ResponseRef
from widgets.rubric.keys import digit
from widgets.rubric.option_layout import OptionLine, lay_out_options
from widgets.rubric.rows import INVALID, ButtonRowsEditor


class ChoiceEditor(ButtonRowsEditor):
    """Edits a choice: one option id, or ``{response id: option id}`` per response.

    Keys on the focused row: 1–9 pick options 1–9 and move on to the next row (or question),
    Return moves on without answering, Backspace/Delete clears the row.
    """

    def __init__(
        self,
        question: AnyQuestion,
        responses: Sequence[ResponseRef],
        lang: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(question, responses, lang, parent)
        assert isinstance(question, ChoiceQuestion)
        self.option_ids = [o.id for o in question.options]
        self.clear_buttons: list[QPushButton] = []
        for row in range(len(self.row_ids)):
            for index, option in enumerate(question.options):
                self.cells[row].append(self._radio(row, option.label.get(lang), index))
            if not question.required:
                self.clear_buttons.append(self._clear_button(row))
        lines = [
            OptionLine(
                o.label.get(lang),
                str(index + 1) if index < 9 else "",
                o.help.get(lang) if o.help is not None else None,
            )
            for index, o in enumerate(question.options)
        ]
        per_response = self.row_labels if question.per_response else None
        lay_out_options(self, lines, self.cells, per_response, self.clear_buttons)
        for row in range(len(self.row_ids)):
            self._sync_row(row)

    def _radio(self, row: int, name: str, index: int) -> QRadioButton:
        radio = QRadioButton(self)
        radio.setAutoExclusive(False)  # the editor keeps one checked; see the module doc
        if self.question.per_response:
            name = self.tr("Response {0}: {1}").format(self.row_labels[row], name)
        radio.setAccessibleName(name)
        radio.clicked.connect(partial(self._clicked, row, index))
        return radio

    def _clear_button(self, row: int) -> QPushButton:
        button = QPushButton(self)
        button.setProperty("small", True)
        button.setAutoDefault(False)
        if self.question.per_response:
            # A narrow sign under each response's column; the name and tooltip say it.
            name = self.tr("Clear the answer for response {0}").format(self.row_labels[row])
            button.setText(self.tr("×"))
            button.setToolTip(name)
        else:
            name = self.tr("Clear the choice")
            button.setText(self.tr("Clear"))
        button.setAccessibleName(name)
        button.clicked.connect(partial(self._clear_clicked, row))
        return button

    def _clicked(self, row: int, index: int, _checked: bool = False) -> None:
        self.pick(row, self.option_ids[index])  # clicking the chosen radio keeps it chosen

    def _clear_clicked(self, row: int, _checked: bool = False) -> None:
        if self.answers[row] is not None:
            self.pick(row, None)
        self.focus_row(row)  # the button is now disabled; keep focus in the row

    # -- hooks -------------------------------------------------------------------------------
    def _coerce(self, stored: Any) -> Any:
        return stored if isinstance(stored, str) and stored in self.option_ids else INVALID

    def _sync_row(self, row: int) -> None:
        for radio, oid in zip(self.cells[row], self.option_ids, strict=True):
            radio.setChecked(self.answers[row] == oid)
        if self.clear_buttons:
            self.clear_buttons[row].setEnabled(self.answers[row] is not None)

    def _key(self, row: int, event: QKeyEvent) -> bool:
        typed = digit(event)
        if typed is None or not 1 <= typed <= min(len(self.option_ids), 9):
            return False
        self.pick(row, self.option_ids[typed - 1], by_key=True)
        return True
