"""``write_taskpack`` never leaves a half-written pack: not under the name, not as a temp file."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from taskpack import ItemRecord, PackHeader, Turn, open_source, write_taskpack
from tests.taskpack.packs import record

LAYOUTS = ["out.jsonl", "out.jsonl.gz", "out.parquet"]


class Boom(Exception):
    pass


def _items_then(failure: BaseException | Any, good: int = 50) -> Iterator[Any]:
    """``good`` valid records, then ``failure``: raised if an exception, else yielded."""
    for n in range(good):
        yield record(n)
    if isinstance(failure, BaseException):
        raise failure
    yield failure


def _unwritable_records() -> dict[str, tuple[Any, type[BaseException]]]:
    base = record(999)
    return {
        "iterator_raises": (Boom("source went away"), Boom),
        "iterator_interrupted": (KeyboardInterrupt(), KeyboardInterrupt),
        "not_a_record": ({"id": "x"}, AttributeError),
        "metadata_not_json": (replace(base, metadata={"when": object()}), TypeError),
        "lone_surrogate": (
            replace(base, conversation=(Turn("user", "bad \ud800 text"),)),
            UnicodeEncodeError,
        ),
    }


FAILURES = _unwritable_records()


def _leftovers(folder: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


@pytest.mark.parametrize("case", sorted(FAILURES))
@pytest.mark.parametrize("name", LAYOUTS)
def test_failed_write_leaves_no_file_and_no_temp_file(tmp_path: Path, name: str, case: str) -> None:
    failure, expected = FAILURES[case]
    target = tmp_path / name
    with pytest.raises(expected):
        write_taskpack(target, PackHeader("p"), _items_then(failure))
    assert not target.exists()
    assert _leftovers(tmp_path, set()) == []


@pytest.mark.parametrize("case", sorted(FAILURES))
@pytest.mark.parametrize("name", LAYOUTS)
def test_failed_write_leaves_an_existing_pack_untouched(
    tmp_path: Path, name: str, case: str
) -> None:
    failure, expected = FAILURES[case]
    target = tmp_path / name
    write_taskpack(target, PackHeader("p"), [record(1), record(2)])
    before = target.read_bytes()
    with pytest.raises(expected):
        write_taskpack(target, PackHeader("q"), _items_then(failure))
    assert target.read_bytes() == before
    assert _leftovers(tmp_path, {name}) == []
    with open_source(target) as source:
        assert [r.id for r in source] == ["item-1", "item-2"]
        assert source.header.project_id == "p"


def test_failure_on_the_very_first_item_still_cleans_up(tmp_path: Path) -> None:
    for name in LAYOUTS:
        with pytest.raises(Boom):
            write_taskpack(tmp_path / name, PackHeader(), _items_then(Boom(), good=0))
    assert _leftovers(tmp_path, set()) == []


@pytest.mark.parametrize("name", LAYOUTS)
def test_successful_write_replaces_the_old_pack_and_leaves_no_temp_file(
    tmp_path: Path, name: str
) -> None:
    target = tmp_path / name
    write_taskpack(target, PackHeader("old"), [record(1)])
    write_taskpack(target, PackHeader("new"), (record(n) for n in range(3)))
    assert _leftovers(tmp_path, {name}) == []
    with open_source(target) as source:
        assert source.header.project_id == "new"
        assert [r.id for r in source] == ["item-0", "item-1", "item-2"]


@pytest.mark.parametrize("name", LAYOUTS)
def test_stale_temp_file_from_a_crash_is_overwritten_not_appended_to(
    tmp_path: Path, name: str
) -> None:
    stale = tmp_path / f"{name}.partial"
    stale.write_bytes(b"half a pack from a crashed export" * 100)
    target = tmp_path / name
    write_taskpack(target, PackHeader(), [record(1)])
    assert not stale.exists()
    with open_source(target) as source:
        assert [r.id for r in source] == ["item-1"]


@pytest.mark.parametrize("name", LAYOUTS)
def test_writer_consumes_items_lazily_one_pass(tmp_path: Path, name: str) -> None:
    consumed: list[int] = []

    def generate() -> Iterator[ItemRecord]:
        for n in range(5):
            consumed.append(n)
            yield record(n)

    write_taskpack(tmp_path / name, PackHeader(), generate())
    assert consumed == [0, 1, 2, 3, 4]
