"""Helpers for the rubric form tests: responses, shipped rubrics, typing on the focus."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from guidelines import LocalText, Rubric, load_pack
from guidelines.rubric import (
    AnyQuestion,
    ChoiceQuestion,
    FlagsQuestion,
    PairwiseQuestion,
    RankingQuestion,
    RatingQuestion,
    ReplyQuestion,
    TextQuestion,
)
from guidelines.templates import TEMPLATES, template_path
from widgets.rubric.base import QuestionEditor, ResponseRef
from widgets.rubric.form import RubricForm
from widgets.rubric.rating import digit_map

TEMPLATE_NAMES = sorted(TEMPLATES)

Key = str | Qt.Key


def text(en: str) -> LocalText:
    return LocalText.of(en=en)


def responses(n: int, prefix: str = "resp-") -> list[ResponseRef]:
    """``n`` responses whose stored ids differ from their blind labels A, B…"""
    return [ResponseRef(f"{prefix}{i}", "ABCDEFGHI"[i], f"Response {i}") for i in range(n)]


@cache
def template_rubric(name: str) -> Rubric:
    return load_pack(template_path(name)).rubric


def show(qtbot: QtBot, widget: QWidget, width: int = 480, height: int = 700) -> None:
    """Show ``widget`` in an active window, so focus and ``:focus`` styles are real."""
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    widget.activateWindow()
    qtbot.waitExposed(widget)


def make_form(
    qtbot: QtBot, rubric: Rubric, refs: Sequence[ResponseRef], lang: str = "en"
) -> RubricForm:
    form = RubricForm(rubric, refs, lang)
    show(qtbot, form)
    return form


def focused(root: QWidget) -> QWidget:
    """The widget under ``root`` that has (or would have) keyboard focus."""
    focus = QApplication.focusWidget()
    if focus is not None and (focus is root or root.isAncestorOf(focus)):
        return focus
    return root.focusWidget() or root


def press(qtbot: QtBot, root: QWidget, *keys: Key) -> None:
    """Type ``keys`` one by one into whatever has focus under ``root`` at that moment."""
    for key in keys:
        qtbot.keyClick(focused(root), key)


def answer_by_keyboard(
    qtbot: QtBot, form: RubricForm, rubric: Rubric, refs: Sequence[ResponseRef]
) -> dict[str, Any]:
    """Answer every question the form shows (skip reasons aside) by keyboard only.

    Returns the answers that typing should have produced. Choices avoid every shipped
    rule: the first response is never flagged as spam or harmful, nothing scores 5 for
    truthfulness while flagged with an untruth.
    """
    expected: dict[str, Any] = {}
    for qid in form.question_ids():
        question = rubric.question(qid)
        assert question is not None
        if isinstance(question, ChoiceQuestion) and question.skip_reason:
            continue
        form.focus_question(qid)
        expected[qid] = _answer(qtbot, form, form.editor(qid), question, refs)
    return expected


def _answer(
    qtbot: QtBot,
    form: RubricForm,
    editor: QuestionEditor,
    question: AnyQuestion,
    refs: Sequence[ResponseRef],
) -> Any:
    rows: list[ResponseRef | None] = list(refs) if question.per_response else [None]
    answers: list[Any] = []
    if isinstance(question, RatingQuestion):
        keys = {index: str(key) for key, index in digit_map(question.points).items()}
        for row in range(len(rows)):
            index = row % len(question.points)
            press(qtbot, form, keys[index])  # focus moves on to the next row by itself
            answers.append(question.points[index].value)
    elif isinstance(question, FlagsQuestion):
        for row in range(len(rows)):
            if row == 0 and len(question.options) >= 3:
                press(qtbot, form, "3", Qt.Key.Key_Return)
                answers.append([question.options[2].id])
            else:
                press(qtbot, form, "0", Qt.Key.Key_Return)
                answers.append([])
    elif isinstance(question, ChoiceQuestion):
        for _row in rows:
            press(qtbot, form, "1")
            answers.append(question.options[0].id)
    elif isinstance(question, PairwiseQuestion):
        press(qtbot, form, refs[1].label.lower())
        if question.strength:
            press(qtbot, form, "1")
            return {"winner": refs[1].id, "strength": question.strength[0].id}
        return {"winner": refs[1].id}
    elif isinstance(question, TextQuestion | ReplyQuestion):
        for row in range(len(rows)):
            written = f"Reason {row}: the figures check out."
            qtbot.keyClicks(focused(form), written)
            press(qtbot, form, Qt.Key.Key_Tab)  # Tab leaves the box for the next one
            answers.append(written)
    elif isinstance(question, RankingQuestion):
        target = editor.focusProxy() or editor
        for ref in refs:
            qtbot.keyClicks(target, ref.label.lower())
        return [[ref.id] for ref in refs]
    else:
        raise AssertionError(f"no keyboard recipe for {question.kind}")
    if question.per_response:
        return {ref.id: a for ref, a in zip(refs, answers, strict=True) if ref is not None}
    return answers[0]
