"""``prefdesk-server admin import``: the task-pack readers, all or nothing, idempotent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from server.db import Database, sqlite_url
from server.models import GoldAnswer, Item
from taskpack import content_sha256, item_from_dict
from taskpack.errors import Location
from tests.server.cli_helpers import Ran, pg_schema_url, run_cli, shared_file

Capsys = pytest.CaptureFixture[str]
HEADER = {"format": "prefdesk.taskpack", "format_version": 1}


def item(item_id: str, prompt: str = "Hi?") -> dict[str, object]:
    return {
        "id": item_id,
        "conversation": [{"role": "user", "content": prompt}],
        "responses": [{"id": "a", "content": "One."}, {"id": "b", "content": "Two."}],
    }


def write_pack(path: Path, *items: object, header: dict[str, object] | None = None) -> Path:
    lines = [json.dumps(header or HEADER), *(json.dumps(i) for i in items)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def data(tmp_path: Path, capsys: Capsys) -> Path:
    folder = tmp_path / "data"
    assert (
        run_cli(
            capsys, "admin", "project", "create", "p1", "--name", "P", "--data", str(folder)
        ).code
        == 0
    )
    return folder


def do_import(capsys: Capsys, data: Path, path: Path, *extra: str) -> Ran:
    return run_cli(
        capsys, "admin", "import", "p1", str(path), "--data", str(data), "--json", *extra
    )


def items_in(data: Path) -> dict[str, Item]:
    db = Database.open(sqlite_url(data))
    with db.session() as session:
        rows = {i.id: i for i in session.scalars(select(Item))}
    db.dispose()
    return rows


def test_native_items_are_stored_as_native_dicts_with_hash_and_response_ids(
    capsys: Capsys, data: Path, tmp_path: Path
) -> None:
    pack = write_pack(tmp_path / "p.jsonl", item("i1"), item("i2", "Why?"))
    report = do_import(capsys, data, pack).json()
    stored = items_in(data)
    record = item_from_dict(item("i1"), Location("x"))
    assert (report["added"], report["format"]) == (2, "prefdesk")
    assert json.loads(stored["i1"].item_json) == item("i1")
    assert stored["i1"].content_sha256 == content_sha256(record)
    assert json.loads(stored["i1"].response_ids_json) == ["a", "b"]
    assert stored["i1"].source_name == "p.jsonl"


def test_reimporting_the_same_content_is_a_no_op(
    capsys: Capsys, data: Path, tmp_path: Path
) -> None:
    pack = write_pack(tmp_path / "p.jsonl", item("i1"), item("i2", "Why?"))
    do_import(capsys, data, pack)
    before = {k: v.imported_at for k, v in items_in(data).items()}
    again = do_import(capsys, data, pack).json()
    assert (again["added"], again["unchanged"]) == (0, 2)
    assert {k: v.imported_at for k, v in items_in(data).items()} == before


def test_changed_content_for_a_stored_id_is_refused_naming_id_and_line(
    capsys: Capsys, data: Path, tmp_path: Path
) -> None:
    do_import(capsys, data, write_pack(tmp_path / "p.jsonl", item("i1")))
    changed = write_pack(tmp_path / "q.jsonl", item("new"), item("i1", "Changed?"))
    result = do_import(capsys, data, changed)
    assert result.code == 2
    assert "q.jsonl, line 3" in result.err
    assert "'i1'" in result.err
    assert set(items_in(data)) == {"i1"}  # "new" was not half-written


def test_a_bad_line_names_file_line_and_field_and_writes_nothing(
    capsys: Capsys, data: Path, tmp_path: Path
) -> None:
    bad = item("i3")
    bad["responses"] = [{"id": "a", "content": "only one"}]
    pack = write_pack(tmp_path / "bad.jsonl", item("i1"), item("i2"), bad)
    result = do_import(capsys, data, pack)
    assert result.code == 2
    assert "bad.jsonl" in result.err
    assert "line 4" in result.err
    assert "responses" in result.err
    assert items_in(data) == {}


def test_a_duplicate_id_in_one_file_names_both_lines(
    capsys: Capsys, data: Path, tmp_path: Path
) -> None:
    pack = write_pack(tmp_path / "dup.jsonl", item("i1"), item("i2"), item("i1", "Other?"))
    result = do_import(capsys, data, pack)
    assert result.code == 2
    assert "dup.jsonl, line 4" in result.err
    assert "line 2" in result.err


def test_a_missing_file_is_named(capsys: Capsys, data: Path, tmp_path: Path) -> None:
    result = do_import(capsys, data, tmp_path / "nothere.jsonl")
    assert result.code == 2
    assert "nothere.jsonl" in result.err


def test_a_pack_of_another_project_is_refused(capsys: Capsys, data: Path, tmp_path: Path) -> None:
    header = {**HEADER, "project": {"id": "other"}}
    result = do_import(capsys, data, write_pack(tmp_path / "o.jsonl", item("i1"), header=header))
    assert result.code == 2
    assert "'other'" in result.err


def test_import_into_an_unknown_project_is_exit_2(
    capsys: Capsys, data: Path, tmp_path: Path
) -> None:
    pack = write_pack(tmp_path / "p.jsonl", item("i1"))
    result = run_cli(capsys, "admin", "import", "nope", str(pack), "--data", str(data))
    assert result.code == 2
    assert "no project 'nope'" in result.err


def test_gold_answers_mark_items_and_keep_answers(
    capsys: Capsys, data: Path, tmp_path: Path
) -> None:
    pack = write_pack(tmp_path / "p.jsonl", item("i1"), item("g1", "Gold?"))
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "g1", "answers": {"ranking": ["a", "b"]}}) + "\n")
    report = do_import(capsys, data, pack, "--gold-answers", str(gold)).json()
    stored = items_in(data)
    db = Database.open(sqlite_url(data))
    with db.session() as session:
        answers = session.get(GoldAnswer, ("p1", "g1"))
        assert answers is not None
        assert json.loads(answers.answers_json) == {"ranking": ["a", "b"]}
    db.dispose()
    assert report["gold"] == 1
    assert (stored["g1"].is_gold, stored["i1"].is_gold) == (True, False)


def test_a_gold_line_for_an_unknown_item_rolls_back_the_whole_import(
    capsys: Capsys, data: Path, tmp_path: Path
) -> None:
    pack = write_pack(tmp_path / "p.jsonl", item("i1"))
    gold = tmp_path / "gold.jsonl"
    gold.write_text('\n{"id": "zzz", "answers": {"best": "a"}}\n', encoding="utf-8")
    result = do_import(capsys, data, pack, "--gold-answers", str(gold))
    assert result.code == 2
    assert "gold.jsonl, line 2" in result.err
    assert "'zzz'" in result.err
    assert items_in(data) == {}


def test_a_malformed_gold_line_is_named(capsys: Capsys, data: Path, tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "p.jsonl", item("i1"))
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": "i1"}\n', encoding="utf-8")
    result = do_import(capsys, data, pack, "--gold-answers", str(gold))
    assert result.code == 2
    assert "gold.jsonl, line 1" in result.err


@pytest.mark.parametrize(
    ("relative", "fmt", "rows"),
    [
        ("hh-rlhf-harmless-base/harmless-base-test.rows0-1799.jsonl.gz", "hh-rlhf", 1800),
        ("oasst-en100-trees/en_100_tree.lines0-79.jsonl", "oasst", None),
        ("llamafactory-dpo-zh/dpo_zh_demo.items0-249.json", "sharegpt-dpo", 250),
    ],
)
def test_the_real_public_files_import_and_reimport_as_no_ops(
    capsys: Capsys, data: Path, relative: str, fmt: str, rows: int | None
) -> None:
    path = shared_file(relative)
    first = do_import(capsys, data, path).json()
    second = do_import(capsys, data, path).json()
    assert first["format"] == fmt
    if rows is not None:
        assert first["rows"] == rows
    assert first["added"] > 0
    assert first["added"] + first["repeated_rows"] == first["rows"]
    assert (second["added"], second["unchanged"]) == (0, first["added"])
    db = Database.open(sqlite_url(data))
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Item)) == first["added"]
    db.dispose()


@pytest.mark.postgres
def test_import_and_batching_work_on_postgresql(capsys: Capsys, tmp_path: Path) -> None:
    with pg_schema_url() as url:

        def pg(*argv: str) -> Ran:
            return run_cli(capsys, "admin", *argv, "--database-url", url, "--json")

        pg("project", "create", "p1", "--name", "P")
        pack = write_pack(tmp_path / "p.jsonl", item("i1"), item("i2", "Why?"), item("i3", "?"))
        first = pg("import", "p1", str(pack)).json()
        again = pg("import", "p1", str(pack)).json()
        bad = write_pack(tmp_path / "q.jsonl", item("i4"), item("i1", "Changed?"))
        refused = pg("import", "p1", str(bad))
        made = pg("batch", "make", "p1", "--size", "2").json()
        listed = pg("project", "list").json()
    assert (first["added"], again["unchanged"]) == (3, 3)
    assert refused.code == 2
    assert "q.jsonl, line 3" in refused.err
    assert [b["items"] for b in made] == [2, 1]
    assert listed[0]["items"] == 3
