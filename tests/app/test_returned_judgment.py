"""The annotator's side of a lead's review, in the real window: a returned judgment shows
the lead's comment as plain text and opens for amendment with Ctrl+E; an accepted one is
shown and stays closed; a review that arrives by sync appears on the item on screen."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

import protocol
from app.account import Account
from app.item_session import DraftRef
from app.main_window import MainWindow
from app.tasks import TaskLanes
from app.workspace import Workspace
from storage import JudgmentState, Store
from storage.feed_apply import apply_feed_page
from storage.outbox import apply_push_results, outbox_page
from tests.app.sync_fakes import FakeResult

COMMENT = "<b>bold</b> 请重写：A 的排名不对。"
LONG_COMMENT = (
    "The ranking contradicts your ratings: you rated B higher but ranked A first. "
    "Please reread section 2.3 of the guidelines, https://guidelines.example/section-2.3/"
    "helpfulness-versus-harmlessness-and-how-to-weigh-them, then rank again. "
    "如果两个回答都有问题，请在 issues 里标出来，并在理由里写清楚为什么。"
)

MakeWindow = Callable[..., MainWindow]


@pytest.fixture
def make_window(qtbot: QtBot) -> Iterator[MakeWindow]:
    made: list[MainWindow] = []

    def make(profile: Path, lang: str = "en") -> MainWindow:
        window = MainWindow(TaskLanes(), started=0.0, lang=lang)
        qtbot.addWidget(window)
        window.resize(1500, 950)
        window.show()
        window.activateWindow()
        made.append(window)
        with qtbot.waitSignal(window.sig_first_item_shown, timeout=30_000):
            window.open_profile(profile, seed_demo=True)
        return window

    yield make
    for window in made:
        window.close()


def _answers(order: tuple[str, ...], first: int) -> dict[str, Any]:
    return {
        "helpfulness": dict.fromkeys(order, first),
        "issues": {rid: [] for rid in order},
        "ranking": [[rid] for rid in order],
    }


def _review_change(seq: int, judgment_id: str, outcome: str, comment: str) -> protocol.FeedChange:
    body = protocol.ReviewBody(
        judgment_id=judgment_id,
        outcome=outcome,  # type: ignore[arg-type]
        comment=comment,
        reviewed_at="2026-11-26T01:00:00Z",
    )
    return protocol.FeedChange(
        server_seq=seq,
        type="review",
        id=f"rv-{seq}",
        version=1,
        op="upsert",
        body=body.model_dump(),
    )


def synced_first_item(profile: Path) -> JudgmentState:
    """The demo workspace with the first item's judgment submitted and accepted by sync."""
    workspace = Workspace.open(profile, seed_demo=True)
    try:
        batch = workspace.batches()[0]
        items, _more = workspace.items(batch.id)
        session = workspace.item_session(items[0].id)
        assert session.pack is not None
        ref = DraftRef(items[0].id, session.pack.id, session.pack.version, session.display_order)
        state = workspace.submit(ref, _answers(session.display_order, 4), 60_000)
        assert state.client_seq is not None
        apply_push_results(
            workspace.store,
            "sync-1",
            [
                protocol.PushResult(
                    client_seq=state.client_seq,
                    judgment_id=state.id,
                    status="accepted",
                    server_seq=1,
                )
            ],
        )
        return workspace.judgments.get(state.id)
    finally:
        workspace.close()


def reviewed_first_item(profile: Path, outcome: str, comment: str) -> JudgmentState:
    """As ``synced_first_item``, and then the lead's review of it pulled from the feed."""
    original = synced_first_item(profile)
    with Store.open(profile) as store:
        applied = apply_feed_page(store, [_review_change(1, original.id, outcome, comment)], 1)
        assert applied.applied == 1
    return original


def _focus(window: MainWindow) -> QWidget:
    return QApplication.focusWidget() or window


