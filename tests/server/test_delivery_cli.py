"""``prefdesk-server export`` end to end: judgments pushed through ``/v1/push`` with the demo
guideline pack, then exported from the server database by the CLI."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from protocol import JudgmentPayload
from server.db import new_id, utc_now
from server.models import Item, Review, User
from tests.server.cli_helpers import run_cli
from tests.server.sync_world import World

RESPONSES = {"a": "Blue.", "b": "Azure.", "c": "Green."}


def _item(world: World, item_id: str) -> None:
    data = {
        "id": item_id,
        "conversation": [{"role": "user", "content": f"What colour is the sky? ({item_id})"}],
        "responses": [{"id": r, "content": text} for r, text in RESPONSES.items()],
    }
    text = json.dumps(data)
    with world.db.session() as session:
        session.add(
            Item(
                project_id=world.project,
                id=item_id,
                item_json=text,
                content_sha256=hashlib.sha256(text.encode()).hexdigest(),
                response_ids_json=json.dumps(list(RESPONSES)),
                is_gold=False,
                source_name="test",
                imported_at=utc_now(),
            )
        )


def _judgment(world: World, item_id: str, answers: dict[str, Any], **kw: Any) -> JudgmentPayload:
    base = world.judgment(item_id, kw.pop("pack"), display_order=("c", "a", "b"), **kw)
    return base.model_copy(update={"answers": answers})


@pytest.fixture
def exported_world(world: World) -> tuple[World, str, dict[str, str]]:
    token = world.member("ann", "annotator")
    _item(world, "i1")
    _item(world, "i2")
    world.assign(world.batch("b1", ["i1", "i2"]), "ann")
    pack = world.demo_pack()
    first = _judgment(world, "i1", {"ranking": [["c"], ["a"], ["b"]]}, pack=pack)
    amended = _judgment(
        world,
        "i1",
        {
            "ranking": [["a", "b"], ["c"]],
            "rewrite": {"source": "c", "text": "The sky is blue."},
        },
        pack=pack,
        supersedes_id=first.id,
    )
    other = _judgment(world, "i2", {"ranking": [["b"], ["a"], ["c"]]}, pack=pack)
    body = world.push(token, "dev-1", [(1, first), (2, amended), (3, other)]).json()
    assert [r["status"] for r in body["results"]] == ["accepted"] * 3, body
    url = world.db.engine.url.render_as_string(hide_password=False)
    return world, url, {"first": first.id, "amended": amended.id, "other": other.id}


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_export_every_format_from_the_server_database(
    exported_world: tuple[World, str, dict[str, str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    world, url, ids = exported_world
    out = tmp_path / "delivery"
    ran = run_cli(
        capsys, "export", "p1", "--database-url", url, "--out", str(out), "--all",
        "--include-unreviewed", "--json",
    )  # fmt: skip
    assert ran.code == 0, ran.err
    manifest = ran.json()
    assert json.loads((out / "manifest.json").read_text()) == manifest
    for entry in manifest["files"]:
        assert hashlib.sha256((out / entry["path"]).read_bytes()).hexdigest() == entry["sha256"]
    # The amendment replaces the revision it supersedes.
    assert manifest["judgments"]["delivered"] == 2
    table = pq.read_table(out / "parquet" / "train.parquet")
    assert sorted(table.column("judgment_id").to_pylist()) == sorted([ids["amended"], ids["other"]])
    with world.db.session() as session:
        pseudonym = session.get(User, "ann").pseudonym  # type: ignore[union-attr]
    assert set(table.column("annotator").to_pylist()) == {pseudonym}
    assert table.schema.field("display_order").type == pa.list_(pa.string())
    assert table.column("display_order").to_pylist() == [["c", "a", "b"]] * 2
    assert set(table.column("pack_id").to_pylist()) == {"prefdesk-demo"}
    assert table.column("review_outcome").to_pylist() == [None, None]
    pairs = _jsonl(out / "trl-conversational" / "train.jsonl")
    got = [(p["chosen"][0]["content"], p["rejected"][0]["content"], p["margin"]) for p in pairs]
    assert got == [
        ("Blue.", "Green.", 1.0),
        ("Azure.", "Green.", 1.0),
        ("Azure.", "Blue.", 1.0),
        ("Azure.", "Green.", 2.0),
        ("Blue.", "Green.", 1.0),
    ]
    assert _jsonl(out / "sft" / "train.jsonl")[0]["messages"][-1] == {
        "role": "assistant",
        "content": "The sky is blue.",
    }
    assert "2 of 2 judgments" not in ran.out  # --json prints only the manifest


def test_accepted_only_by_default(
    exported_world: tuple[World, str, dict[str, str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    world, url, ids = exported_world
    argv = ("export", "p1", "--database-url", url, "--format", "openai-dpo")
    ran = run_cli(capsys, *argv, "--out", str(tmp_path / "none"))
    assert ran.code == 0, ran.err
    assert "0 of 2 judgments delivered" in ran.out
    assert "no judgment has been reviewed yet" in ran.err
    with world.db.session() as session:
        session.add(
            Review(
                id=new_id(),
                judgment_id=ids["other"],
                reviewer_id="ann",
                outcome="accepted",
                comment="",
                reviewed_at=utc_now(),
            )
        )
    ran = run_cli(capsys, *argv, "--out", str(tmp_path / "one"))
    assert ran.code == 0, ran.err
    lines = _jsonl(tmp_path / "one" / "openai-dpo" / "train.jsonl")
    assert len(lines) == 3
    assert set(lines[0]) == {"input", "preferred_output", "non_preferred_output"}


def test_keep_ties_and_pack_version_filter(
    exported_world: tuple[World, str, dict[str, str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, url, _ = exported_world
    base = ("export", "p1", "--database-url", url, "--include-unreviewed", "--format", "reward")
    ran = run_cli(capsys, *base, "--keep-ties", "--out", str(tmp_path / "ties"))
    assert ran.code == 0, ran.err
    margins = [r["margin"] for r in _jsonl(tmp_path / "ties" / "reward" / "train.jsonl")]
    assert margins.count(0.0) == 1
    ran = run_cli(capsys, *base, "--pack-version", "9.9.9", "--out", str(tmp_path / "v"))
    assert ran.code == 0, ran.err
    assert (tmp_path / "v" / "reward" / "train.jsonl").read_text() == ""


def test_unknown_project_is_refused_by_name(
    exported_world: tuple[World, str, dict[str, str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, url, _ = exported_world
    ran = run_cli(capsys, "export", "nope", "--database-url", url, "--out", str(tmp_path), "--all")
    assert ran.code == 2
    assert "'nope'" in ran.err
    assert not (tmp_path / "manifest.json").exists()


def test_an_unwritable_out_is_refused(
    exported_world: tuple[World, str, dict[str, str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, url, _ = exported_world
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    out = blocker / "delivery"
    ran = run_cli(
        capsys, "export", "p1", "--database-url", url, "--out", str(out), "--format", "csv",
        "--include-unreviewed",
    )  # fmt: skip
    assert ran.code == 2
    assert str(out) in ran.err


def test_a_format_is_required(
    exported_world: tuple[World, str, dict[str, str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, url, _ = exported_world
    ran = run_cli(capsys, "export", "p1", "--database-url", url, "--out", str(tmp_path))
    assert ran.code == 2
    assert "--format" in ran.err
    assert run_cli(capsys, "export", "p1", "--out", str(tmp_path), "--format", "xml").code == 2
