"""Whole sessions against the real server app, in-process (its ``TestClient`` transport).

The server is seeded with its own demo project: one batch of ten assigned to
``demo-annotator``, more left to claim, and the signed demo guideline pack.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from storage import JudgmentRepository, Store
from storage.outbox import pending_count
from sync import RetryPolicy, SyncClient

server_app = pytest.importorskip("server.app")
server_db = pytest.importorskip("server.db")
server_settings = pytest.importorskip("server.settings")
demo = pytest.importorskip("server.admin.demo")


def _routes(app: object) -> set[str]:
    # FastAPI 0.16x mounts included routers as nested objects; the OpenAPI paths list all.
    return set(app.openapi()["paths"])  # type: ignore[attr-defined]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[TestClient, str, object]]:
    url = f"sqlite+pysqlite:///{tmp_path / 'server.sqlite'}"
    db = server_db.Database.open(url)
    try:
        app = server_app.create_app(server_settings.ServerSettings(database_url=url), db)
        missing = {"/v1/push", "/v1/feed", "/v1/devices/{device_id}/summary"} - _routes(app)
        if missing:
            pytest.skip(f"the server does not serve {sorted(missing)} yet")
        seeded = demo.seed(db, tmp_path / "server-data")
        token = seeded.token_file.read_text(encoding="utf-8").strip()
        with TestClient(app) as client:
            yield client, token, db
    finally:
        db.dispose()


@pytest.fixture
def profile(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "profile") as store:
        yield store


def _client(profile: Store, transport: TestClient, token: str) -> SyncClient:
    return SyncClient(
        profile,
        "http://testserver",
        token,
        client_version="0.1.0",
        transport=transport,
        sleep=lambda _s: None,
        rng=random.Random(3),
        policy=RetryPolicy(max_attempts=3),
    )


def _skip_all(profile: Store) -> int:
    """Skip every item of the pulled batches under the pulled pack (skips need no rubric)."""
    repo = JudgmentRepository(profile, lambda *_a: [])
    with profile.read() as conn:
        items = conn.execute(text("SELECT id FROM items ORDER BY id")).scalars().all()
        pack = conn.execute(text("SELECT pack_id, version FROM guideline_packs")).one()
        orders = {
            item: conn.execute(
                text("SELECT id FROM responses WHERE item_id = :i ORDER BY position"), {"i": item}
            )
            .scalars()
            .all()
            for item in items
        }
    for item in items:
        draft = repo.start_draft(item, pack.pack_id, pack.version, orders[item])
        repo.skip(draft.id, "testing the sync", 100)
    return len(items)


def test_full_session_against_the_in_process_server_pushes_everything_and_empties_the_outbox(
    served: tuple[TestClient, str, object], profile: Store
) -> None:
    transport, token, _db = served
    with _client(profile, transport, token) as client:
        first = client.run()
        assert first.outcome == "ok", (first.problem, first.notes)
        assert first.pulled >= 2  # the assignment and the pack
        assert first.packs_added
        judged = _skip_all(profile)
        assert judged == 10
        second = client.run()
        assert second.outcome == "ok", (second.problem, second.notes)
        assert second.pushed == judged
        assert second.accepted + second.rejected == judged
        assert pending_count(profile) == 0
        third = client.run()
        assert (third.outcome, third.pushed) == ("ok", 0)
