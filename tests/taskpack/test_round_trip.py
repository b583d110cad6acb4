"""Items written with ``write_taskpack`` read back equal, in every layout, hashes included."""

from __future__ import annotations

import base64
import gzip
import json
from pathlib import Path

import pytest

from taskpack import (
    BatchInfo,
    Image,
    ItemRecord,
    PackHeader,
    Response,
    Turn,
    content_sha256,
    item_to_dict,
    open_source,
    write_taskpack,
)
from taskpack.parquet_io import ROWS_PER_GROUP
from tests.taskpack.packs import DPO_ZH, HH, OASST, comparable, record

LAYOUTS = ["pack.jsonl", "pack.jsonl.gz", "pack.parquet"]
PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(range(40))).decode()

HEADER = PackHeader(
    project_id="acme",
    project_name="Acme — 评测 🧪",
    batches=(BatchInfo("b1", "First"), BatchInfo("b2", "第二批")),
)

RICH = [
    ItemRecord(
        id="rich-1",
        batch="b1",
        conversation=(
            Turn("system", "You are terse.\nNever guess."),
            Turn(
                "user",
                "What is in these pictures?",
                (Image("image/png", PNG, "a chart"), Image("image/webp", PNG)),
            ),
            Turn("assistant", "A chart and a sign."),
            Turn("user", "Translate the sign: 出口 🚪"),
        ),
        responses=(
            Response("a", "Exit.", model="atlas-7b", suggestions={"helpful": 4, "notes": ["ok"]}),
            Response("b", "出口 means exit.\u2028(Literally: go-out mouth.)", model="borealis"),
            Response("c", ""),
        ),
        metadata={"source": "test", "nested": {"list": [1, 2.5, None, True], "emoji": "🙂"}},
    ),
    ItemRecord(
        id="rich-2 with spaces",
        batch="b2",
        conversation=(Turn("user", 'quotes " and \\ backslashes\tand\ttabs\r\nand NUL \x00'),),
        responses=(Response("x", "a" * 10_000), Response("y", "语" * 10_000)),
    ),
    ItemRecord(
        id="rich-3",
        conversation=(Turn("user", "no batch, no metadata"),),
        responses=tuple(Response(f"r{k}", f"candidate {k}") for k in range(9)),
    ),
]


def _write_and_read(
    path: Path, header: PackHeader, records: list[ItemRecord]
) -> tuple[PackHeader, list[ItemRecord]]:
    write_taskpack(path, header, records)
    with open_source(path) as source:
        assert source.format == "prefdesk"
        return source.header, list(source)


@pytest.mark.parametrize("name", LAYOUTS)
def test_rich_items_read_back_equal_with_equal_hashes(tmp_path: Path, name: str) -> None:
    header, back = _write_and_read(tmp_path / name, HEADER, RICH)
    assert header == HEADER
    assert comparable(back) == comparable(RICH)
    assert [content_sha256(r) for r in back] == [content_sha256(r) for r in RICH]
    first_place = 0 if name.endswith(".parquet") else 2  # row 0, or line 2 after the header
    assert [r.source_line for r in back] == [first_place + k for k in range(len(RICH))]


@pytest.mark.parametrize("name", LAYOUTS)
def test_empty_header_and_no_items_round_trip(tmp_path: Path, name: str) -> None:
    header, back = _write_and_read(tmp_path / name, PackHeader(), [])
    assert header == PackHeader()
    assert back == []


@pytest.mark.parametrize("name", ["pack.jsonl", "pack.jsonl.gz"])
def test_writing_what_was_read_gives_the_same_bytes(tmp_path: Path, name: str) -> None:
    first = tmp_path / name
    _, back = _write_and_read(first, HEADER, RICH)
    second = tmp_path / f"again-{name}"
    write_taskpack(second, HEADER, back)
    assert second.read_bytes() == first.read_bytes()


def test_jsonl_lines_are_the_canonical_spelling(tmp_path: Path) -> None:
    path = tmp_path / "pack.jsonl"
    write_taskpack(path, HEADER, RICH)
    lines = path.read_bytes().split(b"\n")
    assert lines[-1] == b""
    assert json.loads(lines[0]) == {
        "format": "prefdesk.taskpack",
        "format_version": 1,
        "project": {"id": "acme", "name": "Acme — 评测 🧪"},
        "batches": [{"id": "b1", "name": "First"}, {"id": "b2", "name": "第二批"}],
    }
    for line, rec in zip(lines[1:-1], RICH, strict=True):
        assert line == json.dumps(
            item_to_dict(rec), ensure_ascii=False, separators=(",", ":")
        ).encode("utf-8")
    assert "出口".encode() in lines[1]  # UTF-8 as it is, not \u escapes
    assert b"\\u51fa" not in lines[1]


def test_gzip_output_has_no_name_and_no_timestamp(tmp_path: Path) -> None:
    one, two = tmp_path / "one.jsonl.gz", tmp_path / "two.jsonl.gz"
    write_taskpack(one, HEADER, RICH)
    write_taskpack(two, HEADER, RICH)
    assert one.read_bytes() == two.read_bytes()
    data = one.read_bytes()
    assert data[3] & 0x08 == 0  # FNAME flag unset
    assert data[4:8] == b"\0\0\0\0"  # MTIME
    with gzip.open(one, "rb") as packed, (tmp_path / "plain.jsonl").open("wb") as plain:
        plain.write(packed.read())
    write_taskpack(tmp_path / "direct.jsonl", HEADER, RICH)
    assert (tmp_path / "plain.jsonl").read_bytes() == (tmp_path / "direct.jsonl").read_bytes()


def test_parquet_rows_are_numbered_on_across_row_groups_and_batches(tmp_path: Path) -> None:
    count = ROWS_PER_GROUP + 50
    records = [record(n) for n in range(count)]
    _, back = _write_and_read(tmp_path / "many.parquet", PackHeader(), records)
    assert [r.source_line for r in back] == list(range(count))
    assert comparable(back) == comparable(records)


@pytest.mark.parametrize("relative", [HH, OASST, DPO_ZH], ids=["hh", "oasst", "dpo-zh"])
@pytest.mark.parametrize("name", LAYOUTS)
def test_real_items_round_trip_through_every_layout(
    real_data: Path, tmp_path: Path, relative: str, name: str
) -> None:
    with open_source(real_data / relative, default_batch="real") as source:
        records = list(source)
    header = PackHeader("real-project", "Real", (BatchInfo("real", "Real data"),))
    read_header, back = _write_and_read(tmp_path / name, header, records)
    assert read_header == header
    assert comparable(back) == comparable(records)
    assert [content_sha256(r) for r in back] == [content_sha256(r) for r in records]
