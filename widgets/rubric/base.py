"""What every question editor promises the rubric form.

An editor shows and edits the answer to one rubric question, in exactly the JSON shape the
pack's validator expects (docs/guideline-pack.md, "Questions"). The form owns the layout
around it (label, help, inline problems); the editor owns only the answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from guidelines.rubric import AnyQuestion


@dataclass(frozen=True)
class ResponseRef:
    """A response as the form knows it: its stored id, its blind label (A, B…) and text."""

    id: str
    label: str
    text: str


class QuestionEditor(QWidget):
    """Edits one question's answer.

    Contract:
    - ``value()`` is the answer in the validator's JSON shape, or ``None`` while unanswered;
      per-response questions return ``{response id: answer}`` with only answered responses.
    - ``set_value(v)`` shows ``v`` (``None`` clears) and does NOT emit ``sig_changed``;
      a value the editor cannot show (e.g. from an older pack) is ignored, never raised.
    - ``sig_changed`` is emitted after every edit by the user, so the form can autosave.
    - ``focus_first()`` puts keyboard focus on the editor's first control.
    Responses arrive in display order; labels are what the annotator sees, ids are stored.
    """

    sig_changed = Signal()

    def __init__(
        self,
        question: AnyQuestion,
        responses: Sequence[ResponseRef],
        lang: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.question = question
        self.responses = tuple(responses)
        self.lang = lang

    def value(self) -> Any | None:
        raise NotImplementedError

    def set_value(self, value: Any | None) -> None:
        raise NotImplementedError

    def focus_first(self) -> None:
        self.focusNextChild()
