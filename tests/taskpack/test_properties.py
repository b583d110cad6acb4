"""Property tests: damaged packs fail only as ``TaskPackError``; valid items round-trip exactly.

A reader is allowed two outcomes for any input: records, or one ``TaskPackError`` naming the
place. Anything else (a ``TypeError`` from an unexpected shape, a ``UnicodeEncodeError``
later, when a record is hashed or written) is a bug. What a reader does accept must be
hashable and writable, and must read back the same.
"""

from __future__ import annotations

import base64
import copy
import gzip
import json
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from taskpack import (
    MAX_RESPONSES,
    MIN_RESPONSES,
    BatchInfo,
    Image,
    ItemRecord,
    Location,
    PackHeader,
    Response,
    TaskPackError,
    Turn,
    canonical_json,
    content_sha256,
    header_to_dict,
    item_from_dict,
    item_to_dict,
    open_source,
    write_taskpack,
)
from taskpack.native import IMAGE_TYPES, MAX_ID_CHARS
from tests.taskpack.packs import comparable

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# -- strategies for valid items ------------------------------------------------------------

#: Characters that have broken JSON Lines readers before: line and paragraph separators,
#: quotes, backslashes, NUL, a BOM, CJK and emoji (with a skin-tone modifier and ZWJ).
TRICKY = list('中文字语言模型评测🙂🎉👍🏽👩‍💻\u200b\u2028\u2029\u0085\n\r\t"\\\x00\x7f\ufeffé ')
TEXT = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.sampled_from(TRICKY), max_size=30),
)
IDENTIFIER = st.text(min_size=1, max_size=24).filter(str.strip) | st.text(
    alphabet=st.sampled_from(TRICKY), min_size=1, max_size=MAX_ID_CHARS
).filter(str.strip)
JSON_LEAF = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | TEXT
)
JSON_VALUE = st.recursive(
    JSON_LEAF,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)
JSON_OBJECT = st.dictionaries(TEXT, JSON_VALUE, max_size=3)
IMAGES = st.lists(
    st.builds(
        Image,
        st.sampled_from(sorted(IMAGE_TYPES)),
        st.binary(max_size=24).map(lambda b: base64.b64encode(b).decode()),
        TEXT,
    ),
    max_size=2,
).map(tuple)


@st.composite
def items(draw: st.DrawFn, batches: tuple[str, ...] = ()) -> ItemRecord:
    roles = ["system"] if draw(st.booleans()) else []
    roles += draw(st.lists(st.sampled_from(["user", "assistant"]), max_size=4))
    roles.append("user")
    conversation = tuple(Turn(role, draw(TEXT), draw(IMAGES)) for role in roles)  # type: ignore[arg-type]
    ids = draw(st.lists(IDENTIFIER, min_size=MIN_RESPONSES, max_size=MAX_RESPONSES, unique=True))
    responses = tuple(
        Response(rid, draw(TEXT), draw(st.just("") | TEXT), draw(JSON_OBJECT)) for rid in ids
    )
    return ItemRecord(
        id=draw(IDENTIFIER),
        conversation=conversation,
        responses=responses,
        batch=draw(st.none() | st.sampled_from(batches)) if batches else None,
        metadata=draw(JSON_OBJECT),
    )


@st.composite
def packs(draw: st.DrawFn) -> tuple[PackHeader, list[ItemRecord]]:
    batch_ids = draw(st.lists(IDENTIFIER, max_size=3, unique=True))
    header = PackHeader(
        project_id=draw(st.none() | TEXT),
        project_name=draw(st.none() | TEXT),
        batches=tuple(BatchInfo(b, draw(TEXT)) for b in batch_ids),
    )
    return header, draw(st.lists(items(tuple(batch_ids)), min_size=1, max_size=4))


# -- (b) valid items round-trip exactly ----------------------------------------------------


@SETTINGS
@given(pack=packs())
def test_generated_valid_items_round_trip_exactly_through_every_layout(
    pack: tuple[PackHeader, list[ItemRecord]],
) -> None:
    header, records = pack
    known = frozenset(b.id for b in header.batches) or None
    for r in records:  # the strategy makes only valid items: the reader's own check agrees
        assert item_from_dict(item_to_dict(r), Location("x"), known) == r
    hashes = [content_sha256(r) for r in records]
    with tempfile.TemporaryDirectory() as folder:
        for name in ("pack.jsonl", "pack.jsonl.gz", "pack.parquet"):
            path = Path(folder) / name
            write_taskpack(path, header, records)
            with open_source(path) as source:
                back = list(source)
                assert source.header == header
            assert comparable(back) == comparable(records)
            assert [content_sha256(r) for r in back] == hashes


