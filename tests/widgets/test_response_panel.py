"""Responses: side by side with synchronised scrolling, tabs for many, raw text on demand."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QSplitter, QTabWidget
from pytestqt.qtbot import QtBot

from widgets.item_view import ItemView
from widgets.response_panel import ResponsePanel
from widgets.view_models import ItemContent, ResponseCard, TurnView

LABELS = "ABCDEFGHI"


def _text(label: str, paragraphs: int) -> str:
    return "\n\n".join(f"{label} paragraph {i}: " + "words " * 30 for i in range(paragraphs))


def _panel(qtbot: QtBot, count: int, lengths: list[int] | None = None) -> ResponsePanel:
    panel = ResponsePanel()
    qtbot.addWidget(panel)
    panel.resize(1000, 500)
    panel.show()
    lengths = lengths or [40] * count
    panel.show_responses(
        [ResponseCard(LABELS[i], _text(LABELS[i], lengths[i]), f"id{i}") for i in range(count)]
    )
    qtbot.waitExposed(panel)
    for view in panel.views:
        qtbot.waitUntil(lambda v=view: v.rendered.verticalScrollBar().maximum() > 0)
    return panel


def _bar(panel: ResponsePanel, index: int):  # type: ignore[no-untyped-def]
    return panel.views[index].active_view().verticalScrollBar()


@pytest.mark.parametrize("count", [2, 3, 4])
def test_two_to_four_responses_sit_side_by_side_titled_by_label(qtbot: QtBot, count: int) -> None:
    panel = _panel(qtbot, count)
    assert not panel.uses_tabs()
    assert panel.titles() == [f"Response {LABELS[i]}" for i in range(count)]
    splitter = panel.findChild(QSplitter)
    assert splitter is not None
    assert splitter.count() == count
    xs = [view.mapTo(panel, QPoint(0, 0)).x() for view in panel.views]
    assert xs == sorted(xs)
    assert len(set(xs)) == count
    assert all(view.title_label.text() == view.title for view in panel.views)


def test_six_responses_use_tabs_switchable_from_the_keyboard(qtbot: QtBot) -> None:
    panel = _panel(qtbot, 6)
    tabs = panel.findChild(QTabWidget)
    assert panel.uses_tabs()
    assert tabs is not None
    assert [tabs.tabText(i) for i in range(tabs.count())] == panel.titles()
    assert panel.titles()[-1] == "Response F"
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    panel.focus_response(0)
    first = panel.views[0].active_view()
    assert first.hasFocus()
    qtbot.keyClick(first, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert tabs.currentIndex() == 1
    panel.focus_response(4)
    assert tabs.currentIndex() == 4
    assert panel.views[4].active_view().hasFocus()


def test_scrolling_one_column_moves_the_others_to_the_same_fraction(qtbot: QtBot) -> None:
    panel = _panel(qtbot, 3, [40, 80, 20])
    assert panel.synced_scrolling()
    _bar(panel, 0).setValue(_bar(panel, 0).maximum() // 2)
    for index in (1, 2):
        bar = _bar(panel, index)
        assert bar.value() / bar.maximum() == pytest.approx(0.5, abs=0.02)


def test_a_mouse_wheel_in_one_column_scrolls_them_all(qtbot: QtBot) -> None:
    panel = _panel(qtbot, 2)
    viewport = panel.views[1].rendered.viewport()
    wheel = QWheelEvent(
        QPointF(20, 20),
        QPointF(viewport.mapToGlobal(QPoint(20, 20))),
        QPoint(0, 0),
        QPoint(0, -360),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(viewport, wheel)
    assert _bar(panel, 1).value() > 0
    assert _bar(panel, 0).value() > 0


def test_with_syncing_off_each_column_scrolls_alone(qtbot: QtBot) -> None:
    panel = _panel(qtbot, 2)
    panel.set_synced_scrolling(False)
    assert not panel.synced_scrolling()
    _bar(panel, 0).setValue(_bar(panel, 0).maximum())
    assert _bar(panel, 1).value() == 0
    panel.set_synced_scrolling(True)
    _bar(panel, 1).setValue(_bar(panel, 1).maximum())
    assert _bar(panel, 0).value() == _bar(panel, 0).maximum()


def test_tabs_keep_their_own_scroll_positions(qtbot: QtBot) -> None:
    panel = _panel(qtbot, 5)
    _bar(panel, 0).setValue(_bar(panel, 0).maximum())
    assert _bar(panel, 1).value() == 0


def test_raw_mode_shows_the_exact_text_and_keeps_the_place(qtbot: QtBot) -> None:
    text = "# Title\n\n**bold** `code` <b>tag</b>\r\n\n" + "\n\n".join(
        f"line {i}" for i in range(300)
    )
    panel = ResponsePanel()
    qtbot.addWidget(panel)
    panel.resize(800, 400)
    panel.show()
    panel.show_responses([ResponseCard("A", text), ResponseCard("B", "short")])
    view = panel.views[0]
    assert view.raw is None  # created on first use only
    bar = view.rendered.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum() // 2)
    qtbot.mouseClick(view.raw_toggle, Qt.MouseButton.LeftButton)
    assert view.mode() == "raw"
    assert view.raw is not None
    assert view.active_view() is view.raw
    assert view.raw.toPlainText() == text.replace("\r\n", "\n")
    assert view.raw.isReadOnly()
    assert view.scroll_fraction() == pytest.approx(0.5, abs=0.05)
    view.set_raw(False)
    assert view.mode() == "rendered"
    assert view.active_view() is view.rendered


def test_the_raw_toggle_is_named_for_screen_readers_and_reachable_by_tab(qtbot: QtBot) -> None:
    panel = _panel(qtbot, 2)
    toggle = panel.views[1].raw_toggle
    assert toggle.accessibleName() == "Show raw text of Response B"
    assert toggle.focusPolicy() & Qt.FocusPolicy.TabFocus
    qtbot.keyClick(toggle, Qt.Key.Key_Space)
    assert panel.views[1].mode() == "raw"


def test_scroll_state_round_trips_through_json_on_a_fresh_view(qtbot: QtBot) -> None:
    turns = tuple(TurnView("user", f"Question part {i} " * 40) for i in range(12))
    responses = tuple(ResponseCard(LABELS[i], _text(LABELS[i], 50 + 10 * i)) for i in range(3))
    item = ItemContent("item-1", turns, responses)
    first = ItemView()
    qtbot.addWidget(first)
    first.resize(1000, 800)
    first.show()
    first.show_item(item)
    first.set_synced_scrolling(False)
    qtbot.waitUntil(lambda: first.conversation.verticalScrollBar().maximum() > 0)
    first.conversation.verticalScrollBar().setValue(
        first.conversation.verticalScrollBar().maximum()
    )
    first.responses.views[1].set_raw(True)
    for index, value in enumerate((0.25, 0.5, 0.75)):
        bar = _bar(first.responses, index)
        qtbot.waitUntil(lambda b=bar: b.maximum() > 0)
        bar.setValue(round(bar.maximum() * value))
    state = json.loads(json.dumps(first.scroll_state()))
    assert state["conversation"] == pytest.approx(1.0)
    assert state["responses"]["B"]["mode"] == "raw"

    second = ItemView()
    qtbot.addWidget(second)
    second.resize(1000, 800)
    second.show()
    second.show_item(item)
    second.set_synced_scrolling(False)
    second.restore_scroll_state(state)
    for index, label in enumerate("ABC"):
        value = state["responses"][label]["scroll"]
        assert value > 0.2
        qtbot.waitUntil(
            lambda i=index, v=value: abs(second.responses.views[i].scroll_fraction() - v) < 0.02,
            timeout=5000,
        )
    assert second.responses.views[1].mode() == "raw"
    qtbot.waitUntil(lambda: second.conversation.scroll_fraction() > 0.98, timeout=5000)


def test_restoring_ignores_another_items_state_and_malformed_values(qtbot: QtBot) -> None:
    view = ItemView()
    qtbot.addWidget(view)
    view.show_item(ItemContent("x", (), (ResponseCard("A", "a"), ResponseCard("B", "b"))))
    view.restore_scroll_state(
        {"version": 1, "item_id": "other", "responses": {"A": {"mode": "raw"}}}
    )
    assert view.responses.views[0].mode() == "rendered"
    view.restore_scroll_state(
        {"version": 1, "conversation": "top", "responses": {"A": {"scroll": True, "mode": 3}}}
    )
    view.restore_scroll_state({"version": 99})
    view.restore_scroll_state([])  # type: ignore[arg-type]
    assert view.responses.views[0].mode() == "rendered"
