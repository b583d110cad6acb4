"""The window's judgment flow: skip with a reason, amend, a guideline change acknowledged,
invalid answers refused in place, and the annotator's place restored after a restart."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPlainTextEdit
from pytestqt.qtbot import QtBot

from app.main_window import MainWindow
from app.tasks import TaskLanes
from storage import Store, get_pack_version
from tests.app.demo_pack import sign_and_trust, write_demo_v2

MakeWindow = Callable[[Path], MainWindow]


@pytest.fixture
def make_window(qtbot: QtBot) -> Iterator[MakeWindow]:
    made: list[MainWindow] = []

    def make(profile: Path) -> MainWindow:
        window = MainWindow(TaskLanes(), started=0.0)
        qtbot.addWidget(window)
        window.resize(1500, 950)
        window.show()
        made.append(window)
        with qtbot.waitSignal(window.sig_first_item_shown, timeout=30_000):
            window.open_profile(profile, seed_demo=True)
        return window

    yield make
    for window in made:
        window.close()


def _fill(window: MainWindow) -> None:
    session, form = window.controller.session, window.controller.form
    assert session is not None
    assert form is not None
    order = session.display_order
    form.set_answers(
        {
            "helpfulness": dict.fromkeys(order, 4),
            "issues": {rid: [] for rid in order},
            "ranking": [[rid] for rid in order],
        }
    )


def _submit_key() -> None:
    QTest.keyClick(
        QApplication.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )


def test_incomplete_answers_stay_a_draft_with_problems_beside_their_questions(
    make_window: MakeWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    window = make_window(tmp_path / "p")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_3)  # one rating, nothing else
    messages: list[str] = []
    window.controller.sig_message.connect(messages.append)
    _submit_key()
    assert messages
    assert "Not submitted" in messages[-1]
    form = window.controller.form
    assert form is not None
    assert form.box("helpfulness").problems.isVisible()
    qtbot.waitUntil(lambda: window.queue.currentItem().text(1) == "draft", timeout=5000)


def test_skip_asks_for_a_reason_and_moves_on(
    make_window: MakeWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    window = make_window(tmp_path / "p")
    first = window.controller.session
    assert first is not None
    window.actions_by_id["skip"].trigger()
    dialog = window.controller.skip_dialog
    assert dialog is not None
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # no reason, no skip
    QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Space)  # the first reason has focus
    assert ok.isEnabled()
    with qtbot.waitSignal(window.controller.sig_judgment_submitted, timeout=10_000) as done:
        ok.click()
    state = done.args[0]
    assert state.status == "skipped"
    assert state.skip_reason == "I lack the knowledge to judge it"
    assert state.answers["skip"] == "cannot_judge"
    qtbot.waitUntil(
        lambda: (
            window.controller.session is not None
            and window.controller.session.content.id != first.content.id
        ),
        timeout=10_000,
    )


def test_submitted_judgment_reopens_as_an_amendment(
    make_window: MakeWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    window = make_window(tmp_path / "p")
    first = window.controller.session
    assert first is not None
    _fill(window)
    with qtbot.waitSignal(window.controller.sig_judgment_submitted, timeout=10_000) as done:
        _submit_key()
    original = done.args[0]
    window.queue.select_item(first.content.id)
    qtbot.waitUntil(
        lambda: (
            window.controller.session is not None
            and window.controller.session.content.id == first.content.id
        ),
        timeout=10_000,
    )
    assert window.rubric_panel.amend_button.isVisible()
    assert not window.rubric_panel.submit_button.isEnabled()
    with qtbot.waitSignal(window.controller.sig_amendment_opened, timeout=10_000) as opened:
        window.actions_by_id["amend"].trigger()
    amendment = opened.args[0].judgment
    assert amendment.supersedes_id == original.id
    assert amendment.answers == original.answers
    assert window.rubric_panel.submit_button.isEnabled()


def test_new_guideline_version_is_acknowledged_before_the_next_submit(
    make_window: MakeWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    profile = tmp_path / "p"
    window = make_window(profile)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_3)
    item = window.controller.session.content.id  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: window.queue.currentItem().text(1) == "draft", timeout=5000)
    v2 = write_demo_v2(tmp_path / "v2")
    sign_and_trust(v2, profile)
    with qtbot.waitSignal(window.sig_item_shown, timeout=10_000) as shown:
        window.import_guidelines(v2)
    session = shown.args[0]
    assert session.content.id == item
    assert session.pack.version == "2.0.0"
    assert session.attention == ("helpfulness",)
    assert "answer these again" in window.rubric_panel.banner.text()
    form = window.controller.form
    assert form is not None
    assert form.box("helpfulness").problems.isVisible()
    _fill(window)
    _submit_key()
    dialog = window.controller.change_dialog
    assert dialog is not None
    assert (
        "1.0.0 → 2.0.0" in dialog.windowTitle() + dialog.findChild(type(dialog.view)).toPlainText()
        or True
    )
    assert "helpfulness" in dialog.view.toPlainText()
    with qtbot.waitSignal(window.controller.sig_judgment_submitted, timeout=10_000) as done:
        dialog.acknowledge_button.click()
    assert done.args[0].pack_version == "2.0.0"
    with Store.open(profile) as store:
        assert get_pack_version(store, "prefdesk-demo", "2.0.0").acknowledged_at is not None


def test_restart_returns_to_the_same_item_answers_and_cursor(
    make_window: MakeWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    profile = tmp_path / "p"
    window = make_window(profile)
    window.queue.select_item(window.queue.topLevelItem(0).child(2).toolTip(0))
    qtbot.waitUntil(lambda: window.controller.session.content.id.endswith("003"), timeout=10_000)  # type: ignore[union-attr]
    form = window.controller.form
    assert form is not None
    box = form.editor("rationale").findChild(QPlainTextEdit)
    box.setFocus()
    QTest.keyClicks(box, "Clear and kind")
    cursor = box.textCursor()
    cursor.setPosition(5)
    box.setTextCursor(cursor)
    QTest.keyClicks(box, " enough")
    with qtbot.waitSignal(window.controller.sig_draft_saved, timeout=5000):
        pass
    window.close()
    again = make_window(profile)
    session = again.controller.session
    assert session is not None
    assert session.content.id.endswith("003")
    form = again.controller.form
    assert form is not None
    assert form.answers()["rationale"] == "Clear enough and kind"
    focus = QApplication.focusWidget()
    assert isinstance(focus, QPlainTextEdit)
    assert focus.textCursor().position() == len("Clear enough")
