"""``prefdesk import / export / doctor`` on real data and on every kind of broken file."""

from __future__ import annotations

import gzip
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from storage import DB_FILENAME

HH = "hh-rlhf-harmless-base/harmless-base-test.rows0-1799.jsonl.gz"
OASST = "oasst-en100-trees/en_100_tree.lines0-79.jsonl"
DPO_ZH = "llamafactory-dpo-zh/dpo_zh_demo.items0-249.json"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _dump(profile: Path) -> list[str]:
    """Every row of every table, as SQL text: equal dumps mean an unchanged store."""
    conn = sqlite3.connect(profile / DB_FILENAME)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def _oasst_groups(path: Path) -> int:
    """Assistant sibling groups with ≥ 2 live replies, counted independently of the importer."""

    def walk(node: dict[str, object]) -> int:
        replies = [r for r in node.get("replies", []) if not r.get("deleted")]  # type: ignore[attr-defined]
        here = int(sum(r["role"] == "assistant" for r in replies) >= 2)
        return here + sum(walk(r) for r in replies)

    with path.open(encoding="utf-8") as f:
        return sum(walk(json.loads(line)["prompt"]) for line in f if line.strip())


@pytest.mark.parametrize(
    ("relative", "expected_format"),
    [(HH, "hh-rlhf"), (OASST, "oasst"), (DPO_ZH, "sharegpt-dpo")],
)
def test_real_file_imports_exports_and_reimports_to_the_same_items(
    shared_data: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    relative: str,
    expected_format: str,
) -> None:
    source = shared_data / relative
    profile = tmp_path / "profile"
    code, out, err = _run(capsys, "--data-dir", str(profile), "import", str(source))
    assert code == 0, err
    assert expected_format in out

    if expected_format == "hh-rlhf":
        with gzip.open(source, "rt", encoding="utf-8") as f:
            rows = sum(1 for line in f if line.strip())
        expected_items, repeated = rows, 0
    elif expected_format == "oasst":
        rows = expected_items = _oasst_groups(source)
        repeated = 0
    else:
        data = json.loads(source.read_text(encoding="utf-8"))
        rows = len(data)
        expected_items = len({json.dumps(x, sort_keys=True) for x in data})
        repeated = rows - expected_items
    assert f"{rows} rows → {expected_items} items added, 0 already present" in out
    if repeated:
        assert f"{repeated} repeated rows skipped" in out

    code, out, err = _run(capsys, "--data-dir", str(profile), "doctor", "--json")
    assert code == 0, out + err
    report = json.loads(out)
    assert report["integrity"] == ["ok"]
    assert report["counts"]["items"] == expected_items

    before = _dump(profile)
    code, out, _ = _run(capsys, "--data-dir", str(profile), "import", str(source))
    assert code == 0
    # Every item is in the store now; repeated source rows are still counted as repeats.
    assert f"{rows} rows → 0 items added, {expected_items} already present" in out
    if repeated:
        assert f"{repeated} repeated rows skipped" in out
    assert _dump(profile) == before

    exported = tmp_path / "exported.jsonl"
    code, out, err = _run(capsys, "--data-dir", str(profile), "export", str(exported))
    assert code == 0, err
    assert f"exported {expected_items} items" in out

    fresh = tmp_path / "fresh"
    code, out, err = _run(capsys, "--data-dir", str(fresh), "import", str(exported))
    assert code == 0, err
    assert f"{expected_items} items added" in out
    assert _content(fresh) == _content(profile)

    again = tmp_path / "again.jsonl"
    assert _run(capsys, "--data-dir", str(fresh), "export", str(again))[0] == 0
    assert again.read_bytes() == exported.read_bytes()


