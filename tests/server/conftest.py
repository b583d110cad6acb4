"""Server tests run the real app on a real database file (or PostgreSQL when asked)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from server.accounts import create_user, grant_role, issue_token
from server.app import create_app
from server.db import Database, utc_now
from server.models import Project
from server.settings import ServerSettings

PG_URL_ENV = "PREFDESK_TEST_DATABASE_URL"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database.open(f"sqlite+pysqlite:///{tmp_path / 'server.sqlite'}")
    yield database
    database.dispose()


@pytest.fixture
def settings(tmp_path: Path) -> ServerSettings:
    return ServerSettings(database_url=f"sqlite+pysqlite:///{tmp_path / 'server.sqlite'}")


@pytest.fixture
def client(settings: ServerSettings, db: Database) -> Iterator[TestClient]:
    with TestClient(create_app(settings, db)) as test_client:
        yield test_client


def make_member(db: Database, user: str, project: str, *roles: str) -> str:
    """Create the project if needed, the user, their roles; return a fresh token."""
    with db.session() as session:
        if session.get(Project, project) is None:
            session.add(Project(id=project, name=project, lease_seconds=3600, created_at=utc_now()))
            session.flush()
        create_user(session, user)
        for role in roles:
            grant_role(session, project, user, role)
        return issue_token(session, user).token


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def postgres_url() -> str | None:
    return os.environ.get(PG_URL_ENV)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def world_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """The server database on SQLite, and again on a fresh PostgreSQL schema when
    PREFDESK_TEST_DATABASE_URL is set (skipped otherwise, saying so)."""
    if request.param == "sqlite":
        database = Database.open(f"sqlite+pysqlite:///{tmp_path / 'server.sqlite'}")
        yield database
        database.dispose()
        return
    from tests.server.cli_helpers import pg_schema_url  # imports this module: import late

    with pg_schema_url() as url:
        database = Database.open(url)
        try:
            yield database
        finally:
            database.dispose()


@pytest.fixture
def world(world_db: Database) -> Iterator[object]:
    """A ``tests.server.sync_world.World`` with project p1 on the ``world_db`` backend."""
    from tests.server.sync_world import World  # imports this module: import late

    settings = ServerSettings(database_url=str(world_db.engine.url))
    with TestClient(create_app(settings, world_db)) as test_client:
        yield World(world_db, test_client)
