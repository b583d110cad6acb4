"""The lead's review window on real widgets against the real server on a loopback port:
the queue and its filters, the judgment as the annotator made it, accept / return / fix,
batch acceptance and a delivery saved from the app."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.i18n import install_translators
from app.review_window import ReviewWindow
from app.tasks import TaskLanes
from sync import LeadClient
from tests.server.test_review import CLEAN, CONTRADICTION, FIX, Desk

WAIT_MS = 15_000
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


def _window(qtbot: QtBot, lanes: TaskLanes, url: str, token: str) -> ReviewWindow:
    client = LeadClient(url, token, client_version="1.0")
    window = ReviewWindow(client, lanes, lang="en")
    qtbot.addWidget(window)
    window.show()
    return window


def _wait_rows(qtbot: QtBot, window: ReviewWindow, n: int) -> None:
    qtbot.waitUntil(lambda: len(window.queue.model.entries) == n, timeout=WAIT_MS)


def _wait_shown(qtbot: QtBot, window: ReviewWindow, judgment_id: str) -> None:
    def shown() -> bool:
        return (
            window.detail.item_view.current_item_id is not None
            and window._shown == judgment_id
            and window.detail.accept_button.isEnabled()
        )

    qtbot.waitUntil(shown, timeout=WAIT_MS)


def test_the_lead_sees_the_judgment_as_the_annotator_made_it(
    qtbot: QtBot, lanes: TaskLanes, served: tuple[Desk, str]
) -> None:
    desk, url = served
    desk.world.assign(desk.batch, "ann")
    flagged = desk.judge("i1", CONTRADICTION, display_order=("b", "a"))
    window = _window(qtbot, lanes, url, desk.lead)
    _wait_rows(qtbot, window, 1)
    _wait_shown(qtbot, window, flagged.id)
    assert window.projects.currentText() == "p1"
    # The annotator's display order (b first, labelled A), their answers in the form.
    views = window.detail.item_view.responses.views
    assert [(v.label, v.text) for v in views] == [("A", "answer b"), ("B", "answer a")]
    form = window.detail.form
    assert form is not None
    assert form.answers()["ranking"] == [["a"], ["b"]]
    assert not form.isEnabled()  # read-only until the lead chooses Fix
    assert window.detail.findings.isVisible()
    assert "ranked above" in window.detail.findings.text()
    assert "ranking_contradicts_rating" in window.queue.model.data(
        window.queue.model.index(0, 2), Qt.ItemDataRole.DisplayRole
    )


def test_return_needs_a_comment_then_reaches_the_server_and_the_next_row_opens(
    qtbot: QtBot, lanes: TaskLanes, served: tuple[Desk, str]
) -> None:
    desk, url = served
    desk.world.assign(desk.batch, "ann")
    first = desk.judge("i1", CLEAN)
    second = desk.judge("i2", CLEAN)
    window = _window(qtbot, lanes, url, desk.lead)
    _wait_rows(qtbot, window, 2)
    _wait_shown(qtbot, window, first.id)
    qtbot.mouseClick(window.detail.return_button, Qt.MouseButton.LeftButton)
    assert "Write what the annotator should change" in window.detail.status.text()
    window.detail.comment.setPlainText("B answers the question; rank it first.")
    qtbot.mouseClick(window.detail.return_button, Qt.MouseButton.LeftButton)
    _wait_shown(qtbot, window, second.id)
    assert desk.queued(review="returned") == [first.id]
    (body,) = [c["body"] for c in desk.world.feed(desk.ann)["changes"] if c["type"] == "review"]
    assert body["comment"] == "B answers the question; rank it first."


def test_fix_and_accept_sends_the_edited_answers_and_keeps_the_original(
    qtbot: QtBot, lanes: TaskLanes, served: tuple[Desk, str]
) -> None:
    desk, url = served
    desk.world.assign(desk.batch, "ann")
    judgment = desk.judge("i1", CLEAN)
    window = _window(qtbot, lanes, url, desk.lead)
    _wait_shown(qtbot, window, judgment.id)
    qtbot.mouseClick(window.detail.fix_button, Qt.MouseButton.LeftButton)
    form = window.detail.form
    assert form is not None
    assert form.isEnabled()
    assert window.detail.save_fix_button.isVisible()
    form.set_answers(FIX)
    qtbot.mouseClick(window.detail.save_fix_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desk.queued(review="fixed") == [judgment.id], timeout=WAIT_MS)
    detail = desk.world.client.get(
        f"/v1/projects/p1/judgments/{judgment.id}", headers={"Authorization": f"Bearer {desk.lead}"}
    ).json()
    assert detail["payload"]["answers"] == CLEAN
    assert detail["reviews"][-1]["fixed_answers"]["ranking"] == FIX["ranking"]


def test_a_checked_batch_is_accepted_and_a_delivery_is_saved_from_the_app(
    qtbot: QtBot, lanes: TaskLanes, served: tuple[Desk, str], tmp_path: Path
) -> None:
    desk, url = served
    desk.world.assign(desk.batch, "ann")
    for item in ("i1", "i2", "i3"):
        desk.judge(item, CLEAN)
    window = _window(qtbot, lanes, url, desk.lead)
    qtbot.waitUntil(lambda: window.batches.batch_ids == [desk.batch], timeout=WAIT_MS)
    assert window.batches.table.item(0, 1).text() == "checked"
    window.batches.table.selectRow(0)
    qtbot.mouseClick(window.batches.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.batches.table.item(0, 1).text() == "accepted", timeout=WAIT_MS)
    target = tmp_path / "out" / "delivery.zip"
    target.parent.mkdir()
    window.export_delivery(target)
    qtbot.waitUntil(target.exists, timeout=WAIT_MS)
    with zipfile.ZipFile(io.BytesIO(target.read_bytes())) as zipped:
        manifest = json.loads(zipped.read("manifest.json"))
    assert manifest["judgments"]["delivered"] == 3
    assert not list(target.parent.glob("*.part"))
    qtbot.waitUntil(lambda: desk.state()["state"] == "delivered", timeout=WAIT_MS)


def test_an_annotator_account_is_told_it_leads_no_project(
    qtbot: QtBot, lanes: TaskLanes, served: tuple[Desk, str]
) -> None:
    desk, url = served
    window = _window(qtbot, lanes, url, desk.ann)
    qtbot.waitUntil(lambda: "not a lead" in window.statusBar().currentMessage(), timeout=WAIT_MS)
    assert window.projects.count() == 0


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_screenshot_of_the_review_window_is_kept(
    qtbot: QtBot, lanes: TaskLanes, served: tuple[Desk, str], language: str
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_translators(app, language)
    try:
        _screenshot(qtbot, lanes, served, language)
    finally:
        install_translators(app, "en")


def _screenshot(qtbot: QtBot, lanes: TaskLanes, served: tuple[Desk, str], language: str) -> None:
    desk, url = served
    desk.world.assign(desk.batch, "ann")
    flagged = desk.judge("i1", CONTRADICTION, display_order=("b", "a"))
    desk.judge("i2", CLEAN)
    window = _window(qtbot, lanes, url, desk.lead)
    _wait_shown(qtbot, window, flagged.id)
    window.detail.comment.setPlainText("Ranking contradicts the ratings: please check.")
    qtbot.wait(200)
    if language != "en":
        assert window.detail.accept_button.text() != "&Accept"  # the window speaks Chinese
    ARTIFACTS.mkdir(exist_ok=True)
    shot = window.grab().toImage()
    assert shot.save(str(ARTIFACTS / f"review-window-{language}.png"))
    assert shot.width() >= 1000


def test_the_delivery_dialog_needs_a_format_and_reports_the_filters(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    from widgets.delivery_dialog import DeliveryDialog

    dialog = DeliveryDialog("p1")
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.choice().formats == ("trl-preference", "parquet")
    for box in dialog.format_boxes.values():
        box.setChecked(False)
    assert not ok.isEnabled()
    dialog.format_boxes["kto"].setChecked(True)
    dialog.use_agreement.setChecked(True)
    dialog.agreement.setValue(0.7)
    dialog.exclude_stale.setChecked(True)
    choice = dialog.choice()
    assert ok.isEnabled()
    assert (choice.formats, choice.min_agreement, choice.exclude_stale) == (("kto",), 0.7, True)