def _content(profile: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(profile / DB_FILENAME)
    try:
        items = conn.execute(
            "SELECT i.id, b.id, b.name, i.position, i.conversation_json, i.metadata_json, "
            "i.content_sha256 FROM items i JOIN batches b ON b.id = i.batch_id ORDER BY i.id"
        ).fetchall()
        responses = conn.execute("SELECT * FROM responses ORDER BY item_id, position").fetchall()
        return [*items, *responses]
    finally:
        conn.close()


# -- broken input ---------------------------------------------------------------------------

HEADER = {"format": "prefdesk.taskpack", "format_version": 1, "project": {"id": "p", "name": "P"}}


def _item(n: int, **overrides: object) -> dict[str, object]:
    item: dict[str, object] = {
        "id": f"item-{n}",
        "conversation": [{"role": "user", "content": f"question {n}"}],
        "responses": [{"id": "a", "content": "yes"}, {"id": "b", "content": "no"}],
    }
    item.update(overrides)
    return item


def _pack(path: Path, lines: list[bytes]) -> Path:
    good = [json.dumps(HEADER).encode(), json.dumps(_item(1)).encode()]
    path.write_bytes(b"\n".join([*good, *lines]) + b"\n")
    return path


BROKEN: dict[str, tuple[list[bytes], str]] = {
    "broken_json": ([b'{"id": "item-2", "conversation": ['], "line 3"),
    "wrong_type": (
        [
            json.dumps(
                _item(2, responses=[{"id": "a", "content": 5}, {"id": "b", "content": "x"}])
            ).encode()
        ],
        "content",
    ),
    "missing_field": ([json.dumps({"id": "item-2", "responses": []}).encode()], "conversation"),
    "one_response": (
        [json.dumps(_item(2, responses=[{"id": "a", "content": "x"}])).encode()],
        "responses",
    ),
    "invalid_utf8": (
        [b'{"id": "item-2", "conversation": [{"role": "user", "content": "\xff\xfe"}]}'],
        "line 3",
    ),
    "duplicate_id": ([json.dumps(_item(1)).encode()], "duplicate id 'item-1'"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_pack_changes_nothing_and_names_file_line_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    profile = tmp_path / "profile"
    seed = _pack(tmp_path / "seed.jsonl", [json.dumps(_item(0)).encode()])
    assert _run(capsys, "--data-dir", str(profile), "import", str(seed))[0] == 0
    before = _dump(profile)

    lines, expected = BROKEN[case]
    broken = _pack(tmp_path / f"{case}.jsonl", lines)
    code, _out, err = _run(capsys, "--data-dir", str(profile), "import", str(broken))

    assert code == 1
    assert f"{case}.jsonl" in err
    assert "line 3" in err
    assert expected in err
    assert "Traceback" not in err
    assert f"nothing from {case}.jsonl was imported" in err
    assert _dump(profile) == before


def test_fifty_megabyte_response_is_refused_before_anything_is_stored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = tmp_path / "profile"
    huge = "x" * (50 * 1024 * 1024)
    line = json.dumps(
        _item(2, responses=[{"id": "a", "content": huge}, {"id": "b", "content": "ok"}])
    ).encode()
    broken = _pack(tmp_path / "huge.jsonl", [line])
    code, _, err = _run(capsys, "--data-dir", str(profile), "import", str(broken))
    assert code == 1
    assert "huge.jsonl" in err
    assert "line 3" in err
    assert "content" in err
    conn = sqlite3.connect(profile / DB_FILENAME)
    assert conn.execute("SELECT COUNT(*) FROM items").fetchone() == (0,)
    conn.close()


def test_changed_item_under_a_known_id_is_a_conflict_naming_both_places(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = tmp_path / "profile"
    first = _pack(tmp_path / "first.jsonl", [])
    assert _run(capsys, "--data-dir", str(profile), "import", str(first))[0] == 0
    before = _dump(profile)
    changed = tmp_path / "changed.jsonl"
    changed.write_text(
        json.dumps(HEADER)
        + "\n"
        + json.dumps(
            _item(1, responses=[{"id": "a", "content": "yes!"}, {"id": "b", "content": "no"}])
        )
        + "\n",
        encoding="utf-8",
    )
    code, _, err = _run(capsys, "--data-dir", str(profile), "import", str(changed))
    assert code == 1
    assert "changed.jsonl, line 2, field 'id'" in err
    assert "already in the store with different content" in err
    assert "line 2" in err
    assert _dump(profile) == before


def test_missing_file_is_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(
        capsys, "--data-dir", str(tmp_path / "p"), "import", str(tmp_path / "nope.jsonl")
    )
    assert code == 1
    assert "nope.jsonl" in err
    assert "Traceback" not in err


def test_console_script_reports_errors_without_a_traceback(tmp_path: Path) -> None:
    broken = _pack(tmp_path / "bad.jsonl", [b"{not json"])
    script = Path(sys.executable).with_name("prefdesk")
    completed = subprocess.run(
        [str(script), "--data-dir", str(tmp_path / "p"), "import", str(broken)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 1
    assert "bad.jsonl" in completed.stderr
    assert "line 3" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_doctor_reports_pending_sync_and_durability_settings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "--data-dir", str(tmp_path / "p"), "doctor")
    assert code == 0
    assert "journal=wal synchronous=FULL foreign_keys=on" in out
    assert "pending sync 0 queued" in out
    assert "integrity    ok" in out


@pytest.mark.parametrize("script", ["prefdesk", "prefdesk-server", "prefdesk-pack"])
def test_every_console_script_is_installed_and_answers_help(script: str) -> None:
    completed = subprocess.run(
        [str(Path(sys.executable).with_name(script)), "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert f"usage: {script}" in completed.stdout
