"""Whole-client scenarios over real HTTP: two laptops of one annotator, a revoked token."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from app.pack_catalog import DEMO_PACK
from guidelines import load_pack
from server.accounts import issue_token, revoke_token, token_owner
from server.db import Database
from server.models import Judgment as ServerJudgment
from storage import JudgmentRepository, Store, add_pack_version, import_source
from storage.outbox import pending_count
from sync import SyncClient
from tests.sync_e2e.live_server import live_server
from tests.sync_e2e.world import ANNOTATOR, build_server, write_items

ITEMS = 20


def _laptop(path: Path, tasks: Path, judge: range) -> Store:
    """A laptop with the items and pack; ``judge`` items skipped (each a new judgment)."""
    pack = load_pack(DEMO_PACK)
    store = Store.open(path)
    import_source(store, tasks)
    add_pack_version(
        store, pack.id, pack.version, pack.sha256, pack.title.get("en"), pack.canonical_bytes()
    )
    repo = JudgmentRepository(store, lambda *_args: [])
    for n in judge:
        draft = repo.start_draft(f"item-{n:05d}", pack.id, pack.version, ["a", "b"])
        repo.skip(draft.id, f"laptop {path.name}", 500)
    return store


def _server_rows(db: Database) -> list[tuple[str, str]]:
    with db.session() as session:
        rows = session.execute(select(ServerJudgment.item_id, ServerJudgment.device_id)).all()
    return sorted((row.item_id, row.device_id) for row in rows)


def test_two_laptops_of_one_annotator_both_deliver_everything_once(tmp_path: Path) -> None:
    tasks = tmp_path / "tasks.jsonl"
    items = write_items(tasks, ITEMS)
    db = Database.open(f"sqlite+pysqlite:///{tmp_path / 'server.sqlite'}")
    token = build_server(db, items)
    home = _laptop(tmp_path / "home", tasks, range(0, 8))
    office = _laptop(tmp_path / "office", tasks, range(5, 12))  # items 5–7 judged on both
    with live_server(db) as url:
        for store in (home, office, home, office):
            with SyncClient(store, url, token, client_version="0.1.0") as client:
                assert client.run().outcome == "ok"
    assert pending_count(home) == 0
    assert pending_count(office) == 0
    rows = _server_rows(db)
    assert len(rows) == 8 + 7  # every judgment of both laptops, each once
    assert {device for _item, device in rows} == {home.device_id(), office.device_id()}
    home.close()
    office.close()
    db.dispose()


def test_a_revoked_token_stops_sync_keeps_the_outbox_and_a_new_token_delivers_it(
    tmp_path: Path,
) -> None:
    tasks = tmp_path / "tasks.jsonl"
    items = write_items(tasks, ITEMS)
    db = Database.open(f"sqlite+pysqlite:///{tmp_path / 'server.sqlite'}")
    token = build_server(db, items)
    with db.session() as session:
        owner = token_owner(session, token)
        assert owner is not None
        revoke_token(session, owner[1])
    laptop = _laptop(tmp_path / "laptop", tasks, range(0, 6))
    with live_server(db) as url:
        with SyncClient(laptop, url, token, client_version="0.1.0") as client:
            refused = client.run()
        assert refused.outcome == "unauthorized"
        assert refused.action is not None
        assert token not in (refused.problem or "")
        assert pending_count(laptop) == 6
        with db.session() as session:
            fresh = issue_token(session, ANNOTATOR).token
        with SyncClient(laptop, url, fresh, client_version="0.1.0") as client:
            assert client.run().outcome == "ok"
    assert pending_count(laptop) == 0
    with db.session() as session:
        assert session.execute(select(func.count()).select_from(ServerJudgment)).scalar() == 6
    laptop.close()
    db.dispose()
