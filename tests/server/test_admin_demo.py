"""``prefdesk-server demo``: the demo project the desktop app syncs with, seeded once."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from guidelines.keys import TrustedKey
from guidelines.pack import pack_from_canonical
from guidelines.signing import PackSignature, verify_pack
from server.accounts import token_owner
from server.admin.demo import default_source
from server.db import Database, sqlite_url
from server.models import PackVersion
from server.models import TrustedKey as TrustedKeyRow
from tests.server.cli_helpers import run_cli

Capsys = pytest.CaptureFixture[str]
TABLES = (
    "projects",
    "users",
    "memberships",
    "api_tokens",
    "trusted_keys",
    "items",
    "batches",
    "batch_items",
    "assignments",
    "pack_versions",
    "change_log",
    "counters",
)


@pytest.fixture(autouse=True)
def _demo_files() -> None:
    if not (default_source() / "demo-tasks.jsonl").is_file():
        pytest.skip(f"the app's demo files are not at {default_source()}")


def dump(data: Path) -> dict[str, list[tuple[object, ...]]]:
    db = Database.open(sqlite_url(data))
    with db.engine.connect() as conn:
        out = {t: sorted(map(tuple, conn.execute(text(f"SELECT * FROM {t}")))) for t in TABLES}
    db.dispose()
    return out  # type: ignore[return-value]


def test_demo_seeds_project_people_items_batches_pack_and_a_0600_token_file(
    capsys: Capsys, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    assert run_cli(capsys, "demo", "--data", str(data)).code == 0
    token_file = data / "demo-annotator.token"
    db = Database.open(sqlite_url(data))
    with db.session() as session:
        owner = token_owner(session, token_file.read_text(encoding="utf-8").strip())
        pack_row = session.query(PackVersion).one()
        keys = [TrustedKey.from_text(k.public_key) for k in session.query(TrustedKeyRow)]
        pack = pack_from_canonical(pack_row.canonical)
        signature = PackSignature.from_toml(pack_row.signature_toml.encode())
    db.dispose()
    projects = run_cli(capsys, "admin", "project", "list", "--data", str(data), "--json").json()
    users = run_cli(capsys, "admin", "user", "list", "--data", str(data), "--json").json()
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert owner is not None
    assert owner[0] == "demo-annotator"
    assert (projects[0]["id"], projects[0]["items"], projects[0]["batches"]) == ("demo", 30, 3)
    assert {u["id"]: u["roles"] for u in users} == {
        "demo-annotator": {"demo": ["annotator", "lead"]},
        "demo-lead": {"demo": ["lead"]},
    }
    verify_pack(pack, signature, keys)  # raises if the seeded pack would be refused
    assert pack_row.sha256 == pack.sha256


def test_demo_twice_changes_nothing(capsys: Capsys, tmp_path: Path) -> None:
    data = tmp_path / "data"
    run_cli(capsys, "demo", "--data", str(data))
    token = (data / "demo-annotator.token").read_bytes()
    before = dump(data)
    assert run_cli(capsys, "demo", "--data", str(data)).code == 0
    assert dump(data) == before
    assert (data / "demo-annotator.token").read_bytes() == token


def test_a_revoked_demo_token_is_replaced(capsys: Capsys, tmp_path: Path) -> None:
    data = tmp_path / "data"
    run_cli(capsys, "demo", "--data", str(data))
    old = (data / "demo-annotator.token").read_text().strip()
    run_cli(capsys, "admin", "token", "revoke", old.split("_")[1], "--data", str(data))
    run_cli(capsys, "demo", "--data", str(data))
    assert (data / "demo-annotator.token").read_text().strip() != old


def test_demo_needs_a_data_folder(capsys: Capsys) -> None:
    result = run_cli(capsys, "demo", "--database-url", "sqlite+pysqlite:///:memory:")
    assert result.code == 2
    assert "--data" in result.err