def test_a_returned_judgment_shows_the_comment_as_plain_text_and_ctrl_e_opens_the_amendment(
    make_window: MakeWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    profile = tmp_path / "p"
    original = reviewed_first_item(profile, "returned", COMMENT)
    window = make_window(profile)
    session = window.controller.session
    assert session is not None
    assert session.judgment is not None
    assert session.judgment.id == original.id
    panel = window.rubric_panel
    note = panel.review
    assert note.isVisible()
    assert note.heading.text() == "Returned by your lead:"
    assert note.heading.textFormat() == Qt.TextFormat.PlainText
    assert note.comment.toPlainText() == COMMENT  # the markup shows as typed, never applied
    assert note.comment.isReadOnly()
    # A short comment is shown whole: no scroll bar, no half line.
    qtbot.waitUntil(lambda: note.comment.verticalScrollBar().maximum() == 0, timeout=5000)
    assert note.hint.text() == "Amend (Ctrl+E) to revise and resubmit."
    assert "Not synced yet" not in panel.banner.text()
    assert panel.amend_button.isVisible()
    assert panel.amend_button.isEnabled()
    assert not panel.submit_button.isEnabled()
    assert window.queue.currentItem().text(1) == "returned"
    assert window.queue.topLevelItem(0).text(1).endswith("· 1 returned")
    assert window.status.text().startswith("1 returned to you · ")

    with qtbot.waitSignal(window.controller.sig_amendment_opened, timeout=10_000) as opened:
        QTest.keyClick(_focus(window), Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    amendment = opened.args[0].judgment
    assert amendment.is_draft
    assert amendment.supersedes_id == original.id
    assert amendment.answers == original.answers
    assert panel.submit_button.isEnabled()
    assert note.comment.toPlainText() == COMMENT  # the return stays in view while revising
    assert note.hint.text() == "Your revision goes back to your lead when you submit it."
    assert panel.banner.text() == "Amending a submitted judgment."

    form = window.controller.form
    assert form is not None
    form.set_answers(_answers(window.controller.session.display_order, 2))  # type: ignore[union-attr]
    with qtbot.waitSignal(window.controller.sig_judgment_submitted, timeout=10_000) as done:
        QTest.keyClick(_focus(window), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    revised = done.args[0]
    assert revised.id == amendment.id
    assert revised.supersedes_id == original.id
    assert revised.sync_state == "queued"
    window.queue.select_item(original.item_id)
    qtbot.waitUntil(lambda: window.queue.currentItem().text(1) == "submitted", timeout=10_000)
    assert window.workspace is not None
    (entry,) = outbox_page(window.workspace.store, 0, 10)
    assert (entry.judgment_id, entry.payload["supersedes_id"]) == (revised.id, original.id)


def test_the_revision_keeps_the_return_in_its_history_after_a_restart(
    make_window: MakeWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    profile = tmp_path / "p"
    original = reviewed_first_item(profile, "returned", COMMENT)
    workspace = Workspace.open(profile)
    try:
        amendment = workspace.amend(original.id)
        workspace.judgments.submit(amendment.id, _answers(tuple(amendment.display_order), 2), 5)
    finally:
        workspace.close()
    window = make_window(profile)
    session = window.controller.session
    assert session is not None
    assert session.judgment is not None
    assert session.judgment.id == amendment.id
    note = window.rubric_panel.review
    assert note.heading.text() == "Returned by your lead:"
    assert note.comment.toPlainText() == COMMENT
    assert note.hint.text() == "You revised it; your lead will review the revision."
    assert window.queue.currentItem().text(1) == "submitted"
    # Unsynced, the revision itself can still be corrected: the usual rule.
    assert window.rubric_panel.amend_button.isVisible()


def test_an_accepted_review_is_shown_without_reopening_the_judgment(
    make_window: MakeWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    profile = tmp_path / "p"
    reviewed_first_item(profile, "accepted", "Good catch on the tone.")
    window = make_window(profile)
    note = window.rubric_panel.review
    assert note.isVisible()
    assert note.heading.text() == "Accepted by your lead:"
    assert note.comment.toPlainText() == "Good catch on the tone."
    assert not note.hint.isVisible()
    assert not window.rubric_panel.amend_button.isVisible()
    assert window.queue.currentItem().text(1) == "submitted"
    messages: list[str] = []
    window.controller.sig_message.connect(messages.append)
    window.actions_by_id["amend"].trigger()
    qtbot.wait(200)
    assert window.controller.session is not None
    assert not window.controller.session.judgment.is_draft  # type: ignore[union-attr]


def test_a_fixed_review_says_the_lead_corrected_it(
    make_window: MakeWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    profile = tmp_path / "p"
    reviewed_first_item(profile, "fixed", "B is the safer answer.")
    window = make_window(profile)
    note = window.rubric_panel.review
    assert note.heading.text() == "Corrected by your lead:"
    assert note.comment.toPlainText() == "B is the safer answer."
    assert not window.rubric_panel.amend_button.isVisible()


def test_a_long_comment_wraps_within_the_column_and_scrolls_past_a_few_lines(
    make_window: MakeWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    profile = tmp_path / "p"
    reviewed_first_item(profile, "returned", "\n".join([LONG_COMMENT] * 4))
    window = make_window(profile)
    panel = window.rubric_panel
    comment = panel.review.comment
    qtbot.waitUntil(lambda: comment.height() > comment.fontMetrics().lineSpacing() * 4)
    assert comment.width() <= panel.width()
    assert comment.horizontalScrollBar().maximum() == 0  # wrapped, even the long URL
    assert comment.height() < panel.height() / 2  # the form keeps most of the column
    assert comment.verticalScrollBar().maximum() > 0


def test_a_review_pulled_by_sync_appears_on_the_item_on_screen(
    make_window: MakeWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    profile = tmp_path / "p"
    original = synced_first_item(profile)
    window = make_window(profile)
    assert not window.rubric_panel.review.isVisible()
    assert not window.rubric_panel.amend_button.isVisible()  # synced: closed

    def client(store: Store, _account: Account, _token: str) -> Any:
        class PullsAReturn:
            def run(self, **_kw: Any) -> FakeResult:
                change = _review_change(7, original.id, "returned", COMMENT)
                apply_feed_page(store, [change], 7)
                return FakeResult(pulled=1)

        return PullsAReturn()

    assert window.workspace is not None
    runner = window.account.runner
    runner.client_factory = client
    runner.set_account(window.workspace.store, Account("http://sync.invalid", "ann"), "token")
    with qtbot.waitSignal(window.sig_item_shown, timeout=10_000) as shown:
        assert runner.sync_now()
    assert shown.args[0].content.id == original.item_id
    assert window.rubric_panel.review.comment.toPlainText() == COMMENT
    assert window.rubric_panel.amend_button.isVisible()

    def shows_returned() -> bool:  # the queue is rebuilt meanwhile: no current row for a while
        item = window.queue.currentItem()
        return item is not None and item.text(1) == "returned"

    qtbot.waitUntil(shows_returned, timeout=10_000)
    runner.stop()