# -- (a) damaged input fails only as TaskPackError -----------------------------------------


def _lines(*rows: Any) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in rows)


PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n").decode()
NATIVE_SEED = _lines(
    {
        "format": "prefdesk.taskpack",
        "format_version": 1,
        "project": {"id": "p", "name": "P"},
        "batches": [{"id": "b1", "name": "B"}, {"id": "b2"}],
    },
    {
        "id": "i1",
        "batch": "b1",
        "conversation": [
            {"role": "system", "content": "sys"},
            {"role": "user", "content": "看", "images": [{"media_type": "image/png", "data": PNG}]},
            {"role": "assistant", "content": "ok"},
            {"role": "user", "content": "q?"},
        ],
        "responses": [
            {"id": "a", "content": "x", "model": "m", "suggestions": {"s": 1}},
            {"id": "b", "content": "🙂"},
        ],
        "metadata": {"k": [1, 2.5, None]},
    },
    {
        "id": "i2",
        "conversation": [{"role": "user", "content": "q"}],
        "responses": [{"id": "a", "content": "1"}, {"id": "b", "content": "2"}],
    },
)
HH_SEED = _lines(
    {"chosen": "\n\nHuman: hi\n\nAssistant: hello", "rejected": "\n\nHuman: hi\n\nAssistant: go"},
    {
        "chosen": "\n\nHuman: a\n\nAssistant: b\n\nHuman: c\n\nAssistant: d",
        "rejected": "\n\nHuman: a\n\nAssistant: b\n\nHuman: c\n\nAssistant: e",
        "id": "h2",
    },
)
OASST_SEED = _lines(
    {
        "message_tree_id": "t",
        "prompt": {
            "message_id": "q",
            "role": "prompter",
            "text": "question",
            "lang": "en",
            "replies": [
                {"message_id": "a", "role": "assistant", "text": "A", "rank": 0, "replies": []},
                {"message_id": "b", "role": "assistant", "text": "B", "rank": 1, "synthetic": True,
                 "model_name": "m"},
                {"message_id": "c", "role": "assistant", "text": "C", "deleted": True},
            ],
        },
    }
)  # fmt: skip
CHAT_SEED = _lines(
    {
        "messages": [
            {"role": "developer", "content": "be brief"},
            {"role": "user", "content": [{"type": "text", "text": "see"}, {
                "type": "image_url", "image_url": {"url": f"data:image/png;base64,{PNG}"}}]},
        ],
        "completions": ["one", {"role": "assistant", "content": "two"}],
    },
    {
        "input": {"messages": [{"role": "user", "content": "hi"}]},
        "preferred_output": [{"role": "assistant", "content": "hello"}],
        "non_preferred_output": [{"role": "assistant", "content": "go"}],
    },
)  # fmt: skip
#: 3000 CJK characters in an irregular order, so that gzip cannot shrink them to nothing.
LONG_TEXT = "".join(chr(0x4E00 + (n * 7919) % 20000) for n in range(3000))
DPO_ARRAY_SEED = json.dumps(
    [
        {
            "conversations": [{"from": "system", "value": "s"}, {"from": "human", "value": "问"}],
            "chosen": {"from": "gpt", "value": "好"},
            "rejected": "坏",
        },
        {"conversations": [{"from": "user", "value": "q"}], "chosen": "a", "rejected": "b"},
        # Over 4 KiB, so a gzip stream cut short is noticed by the array reader itself, not
        # already by format detection (which reads the first 4 KiB).
        {"conversations": [{"from": "human", "value": LONG_TEXT}], "chosen": "c", "rejected": "d"},
    ],
    ensure_ascii=False,
    indent=1,
).encode()

