"""Randomised network faults never lose or double a judgment.

Each run copies a laptop with 1,000 submitted judgments and a fresh vendor database, then
syncs over real HTTP on a loopback port through a transport that drops responses after the
server committed, answers 5xx / 413 / 429, times out, resets, and delivers requests twice or
out of order. Afterwards the server holds exactly the laptop's submitted set, once each,
and the outbox is empty. ``PREFDESK_FAULT_RUNS`` lowers the run count for quick local work.
"""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from server.db import Database
from server.models import Judgment as ServerJudgment
from storage import Store
from storage.models import Judgment as LocalJudgment
from storage.outbox import pending_count
from sync import SyncClient
from tests.sync_e2e.faults import FaultyTransport
from tests.sync_e2e.live_server import live_server
from tests.sync_e2e.world import build_client, build_server, write_items

RUNS = int(os.environ.get("PREFDESK_FAULT_RUNS", "200"))
JUDGMENTS = 1000
MAX_SESSIONS = 60


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("world")
    pack_file = root / "tasks.jsonl"
    items = write_items(pack_file, JUDGMENTS)
    db = Database.open(f"sqlite+pysqlite:///{root / 'server.sqlite'}")
    token = build_server(db, items)
    db.dispose()
    build_client(root / "client", pack_file, JUDGMENTS)
    return root, token


def _submitted(store: Store) -> set[tuple[str, str]]:
    with store.read() as conn:
        rows = conn.execute(
            select(LocalJudgment.id, LocalJudgment.payload_sha256).where(
                LocalJudgment.client_seq.is_not(None)
            )
        ).all()
    return {(row.id, row.payload_sha256) for row in rows}


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(RUNS))
def test_sync_under_random_faults_leaves_server_with_exactly_the_submitted_set(
    template: tuple[Path, str], tmp_path: Path, seed: int
) -> None:
    root, token = template
    shutil.copy(root / "server.sqlite", tmp_path / "server.sqlite")
    shutil.copytree(root / "client", tmp_path / "client")
    rng = random.Random(seed)
    db = Database.open(f"sqlite+pysqlite:///{tmp_path / 'server.sqlite'}")
    faulty = FaultyTransport(httpx.HTTPTransport(), random.Random(seed), rate=rng.uniform(0.2, 0.6))
    with (
        live_server(db) as url,
        Store.open(tmp_path / "client") as store,
        SyncClient(
            store,
            url,
            token,
            client_version="0.1.0",
            transport=faulty,
            sleep=lambda _seconds: None,
            rng=random.Random(seed),
        ) as client,
    ):
        outcomes = []
        for _ in range(MAX_SESSIONS):
            result = client.run()
            outcomes.append(result.outcome)
            if result.outcome == "ok" and pending_count(store) == 0:
                break
        submitted = _submitted(store)
        left = pending_count(store)
    with db.session() as session:
        held = {
            (row.id, row.payload_sha256)
            for row in session.execute(select(ServerJudgment.id, ServerJudgment.payload_sha256))
        }
        rows = session.execute(select(func.count()).select_from(ServerJudgment)).scalar()
    db.dispose()
    assert left == 0, f"outbox not empty after {outcomes}; faults {dict(faulty.injected)}"
    assert len(submitted) == JUDGMENTS
    assert held == submitted
    assert rows == JUDGMENTS  # no duplicates
