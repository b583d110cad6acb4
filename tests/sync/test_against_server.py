"""Whole sessions against the real server app, in-process (``tests.in_process.InProcess``
on a started ``TestClient``).

The server is seeded with its own demo project: one batch of ten assigned to
``demo-annotator``, more left to claim, and the signed demo guideline pack.
"""

from __future__ import annotations

import gzip
import json
import random
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from storage import JudgmentRepository, Store
from storage.outbox import pending_count
from sync import RetryPolicy, SyncClient
from tests.in_process import InProcess
from tests.sync.wrapping import Wrapped

server_app = pytest.importorskip("server.app")
server_db = pytest.importorskip("server.db")
server_settings = pytest.importorskip("server.settings")
demo = pytest.importorskip("server.admin.demo")


def _routes(app: object) -> set[str]:
    # FastAPI 0.16x mounts included routers as nested objects; the OpenAPI paths list all.
    return set(app.openapi()["paths"])  # type: ignore[attr-defined]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[InProcess, str, object]]:
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
            yield InProcess(client), token, db
    finally:
        db.dispose()


@pytest.fixture
def profile(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "profile") as store:
        yield store


def _client(profile: Store, transport: httpx.BaseTransport, token: str) -> SyncClient:
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
    served: tuple[InProcess, str, object], profile: Store
) -> None:
    transport, token, _db = served
    with _client(profile, transport, token) as client:
        first = client.run()
        assert first.outcome == "ok", (first.problem, first.notes)
        assert first.pulled >= 2  # the assignment and the pack
        assert first.packs_added
        judged = _skip_all(profile)
        assert judged == 12  # the demo pack's first batch, assigned at seeding
        second = client.run()
        assert second.outcome == "ok", (second.problem, second.notes)
        assert second.pushed == judged
        assert second.accepted + second.rejected == judged
        assert pending_count(profile) == 0
        third = client.run()
        assert (third.outcome, third.pushed) == ("ok", 0)


def _server_judgments(db: object) -> list[tuple[str, str]]:
    from server.models import Judgment as ServerJudgment  # the server's own table

    with db.session() as session:  # type: ignore[attr-defined]
        return sorted(
            (row.id, row.payload_sha256)
            for row in session.query(ServerJudgment.id, ServerJudgment.payload_sha256)
        )


def _local_submitted(profile: Store) -> list[tuple[str, str]]:
    with profile.read() as conn:
        rows = conn.execute(
            text("SELECT id, payload_sha256 FROM judgments WHERE status != 'draft' ORDER BY id")
        ).all()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def test_lost_push_response_then_retry_yields_duplicate_not_new_row_on_the_real_server(
    served: tuple[InProcess, str, object], profile: Store
) -> None:
    transport, token, db = served
    with _client(profile, transport, token) as client:
        assert client.run().outcome == "ok"
    judged = _skip_all(profile)
    pushes: list[int] = []

    def drop_first_push_answer(request: httpx.Request, _n: int) -> Exception | None:
        if request.url.path == "/v1/push":
            pushes.append(1)
            if len(pushes) == 1:
                return httpx.ReadError("connection dropped after the server committed (test)")
        return None

    wrapped = Wrapped(transport, drop_first_push_answer)
    with _client(profile, wrapped, token) as client:
        result = client.run()
    assert result.outcome == "ok", result.problem
    assert (result.accepted, result.duplicate) == (0, judged)
    assert _server_judgments(db) == _local_submitted(profile)


def test_413_halves_the_batch_until_accepted_by_the_real_server(
    served: tuple[InProcess, str, object], profile: Store
) -> None:
    transport, token, db = served
    with _client(profile, transport, token) as client:
        client.run()
    judged = _skip_all(profile)
    sizes: list[int] = []

    def at_most_three(request: httpx.Request, _n: int) -> httpx.Response | None:
        if request.url.path == "/v1/push":
            body = request.content
            if request.headers.get("content-encoding") == "gzip":
                body = gzip.decompress(body)
            size = len(json.loads(body)["items"])
            sizes.append(size)
            if size > 3:
                return httpx.Response(413, json={"code": "too_large", "message": "3 at most"})
        return None

    with _client(profile, Wrapped(transport, at_most_three), token) as client:
        result = client.run()
    assert result.outcome == "ok"
    assert result.accepted == judged
    assert sizes[:3] == [12, 6, 3]
    assert _server_judgments(db) == _local_submitted(profile)


def test_restored_db_reusing_seqs_reregisters_and_requeues_without_duplicates(
    served: tuple[InProcess, str, object], tmp_path: Path
) -> None:
    transport, token, db = served
    profile_dir = tmp_path / "laptop"
    with Store.open(profile_dir) as store, _client(store, transport, token) as client:
        assert client.run().outcome == "ok"  # the batch of ten arrives
        device = store.device_id()
    backup = tmp_path / "backup"
    shutil.copytree(profile_dir, backup)
    with Store.open(profile_dir) as store, _client(store, transport, token) as client:
        _skip_some(store, 4)
        assert client.run().outcome == "ok"  # seqs 1–4 reach the server
    shutil.rmtree(profile_dir)
    shutil.copytree(backup, profile_dir)  # the laptop is restored: seqs 1–4 unknown here
    with Store.open(profile_dir) as store, _client(store, transport, token) as client:
        _skip_some(store, 6, reason="after the restore")
        result = client.run()
        assert result.outcome == "ok", result.problem
        assert store.device_id() != device
        assert pending_count(store) == 0
        restored = _local_submitted(store)
    held = _server_judgments(db)
    assert len(held) == len(set(held)) == 4 + 6  # nothing lost, nothing twice
    assert set(restored) <= set(held)


def test_claim_reuses_its_stored_id_after_a_lost_answer_on_the_real_server(
    served: tuple[InProcess, str, object], profile: Store
) -> None:
    transport, token, db = served

    def drop_claim_answers(request: httpx.Request, _n: int) -> Exception | None:
        if request.url.path == "/v1/batches/claim":
            return httpx.ReadError("dropped (test)")
        return None

    with _client(profile, Wrapped(transport, drop_claim_answers), token) as client:
        assert client.run(claim_project="demo").outcome == "offline"
    with _client(profile, transport, token) as client:
        result = client.run(claim_project="demo")
    assert result.outcome == "ok", result.problem
    with profile.read() as conn:
        batches = conn.execute(text("SELECT count(*) FROM assignments")).scalar()
    assert batches == 2  # the first batch, and exactly one claimed however often retried
    from server.models import Assignment as ServerAssignment

    with db.session() as session:  # type: ignore[attr-defined]
        assert session.query(ServerAssignment).count() == 2


def _skip_some(profile: Store, count: int, reason: str = "testing the sync") -> None:
    repo = JudgmentRepository(profile, lambda *_a: [])
    with profile.read() as conn:
        items = (
            conn.execute(
                text(
                    "SELECT id FROM items WHERE id NOT IN (SELECT item_id FROM judgments) "
                    "ORDER BY id LIMIT :n"
                ),
                {"n": count},
            )
            .scalars()
            .all()
        )
        pack = conn.execute(text("SELECT pack_id, version FROM guideline_packs")).one()
    for item in items:
        with profile.read() as conn:
            order = (
                conn.execute(
                    text("SELECT id FROM responses WHERE item_id = :i ORDER BY position"),
                    {"i": item},
                )
                .scalars()
                .all()
            )
        draft = repo.start_draft(item, pack.pack_id, pack.version, order)
        repo.skip(draft.id, reason, 100)
