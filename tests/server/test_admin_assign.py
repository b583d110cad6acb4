"""``admin assign`` / ``unassign``: names resolved here, rules in ``server.assignments``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.server.cli_helpers import Ran, run_cli
from tests.server.test_admin_import import item, write_pack

Capsys = pytest.CaptureFixture[str]


def admin(capsys: Capsys, data: Path, *argv: str) -> Ran:
    return run_cli(capsys, "admin", *argv, "--data", str(data), "--json")


@pytest.fixture
def data(tmp_path: Path, capsys: Capsys) -> Path:
    """Project p1, annotator ann, one batch ``batch-001`` of two items."""
    folder = tmp_path / "data"
    admin(capsys, folder, "project", "create", "p1", "--name", "P")
    admin(capsys, folder, "user", "add", "ann")
    admin(capsys, folder, "role", "grant", "p1", "ann", "annotator")
    pack = write_pack(tmp_path / "p.jsonl", item("i1"), item("i2", "Why?"))
    admin(capsys, folder, "import", "p1", str(pack))
    admin(capsys, folder, "batch", "make", "p1", "--size", "2")
    return folder


def test_assign_by_batch_name_holds_the_batch(capsys: Capsys, data: Path) -> None:
    result = admin(capsys, data, "assign", "p1", "batch-001", "ann")
    listed = admin(capsys, data, "batch", "list", "p1").json()
    assert result.code == 0, result.err
    assert result.json()["user"] == "ann"
    assert listed[0]["assignments"] == 1


def test_unassign_releases_and_a_second_unassign_says_so(capsys: Capsys, data: Path) -> None:
    admin(capsys, data, "assign", "p1", "batch-001", "ann")
    first = admin(capsys, data, "unassign", "p1", "batch-001", "ann").json()
    second = admin(capsys, data, "unassign", "p1", "batch-001", "ann").json()
    assert (first["released"], second["released"]) == (True, False)


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (("p1", "batch-999", "ann"), "no batch 'batch-999'"),
        (("p1", "batch-001", "bob"), "no user 'bob'"),
        (("nope", "batch-001", "ann"), "no project 'nope'"),
    ],
)
def test_assign_bad_names_are_exit_2(
    capsys: Capsys, data: Path, argv: tuple[str, ...], named: str
) -> None:
    result = admin(capsys, data, "assign", *argv)
    assert result.code == 2
    assert named in result.err
