"""The pairwise editor: which of two responses wins, and by how much.

A half-given answer is kept, not dropped: after picking a winner on a question with a
strength scale, ``value()`` is ``{"winner": id}`` until a strength is picked. Autosave then
keeps the pick, and the validator names what is missing ("say how much better") instead of
calling the whole question unanswered.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from guidelines.rubric import BOTH_BAD, TIE, AnyQuestion, PairwiseQuestion
from widgets.rubric.base import QuestionEditor, ResponseRef
from widgets.rubric.flow import GridFlowLayout
from widgets.rubric.keys import digit, is_clear, typed
from widgets.rubric.parts import ChipButton, chip_text, wrap_width

TIE_KEY, BOTH_BAD_KEY = "t", "x"


class PairwiseEditor(QuestionEditor):
    """Edits ``{"winner": id | "tie" | "both_bad", "strength": point id}``.

    ``strength`` is present exactly when a response wins and the question has a scale (the
    points strongest first); it is shown only then. Tie and both bad appear only when the
    question allows them.

    Keys: a response's letter (``a``, ``b``) picks it as the winner, then focus goes to the
    strength; ``1``–``n`` pick the strength; ``t`` tie, ``x`` both bad; Backspace/Delete
    clears. Once the answer is complete by keyboard ``sig_advance`` asks the form to go on.
    Clicking the chosen chip again unpicks it.
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
        assert isinstance(question, PairwiseQuestion)
        self.pairwise = question
        self.setAccessibleName(question.label.get(lang))
        self.winner: str | None = None
        self.strength: str | None = None
        self._labels = {r.id: r.label for r in self.responses}
        self._keys: dict[str, str] = {}  # key letter → winner value

        winners = QWidget(self)
        winners.setAccessibleName(self.tr("Winner"))
        winner_flow = GridFlowLayout(winners)
        self.winner_chips: dict[str, ChipButton] = {}
        for index, response in enumerate(self.responses):
            key = _letter(response.label, index)
            self._keys[key] = response.id
            chip = self._winner_chip(
                response.id, key, self.tr("{0} is better").format(response.label)
            )
            winner_flow.add(chip)
        for allowed, outcome, key, text in (
            (question.allow_tie, TIE, TIE_KEY, self.tr("Tie")),
            (question.allow_both_bad, BOTH_BAD, BOTH_BAD_KEY, self.tr("Both bad")),
        ):
            if allowed and key not in self._keys:  # a response lettered T or X keeps its key
                self._keys[key] = outcome
                winner_flow.add(self._winner_chip(outcome, key, text))

        self.strength_caption = QLabel(self)
        self.strength_caption.setTextFormat(Qt.TextFormat.PlainText)
        self.strength_host = QWidget(self)
        self.strength_host.setAccessibleName(self.tr("Strength"))
        strength_flow = GridFlowLayout(self.strength_host)
        wrap = wrap_width([point.label.get(lang) for point in question.strength])
        self.strength_chips: dict[str, ChipButton] = {}
        for number, point in enumerate(question.strength, start=1):
            label = point.label.get(lang)
            chip = ChipButton(chip_text(str(number), label, wrap), self.strength_host)
            chip.setAccessibleName(label)
            if point.help is not None:
                chip.setToolTip(point.help.get(lang))
                chip.setAccessibleDescription(point.help.get(lang))
            chip.clicked.connect(partial(self._strength_clicked, point.id))
            strength_flow.add(chip)
            self.strength_chips[point.id] = chip

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(winners)
        layout.addWidget(self.strength_caption)
        layout.addWidget(self.strength_host)
        self._sync()

    def _winner_chip(self, outcome: str, key: str, text: str) -> ChipButton:
        chip = ChipButton(chip_text(key.upper(), text), self)
        chip.setAccessibleName(text)
        chip.clicked.connect(partial(self._winner_clicked, outcome))
        self.winner_chips[outcome] = chip
        return chip

    # -- the QuestionEditor contract -------------------------------------------------------
    def value(self) -> dict[str, str] | None:
        if self.winner is None:
            return None
        out = {"winner": self.winner}
        if self._response_wins() and self.strength is not None:
            out["strength"] = self.strength
        return out

    def set_value(self, value: Any | None) -> None:
        if value is None:
            self.winner = self.strength = None
        elif isinstance(value, Mapping) and value.get("winner") in self.winner_chips:
            self.winner = value["winner"]
            strength = value.get("strength")
            self.strength = strength if strength in self.strength_chips else None
        else:
            return  # not an answer this question can show: ignored
        self._sync()

    def focus_first(self) -> None:
        chips = list(self.winner_chips.values())
        checked = [c for c in chips if c.isChecked()]
        (checked or chips)[0].setFocus(Qt.FocusReason.OtherFocusReason)

    # -- editing ---------------------------------------------------------------------------
    def _response_wins(self) -> bool:
        return self.winner is not None and self.winner not in (TIE, BOTH_BAD)

    def _winner_clicked(self, outcome: str, _checked: bool = False) -> None:
        self._set_winner(None if self.winner == outcome else outcome)

    def _strength_clicked(self, point: str, _checked: bool = False) -> None:
        self.strength = None if self.strength == point else point
        self._edited()

    def _set_winner(self, outcome: str | None) -> None:
        self.winner = outcome
        if not self._response_wins():
            self.strength = None  # a tie has no strength; switching A → B keeps it
        self._edited()

    def _edited(self) -> None:
        self._sync()
        self.sig_changed.emit()

    def _sync(self) -> None:
        for outcome, chip in self.winner_chips.items():
            chip.setChecked(outcome == self.winner)
        for point, chip in self.strength_chips.items():
            chip.setChecked(point == self.strength)
        show = self._response_wins() and bool(self.strength_chips)
        focus = self.focusWidget()
        if not show and focus is not None and self.strength_host.isAncestorOf(focus):
            self.focus_first()  # never leave focus on a chip that is about to hide
        if self.winner is not None and show:
            label = self._labels.get(self.winner, "")
            self.strength_caption.setText(self.tr("How much better is {0}?").format(label))
        self.strength_caption.setVisible(show)
        self.strength_host.setVisible(show)

    # -- keys ------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if is_clear(event):
            if self.winner is not None:
                self._set_winner(None)
            return
        letter, number = typed(event), digit(event)
        points = list(self.strength_chips)
        if letter in self._keys:
            self._set_winner(self._keys[letter])
            if self._response_wins() and points:
                chip = self.strength_chips.get(self.strength or "", self.strength_chips[points[0]])
                chip.setFocus(Qt.FocusReason.OtherFocusReason)
            else:
                self.sig_advance.emit()
        elif number is not None and self._response_wins() and 1 <= number <= len(points):
            self.strength = points[number - 1]
            self._edited()
            self.sig_advance.emit()
        else:
            super().keyPressEvent(event)


def _letter(label: str, index: int) -> str:
    """The key that picks a response: its one-letter label, else a, b… by position."""
    if len(label) == 1 and label.isalpha():
        return label.lower()
    return "abcdefghijklmnopqrsuvwyz"[index]  # skips t and x, the tie and both-bad keys
