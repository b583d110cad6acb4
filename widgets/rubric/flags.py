"""The flags editor: tick the options that apply, or say that none does.

Unanswered versus "none applies". An empty list is an answer ("none applies"), so a row
with nothing ticked cannot simply mean ``[]``: an annotator who has not looked yet would
silently answer. Every row therefore has an explicit "None apply" box. A row is
unanswered (None) until an option or "None apply" is ticked; ticking "None apply" unticks
the options and answers ``[]``; ticking an option unticks "None apply"; unticking the last
option makes the row unanswered again. A required flags question so asks for a deliberate
"none" rather than taking silence for one.

Layout. For the item: one checkbox per option. Per response: a grid with one row per option
and one column per response (A, B…), which stays compact with many options; the responses'
columns are still the editor's *rows* (``self.row_ids``), and Tab walks down a column.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCheckBox, QWidget

from guidelines.rubric import AnyQuestion, FlagsQuestion
from widgets.rubric.base import ResponseRef
from widgets.rubric.keys import digit
from widgets.rubric.option_layout import OptionLine, lay_out_options
from widgets.rubric.rows import INVALID, ButtonRowsEditor

NONE_KEY = 0  # the digit that ticks "None apply"; 1–9 toggle the first nine options


class FlagsEditor(ButtonRowsEditor):
    """Edits flags: a list of option ids (``[]`` = none applies), or ``{response id: [...]}``.

    Keys on the focused row: 1–9 toggle options 1–9, 0 toggles "None apply" (later options:
    Tab and Space), Return moves on to the next row, Backspace/Delete clears the row.
    """

    def __init__(
        self,
        question: AnyQuestion,
        responses: Sequence[ResponseRef],
        lang: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(question, responses, lang, parent)
        assert isinstance(question, FlagsQuestion)
        self.options = question.options
        self.option_ids = [o.id for o in self.options]
        # Boxes are created row by row (response by response): that is the Tab order.
        for row in range(len(self.row_ids)):
            for index, option in enumerate(self.options):
                self.cells[row].append(self._box(row, option.label.get(lang), index))
            self.cells[row].append(self._box(row, self.tr("None apply"), None))
        lines = [
            OptionLine(
                o.label.get(lang),
                str(index + 1) if index < 9 else "",
                o.help.get(lang) if o.help is not None else None,
            )
            for index, o in enumerate(self.options)
        ]
        lines.append(OptionLine(self.tr("None apply"), str(NONE_KEY)))
        lay_out_options(self, lines, self.cells, self.row_labels if question.per_response else None)

    def _box(self, row: int, name: str, index: int | None) -> QCheckBox:
        box = QCheckBox(self)
        if self.question.per_response:
            box.setAccessibleName(self.tr("Response {0}: {1}").format(self.row_labels[row], name))
        else:
            box.setAccessibleName(name)
        box.clicked.connect(partial(self._clicked, row, index))
        return box

    # -- answers -----------------------------------------------------------------------------
    def _clicked(self, row: int, index: int | None, _checked: bool = False) -> None:
        self.pick(row, self._toggled(self.answers[row], index))

    def _toggled(self, answer: list[str] | None, index: int | None) -> list[str] | None:
        """The row's answer after toggling option ``index`` (None: "None apply")."""
        if index is None:
            return None if answer == [] else []
        option = self.option_ids[index]
        # Ticks keep the order they were made in (the answer's order is not significant);
        # nothing ticked is "unanswered", not "none applies".
        chosen = [oid for oid in answer or [] if oid != option]
        if option not in (answer or []):
            chosen.append(option)
        return chosen or None

    def _coerce(self, stored: Any) -> Any:
        if not isinstance(stored, list) or not all(isinstance(v, str) for v in stored):
            return INVALID
        if not set(stored) <= set(self.option_ids) or len(set(stored)) != len(stored):
            return INVALID
        return list(stored)

    def _sync_row(self, row: int) -> None:
        answer = self.answers[row]
        for box, oid in zip(self.cells[row], self.option_ids, strict=False):
            box.setChecked(answer is not None and oid in answer)
        self.cells[row][-1].setChecked(answer == [])

    def _key(self, row: int, event: QKeyEvent) -> bool:
        typed = digit(event)
        if typed is None:
            return False
        index = None if typed == NONE_KEY else typed - 1
        if index is not None and index >= len(self.options):
            return False
        self.pick(row, self._toggled(self.answers[row], index))
        return True
