"""The pairwise and rating editors, driven by keyboard and by mouse."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from guidelines import Option, PairwiseQuestion, RatingQuestion, Rubric, ScalePoint
from guidelines import validate_answers as validate
from tests.widgets.rubric_support import focused, press, responses, show, text
from widgets.rubric.pairwise import PairwiseEditor
from widgets.rubric.rating import RatingEditor, digit_map

REFS = responses(2)
A, B = REFS[0].id, REFS[1].id
STRENGTH = (
    Option(id="much", label=text("Much better"), help=text("Clearly, on every count")),
    Option(id="slightly", label=text("Slightly better")),
)


def _pairwise(qtbot: QtBot, **kwargs: object) -> PairwiseEditor:
    question = PairwiseQuestion(id="pref", label=text("Preference"), **kwargs)  # type: ignore[arg-type]
    editor = PairwiseEditor(question, REFS, "en")
    show(qtbot, editor)
    editor.focus_first()
    return editor


def _rating(qtbot: QtBot, values: range, applies: str = "response") -> RatingEditor:
    points = tuple(
        ScalePoint(value=v, label=text(f"Point {v}"), help=text(f"Help {v}")) for v in values
    )
    question = RatingQuestion(
        id="r",
        label=text("Tone"),
        dimension="tone",
        points=points,
        applies=applies,  # type: ignore[arg-type]
    )
    editor = RatingEditor(question, REFS, "en")
    show(qtbot, editor)
    editor.focus_first()
    return editor


def test_a_letter_picks_the_winner_and_a_digit_its_strength(qtbot: QtBot) -> None:
    editor = _pairwise(qtbot, strength=STRENGTH)
    press(qtbot, editor, "b")
    assert editor.value() == {"winner": B}
    assert editor.strength_host.isVisible()
    assert editor.strength_caption.text() == "How much better is B?"
    with qtbot.waitSignal(editor.sig_advance, timeout=500):
        press(qtbot, editor, "2")
    assert editor.value() == {"winner": B, "strength": "slightly"}


def test_a_winner_without_strength_is_kept_and_the_validator_asks_for_the_strength(
    qtbot: QtBot,
) -> None:
    editor = _pairwise(qtbot, strength=STRENGTH)
    press(qtbot, editor, "a")
    rubric = Rubric((editor.pairwise,))
    problems = validate(rubric, {"pref": editor.value()}, [A, B])
    assert [p.code for p in problems] == ["strength_missing"]


def test_without_a_scale_the_answer_is_the_winner_alone(qtbot: QtBot) -> None:
    editor = _pairwise(qtbot)
    with qtbot.waitSignal(editor.sig_advance, timeout=500):
        press(qtbot, editor, "a")
    assert editor.value() == {"winner": A}
    assert not editor.strength_host.isVisible()


def test_tie_and_both_bad_are_offered_only_when_the_question_allows_them(qtbot: QtBot) -> None:
    plain = _pairwise(qtbot, strength=STRENGTH)
    assert set(plain.winner_chips) == {A, B}
    press(qtbot, plain, "t", "x")
    assert plain.value() is None
    both = _pairwise(qtbot, strength=STRENGTH, allow_tie=True, allow_both_bad=True)
    assert set(both.winner_chips) == {A, B, "tie", "both_bad"}
    press(qtbot, both, "t")
    assert both.value() == {"winner": "tie"}
    press(qtbot, both, "x")
    assert both.value() == {"winner": "both_bad"}


def test_a_tie_drops_the_strength_and_hides_the_scale_without_losing_focus(
    qtbot: QtBot,
) -> None:
    editor = _pairwise(qtbot, strength=STRENGTH, allow_tie=True)
    press(qtbot, editor, "a")
    editor.strength_chips["much"].setFocus()
    press(qtbot, editor, "1", "t")
    assert editor.value() == {"winner": "tie"}
    assert not editor.strength_host.isVisible()
    assert editor.isAncestorOf(focused(editor))
    press(qtbot, editor, "1")
    assert editor.value() == {"winner": "tie"}


def test_switching_winner_keeps_the_strength(qtbot: QtBot) -> None:
    editor = _pairwise(qtbot, strength=STRENGTH)
    press(qtbot, editor, "a", "1", "b")
    assert editor.value() == {"winner": B, "strength": "much"}


def test_backspace_and_clicking_the_chosen_chip_clear_the_answer(qtbot: QtBot) -> None:
    editor = _pairwise(qtbot, strength=STRENGTH)
    press(qtbot, editor, "a", "1", Qt.Key.Key_Backspace)
    assert editor.value() is None
    editor.winner_chips[B].click()
    assert editor.value() == {"winner": B}
    with qtbot.waitSignal(editor.sig_changed, timeout=500):
        editor.winner_chips[B].click()
    assert editor.value() is None


def test_pairwise_set_value_shows_valid_answers_and_ignores_others(qtbot: QtBot) -> None:
    editor = _pairwise(qtbot, strength=STRENGTH)
    with qtbot.assertNotEmitted(editor.sig_changed):
        editor.set_value({"winner": A, "strength": "slightly"})
    assert editor.value() == {"winner": A, "strength": "slightly"}
    assert editor.strength_chips["slightly"].isChecked()
    for bad in ({"winner": "tie"}, {"winner": "zzz"}, "a", 3):
        editor.set_value(bad)
        assert editor.value() == {"winner": A, "strength": "slightly"}
    editor.set_value(None)
    assert editor.value() is None


def test_strength_chips_carry_the_point_help_as_tooltip(qtbot: QtBot) -> None:
    editor = _pairwise(qtbot, strength=STRENGTH)
    assert editor.strength_chips["much"].toolTip() == "Clearly, on every count"
    assert editor.strength_chips["much"].text().startswith("1\n")


def test_a_digit_rates_the_focused_response_and_focus_moves_to_the_next(qtbot: QtBot) -> None:
    editor = _rating(qtbot, range(0, 5))
    press(qtbot, editor, "0")
    assert editor.value() == {A: 0}
    assert focused(editor) in editor.cells[1]
    with qtbot.waitSignal(editor.sig_advance, timeout=500):
        press(qtbot, editor, "4")
    assert editor.value() == {A: 0, B: 4}


def test_a_digit_off_the_scale_does_nothing(qtbot: QtBot) -> None:
    editor = _rating(qtbot, range(1, 6))
    with qtbot.assertNotEmitted(editor.sig_changed):
        press(qtbot, editor, "0", "9")
    assert editor.value() is None


def test_scales_beyond_single_digits_are_picked_by_position() -> None:
    points = [ScalePoint(value=v, label=text(str(v))) for v in (-2, -1, 0, 1, 2)]
    assert digit_map(points) == {1: 0, 2: 1, 3: 2, 4: 3, 5: 4}
    points = [ScalePoint(value=v, label=text(str(v))) for v in range(1, 8)]
    assert digit_map(points) == {v: v - 1 for v in range(1, 8)}


def test_an_item_rating_is_a_plain_integer(qtbot: QtBot) -> None:
    editor = _rating(qtbot, range(10, 15), applies="item")
    press(qtbot, editor, "2")
    assert editor.value() == 11


def test_clicking_the_chosen_point_or_backspace_clears_the_row(qtbot: QtBot) -> None:
    editor = _rating(qtbot, range(1, 6))
    editor.cells[0][2].click()
    assert editor.value() == {A: 3}
    editor.cells[0][2].click()
    assert editor.value() is None
    press(qtbot, editor, "5")
    editor.cells[0][0].setFocus()
    press(qtbot, editor, Qt.Key.Key_Delete)
    assert editor.value() is None


def test_keys_with_ctrl_are_left_to_the_window(qtbot: QtBot) -> None:
    editor = _rating(qtbot, range(1, 6))
    qtbot.keyClick(focused(editor), "3", Qt.KeyboardModifier.ControlModifier)
    assert editor.value() is None


def test_rating_chips_show_the_point_help_and_set_value_ignores_off_scale_answers(
    qtbot: QtBot,
) -> None:
    editor = _rating(qtbot, range(1, 6))
    assert editor.cells[1][0].toolTip() == "Help 1"
    assert editor.cells[1][0].text() == "1\nPoint 1"
    editor.set_value({A: 2, B: True})
    assert editor.value() == {A: 2}
    assert editor.cells[0][1].isChecked()
    editor.set_value([1, 2])
    assert editor.value() == {A: 2}