SEEDS = {
    "prefdesk": NATIVE_SEED,
    "hh-rlhf": HH_SEED,
    "oasst": OASST_SEED,
    "openai-chat": CHAT_SEED,
    "sharegpt-dpo": DPO_ARRAY_SEED,
}
INTERESTING_BYTES = [
    b"\xff", b"\xc3", b"\xe4\xb8", b"\n", b"\r\n", b'"', b"\\", b"\\ud800", b"\\udc00", b"{",
    b"}", b"[", b"]", b",", b":", b"null", b"true", b"0", b"-1", b"1e999", b"NaN", b"\x00",
    b"\xef\xbb\xbf", b" ", b"9" * 4400, b"[" * 3000, b'"x"', b"\x1f\x8b",
]  # fmt: skip


def _read_fully(path: Path, format: str | None) -> None:
    """Read ``path``; if that works, the records must hash, write and read back the same."""
    refused: TaskPackError | None = None
    try:  # any other exception fails the test
        with open_source(path, format=format) as source:
            records = list(source)
            header = source.header
    except TaskPackError as err:
        refused = err
    if refused is not None:
        assert refused.location.file in (path.name, str(path))
        assert str(refused).startswith(str(refused.location))
        return
    hashes = [content_sha256(r) for r in records]
    canonical_json(header_to_dict(header)).encode("utf-8")
    for layout in ("again.jsonl", "again.parquet"):
        again = path.with_name(layout)
        # Items of a foreign file name no batch, so any header they get is fine.
        write_taskpack(again, header, records)
        with open_source(again) as source:
            assert [content_sha256(r) for r in source] == hashes
        again.unlink()


@st.composite
def byte_damage(draw: st.DrawFn, data: bytes) -> bytes:
    damaged = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, max(len(damaged) - 1, 0)))
        action = draw(st.sampled_from(["delete", "insert", "flip", "truncate", "lengthen"]))
        digits = [n for n, byte in enumerate(damaged) if 0x30 <= byte <= 0x39]
        if action == "lengthen" and digits:  # a number past Python's 4300-digit limit
            at = draw(st.sampled_from(digits))
            damaged[at:at] = b"7" * 4400
        elif action == "delete":
            del damaged[at : at + draw(st.integers(1, 16))]
        elif action == "insert":
            damaged[at:at] = draw(st.sampled_from(INTERESTING_BYTES) | st.binary(max_size=6))
        elif action == "flip" and damaged:
            damaged[at] ^= draw(st.integers(1, 255))
        else:
            del damaged[at:]
    return bytes(damaged)


@pytest.mark.parametrize("layout", ["plain", "gzip-then-damage", "damage-then-gzip"])
@pytest.mark.parametrize("seed", sorted(SEEDS))
@SETTINGS
@given(data=st.data())
def test_damaged_bytes_are_read_or_refused_as_task_pack_error(
    seed: str, layout: str, data: st.DataObject
) -> None:
    raw = SEEDS[seed]
    if layout == "plain":
        damaged = data.draw(byte_damage(raw))
    elif layout == "gzip-then-damage":
        damaged = data.draw(byte_damage(gzip.compress(raw, mtime=0)))
    else:
        damaged = gzip.compress(data.draw(byte_damage(raw)), mtime=0)
    forced = data.draw(st.sampled_from([None, seed]))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("pack.json" if seed == "sharegpt-dpo" else "pack.jsonl")
        path.write_bytes(damaged)
        _read_fully(path, forced)


# -- structural damage: keys dropped, values of the wrong type, items duplicated -----------

WEIRD_VALUES = st.one_of(
    JSON_VALUE,
    st.sampled_from(
        [
            "\ud800",
            "x\udfffy",
            "",
            " ",
            "a" * (MAX_ID_CHARS + 1),
            10**50,
            -1,
            1.5,
            True,
            [],
            {},
            [[[]]],
            {"role": "user", "content": "q"},
            {"id": "a", "content": "c"},
            "data:image/png;base64,@@",
        ]
    ).map(copy.deepcopy),  # sampled_from hands out the same list and dict objects each time
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*prefix, index))
    return found


