"""Text and reply editors, the editor factory, the flow layout and the focus frame."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QCheckBox, QPlainTextEdit, QRadioButton, QWidget
from pytestqt.qtbot import QtBot

from guidelines import (
    LocalText,
    PairwiseQuestion,
    RankingQuestion,
    ReplyQuestion,
    RewriteQuestion,
    TextQuestion,
)
from guidelines.rubric import QUESTION_CLASSES
from tests.widgets.rubric_support import focused, make_form, press, responses, show, text
from tests.widgets.rubric_support import template_rubric as rubric_of
from widgets.rubric.factory import editor_class, editor_for
from widgets.rubric.flow import GridFlowLayout
from widgets.rubric.parts import ChipButton, chip_text, wrap_width
from widgets.rubric.text import ReplyEditor, TextEditor

REFS = responses(2)
A, B = REFS[0].id, REFS[1].id


def _text(qtbot: QtBot, **kwargs: object) -> TextEditor:
    question = TextQuestion(id="why", label=text("Why?"), **kwargs)  # type: ignore[arg-type]
    editor = TextEditor(question, REFS, "en")
    show(qtbot, editor)
    editor.focus_first()
    return editor


def test_text_counts_trimmed_characters_live_and_warns_below_the_minimum(qtbot: QtBot) -> None:
    editor = _text(qtbot, min_length=5, max_length=8)
    field = editor.fields[0]
    assert field.count.text() == "0 characters (5–8)"
    qtbot.keyClicks(field.edit, "  abc ")
    assert field.count.text() == "3 characters (5–8)"
    assert field.count.property("warn") is True
    qtbot.keyClicks(field.edit, "defg")
    assert field.count.property("warn") is False
    qtbot.keyClicks(field.edit, "hijk")
    assert field.count.text() == "12 characters (5–8)"
    assert field.count.property("warn") is True


def test_blank_text_is_unanswered(qtbot: QtBot) -> None:
    editor = _text(qtbot)
    qtbot.keyClicks(editor.fields[0].edit, "   ")
    assert editor.value() is None
    qtbot.keyClicks(editor.fields[0].edit, "ok")
    assert editor.value() == "   ok"


def test_per_response_text_has_a_box_per_response_and_tab_moves_between_them(
    qtbot: QtBot,
) -> None:
    editor = _text(qtbot, applies="response")
    qtbot.keyClicks(focused(editor), "first")
    press(qtbot, editor, Qt.Key.Key_Tab)
    assert focused(editor) is editor.fields[1].edit
    qtbot.keyClicks(focused(editor), "second")
    assert editor.value() == {A: "first", B: "second"}
    assert editor.fields[1].edit.accessibleName() == "Why?, response B"


def test_text_set_value_shows_strings_without_signalling(qtbot: QtBot) -> None:
    editor = _text(qtbot, applies="response")
    with qtbot.assertNotEmitted(editor.sig_changed):
        editor.set_value({A: "kept", B: 4})
    assert editor.value() == {A: "kept"}
    assert editor.fields[0].count.text() == "4 characters"
    editor.set_value("the item's shape")  # ignored for a per-response question
    assert editor.value() == {A: "kept"}
    editor.set_value(None)
    assert editor.value() is None


def test_every_keystroke_in_a_text_box_signals_a_change(qtbot: QtBot) -> None:
    editor = _text(qtbot)
    with qtbot.waitSignal(editor.sig_changed, timeout=500):
        qtbot.keyClick(editor.fields[0].edit, "x")


def test_a_reply_is_one_string_in_a_taller_box(qtbot: QtBot) -> None:
    question = ReplyQuestion(id="reply", label=text("Your reply"))
    editor = ReplyEditor(question, REFS, "en")
    show(qtbot, editor)
    editor.focus_first()
    qtbot.keyClicks(focused(editor), "Hello there")
    assert editor.value() == "Hello there"
    assert editor.fields[0].count.text() == "11 characters (at least 1)"
    short = _text(qtbot)
    assert editor.fields[0].edit.height() > short.fields[0].edit.height()


def test_the_factory_knows_every_kind_of_question() -> None:
    for kind in QUESTION_CLASSES:
        assert editor_class(kind).__name__.lower().startswith(kind)
    with pytest.raises(ValueError, match="no editor"):
        editor_class("essay")


def test_the_factory_builds_the_ranking_and_rewrite_editors(qtbot: QtBot) -> None:
    for question in (
        RankingQuestion(id="rank", label=text("Rank")),
        RewriteQuestion(id="ideal", label=text("Rewrite")),
        PairwiseQuestion(id="pref", label=text("Pick")),
    ):
        editor = editor_for(question, REFS, "en")
        qtbot.addWidget(editor)
        assert editor.question is question
        assert editor.value() is None


def test_chip_texts_wrap_labels_evenly_and_keep_ampersands() -> None:
    assert wrap_width(["Useless", "Barely helpful"]) == 10
    assert chip_text("1", "Barely helpful", 10) == "1\nBarely\nhelpful"
    assert chip_text("2", "Q&A", 10) == "2\nQ&&A"
    assert chip_text("3", "3") == "3"
    assert chip_text("4", "几乎一样不确定几乎一样不确定", 10).count("\n") == 2


def test_the_flow_layout_wraps_equal_cells_and_asks_for_more_height_when_narrow(
    qtbot: QtBot,
) -> None:
    host = QWidget()
    flow = GridFlowLayout(host)
    chips = [ChipButton(label, host) for label in ("1", "2 wide label", "3", "4", "5")]
    for chip in chips:
        flow.add(chip)
    show(qtbot, host, width=900, height=200)
    wide = flow.heightForWidth(900)
    narrow = flow.heightForWidth(chips[1].sizeHint().width() * 2 + 20)
    assert narrow > wide
    host.resize(chips[1].sizeHint().width() * 3 + 20, narrow * 3)
    qtbot.wait(10)
    assert len({chip.width() for chip in chips}) == 1
    assert len({chip.height() for chip in chips}) == 1


def _grab(widget: QWidget) -> QImage:
    return widget.grab().toImage()


@pytest.mark.parametrize("kind", [ChipButton, QCheckBox, QRadioButton, QPlainTextEdit])
def test_every_kind_of_control_in_the_form_shows_a_visible_focus_frame(
    qtbot: QtBot, kind: type[QWidget]
) -> None:
    form = make_form(qtbot, rubric_of("ultrafeedback"), responses(2))
    control = next(w for w in form.findChildren(kind) if w.isVisible())
    outside = form.editor("helpfulness_rationale").fields[1].edit  # type: ignore[attr-defined]
    if control is outside:
        outside = form.editor("honesty_rationale").fields[0].edit  # type: ignore[attr-defined]
    outside.setFocus()
    qtbot.waitUntil(lambda: outside.hasFocus())
    before = _grab(control)
    control.setFocus()
    qtbot.waitUntil(lambda: control.hasFocus())
    assert _grab(control) != before


def test_local_text_falls_back_for_an_unknown_language(qtbot: QtBot) -> None:
    question = TextQuestion(id="t", label=LocalText.of(en="Why?", zh="为什么？"))
    editor = TextEditor(question, REFS, "zh-Hans")
    qtbot.addWidget(editor)
    assert editor.accessibleName() == "为什么？"
