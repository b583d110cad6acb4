"""``prefdesk-server serve`` as a real process: the listening line, the API, logs, shutdown."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from sqlalchemy import make_url

from server.accounts import create_user, issue_token
from server.db import Database, sqlite_url
from server.serve import redact_url, scrub
from tests.server.cli_helpers import REPO, ServerProcess, pg_schema_url

pytestmark = pytest.mark.slow


def test_serve_port_0_announces_the_real_port_answers_and_exits_0_on_sigterm(
    tmp_path: Path,
) -> None:
    server = ServerProcess("--data", str(tmp_path / "data"), "--port", "0")
    try:
        assert server.first_line["event"] == "listening"
        assert not server.url.endswith(":0")
        assert httpx.get(f"{server.url}/v1/meta").status_code == 200
        assert httpx.get(f"{server.url}/v1/me").status_code == 401
    finally:
        code = server.stop(signal.SIGTERM)
    assert code == 0
    assert (tmp_path / "data" / "prefdesk-server.sqlite").is_file()


def test_sigint_also_stops_it_cleanly(tmp_path: Path) -> None:
    server = ServerProcess("--data", str(tmp_path), "--port", "0")
    assert server.stop(signal.SIGINT) == 0


def test_every_stderr_line_is_a_json_log_record(tmp_path: Path) -> None:
    server = ServerProcess("--data", str(tmp_path), "--port", "0")
    httpx.get(f"{server.url}/v1/meta")
    server.stop()
    lines = server.stderr.splitlines()
    assert lines
    records = [json.loads(line) for line in lines]
    assert any(r.get("path") == "/v1/meta" and r.get("status") == 200 for r in records)


def test_no_token_appears_in_the_log_after_issuing_and_using_one(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    db = Database.open(sqlite_url(data))
    with db.session() as session:
        create_user(session, "ann")
        token = issue_token(session, "ann").token
    db.dispose()
    server = ServerProcess("--data", str(data), "--port", "0")
    try:
        me = httpx.get(f"{server.url}/v1/me", headers={"Authorization": f"Bearer {token}"})
        httpx.get(f"{server.url}/v1/me?token={token}", headers={"Authorization": token})
    finally:
        server.stop()
    assert me.status_code == 200
    secret = token.split("_", 2)[2]
    assert secret not in server.stderr
    assert '"user": "ann"' in server.stderr  # the log does say who called


def test_message_and_min_client_version_reach_the_handshake(tmp_path: Path) -> None:
    server = ServerProcess(
        "--data",
        str(tmp_path),
        "--port",
        "0",
        "--message",
        "maintenance at 6",
        "--min-client-version",
        "0.2.0",
    )
    try:
        body = httpx.get(f"{server.url}/v1/meta").json()
    finally:
        server.stop()
    assert (body["message"], body["min_client_version"]) == ("maintenance at 6", "0.2.0")


def test_two_workers_serve_one_port(tmp_path: Path) -> None:
    server = ServerProcess("--data", str(tmp_path), "--port", "0", "--workers", "2")
    try:
        statuses = {httpx.get(f"{server.url}/v1/meta").status_code for _ in range(10)}
    finally:
        code = server.stop()
    assert statuses == {200}
    assert code == 0


def test_redact_url_masks_the_password() -> None:
    url = "postgresql+psycopg://prefdesk:hunter2-xyz@db.example:5432/prefdesk"
    assert "hunter2-xyz" not in redact_url(url)
    assert "db.example" in redact_url(url)


def test_scrub_removes_token_secrets_and_bearer_values() -> None:
    line = "Authorization: Bearer pdt_0123456789abcdef_S3cretS3cret-_x"
    assert "S3cretS3cret" not in scrub(line)


def test_an_unreachable_database_fails_without_showing_its_password(tmp_path: Path) -> None:
    url = "postgresql+psycopg://someone:pw-do-not-print@127.0.0.1:1/nothing?connect_timeout=2"
    result = subprocess.run(
        [sys.executable, "-m", "server", "serve", "--database-url", url, "--port", "0"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "pw-do-not-print" not in result.stdout + result.stderr
    assert result.stdout == ""  # no listening line for a server that never listened


@pytest.mark.postgres
def test_serve_on_postgresql_and_two_processes_share_the_database() -> None:
    with pg_schema_url() as url:
        migrate = subprocess.run(
            [sys.executable, "-m", "server", "migrate", "--database-url", url],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert migrate.returncode == 0, migrate.stderr
        db = Database.open(url)
        with db.session() as session:
            create_user(session, "ann")
            token = issue_token(session, "ann").token
        db.dispose()
        env = {"PREFDESK_SERVER_DATABASE_URL": url}
        first = ServerProcess("--port", "0", env=env)
        second = ServerProcess("--port", "0", env=env)
        try:
            auth = {"Authorization": f"Bearer {token}"}
            answers = [httpx.get(f"{s.url}/v1/me", headers=auth) for s in (first, second)]
        finally:
            codes = (first.stop(), second.stop())
        assert [a.json()["user"] for a in answers] == ["ann", "ann"]
        assert codes == (0, 0)
        password = make_url(url).password
        if password:
            assert password not in first.stderr + second.stderr
