"""The rewrite editor: source choice, the debounced live diff and distance, the candidate."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QPlainTextEdit,
    QTextBrowser,
    QWidget,
)
from pytestqt.qtbot import QtBot

from guidelines import LocalText, RewriteQuestion
from widgets.markdown_view import SafeMarkdownView
from widgets.rubric.base import ResponseRef
from widgets.rubric.rewrite import RewriteEditor

QUESTION = RewriteQuestion(id="ideal", label=LocalText.of(en="Rewrite the best response"))
RESPONSES = [
    ResponseRef("a-id", "A", "The cat sat on the mat."),
    ResponseRef("b-id", "B", "Paris is the capital of France."),
]
Make = Callable[..., RewriteEditor]


@pytest.fixture
def make(qtbot: QtBot) -> Make:
    def build(responses: list[ResponseRef] = RESPONSES) -> RewriteEditor:
        editor = RewriteEditor(QUESTION, responses, "en")
        qtbot.addWidget(editor)
        editor.resize(700, 320)
        editor.show()
        return editor

    return build


def _edit(editor: RewriteEditor) -> QPlainTextEdit:
    widget = editor.findChild(QPlainTextEdit)
    assert widget is not None
    return widget


def _type_at_end(editor: RewriteEditor, text: str) -> None:
    edit = _edit(editor)
    edit.setFocus()
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    QTest.keyClicks(edit, text)


def _restart(editor: RewriteEditor) -> QAbstractButton:
    return next(b for b in editor.findChildren(QAbstractButton) if b.text().startswith("Start"))


def test_it_starts_from_the_default_source_and_is_unanswered_until_edited(make: Make) -> None:
    editor = make()
    assert _edit(editor).toPlainText() == "The cat sat on the mat."
    editor.set_default_source("b-id")
    assert editor.source_id() == "b-id"
    assert _edit(editor).toPlainText() == "Paris is the capital of France."
    assert editor.value() is None


def test_typing_updates_the_diff_and_distance_after_the_debounce(make: Make, qtbot: QtBot) -> None:
    editor = make()
    editor.set_default_source("b-id")
    with qtbot.waitSignal(editor.sig_changed):
        _type_at_end(editor, " Lovely city")
    assert editor.value() == {
        "source": "b-id",
        "text": "Paris is the capital of France. Lovely city",
    }
    qtbot.waitUntil(lambda: "2 words changed" in editor.diff.stats.text())
    assert "+12 characters" in editor.diff.stats.text()
    assert "Lovely city" in editor.diff.html()


def test_a_deleted_word_is_struck_through_in_the_diff(make: Make, qtbot: QtBot) -> None:
    editor = make()
    edit = _edit(editor)
    edit.setFocus()
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    for _ in range(len(" mat.")):
        QTest.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: editor.diff.last is not None)
    assert editor.diff.last is not None
    assert ("delete", " mat.") in editor.diff.last.ops
    assert "line-through" in editor.diff.html()


def test_chinese_insertions_are_counted_per_character(make: Make, qtbot: QtBot) -> None:
    editor = make([ResponseRef("zh-id", "A", "我们去公园。")])
    edit = _edit(editor)
    edit.setFocus()
    cursor = edit.textCursor()
    cursor.setPosition(2)
    edit.setTextCursor(cursor)
    commit = QInputMethodEvent()  # how an input method delivers Chinese text
    commit.setCommitString("今天")
    QApplication.sendEvent(edit, commit)
    assert edit.toPlainText() == "我们今天去公园。"
    qtbot.waitUntil(lambda: "2 words changed" in editor.diff.stats.text())


def test_typing_fast_in_a_50_kb_text_never_recomputes_the_diff_per_keystroke(
    make: Make, qtbot: QtBot
) -> None:
    lines = (" ".join(f"word{i % 997}" for i in range(n, n + 12)) for n in range(0, 8000, 12))
    big = "\n".join(lines)  # ~8k words in lines of 12, like a long model response
    assert len(big) >= 50_000
    editor = make([ResponseRef("a-id", "A", big)])
    before = editor.diff.recomputes
    start = time.perf_counter()
    _type_at_end(editor, " twenty quick keys!!")  # 20 keystrokes, no pause between them
    per_key = (time.perf_counter() - start) / 20
    assert editor.diff.recomputes == before, "the diff ran inside a keystroke"
    qtbot.waitUntil(lambda: editor.diff.recomputes == before + 1)
    assert editor.diff.last is not None
    assert editor.diff.last.distance == 3
    assert per_key < 0.05, f"{per_key * 1000:.1f} ms per keystroke"


def test_choosing_another_source_before_typing_loads_its_text(make: Make) -> None:
    editor = make()
    combo = editor.findChild(QComboBox)
    assert combo is not None
    QTest.keyClick(combo, Qt.Key.Key_Down)  # a user choice: emits activated
    assert editor.source_id() == "b-id"
    assert _edit(editor).toPlainText() == "Paris is the capital of France."
    editor.set_default_source("a-id")  # the annotator chose: the default no longer applies
    assert editor.source_id() == "b-id"


def test_choosing_another_source_after_typing_keeps_the_text_and_offers_to_start_over(
    make: Make, qtbot: QtBot
) -> None:
    editor = make()
    _type_at_end(editor, " Meow.")
    combo = editor.findChild(QComboBox)
    assert combo is not None
    with qtbot.waitSignal(editor.sig_changed):
        QTest.keyClick(combo, Qt.Key.Key_Down)
    assert _edit(editor).toPlainText() == "The cat sat on the mat. Meow."
    assert editor.value() == {"source": "b-id", "text": "The cat sat on the mat. Meow."}
    restart = _restart(editor)
    assert restart.isVisible()
    assert restart.text() == "Start over from B"
    with qtbot.waitSignal(editor.sig_changed):
        restart.click()
    assert _edit(editor).toPlainText() == "Paris is the capital of France."
    assert editor.value() is None
    _edit(editor).undo()  # starting over is one undoable edit
    assert editor.value() == {"source": "b-id", "text": "The cat sat on the mat. Meow."}


def test_the_default_source_does_not_replace_typed_text(make: Make) -> None:
    editor = make()
    _type_at_end(editor, "!")
    editor.set_default_source("b-id")
    assert editor.source_id() == "a-id"
    assert _edit(editor).toPlainText() == "The cat sat on the mat.!"


def test_ranking_the_rewrite_is_announced_once_there_is_a_rewrite(make: Make, qtbot: QtBot) -> None:
    editor = make()
    seen: list[object] = []
    editor.sig_candidate_toggled.connect(lambda on: seen.append(("toggled", on)))
    editor.sig_changed.connect(lambda: seen.append("changed"))
    box = editor.findChild(QCheckBox)
    assert box is not None
    box.click()
    assert seen == []  # ticked, but there is no rewrite yet
    _type_at_end(editor, "!")
    assert seen[:2] == [("toggled", True), "changed"]  # the form adds the candidate first
    assert editor.value() == {
        "source": "a-id",
        "text": "The cat sat on the mat.!",
        "candidate": True,
    }
    assert (editor.candidate_id, editor.candidate_label()) == ("ideal", "Rewrite")
    box.click()
    assert seen[-2:] == [("toggled", False), "changed"]
    assert "candidate" not in (editor.value() or {})


def test_set_value_shows_a_stored_rewrite_without_emitting_changed(
    make: Make, qtbot: QtBot
) -> None:
    editor = make()
    stored = {"source": "b-id", "text": "Paris, France's capital.", "candidate": True}
    with (
        qtbot.assertNotEmitted(editor.sig_changed),
        qtbot.waitSignal(editor.sig_candidate_toggled) as toggled,
    ):
        editor.set_value(stored)
    assert toggled.args == [True]
    assert editor.value() == stored
    assert editor.diff.last is not None  # shown at once, not after a debounce
    editor.set_value(None)
    assert editor.value() is None
    assert _edit(editor).toPlainText() == "The cat sat on the mat."


@pytest.mark.parametrize(
    "bad",
    [
        "text",
        {"source": "zzz", "text": "x"},
        {"source": "a-id"},
        {"source": "a-id", "text": "x", "candidate": "yes"},
    ],
)
def test_a_value_it_cannot_show_is_ignored(make: Make, bad: object) -> None:
    editor = make()
    editor.set_value(bad)
    assert editor.value() is None


def test_the_diff_of_untrusted_text_stays_text_and_loads_nothing(make: Make, qtbot: QtBot) -> None:
    hostile = 'Hi <img src="file:///etc/passwd"> <a href="https://x.test">x</a>'
    editor = make([ResponseRef("a-id", "A", hostile)])
    _type_at_end(editor, " <script>alert(1)</script>")
    qtbot.waitUntil(lambda: editor.diff.last is not None)
    view = editor.diff.findChild(SafeMarkdownView)
    assert view is not None
    assert "<img" in view.toPlainText()
    assert "<script>" in view.toPlainText()
    assert view.blocked_resources == []


def test_every_control_has_an_accessible_name(make: Make) -> None:
    editor = make()
    _type_at_end(editor, "!")
    controls = [
        *editor.findChildren(QAbstractButton),
        *editor.findChildren(QComboBox),
        *editor.findChildren(QPlainTextEdit),
        *editor.findChildren(QTextBrowser),
    ]
    assert len(controls) >= 5
    for control in controls:
        assert isinstance(control, QWidget)
        assert control.accessibleName(), control
