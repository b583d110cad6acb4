"""The sync status widget shows each state from plain values and asks for one action."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pytestqt.qtbot import QtBot

from widgets.sync_status import SyncStatusView, SyncStatusWidget

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def _widget(qtbot: QtBot) -> SyncStatusWidget:
    widget = SyncStatusWidget(now=lambda: NOW)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_not_signed_in_offers_sign_in_and_nothing_else(qtbot: QtBot) -> None:
    widget = _widget(qtbot)
    widget.set_status(SyncStatusView(action="sign_in"))
    assert widget.state.text() == "Not signed in"
    assert widget.action.isVisible()
    assert widget.action.text() == "Sign in…"
    assert not widget.last.isVisible()
    assert not widget.pending.isVisible()
    assert not widget.progress.isVisible()


def test_online_shows_what_waits_and_when_it_last_synced(qtbot: QtBot) -> None:
    widget = _widget(qtbot)
    widget.set_status(
        SyncStatusView(
            signed_in=True, online=True, pending=12, last_synced=NOW - timedelta(minutes=3)
        )
    )
    assert widget.state.text() == "Online"
    assert widget.pending.text() == "12 to send"
    assert widget.last.text() == "synced 3 min ago"
    assert not widget.problem.isVisible()
    assert not widget.action.isVisible()


def test_nothing_pending_says_all_sent_and_recent_says_just_now(qtbot: QtBot) -> None:
    widget = _widget(qtbot)
    widget.set_status(SyncStatusView(signed_in=True, online=True, pending=0, last_synced=NOW))
    assert widget.pending.text() == "all sent"
    assert widget.last.text() == "synced just now"


def test_long_ago_is_counted_in_hours_then_days(qtbot: QtBot) -> None:
    widget = _widget(qtbot)
    widget.set_status(SyncStatusView(signed_in=True, last_synced=NOW - timedelta(hours=5)))
    assert widget.last.text() == "synced 5 h ago"
    widget.set_status(SyncStatusView(signed_in=True, last_synced=NOW - timedelta(days=3)))
    assert widget.last.text() == "synced 3 days ago"


def test_offline_shows_the_problem_and_retry_emits_its_action(qtbot: QtBot) -> None:
    widget = _widget(qtbot)
    widget.set_status(
        SyncStatusView(signed_in=True, online=False, problem="Offline: kept.", action="retry")
    )
    assert widget.state.text() == "Offline"
    assert widget.problem.isVisible()
    assert widget.problem.text() == "Offline: kept."
    with qtbot.waitSignal(widget.sig_action_requested) as asked:
        widget.action.click()
    assert asked.args == ["retry"]


def test_a_refused_token_offers_to_sign_in_again(qtbot: QtBot) -> None:
    widget = _widget(qtbot)
    widget.set_status(SyncStatusView(signed_in=True, problem="Refused.", action="sign_in"))
    assert widget.action.text() == "Sign in again"


def test_too_old_offers_update(qtbot: QtBot) -> None:
    widget = _widget(qtbot)
    widget.set_status(SyncStatusView(signed_in=True, problem="Too old.", action="update"))
    assert widget.action.text() == "Update the app"


def test_a_large_download_shows_progress_and_an_unknown_total_hides_it(qtbot: QtBot) -> None:
    widget = _widget(qtbot)
    widget.set_status(SyncStatusView(signed_in=True, syncing=True))
    assert widget.state.text() == "Syncing…"
    widget.set_progress((250, 1000))
    assert widget.progress.isVisible()
    assert (widget.progress.value(), widget.progress.maximum()) == (250, 1000)
    assert widget.state.text() == "Receiving 250 of 1,000"
    widget.set_progress(None)
    assert not widget.progress.isVisible()
    assert widget.state.text() == "Syncing…"
