"""Issue 6's must-show round trip over real HTTP: a lead returns a judgment in the app's
review window → the annotator's laptop gets the comment with its next sync → the
amendment is pushed → the lead accepts it in the app → the next delivery, saved from the
app, holds the amendment and not the returned original."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.pack_catalog import DEMO_PACK
from app.review_window import ReviewWindow
from app.tasks import TaskLanes
from guidelines import load_pack
from server.accounts import create_user, grant_role, issue_token
from server.db import Database
from server.models import Judgment as ServerJudgment
from storage import JudgmentRepository, Store, add_pack_version, import_source
from storage.models import Review as LocalReview
from storage.outbox import pending_count
from storage.reviews import can_amend, item_reviews
from sync import LeadClient, SyncClient
from tests.sync_e2e.live_server import live_server
from tests.sync_e2e.world import PROJECT, build_server, write_items

WAIT_MS = 15_000
FIRST = {"helpfulness": {"a": 5, "b": 2}, "issues": {"a": [], "b": []}, "ranking": [["a"], ["b"]]}
AMENDED = {"helpfulness": {"a": 2, "b": 5}, "issues": {"a": [], "b": []}, "ranking": [["b"], ["a"]]}
COMMENT = "B answers the question; A misreads it. 请把 B 排在前面。"


@pytest.fixture
def lanes() -> Iterator[TaskLanes]:
    lanes = TaskLanes()
    yield lanes
    lanes.shutdown()


def _sync(store: Store, url: str, token: str) -> None:
    with SyncClient(store, url, token, client_version="0.1.0") as client:
        result = client.run()
    assert result.outcome == "ok", result.problem


def _local_review(store: Store, judgment_id: str) -> LocalReview | None:
    with store.read() as conn:
        row = conn.execute(
            select(LocalReview).where(LocalReview.judgment_id == judgment_id)
        ).first()
    return row  # type: ignore[return-value]


def test_returned_judgment_round_trips_to_the_next_delivery(
    qtbot: QtBot, lanes: TaskLanes, tmp_path: Path
) -> None:
    tasks = tmp_path / "tasks.jsonl"
    items = write_items(tasks, 3)
    db = Database.open(f"sqlite+pysqlite:///{tmp_path / 'server.sqlite'}")
    annotator_token = build_server(db, items)
    with db.session() as session:
        create_user(session, "lead")
        grant_role(session, PROJECT, "lead", "lead")
        lead_token = issue_token(session, "lead").token
    pack = load_pack(DEMO_PACK)
    laptop = Store.open(tmp_path / "laptop")
    import_source(laptop, tasks)
    add_pack_version(
        laptop, pack.id, pack.version, pack.sha256, pack.title.get("en"), pack.canonical_bytes()
    )
    repo = JudgmentRepository(laptop, lambda *_args: [])
    draft = repo.start_draft("item-00000", pack.id, pack.version, ["a", "b"])
    original = repo.submit(draft.id, FIRST, active_ms=90_000)
    with live_server(db) as url:
        _sync(laptop, url, annotator_token)

        # The lead returns it in the app's review window.
        window = ReviewWindow(LeadClient(url, lead_token, client_version="0.1.0"), lanes, "en")
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.queue.current_judgment_id() == original.id, timeout=WAIT_MS)
        qtbot.waitUntil(window.detail.return_button.isEnabled, timeout=WAIT_MS)
        window.detail.comment.setPlainText(COMMENT)
        qtbot.mouseClick(window.detail.return_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.queue.model.entries[0].review == "returned", timeout=WAIT_MS)

        # The annotator's laptop gets the comment with its next sync.
        _sync(laptop, url, annotator_token)
        review = _local_review(laptop, original.id)
        assert review is not None
        assert (review.outcome, review.comment) == ("returned", COMMENT)
        shown = item_reviews(laptop, "item-00000")  # what the annotator's rubric panel reads
        assert shown is not None
        assert shown.reopened
        assert shown.own is not None
        assert shown.own.comment == COMMENT
        assert can_amend(laptop, original.id)  # synced, yet open for one amendment

        # The amendment is pushed.
        amendment = repo.amend(original.id)
        amended = repo.submit(amendment.id, AMENDED, active_ms=40_000)
        _sync(laptop, url, annotator_token)
        assert pending_count(laptop) == 0
        assert not can_amend(laptop, original.id)
        answered = item_reviews(laptop, "item-00000")
        assert answered is not None
        assert answered.answered_return is not None  # the comment stays in the history
        with db.session() as session:
            stored = session.get(ServerJudgment, amended.id)
            assert stored is not None
            assert stored.supersedes_id == original.id

        # The lead accepts the amendment in the app.
        window.reload_queue()
        qtbot.waitUntil(lambda: window.queue.current_judgment_id() == amended.id, timeout=WAIT_MS)
        qtbot.waitUntil(window.detail.accept_button.isEnabled, timeout=WAIT_MS)
        qtbot.mouseClick(window.detail.accept_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.queue.model.entries[0].review == "accepted", timeout=WAIT_MS)

        # The next delivery, saved from the app, holds the amendment and not the original.
        target = tmp_path / "delivery.zip"
        window.export_delivery(target)
        qtbot.waitUntil(target.exists, timeout=WAIT_MS)
        window.close()  # its client closes its kept-alive connection before the server goes
        lanes.shutdown()
    with zipfile.ZipFile(io.BytesIO(target.read_bytes())) as zipped:
        table = pq.read_table(io.BytesIO(zipped.read("parquet/train.parquet"))).to_pylist()
        trl = zipped.read("trl-preference/train.jsonl").decode()
    assert [row["judgment_id"] for row in table] == [amended.id]
    assert table[0]["review_outcome"] == "accepted"
    (pair,) = [json.loads(line) for line in trl.splitlines()]
    assert pair["chosen"].strip() == "Answer B to 0, a little longer."  # the amended ranking
    assert pair["rejected"].strip() == "Answer A to 0."
    laptop.close()
    db.dispose()
