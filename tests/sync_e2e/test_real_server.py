"""End to end: a laptop's store syncs with a real ``prefdesk-server`` process.

The vendor seeds the demo project with the server's own command; the annotator's client
pulls its assignment and the signed guideline pack, judges every item, pushes, and the
server holds exactly those judgments. Runs on SQLite, and on PostgreSQL when
``PREFDESK_TEST_DATABASE_URL`` is set (CI sets it).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from guidelines import load_trusted_keys
from server.admin.demo import seed
from server.db import Database, sqlite_url
from server.models import Judgment as ServerJudgment
from storage import JudgmentRepository, Store, get_item, list_batches, list_items
from storage.outbox import pending_count
from sync import SyncClient, trusted_pack_verifier
from tests.sync_e2e.real_server import fresh_postgres_schema, running_server, server_cli


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def vendor(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[list[str], str]]:
    data = tmp_path / "vendor"
    if request.param == "sqlite":
        where = ["--data", str(data)]
        server_cli("demo", *where)
        yield where, sqlite_url(data)
        return
    with fresh_postgres_schema() as url:
        where = ["--database-url", url]
        # ``demo`` writes its token file under --data, so on PostgreSQL seed in-process.
        db = Database.open(url)
        try:
            seed(db, data)
        finally:
            db.dispose()
        yield where, url


@pytest.mark.slow
def test_laptop_pulls_judges_and_pushes_through_a_real_server_process(
    vendor: tuple[list[str], str], tmp_path: Path
) -> None:
    where, url = vendor
    data = tmp_path / "vendor"
    token = (data / "demo-annotator.token").read_text(encoding="utf-8").strip()
    verify = trusted_pack_verifier(load_trusted_keys(data / "demo-trusted-keys.txt"))
    with (
        running_server(where) as server_url,
        Store.open(tmp_path / "laptop") as store,
        SyncClient(store, server_url, token, client_version="0.1.0", verify_pack=verify) as client,
    ):
        first = client.run()
        assert first.outcome == "ok", first.problem
        assert first.packs_added == [("prefdesk-demo", "1.0.0")]
        items = [i for b in list_batches(store) for i in list_items(store, b.id)]
        assert len(items) == 12  # the demo pack's first batch, assigned at seeding
        repo = JudgmentRepository(store, lambda *_args: [])
        for item in items:
            draft = repo.start_draft(item.id, "prefdesk-demo", "1.0.0", _order(store, item.id))
            repo.skip(draft.id, "checked end to end", 1200)
        second = client.run()
        assert second.outcome == "ok", second.problem
        assert second.accepted == 12
        assert pending_count(store) == 0
        third = client.run()
        assert third.pushed == 0
    db = Database.open(url, upgrade=False)
    try:
        with db.session() as session:
            held = session.execute(select(ServerJudgment.item_id, ServerJudgment.user_id)).all()
    finally:
        db.dispose()
    assert sorted(row.item_id for row in held) == sorted(item.id for item in items)
    assert {row.user_id for row in held} == {"demo-annotator"}


def _order(store: Store, item_id: str) -> list[str]:
    return [response.id for response in get_item(store, item_id).responses]
