"""The flags and choice editors: digits on the focused row, "None apply", clearing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from guidelines import ChoiceQuestion, FlagsQuestion, Option, Rubric
from guidelines import validate_answers as validate
from tests.widgets.rubric_support import focused, press, responses, show, text
from widgets.rubric.choice import ChoiceEditor
from widgets.rubric.flags import FlagsEditor

REFS = responses(3)
A, B, C = (r.id for r in REFS)
OPTIONS = tuple(
    Option(id=oid, label=text(oid.title()), help=text(f"About {oid}") if oid == "spam" else None)
    for oid in ("spam", "rude", "wrong")
)


def _flags(qtbot: QtBot, applies: str = "response", n_options: int = 3) -> FlagsEditor:
    options = OPTIONS + tuple(
        Option(id=f"o{i}", label=text(f"Option {i}")) for i in range(n_options - 3)
    )
    question = FlagsQuestion(
        id="f",
        label=text("Labels"),
        applies=applies,  # type: ignore[arg-type]
        options=options,
        required=True,
    )
    editor = FlagsEditor(question, REFS, "en")
    show(qtbot, editor)
    editor.focus_first()
    return editor


def _choice(qtbot: QtBot, applies: str = "item", required: bool = False) -> ChoiceEditor:
    question = ChoiceQuestion(
        id="c",
        label=text("Kind"),
        applies=applies,  # type: ignore[arg-type]
        options=OPTIONS,
        required=required,
    )
    refs = REFS[:2] if applies == "pair" else REFS
    editor = ChoiceEditor(question, refs, "en")
    show(qtbot, editor)
    editor.focus_first()
    return editor


def test_digits_toggle_options_of_the_focused_response_only(qtbot: QtBot) -> None:
    editor = _flags(qtbot)
    press(qtbot, editor, "3", "1", "3")
    assert editor.value() == {A: ["spam"]}
    press(qtbot, editor, Qt.Key.Key_Return, "2")
    assert editor.value() == {A: ["spam"], B: ["rude"]}


def test_an_untouched_row_is_unanswered_and_none_apply_is_an_empty_list(qtbot: QtBot) -> None:
    editor = _flags(qtbot)
    press(qtbot, editor, "0", Qt.Key.Key_Return, "0")
    assert editor.value() == {A: [], B: []}
    problems = validate(Rubric((editor.question,)), {"f": editor.value()}, [A, B, C])
    assert [(p.code, p.response_id) for p in problems] == [("required", C)]


def test_none_apply_and_the_options_exclude_each_other(qtbot: QtBot) -> None:
    editor = _flags(qtbot, applies="item")
    press(qtbot, editor, "1", "2", "0")
    assert editor.value() == []
    assert not editor.cells[0][0].isChecked()
    assert editor.cells[0][-1].isChecked()
    press(qtbot, editor, "3")
    assert editor.value() == ["wrong"]
    assert not editor.cells[0][-1].isChecked()


def test_unticking_the_last_option_makes_the_row_unanswered_again(qtbot: QtBot) -> None:
    editor = _flags(qtbot, applies="item")
    editor.cells[0][1].click()
    assert editor.value() == ["rude"]
    editor.cells[0][1].click()
    assert editor.value() is None


def test_options_past_the_ninth_have_no_digit_but_can_be_ticked(qtbot: QtBot) -> None:
    editor = _flags(qtbot, applies="item", n_options=11)
    press(qtbot, editor, "9")
    assert editor.value() == ["o5"]
    editor.cells[0][10].click()
    assert editor.value() == ["o5", "o7"]


def test_flags_set_value_keeps_the_given_order_and_ignores_what_it_cannot_show(
    qtbot: QtBot,
) -> None:
    editor = _flags(qtbot)
    with qtbot.assertNotEmitted(editor.sig_changed):
        editor.set_value({A: ["wrong", "spam"], B: ["spam", "spam"], C: ["nope"]})
    assert editor.value() == {A: ["wrong", "spam"]}
    editor.set_value(["spam"])  # not per response: ignored
    assert editor.value() == {A: ["wrong", "spam"]}


def test_backspace_clears_the_focused_flags_row(qtbot: QtBot) -> None:
    editor = _flags(qtbot)
    press(qtbot, editor, "1", Qt.Key.Key_Backspace)
    assert editor.value() is None


def test_option_help_is_the_tooltip_of_its_boxes(qtbot: QtBot) -> None:
    editor = _flags(qtbot)
    assert editor.cells[2][0].toolTip() == "About spam"
    assert editor.cells[2][0].accessibleName() == "Response C: Spam"


def test_a_digit_picks_the_option_and_moves_on_to_the_next_response(qtbot: QtBot) -> None:
    editor = _choice(qtbot, applies="response")
    press(qtbot, editor, "2", "3")
    assert editor.value() == {A: "rude", B: "wrong"}
    assert focused(editor) in editor.cells[2]
    with qtbot.waitSignal(editor.sig_advance, timeout=500):
        press(qtbot, editor, "1")
    assert editor.value() == {A: "rude", B: "wrong", C: "spam"}


def test_a_pair_choice_is_one_answer(qtbot: QtBot) -> None:
    editor = _choice(qtbot, applies="pair", required=True)
    press(qtbot, editor, "3")
    assert editor.value() == "wrong"
    assert editor.clear_buttons == []


def test_an_optional_choice_can_be_cleared_again(qtbot: QtBot) -> None:
    editor = _choice(qtbot)
    (clear,) = editor.clear_buttons
    assert not clear.isEnabled()
    editor.cells[0][1].click()
    editor.cells[0][1].click()  # clicking the chosen radio keeps it chosen
    assert editor.value() == "rude"
    assert clear.isEnabled()
    with qtbot.waitSignal(editor.sig_changed, timeout=500):
        clear.click()
    assert editor.value() is None
    assert not any(radio.isChecked() for radio in editor.cells[0])
    press(qtbot, editor, "1", Qt.Key.Key_Delete)
    assert editor.value() is None


def test_choice_set_value_ignores_unknown_options(qtbot: QtBot) -> None:
    editor = _choice(qtbot, applies="response")
    editor.set_value({A: "spam", B: "other", C: 3})
    assert editor.value() == {A: "spam"}
    editor.set_value("spam")  # the item's shape for a per-response question: ignored
    assert editor.value() == {A: "spam"}
    editor.set_value(None)
    assert editor.value() is None
    assert all(isinstance(b, QPushButton) for b in editor.clear_buttons)
