"""The annotator's half of a returned judgment, over real HTTP against the real server: the
lead's return reaches the laptop by sync with its comment, reopens the synced judgment,
and the amendment goes back through the outbox and is accepted as superseding it."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from app.pack_catalog import DEMO_PACK
from app.workspace import Workspace
from guidelines import load_pack
from server.accounts import create_user, grant_role
from server.change_log import append_change
from server.db import Database, utc_now
from server.models import Judgment as ServerJudgment
from server.models import PushOutcome
from server.models import Review as ServerReview
from storage import JudgmentRepository, Store, add_pack_version, import_source
from storage.outbox import pending_count
from storage.reviews import can_amend, judgment_reviews
from sync import SyncClient
from tests.sync_e2e.live_server import live_server
from tests.sync_e2e.world import ANNOTATOR, PROJECT, build_server, write_items

FIRST = {"helpfulness": {"a": 5, "b": 2}, "issues": {"a": [], "b": []}, "ranking": [["a"], ["b"]]}
AMENDED = {"helpfulness": {"a": 2, "b": 5}, "issues": {"a": [], "b": []}, "ranking": [["b"], ["a"]]}
COMMENT = "<b>B</b> answers the question; A misreads it.\n请把 B 排在前面。"


def _sync(store: Store, url: str, token: str) -> tuple[int, int]:
    """One sync; (judgments the server accepted, feed changes pulled)."""
    with SyncClient(store, url, token, client_version="0.1.0") as client:
        result = client.run()
    assert result.outcome == "ok", result.problem
    return result.accepted, result.pulled


def _return(db: Database, judgment_id: str, comment: str) -> None:
    """What the lead's return endpoint does: the review and its feed entry, one transaction,
    scoped to the judgment's annotator."""
    with db.session() as session:
        judgment = session.get(ServerJudgment, judgment_id)
        assert judgment is not None
        review = ServerReview(
            id="rv-1",
            judgment_id=judgment_id,
            reviewer_id="lead",
            outcome="returned",
            comment=comment,
            reviewed_at=utc_now(),
        )
        session.add(review)
        session.flush()
        append_change(
            session,
            project_id=PROJECT,
            scope_user_id=judgment.user_id,
            entity_type="review",
            entity_id=review.id,
            entity_version=1,
        )


def test_a_returned_judgment_reaches_the_laptop_by_sync_and_its_amendment_is_accepted(
    tmp_path: Path,
) -> None:
    tasks = tmp_path / "tasks.jsonl"
    items = write_items(tasks, 2)
    db = Database.open(f"sqlite+pysqlite:///{tmp_path / 'server.sqlite'}")
    token = build_server(db, items)
    with db.session() as session:
        create_user(session, "lead")
        grant_role(session, PROJECT, "lead", "lead")
    pack = load_pack(DEMO_PACK)
    laptop = Store.open(tmp_path / "laptop")
    import_source(laptop, tasks)
    add_pack_version(
        laptop, pack.id, pack.version, pack.sha256, pack.title.get("en"), pack.canonical_bytes()
    )
    workspace = Workspace(laptop)
    repo = JudgmentRepository(laptop, lambda *_args: [])
    draft = repo.start_draft("item-00000", pack.id, pack.version, ["a", "b"])
    original = repo.submit(draft.id, FIRST, active_ms=90_000)
    try:
        with live_server(db) as url:
            assert _sync(laptop, url, token)[0] == 1
            assert repo.get(original.id).sync_state == "acked"
            assert not can_amend(laptop, original.id)

            _return(db, original.id, COMMENT)
            _accepted, pulled = _sync(laptop, url, token)

            assert pulled >= 1
            reviews = judgment_reviews(laptop, original.id)
            assert reviews.own is not None
            assert (reviews.own.outcome, reviews.own.comment) == ("returned", COMMENT)
            assert can_amend(laptop, original.id)
            session = workspace.item_session("item-00000")
            assert session.judgment is not None
            assert session.judgment.id == original.id
            assert session.returned
            assert session.amendable

            amendment = workspace.amend(original.id)
            amended = repo.submit(amendment.id, AMENDED, active_ms=40_000)
            assert pending_count(laptop) == 1
            accepted, _pulled = _sync(laptop, url, token)

            assert accepted == 1
            assert pending_count(laptop) == 0
            assert repo.get(amended.id).sync_state == "acked"
            after = workspace.item_session("item-00000")
            assert after.judgment is not None
            assert after.judgment.id == amended.id
            assert not after.returned
            assert after.reviews is not None
            assert after.reviews.answered_return is not None
            assert after.reviews.answered_return.comment == COMMENT
        with db.session() as session_db:
            stored = session_db.get(ServerJudgment, amended.id)
            assert stored is not None
            assert (stored.supersedes_id, stored.user_id) == (original.id, ANNOTATOR)
            outcome = session_db.scalars(
                select(PushOutcome.status).where(PushOutcome.judgment_id == amended.id)
            ).one()
            assert outcome == "accepted"
    finally:
        laptop.close()
        db.dispose()
