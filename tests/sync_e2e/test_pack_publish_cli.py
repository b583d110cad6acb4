"""A lead publishes a signed pack with ``prefdesk-pack publish`` to a real server process."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.pack_catalog import DEMO_PACK
from tests.sync_e2e.real_server import REPO, running_server, server_cli


def _pack_cli(*args: str, token: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PREFDESK_TOKEN": token}
    return subprocess.run(
        [sys.executable, "-m", "guidelines.cli", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _token(data: Path, user: str) -> str:
    out = server_cli("admin", "token", "issue", user, "--json", "--data", str(data)).stdout
    return str(json.loads(out)["token"])


@pytest.mark.slow
def test_lead_publishes_with_the_pack_tool_and_an_annotator_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "vendor"
    server_cli("admin", "project", "create", "p", "--name", "P", "--data", str(data))
    for user, role in (("lee", "lead"), ("ann", "annotator")):
        server_cli("admin", "user", "add", user, "--data", str(data))
        server_cli("admin", "role", "grant", "p", user, role, "--data", str(data))
    pack = tmp_path / "pack"
    shutil.copytree(DEMO_PACK, pack)
    (pack / "pack.sig").unlink(missing_ok=True)
    key_file, public = tmp_path / "lead.key", tmp_path / "lead.pub"
    made = _pack_cli("keygen", "--key-file", str(key_file), "--public-out", str(public), token="")
    assert made.returncode == 0, made.stderr
    assert _pack_cli("sign", str(pack), "--key-file", str(key_file), token="").returncode == 0
    server_cli("admin", "key", "trust", "p", str(public), "--data", str(data))
    lead, annotator = _token(data, "lee"), _token(data, "ann")
    with running_server(["--data", str(data)]) as url:
        where = ("--server", url, "--project", "p")
        first = _pack_cli("publish", str(pack), *where, token=lead)
        again = _pack_cli("publish", str(pack), *where, token=lead)
        refused = _pack_cli("publish", str(pack), *where, token=annotator)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("Published: prefdesk-demo 1.0.0")
    assert again.stdout.startswith("Already published")
    assert refused.returncode == 1
    assert "(403)" in refused.stderr
    assert lead not in first.stdout + first.stderr
