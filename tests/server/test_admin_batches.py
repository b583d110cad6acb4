"""``admin batch make`` arithmetic (sizes, overlap, gold share) and ``batch list``/``progress``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from server.admin.batching import gold_per_batch
from server.admin.errors import AdminError
from server.db import Database, sqlite_url
from server.models import Batch, BatchItem, Item
from tests.server.cli_helpers import Ran, run_cli
from tests.server.test_admin_import import item, write_pack

Capsys = pytest.CaptureFixture[str]


def admin(capsys: Capsys, data: Path, *argv: str) -> Ran:
    return run_cli(capsys, "admin", *argv, "--data", str(data), "--json")


@pytest.fixture
def data(tmp_path: Path, capsys: Capsys) -> Path:
    """Project p1 with 25 regular items r00..r24 and 3 gold items g0..g2."""
    folder = tmp_path / "data"
    admin(capsys, folder, "project", "create", "p1", "--name", "P")
    regular = [item(f"r{n:02d}", f"Q{n}?") for n in range(25)]
    gold = [item(f"g{n}", f"Gold {n}?") for n in range(3)]
    pack = write_pack(tmp_path / "p.jsonl", *regular, *gold)
    answers = tmp_path / "gold.jsonl"
    answers.write_text(
        "".join(json.dumps({"id": f"g{n}", "answers": {"best": "a"}}) + "\n" for n in range(3))
    )
    assert (
        admin(capsys, folder, "import", "p1", str(pack), "--gold-answers", str(answers)).code == 0
    )
    return folder


def batch_contents(data: Path) -> dict[str, list[str]]:
    db = Database.open(sqlite_url(data))
    with db.session() as session:
        names = {b.id: b.name for b in session.scalars(select(Batch))}
        out: dict[str, list[str]] = {name: [] for name in names.values()}
        for row in session.scalars(select(BatchItem).order_by(BatchItem.position)):
            out[names[row.batch_id]].append(row.item_id)
    db.dispose()
    return out


def test_batches_of_10_with_share_0_2_hold_8_regular_and_2_gold(capsys: Capsys, data: Path) -> None:
    made = admin(capsys, data, "batch", "make", "p1", "--size", "10", "--gold-share", "0.2").json()
    contents = batch_contents(data)
    # 25 regular items, 8 a batch: 8 + 8 + 8 + 1; the last gets round(1 * 2 / 8) = 0 gold.
    assert [b["items"] for b in made] == [10, 10, 10, 1]
    assert [b["gold"] for b in made] == [2, 2, 2, 0]
    regular = [i for name in sorted(contents) for i in contents[name] if i.startswith("r")]
    assert sorted(regular) == [f"r{n:02d}" for n in range(25)]
    assert len(regular) == len(set(regular))


def test_gold_items_are_used_in_turn(capsys: Capsys, data: Path) -> None:
    admin(capsys, data, "batch", "make", "p1", "--size", "10", "--gold-share", "0.1")
    contents = batch_contents(data)
    golds = [i for name in sorted(contents) for i in contents[name] if i.startswith("g")]
    # 9 regular a batch: 9 + 9 + 7 -> 1, 1, round(7 / 9) = 1 gold.
    assert golds == ["g0", "g1", "g2"]


def test_overlap_and_pack_are_recorded(capsys: Capsys, data: Path) -> None:
    made = admin(
        capsys, data, "batch", "make", "p1", "--size", "30", "--overlap", "3", "--gold-share", "0"
    ).json()
    assert [(b["items"], b["overlap"], b["gold"]) for b in made] == [(25, 3, 0)]


def test_default_gold_share_is_a_tenth_when_the_project_has_gold(
    capsys: Capsys, data: Path
) -> None:
    made = admin(capsys, data, "batch", "make", "p1", "--size", "20").json()
    assert [b["gold"] for b in made] == [2, 1]  # 18 + 7 regular; round(7 * 2 / 18) = 1


def test_a_second_make_cuts_only_new_items_and_continues_the_names(
    capsys: Capsys, data: Path, tmp_path: Path
) -> None:
    admin(capsys, data, "batch", "make", "p1", "--size", "25", "--gold-share", "0")
    again = admin(capsys, data, "batch", "make", "p1", "--size", "25", "--gold-share", "0").json()
    admin(capsys, data, "import", "p1", str(write_pack(tmp_path / "more.jsonl", item("new1"))))
    more = admin(
        capsys,
        data,
        "batch",
        "make",
        "p1",
        "--size",
        "5",
        "--gold-share",
        "0",
        "--name-prefix",
        "x-",
    ).json()
    assert again == []
    assert [(b["name"], b["items"]) for b in more] == [("x-002", 1)]
    listed = admin(capsys, data, "batch", "list", "p1").json()
    assert [b["name"] for b in listed] == ["batch-001", "x-002"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--size", "0"), "--size"),
        (("--size", "10", "--overlap", "0"), "--overlap"),
        (("--size", "10", "--gold-share", "1.5"), "--gold-share"),
        (("--size", "2", "--gold-share", "0.9"), "no room"),
        (("--size", "10", "--pack", "nopack"), "'nopack'"),
    ],
)
def test_bad_batch_requests_are_exit_2_and_make_nothing(
    capsys: Capsys, data: Path, argv: tuple[str, ...], message: str
) -> None:
    result = admin(capsys, data, "batch", "make", "p1", *argv)
    assert result.code == 2
    assert message in result.err
    assert batch_contents(data) == {}


def test_gold_share_without_gold_items_is_refused(capsys: Capsys, tmp_path: Path) -> None:
    data = tmp_path / "d"
    admin(capsys, data, "project", "create", "p2", "--name", "P")
    admin(capsys, data, "import", "p2", str(write_pack(tmp_path / "a.jsonl", item("a1"))))
    result = admin(capsys, data, "batch", "make", "p2", "--size", "10", "--gold-share", "0.2")
    assert result.code == 2
    assert "no gold items" in result.err


def test_batch_make_for_an_unknown_project_is_exit_2(capsys: Capsys, data: Path) -> None:
    result = admin(capsys, data, "batch", "make", "nope", "--size", "3")
    assert result.code == 2
    assert "no project 'nope'" in result.err


@pytest.mark.parametrize(("size", "share", "gold"), [(10, 0.1, 1), (25, 0.1, 2), (7, 0.0, 0)])
def test_gold_per_batch_rounds(size: int, share: float, gold: int) -> None:
    assert gold_per_batch(size, share) == gold


def test_gold_per_batch_refuses_a_share_that_fills_the_batch() -> None:
    with pytest.raises(AdminError):
        gold_per_batch(1, 0.6)


def test_progress_lists_batches_and_annotators(capsys: Capsys, data: Path) -> None:
    admin(capsys, data, "user", "add", "ann")
    admin(capsys, data, "role", "grant", "p1", "ann", "annotator")
    admin(capsys, data, "batch", "make", "p1", "--size", "10", "--overlap", "2")
    report = admin(capsys, data, "progress", "p1").json()
    human = run_cli(capsys, "admin", "progress", "p1", "--data", str(data))
    assert [(b["items"], b["overlap"], b["judgments"]) for b in report["batches"]] == [
        (10, 2, 0),
        (10, 2, 0),
        (8, 2, 0),
    ]
    assert report["annotators"] == [{"user": "ann", "judgments": 0, "last_seen": None}]
    assert "ann\t0 judgments\tlast seen never" in human.out


def test_regular_items_are_never_gold(capsys: Capsys, data: Path) -> None:
    db = Database.open(sqlite_url(data))
    with db.session() as session:
        gold = set(session.scalars(select(Item.id).where(Item.is_gold.is_(True))))
    db.dispose()
    assert gold == {"g0", "g1", "g2"}
