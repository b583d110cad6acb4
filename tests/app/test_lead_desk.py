"""The Lead menu: enabled only while signed in, and it opens the review window for the
signed-in account against the real server on a loopback port."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from app.account import Account
from app.lead_desk import LeadDesk
from app.review_window import ReviewWindow
from app.tasks import TaskLanes
from tests.server.test_review import CLEAN, Desk


def _desk(qtbot: QtBot, lanes: TaskLanes, session: object) -> tuple[LeadDesk, QWidget]:
    parent = QWidget()
    qtbot.addWidget(parent)
    desk = LeadDesk(lanes, session, parent, lang=lambda: "en")  # type: ignore[arg-type]

    def make(action_id: str, text: str, slot: object) -> QAction:
        action = QAction(text, parent)
        action.setObjectName(action_id)
        action.triggered.connect(slot)  # type: ignore[arg-type]
        return action

    desk.build_menu(QMenu(parent), make)
    return desk, parent


def test_the_lead_menu_waits_for_a_sign_in(qtbot: QtBot, lanes: TaskLanes) -> None:
    desk, _parent = _desk(qtbot, lanes, lambda: None)
    assert not desk.review_action.isEnabled()
    assert not desk.dashboard_action.isEnabled()
    desk.set_signed_in(True)
    assert desk.review_action.isEnabled()
    desk.open_review()  # signed out meanwhile: nothing opens, nothing fails
    assert desk.review_window is None


def test_review_opens_for_the_signed_in_lead_and_is_reused(
    qtbot: QtBot, lanes: TaskLanes, served: tuple[Desk, str]
) -> None:
    seeded, url = served
    seeded.world.assign(seeded.batch, "ann")
    judgment = seeded.judge("i1", CLEAN)
    desk, _parent = _desk(qtbot, lanes, lambda: (Account(url, "lead"), seeded.lead))
    desk.set_signed_in(True)
    desk.review_action.trigger()
    window = desk.review_window
    assert isinstance(window, ReviewWindow)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.queue.current_judgment_id() == judgment.id, timeout=15_000)
    desk.open_review()
    assert desk.review_window is window


def test_the_dashboard_shows_the_servers_report_for_the_signed_in_lead(
    qtbot: QtBot, lanes: TaskLanes, served: tuple[Desk, str]
) -> None:
    seeded, url = served
    seeded.world.assign(seeded.batch, "ann")
    seeded.judge("i1", CLEAN)
    desk, _parent = _desk(qtbot, lanes, lambda: (Account(url, "lead"), seeded.lead))
    desk.set_signed_in(True)
    desk.dashboard_action.trigger()
    window = desk.dashboard_window
    assert window is not None
    with qtbot.waitSignal(window.sig_report_shown, timeout=15_000) as shown:  # type: ignore[attr-defined]
        pass
    report = shown.args[0]
    assert report.project_id == "p1"
    assert report.judgments == 1
    assert [b.state for b in report.batches] == ["in_progress"]
    window.close()


def test_the_dashboard_tells_an_annotator_they_lead_no_project(
    qtbot: QtBot, lanes: TaskLanes, served: tuple[Desk, str]
) -> None:
    seeded, url = served
    desk, _parent = _desk(qtbot, lanes, lambda: (Account(url, "ann"), seeded.ann))
    desk.set_signed_in(True)
    desk.open_dashboard(None)
    window = desk.dashboard_window
    assert window is not None
    with qtbot.waitSignal(window.sig_failed, timeout=15_000) as failed:  # type: ignore[attr-defined]
        pass
    assert "not a lead" in failed.args[0]
    window.close()


def test_closing_the_app_closes_the_lead_windows_and_their_clients(
    qtbot: QtBot, lanes: TaskLanes, served: tuple[Desk, str]
) -> None:
    seeded, url = served
    desk, _parent = _desk(qtbot, lanes, lambda: (Account(url, "lead"), seeded.lead))
    desk.set_signed_in(True)
    desk.dashboard_action.trigger()
    dashboard = desk.dashboard_window
    assert dashboard is not None
    dashboard.close()  # deleted on close: closing the app must not touch it again
    qtbot.waitUntil(lambda: not isValid(dashboard), timeout=15_000)
    desk.review_action.trigger()
    window = desk.review_window
    assert isinstance(window, ReviewWindow)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.project is not None, timeout=15_000)
    desk.close_windows()
    assert not window.isVisible()
    qtbot.waitUntil(lambda: window.client._http.is_closed, timeout=15_000)
