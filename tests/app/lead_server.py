"""Fixtures for the lead's windows: the real server on a loopback port, seeded through a
``tests.server.test_review.Desk``, and the app's task lanes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.tasks import TaskLanes
from server.app import create_app
from server.db import Database
from server.settings import ServerSettings
from tests.server.sync_world import World
from tests.server.test_review import Desk
from tests.sync_e2e.live_server import live_server


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Desk, str]]:
    db = Database.open(f"sqlite+pysqlite:///{tmp_path / 'server.sqlite'}")
    settings = ServerSettings(database_url=str(db.engine.url))
    try:
        with TestClient(create_app(settings, db)) as seeding, live_server(db, settings) as url:
            yield Desk(World(db, seeding)), url
    finally:
        db.dispose()


@pytest.fixture
def lanes() -> Iterator[TaskLanes]:
    lanes = TaskLanes()
    yield lanes
    lanes.shutdown()