@st.composite
def structural_damage(draw: st.DrawFn, rows: list[Any]) -> list[Any]:
    rows = json.loads(json.dumps(rows))  # a deep copy
    for _ in range(draw(st.integers(1, 3))):
        target = draw(st.integers(0, len(rows) - 1))
        path = draw(st.sampled_from(_paths(rows[target])))
        action = draw(st.sampled_from(["replace", "drop", "add_key", "duplicate", "wrap"]))
        if not path:
            if action == "drop":
                del rows[target]
                if not rows:
                    return rows
            elif action == "duplicate":
                rows.insert(target, rows[target])
            else:
                rows[target] = draw(WEIRD_VALUES)
            continue
        parent = rows[target]
        for step in path[:-1]:
            parent = parent[step]
        last = path[-1]
        if action == "replace":
            parent[last] = draw(WEIRD_VALUES)
        elif action == "drop":
            del parent[last]
        elif action == "add_key" and isinstance(parent[last], dict):
            parent[last][draw(st.sampled_from(["extra", "images", "model", "deleted"]))] = draw(
                WEIRD_VALUES
            )
        elif action == "duplicate" and isinstance(parent[last], list) and parent[last]:
            parent[last].append(parent[last][0])
        elif action == "wrap":
            parent[last] = [parent[last]]
    return rows


def _serialise(rows: list[Any], array: bool, ascii_only: bool) -> bytes:
    if array:
        text = json.dumps(rows, ensure_ascii=ascii_only, indent=1)
    else:
        text = "".join(json.dumps(r, ensure_ascii=ascii_only) + "\n" for r in rows)
    # A lone surrogate left unescaped becomes bytes that are not UTF-8, as in a bad export.
    return text.encode("utf-8", "surrogatepass")


def _seed_rows(seed: str) -> list[Any]:
    if seed == "sharegpt-dpo":
        rows: list[Any] = json.loads(DPO_ARRAY_SEED)
        return rows
    return [json.loads(line) for line in SEEDS[seed].splitlines()]


@pytest.mark.parametrize("seed", sorted(SEEDS))
@SETTINGS
@given(data=st.data())
def test_damaged_records_are_read_or_refused_as_task_pack_error(
    seed: str, data: st.DataObject
) -> None:
    rows = data.draw(structural_damage(_seed_rows(seed)))
    damaged = _serialise(rows, seed == "sharegpt-dpo", data.draw(st.booleans()))
    if data.draw(st.booleans()):
        damaged = gzip.compress(damaged, mtime=0)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pack.jsonl"
        path.write_bytes(damaged)
        _read_fully(path, data.draw(st.sampled_from([None, seed])))


def _parquet_row(item: Any, as_text: Callable[[Any], Any]) -> dict[str, Any]:
    if not isinstance(item, dict):
        return {"id": item}
    row = dict(item)
    for key in ("conversation", "responses", "metadata"):
        if key in row:
            row[key] = as_text(row[key])
    return row


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_damaged_parquet_rows_are_read_or_refused_as_task_pack_error(data: st.DataObject) -> None:
    rows = data.draw(structural_damage(_seed_rows("prefdesk")))
    assume(len(rows) >= 2)
    header, items_ = rows[0], rows[1:]
    # Nested columns as JSON text (any shape goes) or as Arrow values (pyarrow infers types).
    as_text = data.draw(
        st.sampled_from([lambda v: json.dumps(v).encode().decode("utf-8", "replace"), lambda v: v])
    )
    try:
        table = pa.Table.from_pylist([_parquet_row(item, as_text) for item in items_])
        metadata = {b"prefdesk.taskpack": json.dumps(header).encode("utf-8", "surrogatepass")}
        table = table.replace_schema_metadata(metadata)
    except (pa.ArrowException, TypeError, ValueError, OverflowError):
        assume(False)  # pyarrow cannot even build this table: nothing to read
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pack.parquet"
        try:
            pq.write_table(table, path)
        except (pa.ArrowException, TypeError, ValueError):
            assume(False)
        _read_fully(path, None)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_damaged_parquet_bytes_are_read_or_refused_as_task_pack_error(
    data: st.DataObject,
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        good = Path(folder) / "good.parquet"
        seed_rows = _seed_rows("prefdesk")
        header = PackHeader("p", "P", (BatchInfo("b1", "B"), BatchInfo("b2", "b2")))
        records = [item_from_dict(row, Location("seed")) for row in seed_rows[1:]]
        write_taskpack(good, header, [replace(r, source_line=0) for r in records])
        path = Path(folder) / "pack.parquet"
        path.write_bytes(data.draw(byte_damage(good.read_bytes())))
        _read_fully(path, None)
