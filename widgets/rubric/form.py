"""The rubric form: every question of a guideline pack's rubric, one box each.

The form owns what lies between the editors: the answers as one JSON object, problems shown
beside their questions, moving on to the next question when an editor is done by keyboard,
scrolling the focused control into view, and the links between the rewrite and rankings (a
rewrite marked as a candidate must be ranked; the preferred response is where a rewrite
starts). Questions that apply to a pair are left out unless there are exactly two responses.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, QUrl, Signal
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea, QVBoxLayout, QWidget

from guidelines.rubric import Rubric
from guidelines.validate_answers import AnswerProblem
from widgets.rubric.base import QuestionEditor, ResponseRef
from widgets.rubric.factory import editor_for
from widgets.rubric.parts import muted
from widgets.rubric.question_box import QuestionBox
from widgets.rubric.style import FORM_STYLE

_SCROLL_MARGIN = 24  # pixels kept visible around a focused control
#: Problem codes whose message names the response by its id (guidelines/answer_messages.py).
_NAMES_RESPONSE = frozenset({"required", "unknown_response", "ranking_duplicate"})


class RubricForm(QWidget):
    """All questions of ``rubric`` for an item with ``responses`` (display order).

    ``answers()`` holds only answered questions; ``set_answers`` shows stored answers without
    emitting ``sig_answers_changed``, which is emitted after every edit by the annotator.
    ``sig_link_requested`` reports a link clicked in a question's help.
    """

    sig_answers_changed = Signal()
    sig_link_requested = Signal(QUrl)

    def __init__(
        self,
        rubric: Rubric,
        responses: Sequence[ResponseRef],
        lang: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.rubric = rubric
        self.responses = tuple(responses)
        self.lang = lang
        self._labels = {r.id: r.label for r in self.responses}
        self._loading = False
        self.setAccessibleName(self.tr("Rubric questions"))
        self.setStyleSheet(FORM_STYLE)

        self.form_problems = QLabel(self)
        self.form_problems.setProperty("problems", True)
        self.form_problems.setWordWrap(True)
        self.form_problems.setTextFormat(Qt.TextFormat.PlainText)
        self.form_problems.setAccessibleName(self.tr("Problems with the answers"))
        self.form_problems.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(0)
        layout.addWidget(self.form_problems)

        self._boxes: dict[str, QuestionBox] = {}
        for question in rubric.questions:
            if question.applies == "pair" and len(self.responses) != 2:
                continue  # the validator ignores pair questions on other items too
            editor = editor_for(question, self.responses, lang)
            box = QuestionBox(question, editor, lang, self)
            box.sig_link_requested.connect(self.sig_link_requested)
            editor.sig_changed.connect(self._edited)
            advance = getattr(editor, "sig_advance", None)
            if advance is not None:
                advance.connect(lambda qid=question.id: self.focus_next(qid))
            self._boxes[question.id] = box
            layout.addWidget(box)
        omitted = len(rubric.questions) - len(self._boxes)
        if omitted:
            notice = muted(QLabel(self), smaller=False)
            notice.setWordWrap(True)
            notice.setText(
                self.tr(
                    "{0} question(s) compare exactly two responses and do not apply to this "
                    "item, which has {1}."
                ).format(omitted, len(self.responses))
            )
            notice.setAccessibleName(self.tr("Questions left out"))
            layout.insertWidget(1, notice)
        layout.addStretch(1)
        self._link_rewrites()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)

    # -- questions -------------------------------------------------------------------------
    def question_ids(self) -> list[str]:
        """The ids of the questions shown, in display order."""
        return list(self._boxes)

    def editor(self, question_id: str) -> QuestionEditor:
        """The editor of ``question_id``; ``KeyError`` when the form does not show it."""
        return self._boxes[question_id].editor

    def box(self, question_id: str) -> QuestionBox:
        """The frame of ``question_id``: its title, help and problems label around the editor."""
        return self._boxes[question_id]

    def focus_question(self, question_id: str) -> None:
        """Scroll ``question_id`` into view and put focus on its first control."""
        box = self._boxes.get(question_id)
        if box is None:
            return
        scroll = self._scroll_area()
        if scroll is not None:
            scroll.ensureWidgetVisible(box.title, 0, _SCROLL_MARGIN)
        box.editor.focus_first()

    def focus_next(self, question_id: str) -> None:
        """Move on from ``question_id`` to the next question (the last one keeps focus)."""
        ids = self.question_ids()
        if question_id in ids and ids.index(question_id) + 1 < len(ids):
            self.focus_question(ids[ids.index(question_id) + 1])

    # -- answers ---------------------------------------------------------------------------
    def answers(self) -> dict[str, Any]:
        """``{question id: answer}`` for every answered question, in the validator's shape."""
        out: dict[str, Any] = {}
        for qid, box in self._boxes.items():
            value = box.editor.value()
            if value is not None:
                out[qid] = value
        return out

    def set_answers(self, answers: Mapping[str, Any]) -> None:
        """Show ``answers``; questions missing from it are cleared. Emits nothing."""
        self._loading = True
        try:
            with QSignalBlocker(self):
                for qid, box in self._boxes.items():
                    box.editor.set_value(answers.get(qid))
        finally:
            self._loading = False
        self._update_default_source()

    def _edited(self) -> None:
        if self._loading:
            return
        self._update_default_source()
        self.sig_answers_changed.emit()

    # -- problems --------------------------------------------------------------------------
    def set_problems(self, problems: Sequence[AnswerProblem]) -> None:
        """Show each problem beside its question; others (unknown ids) above the form."""
        self.clear_problems()
        by_question: dict[str, list[str]] = {}
        general: list[str] = []
        for problem in problems:
            text = self._problem_text(problem)
            if problem.question_id in self._boxes:
                by_question.setdefault(problem.question_id, []).append(text)
            else:
                general.append(text)
        for qid, messages in by_question.items():
            self._boxes[qid].show_problems(messages)
        self.form_problems.setText("\n".join(general))
        self.form_problems.setVisible(bool(general))

    def clear_problems(self) -> None:
        for box in self._boxes.values():
            box.show_problems([])
        self.form_problems.clear()
        self.form_problems.setVisible(False)

    def _problem_text(self, problem: AnswerProblem) -> str:
        """The message, naming a response by its blind label (never its stored id)."""
        rid = problem.response_id
        label = self._labels.get(rid) if rid is not None else None
        if rid is None or label is None:
            return problem.message
        # Only these sentences name the response, and by its id, after the question's label
        # ("“Tone” needs an answer for response r2."): so only the last match is swapped.
        matches = list(re.finditer(rf"(?<![\w-]){re.escape(rid)}(?![\w-])", problem.message))
        if matches and problem.code in _NAMES_RESPONSE:
            last = matches[-1]
            return problem.message[: last.start()] + label + problem.message[last.end() :]
        return self.tr("Response {0}: {1}").format(label, problem.message)

    # -- rewrite and ranking ---------------------------------------------------------------
    def _editors_of(self, kind: str) -> list[QuestionEditor]:
        return [b.editor for b in self._boxes.values() if b.question.kind == kind]

    def _link_rewrites(self) -> None:
        """A rewrite ticked as a candidate becomes an extra candidate of every ranking."""
        for rewrite in self._editors_of("rewrite"):
            toggled = getattr(rewrite, "sig_candidate_toggled", None)
            if toggled is not None:
                toggled.connect(lambda on, r=rewrite: self._candidate_toggled(r, on))

    def _candidate_toggled(self, rewrite: QuestionEditor, on: bool) -> None:
        candidate = getattr(rewrite, "candidate_id", rewrite.question.id)
        label = rewrite.candidate_label() if hasattr(rewrite, "candidate_label") else "R"
        for ranking in self._editors_of("ranking"):
            if hasattr(ranking, "set_extra_candidate"):
                ranking.set_extra_candidate(candidate if on else None, label)

    def _update_default_source(self) -> None:
        """A rewrite starts from the preferred response: the pairwise winner or rank 1."""
        preferred: str | None = None
        for editor in self._editors_of("pairwise") + self._editors_of("ranking"):
            value = editor.value()
            if isinstance(value, dict) and value.get("winner") in self._labels:
                preferred = value["winner"]
            elif isinstance(value, list) and value and len(value[0]) == 1:
                preferred = value[0][0] if value[0][0] in self._labels else None
            if preferred is not None:
                break
        if preferred is None:
            return
        for rewrite in self._editors_of("rewrite"):
            if hasattr(rewrite, "set_default_source"):
                rewrite.set_default_source(preferred)

    # -- focus -----------------------------------------------------------------------------
    def _scroll_area(self) -> QScrollArea | None:
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        return parent

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        # Keys move focus from row to row and question to question: keep it on screen.
        if new is None or not self.isAncestorOf(new):
            return
        scroll = self._scroll_area()
        if scroll is not None:
            scroll.ensureWidgetVisible(new, _SCROLL_MARGIN, _SCROLL_MARGIN)
