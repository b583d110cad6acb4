"""The ranking editor: keyboard ranking with ties, drag and drop, and the extra candidate."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QLabel, QListWidget, QWidget
from pytestqt.qtbot import QtBot

from guidelines import LocalText, RankingQuestion
from widgets.rubric.base import ResponseRef
from widgets.rubric.rank_list import MIME_TYPE, RankList
from widgets.rubric.ranking import RankingEditor

RESPONSES = [ResponseRef(f"{c}-id", c.upper(), f"Response {c}") for c in "abc"]
Make = Callable[..., RankingEditor]


@pytest.fixture
def make(qtbot: QtBot) -> Make:
    def build(allow_ties: bool = True, responses: list[ResponseRef] = RESPONSES) -> RankingEditor:
        question = RankingQuestion(id="rank", label=LocalText.of(en="Rank"), allow_ties=allow_ties)
        editor = RankingEditor(question, responses, "en")
        qtbot.addWidget(editor)
        editor.resize(480, 300)
        editor.show()
        editor.focus_first()
        return editor

    return build


def _type(editor: RankingEditor, keys: str) -> None:
    """Type into the control that has focus inside the editor (its ranking list)."""
    target = editor.focusProxy() or editor
    for key in keys:
        if key == "\b":
            QTest.keyClick(target, Qt.Key.Key_Backspace)
        elif key != " ":
            QTest.keyClicks(target, key)


def _rows(editor: RankingEditor) -> list[str]:
    view = editor.findChild(QListWidget)
    assert view is not None
    return [view.item(i).text() for i in range(view.count())]


def _status(editor: RankingEditor) -> str:
    label = next(w for w in editor.findChildren(QLabel) if w.accessibleName() == "Ranking message")
    return label.text()


def _drop(view: RankList, src: int, dst: int, where: str, mime: QMimeData | None = None) -> None:
    """Release a drag of row ``src`` over row ``dst`` (its top edge, middle or bottom edge)."""
    rect = view.visualRect(view.model().index(dst, 0))
    y = {
        "top": rect.top() + 1,
        "upper middle": rect.center().y() - 1,
        "middle": rect.center().y(),
        "bottom": rect.bottom() - 1,
    }[where]
    data = mime or view.mimeData([view.item(src)])
    event = QDropEvent(
        QPointF(QPoint(rect.center().x(), y)),
        Qt.DropAction.MoveAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    view.dropEvent(event)


def test_typing_b_a_equals_c_ranks_b_first_and_ties_a_with_c(make: Make) -> None:
    editor = make(allow_ties=True)
    _type(editor, "b a = c")
    assert editor.value() == [["b-id"], ["a-id", "c-id"]]
    assert _rows(editor) == ["1  B", "2  A = C"]


def test_letters_are_case_insensitive(make: Make) -> None:
    editor = make()
    _type(editor, "CAB")
    assert editor.value() == [["c-id"], ["a-id"], ["b-id"]]


def test_the_value_is_none_until_every_response_is_placed(make: Make, qtbot: QtBot) -> None:
    editor = make()
    with qtbot.waitSignals([editor.sig_changed] * 2):
        _type(editor, "ba")
    assert editor.value() is None
    _type(editor, "c")
    assert editor.value() == [["b-id"], ["a-id"], ["c-id"]]


def test_a_tie_is_refused_with_a_hint_when_the_question_allows_none(make: Make) -> None:
    editor = make(allow_ties=False)
    _type(editor, "b =")
    assert "does not allow ties" in _status(editor)
    _type(editor, "a c")
    assert editor.value() == [["b-id"], ["a-id"], ["c-id"]]


def test_placing_a_response_twice_changes_nothing_and_says_where_it_is(make: Make) -> None:
    editor = make()
    _type(editor, "b b")
    assert _rows(editor) == ["1  B"]
    assert "B already has place 1" in _status(editor)


def test_backspace_removes_the_last_placed_response_even_from_a_tie(make: Make) -> None:
    editor = make()
    _type(editor, "a b = c")
    _type(editor, "\b")
    assert _rows(editor) == ["1  A", "2  B"]
    _type(editor, "\b\b")
    assert _rows(editor) == ["Nothing ranked yet"]
    assert editor.value() is None


def test_backspace_first_cancels_a_pending_tie(make: Make) -> None:
    editor = make()
    _type(editor, "a =\b b c")
    assert editor.value() == [["a-id"], ["b-id"], ["c-id"]]


def test_letters_with_ctrl_are_left_to_shortcuts(make: Make) -> None:
    editor = make()
    QTest.keyClick(editor.focusProxy(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert _rows(editor) == ["Nothing ranked yet"]


def test_ctrl_down_moves_the_selected_place_down(make: Make) -> None:
    editor = make()
    _type(editor, "abc")
    view = editor.findChild(RankList)
    assert view is not None
    view.setCurrentRow(0)
    QTest.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert editor.value() == [["b-id"], ["a-id"], ["c-id"]]
    assert view.currentRow() == 1


def test_dropping_a_row_on_another_rows_top_edge_moves_it_there(make: Make, qtbot: QtBot) -> None:
    editor = make()
    _type(editor, "abc")
    view = editor.findChild(RankList)
    assert view is not None
    with qtbot.waitSignal(editor.sig_changed):
        _drop(view, src=2, dst=0, where="top")
    assert editor.value() == [["c-id"], ["a-id"], ["b-id"]]
    _drop(view, src=0, dst=2, where="bottom")
    assert editor.value() == [["a-id"], ["b-id"], ["c-id"]]
    assert view.count() == 3  # the drag source never deletes a row itself


def test_dropping_a_row_on_the_middle_of_another_ties_them_when_allowed(make: Make) -> None:
    editor = make(allow_ties=True)
    _type(editor, "abc")
    view = editor.findChild(RankList)
    assert view is not None
    _drop(view, src=2, dst=0, where="middle")
    assert editor.value() == [["a-id", "c-id"], ["b-id"]]
    assert _rows(editor) == ["1  A = C", "2  B"]


def test_dropping_on_the_middle_moves_instead_when_ties_are_not_allowed(make: Make) -> None:
    editor = make(allow_ties=False)
    _type(editor, "abc")
    view = editor.findChild(RankList)
    assert view is not None
    _drop(view, src=2, dst=0, where="upper middle")
    assert editor.value() == [["c-id"], ["a-id"], ["b-id"]]


def test_a_drag_from_another_list_is_refused(make: Make) -> None:
    editor = make()
    _type(editor, "abc")
    view = editor.findChild(RankList)
    assert view is not None
    foreign = QMimeData()
    foreign.setData(MIME_TYPE, b"someone-else:2")
    _drop(view, src=2, dst=0, where="top", mime=foreign)
    assert editor.value() == [["a-id"], ["b-id"], ["c-id"]]


def test_double_clicking_a_tied_place_splits_it(make: Make) -> None:
    editor = make()
    _type(editor, "a=bc")
    view = editor.findChild(RankList)
    assert view is not None
    view.itemDoubleClicked.emit(view.item(0))
    assert editor.value() == [["a-id"], ["b-id"], ["c-id"]]


def test_the_unranked_buttons_place_a_response_next(make: Make) -> None:
    editor = make()
    buttons = {b.text(): b for b in editor.findChildren(QAbstractButton) if b.isVisible()}
    buttons["C"].click()
    assert _rows(editor) == ["1  C"]
    assert not buttons["C"].isVisible()


def test_clear_removes_every_place_and_is_reachable_by_tab(make: Make, qtbot: QtBot) -> None:
    editor = make()
    _type(editor, "abc")
    clear = next(b for b in editor.findChildren(QAbstractButton) if b.text() == "Clear")
    assert clear.focusPolicy() & Qt.FocusPolicy.TabFocus
    with qtbot.waitSignal(editor.sig_changed):
        clear.click()
    assert editor.value() is None


def test_the_extra_candidate_must_be_ranked_before_there_is_a_value(make: Make) -> None:
    editor = make()
    editor.set_extra_candidate("rewrite", "R")
    assert editor.key_for("rewrite") == "r"
    _type(editor, "abc")
    assert editor.value() is None
    _type(editor, "r")
    assert editor.value() == [["a-id"], ["b-id"], ["c-id"], ["rewrite"]]
    editor.set_extra_candidate(None, "R")
    assert editor.value() == [["a-id"], ["b-id"], ["c-id"]]


def test_the_extra_candidate_takes_another_key_when_a_response_is_labelled_r(
    make: Make,
) -> None:
    responses = [ResponseRef("r-id", "R", ""), ResponseRef("s-id", "S", "")]
    editor = make(responses=responses)
    editor.set_extra_candidate("rewrite", "Rewrite")
    assert editor.key_for("rewrite") == "w"
    _type(editor, "w r s")
    assert editor.value() == [["rewrite"], ["r-id"], ["s-id"]]


def test_set_value_shows_a_stored_ranking_without_emitting(make: Make, qtbot: QtBot) -> None:
    editor = make()
    with qtbot.assertNotEmitted(editor.sig_changed):
        editor.set_value([["c-id"], ["a-id", "b-id"]])
    assert _rows(editor) == ["1  C", "2  A = B"]
    assert editor.value() == [["c-id"], ["a-id", "b-id"]]
    editor.set_value(None)
    assert editor.value() is None


@pytest.mark.parametrize(
    "bad", [[["a-id"], ["a-id"]], [["zzz"]], "a", [[]], [[1]], [["a-id", "b-id"], ["c-id"]]]
)
def test_a_value_it_cannot_show_is_ignored(make: Make, bad: object) -> None:
    editor = make(allow_ties=False)
    editor.set_value(bad)
    assert editor.value() is None


def test_a_stored_ranking_of_the_extra_candidate_shows_once_the_candidate_is_set(
    make: Make,
) -> None:
    editor = make()
    editor.set_value([["rewrite"], ["a-id"], ["b-id"], ["c-id"]])
    assert editor.value() is None
    editor.set_extra_candidate("rewrite", "R")
    assert editor.value() == [["rewrite"], ["a-id"], ["b-id"], ["c-id"]]


def test_every_control_has_an_accessible_name(make: Make) -> None:
    editor = make()
    editor.set_extra_candidate("rewrite", "R")
    controls = editor.findChildren(QAbstractButton) + editor.findChildren(QListWidget)
    assert controls
    for control in controls:
        assert isinstance(control, QWidget)
        assert control.accessibleName(), control


def test_letters_typed_while_a_button_has_focus_still_rank(make: Make) -> None:
    editor = make()
    clear = next(b for b in editor.findChildren(QAbstractButton) if b.text() == "Clear")
    QTest.keyClicks(clear, "ca")
    assert _rows(editor) == ["1  C", "2  A"]


def test_after_a_button_places_a_response_typing_goes_on_in_the_list(make: Make) -> None:
    editor = make()
    button = next(b for b in editor.findChildren(QAbstractButton) if b.text() == "B")
    button.click()
    QTest.keyClicks(editor.focusProxy(), "ca")
    assert editor.value() == [["b-id"], ["c-id"], ["a-id"]]
