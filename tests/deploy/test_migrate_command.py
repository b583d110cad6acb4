"""`prefdesk-server migrate`: the upgrade runbook's step, and the sentence it logs."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import text

from server.cli import main
from server.db import MIGRATIONS_DIR, create_db_engine, head_revision, sqlite_url


def _alembic() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def _at_revision(data: Path, revision: str) -> None:
    """A database as an older release left it: the schema up to ``revision`` only."""
    data.mkdir()
    engine = create_db_engine(sqlite_url(data))
    with engine.begin() as conn:
        config = _alembic()
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
    engine.dispose()


def _previous(revision: str) -> str:
    down = ScriptDirectory.from_config(_alembic()).get_revision(revision).down_revision
    assert isinstance(down, str)
    return down


def test_migrate_names_the_revisions_it_went_from_and_to(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    head = head_revision()
    older = _previous(head)
    data = tmp_path / "srv"
    _at_revision(data, older)

    assert main(["migrate", "--data", str(data)]) == 0
    assert f"schema upgraded from revision {older} to {head}" in capsys.readouterr().out

    assert main(["migrate", "--data", str(data)]) == 0
    assert f"schema up to date at revision {head}" in capsys.readouterr().out


def test_migrate_on_an_empty_database_says_it_created_the_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["migrate", "--data", str(tmp_path / "new")]) == 0
    assert f"schema created at revision {head_revision()}" in capsys.readouterr().out


def test_migrate_refuses_a_schema_newer_than_this_release(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A rollback to an older release must not run on the newer schema: exit 1, no change."""
    data = tmp_path / "srv"
    assert main(["migrate", "--data", str(data)]) == 0
    capsys.readouterr()
    engine = create_db_engine(sqlite_url(data))
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()

    assert main(["migrate", "--data", str(data)]) == 1
    captured = capsys.readouterr()
    assert "newer than this server knows" in captured.err
    assert captured.out == ""
