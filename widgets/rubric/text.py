"""Editors for written answers: ``text`` (a rationale, per response or not) and ``reply``.

Each field counts characters live, the way the validator does (after trimming), against the
question's ``min_length``/``max_length``, and turns the count red while it is outside them.
Tab leaves the field instead of typing a tab, so the form stays keyboard-navigable.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from guidelines.rubric import AnyQuestion, ReplyQuestion, TextQuestion
from widgets.rubric.base import QuestionEditor, ResponseRef
from widgets.rubric.parts import muted, row_label


class TextField(QWidget):
    """A plain-text box with its live character count underneath."""

    sig_edited = Signal()

    def __init__(
        self, name: str, lines: int, min_length: int, max_length: int | None, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.min_length, self.max_length = min_length, max_length
        self.edit = QPlainTextEdit(self)
        # Tab must move on to the next control, or a keyboard-only annotator is trapped here.
        self.edit.setTabChangesFocus(True)
        self.edit.setAccessibleName(name)
        self.edit.setTabChangesFocus(True)
        margins = self.edit.contentsMargins()
        frame = 2 * self.edit.frameWidth() + margins.top() + margins.bottom()
        line = self.edit.fontMetrics().lineSpacing()
        self.edit.setFixedHeight(
            lines * line + frame + 2 * int(self.edit.document().documentMargin())
        )
        self.count = muted(QLabel(self))
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.count.setAccessibleName(self.tr("Character count for {0}").format(name))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(self.edit)
        layout.addWidget(self.count)
        self.edit.textChanged.connect(self._on_changed)
        self._show_count()

    def text(self) -> str:
        return self.edit.toPlainText()

    def set_text(self, text: str) -> None:
        """Show ``text`` without announcing an edit."""
        with QSignalBlocker(self.edit):
            self.edit.setPlainText(text)
        self._show_count()

    def _on_changed(self) -> None:
        self._show_count()
        self.sig_edited.emit()

    def _show_count(self) -> None:
        n = len(self.text().strip())  # what the validator measures
        low, high = self.min_length, self.max_length
        if low > 0 and high is not None:
            text = self.tr("{0} characters ({1}–{2})").format(n, low, high)
        elif low > 0:
            text = self.tr("{0} characters (at least {1})").format(n, low)
        elif high is not None:
            text = self.tr("{0} / {1} characters").format(n, high)
        else:
            text = self.tr("{0} characters").format(n)
        self.count.setText(text)
        outside = (0 < n < low) or (high is not None and n > high)
        if self.count.property("warn") != outside:  # re-polishing on every key is slow
            self.count.setProperty("warn", outside)
            self.count.style().unpolish(self.count)  # re-read the style sheet's [warn] rule
            self.count.style().polish(self.count)


class TextEditor(QuestionEditor):
    """Edits free text: a string, or ``{response id: string}`` when it applies per response.

    ``value()`` leaves out blank fields (None when every field is blank); ``set_value``
    shows strings and ignores anything else.
    """

    LINES = 3

    def __init__(
        self,
        question: AnyQuestion,
        responses: Sequence[ResponseRef],
        lang: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(question, responses, lang, parent)
        assert isinstance(question, TextQuestion | ReplyQuestion)
        title = question.label.get(lang)
        self.setAccessibleName(title)
        high = question.max_length if isinstance(question, TextQuestion) else None
        self.row_ids: list[str | None] = (
            [r.id for r in self.responses] if question.per_response else [None]
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.fields: list[TextField] = []
        for response in self.responses if question.per_response else [None]:
            name = title
            if response is not None:
                name = self.tr("{0}, response {1}").format(title, response.label)
            field = TextField(name, self.LINES, question.min_length, high, self)
            field.sig_edited.connect(self.sig_changed)
            self.fields.append(field)
            if response is None:
                layout.addWidget(field)
                continue
            line = QHBoxLayout()
            line.addWidget(row_label(response.label, self), 0, Qt.AlignmentFlag.AlignTop)
            line.addWidget(field, 1)
            layout.addLayout(line)

    def value(self) -> Any | None:
        texts = [field.text() for field in self.fields]
        if not self.question.per_response:
            return texts[0] if texts[0].strip() else None
        answered = {
            rid: text
            for rid, text in zip(self.row_ids, texts, strict=True)
            if rid is not None and text.strip()
        }
        return answered or None

    def set_value(self, value: Any | None) -> None:
        if value is None:
            shown = [""] * len(self.fields)
        elif self.question.per_response:
            if not isinstance(value, Mapping):
                return  # not a per-response answer: ignored, as the contract says
            shown = [_text(value.get(rid)) for rid in self.row_ids]
        elif isinstance(value, str):
            shown = [value]
        else:
            return
        for field, text in zip(self.fields, shown, strict=True):
            field.set_text(text)

    def focus_first(self) -> None:
        self.fields[0].edit.setFocus(Qt.FocusReason.OtherFocusReason)


class ReplyEditor(TextEditor):
    """Edits a reply written from scratch: one string, in a taller box."""

    LINES = 8


def _text(stored: Any) -> str:
    """A stored per-response answer as text; anything but a string shows as blank."""
    return stored if isinstance(stored, str) else ""
