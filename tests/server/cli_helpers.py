"""Running ``prefdesk-server`` in tests: in-process for admin commands, a real subprocess
for ``serve``; PostgreSQL schemas made fresh per test when PREFDESK_TEST_DATABASE_URL is set."""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text

from server.cli import main
from tests.server.conftest import postgres_url

REPO = Path(__file__).resolve().parents[2]
SHARED_DATA = REPO.parent / "shared" / "data"


@dataclass(frozen=True)
class Ran:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> Ran:
    """Run ``prefdesk-server ARGV`` in this process; usage errors come back as code 2."""
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse refuses bad usage with exit 2
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return Ran(code, captured.out, captured.err)


def shared_file(relative: str) -> Path:
    path = SHARED_DATA / relative
    if not path.is_file():
        pytest.skip(f"{path} is absent: the real public datasets live in ../shared/data")
    return path


@contextmanager
def pg_schema_url() -> Iterator[str]:
    """A URL whose connections use a fresh schema (dropped afterwards)."""
    base = postgres_url()
    if not base:
        pytest.skip("PREFDESK_TEST_DATABASE_URL is not set: no PostgreSQL to test against")
    schema = f"pdtest_{secrets.token_hex(6)}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


class ServerProcess:
    """``python -m server serve …`` as a child process, stderr collected."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "server", "serve", *args],
            cwd=REPO,
            env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self._err: list[str] = []
        assert self.process.stderr is not None
        self._reader = threading.Thread(
            target=lambda: self._err.extend(self.process.stderr or ()), daemon=True
        )
        self._reader.start()
        assert self.process.stdout is not None
        first = self.process.stdout.readline()
        if not first:
            self.stop()
            raise AssertionError(f"the server exited before listening: {self.stderr}")
        self.first_line = json.loads(first)
        self.url: str = self.first_line["url"]

    @property
    def stderr(self) -> str:
        return "".join(self._err)

    def stop(self, sig: int = signal.SIGTERM) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            code = self.process.wait(timeout=30)
        finally:
            if self.process.poll() is None:
                self.process.kill()
        self._reader.join(5)
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()
        return code
