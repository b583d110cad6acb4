"""A real ``prefdesk-server`` process on an ephemeral loopback port (SQLite or PostgreSQL)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

REPO = Path(__file__).resolve().parents[2]
PG_ENV = "PREFDESK_TEST_DATABASE_URL"


def server_cli(*args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "server", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result


@contextmanager
def fresh_postgres_schema() -> Iterator[str]:
    """A database URL whose search_path is a new, empty schema (dropped afterwards)."""
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is not set: no PostgreSQL to test against")
    schema = f"e2e_{uuid.uuid4().hex[:10]}"
    from server.db import normalise_url

    engine = create_engine(normalise_url(base))
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    finally:
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


@contextmanager
def running_server(where: list[str]) -> Iterator[str]:
    """``serve`` with ``where`` (``--data D`` or ``--database-url U``); yields its URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "server", "serve", *where, "--port", "0"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line:
            raise AssertionError(
                f"server did not start: {process.communicate(timeout=10)[1][-2000:]}"
            )
        yield str(json.loads(line)["url"])
    finally:
        process.terminate()
        process.communicate(timeout=30)
