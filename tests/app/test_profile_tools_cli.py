"""``prefdesk export-unsynced / backup / restore`` from the command line, on real files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from storage import DB_FILENAME, Store
from tests.storage.sync_seed import seed, submit


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    folder = tmp_path / "profile"
    with Store.open(folder) as store:
        seed(store, tmp_path)
        submit(store, ["item-0", "item-1"])
    return folder


def test_export_unsynced_writes_the_queued_judgments_as_json_lines(
    capsys: pytest.CaptureFixture[str], profile: Path, tmp_path: Path
) -> None:
    out = tmp_path / "unsynced.jsonl"
    code, stdout, _ = _run(capsys, "export-unsynced", str(profile), str(out))
    assert code == 0
    assert "wrote 2 judgments" in stdout
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["client_seq"] for line in lines] == [1, 2]


def test_export_unsynced_from_a_folder_without_a_store_fails_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, stderr = _run(capsys, "export-unsynced", str(tmp_path / "nope"), str(tmp_path / "o"))
    assert code == 1
    assert stderr.startswith("prefdesk: error:")
    assert "holds no Prefdesk store" in stderr
    assert not (tmp_path / "nope").exists()


def test_backup_then_restore_gives_the_same_store_and_mentions_the_next_sync(
    capsys: pytest.CaptureFixture[str], profile: Path, tmp_path: Path
) -> None:
    archive = tmp_path / "profile.zip"
    assert _run(capsys, "backup", str(profile), str(archive))[0] == 0
    target = tmp_path / "restored"
    code, stdout, _ = _run(capsys, "restore", str(archive), str(target))
    assert code == 0
    assert "new device id" in stdout
    assert (target / DB_FILENAME).read_bytes()[:16] == b"SQLite format 3\x00"
    code, _, stderr = _run(capsys, "restore", str(archive), str(target))
    assert code == 1
    assert "already holds a Prefdesk store" in stderr
    assert _run(capsys, "restore", str(archive), str(target), "--overwrite")[0] == 0


def test_restoring_a_corrupt_zip_names_the_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"not a zip")
    code, _, stderr = _run(capsys, "restore", str(broken), str(tmp_path / "target"))
    assert code == 1
    assert "broken.zip" in stderr
