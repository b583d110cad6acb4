"""One judgment under review: the item as the annotator saw it (their display order), their
answers in the rubric form, QC findings, the review history, and the lead's decision.

The form is read-only until the lead chooses "Fix": then it is theirs to edit, and
"Accept with fix" sends their answers as a separate revision. Every decision leaves as
``sig_decided(outcome, comment, fixed_answers_or_None)``; the view holds no HTTP.
Findings, history and comments are untrusted text and are shown as plain text only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from guidelines.rubric import Rubric
from widgets.item_view import ItemView
from widgets.rubric.base import ResponseRef
from widgets.rubric.form import RubricForm
from widgets.view_models import ItemContent


def _plain_label(name: str) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(name)
    return label


class ReviewDetail(QSplitter):
    sig_decided = Signal(str, str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setAccessibleName(self.tr("Judgment under review"))
        self.setChildrenCollapsible(False)
        self.item_view = ItemView()
        self.addWidget(self.item_view)
        side = QWidget()
        column = QVBoxLayout(side)
        self.header = _plain_label(self.tr("Judgment"))
        self.header.setStyleSheet("font-weight: 600;")
        self.findings = _plain_label(self.tr("QC findings"))
        self.findings.setStyleSheet("color: palette(text); background: #fff4d6; padding: 6px;")
        self.history = _plain_label(self.tr("Review history"))
        self.form_area = QScrollArea()
        self.form_area.setWidgetResizable(True)
        self.form_area.setAccessibleName(self.tr("The annotator's answers"))
        self.form: RubricForm | None = None
        self.comment = QPlainTextEdit()
        self.comment.setAccessibleName(self.tr("Comment to the annotator"))
        self.comment.setPlaceholderText(self.tr("Comment to the annotator (required to return)"))
        self.comment.setTabChangesFocus(True)
        self.comment.setMaximumHeight(90)
        self.status = _plain_label(self.tr("Review status"))
        self.accept_button = QPushButton(self.tr("&Accept"))
        self.return_button = QPushButton(self.tr("&Return"))
        self.fix_button = QPushButton(self.tr("&Fix…"))
        self.fix_button.setCheckable(True)
        self.save_fix_button = QPushButton(self.tr("Accept &with fix"))
        self.accept_button.setToolTip(self.tr("Accept (Ctrl+Enter)"))
        for button, name in (
            (self.accept_button, self.tr("Accept the judgment")),
            (self.return_button, self.tr("Return the judgment with the comment")),
            (self.fix_button, self.tr("Edit the answers to fix them")),
            (self.save_fix_button, self.tr("Accept with your fixed answers")),
        ):
            button.setAccessibleName(name)
        self.accept_button.clicked.connect(lambda: self._decide("accepted"))
        self.return_button.clicked.connect(lambda: self._decide("returned"))
        self.save_fix_button.clicked.connect(lambda: self._decide("fixed"))
        self.fix_button.toggled.connect(self._fix_mode)
        QShortcut(QKeySequence("Ctrl+Return"), self, lambda: self._decide("accepted"))
        buttons = QHBoxLayout()
        for button in (
            self.accept_button,
            self.return_button,
            self.fix_button,
            self.save_fix_button,
        ):
            buttons.addWidget(button)
        column.addWidget(self.header)
        column.addWidget(self.findings)
        column.addWidget(self.form_area, 1)
        column.addWidget(self.history)
        column.addWidget(self.comment)
        column.addLayout(buttons)
        column.addWidget(self.status)
        self.addWidget(side)
        self.setStretchFactor(0, 3)
        self.setStretchFactor(1, 2)
        self.clear(self.tr("Choose a judgment in the queue."))

    # -- what is shown -----------------------------------------------------------------

    def clear(self, message: str) -> None:
        self.item_view.show_placeholder(message)
        self.header.setText("")
        self.findings.setVisible(False)
        self.history.setText("")
        self._set_form(None)
        self.comment.clear()
        self.status.setText("")
        self._enable(False)

    def show_judgment(
        self,
        header: str,
        content: ItemContent,
        rubric: Rubric | None,
        answers: Mapping[str, Any],
        findings: Sequence[str],
        history: Sequence[str],
        lang: str | None = None,
    ) -> None:
        """Show a judgment; ``content.responses`` are in the annotator's display order."""
        self.item_view.show_item(content)
        self.header.setText(header)
        self.findings.setText("\n".join(f"⚑ {f}" for f in findings))
        self.findings.setVisible(bool(findings))
        self.history.setText("\n".join(history))
        form = None
        if rubric is not None:
            refs = [ResponseRef(r.id, r.label, r.text) for r in content.responses]
            form = RubricForm(rubric, refs, lang)
            form.set_answers(answers)
        self._set_form(form)
        self.comment.clear()
        self.status.setText("" if rubric else self.tr("The guideline pack is not available."))
        self._enable(True)
        self.fix_button.setEnabled(form is not None)

    def set_busy(self, busy: bool, message: str = "") -> None:
        self._enable(not busy)
        self.status.setText(message)

    def show_problem(self, message: str) -> None:
        self._enable(True)
        self.status.setText(message)

    # -- decisions ---------------------------------------------------------------------

    def _set_form(self, form: RubricForm | None) -> None:
        old = self.form_area.takeWidget()
        if old is not None:
            old.deleteLater()
        self.form = form
        if form is not None:
            form.setEnabled(False)
            self.form_area.setWidget(form)
        self.fix_button.blockSignals(True)
        self.fix_button.setChecked(False)
        self.fix_button.blockSignals(False)
        self.save_fix_button.setVisible(False)

    def _fix_mode(self, on: bool) -> None:
        if self.form is not None:
            self.form.setEnabled(on)
        self.save_fix_button.setVisible(on)
        self.accept_button.setEnabled(not on)

    def _enable(self, on: bool) -> None:
        for button in (
            self.accept_button,
            self.return_button,
            self.fix_button,
            self.save_fix_button,
        ):
            button.setEnabled(on)
        if on and self.fix_button.isChecked():
            self.accept_button.setEnabled(False)

    def _decide(self, outcome: str) -> None:
        if not self.accept_button.isEnabled() and outcome == "accepted":
            return
        comment = self.comment.toPlainText().strip()
        if outcome == "returned" and not comment:
            self.status.setText(self.tr("Write what the annotator should change, then Return."))
            self.comment.setFocus()
            return
        fixed = self.form.answers() if outcome == "fixed" and self.form is not None else None
        self.sig_decided.emit(outcome, comment, fixed)
