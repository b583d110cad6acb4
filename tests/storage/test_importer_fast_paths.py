"""The importer's shortcuts give exactly what the canonical spellings give.

``record_parts`` writes an item's JSON without building its dict, ``text_item`` builds a
record without writing and re-reading the dict, and the importer encodes each record as it
is read and checks ids one chunk at a time. Each is checked here against the plain route:
the same texts and hashes, the same records, the same errors, the same counts.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from storage import Store, import_source
from storage.importer import CHUNK
from taskpack import (
    Image,
    ItemRecord,
    Location,
    Response,
    TaskPackError,
    Turn,
    canonical_json,
    canonical_parts,
    content_sha256,
    item_from_dict,
    item_to_dict,
    open_source,
    sha256_of_parts,
)
from taskpack.native import record_parts, text_item
from taskpack.records import MAX_TEXT_CHARS, Role

HH = "hh-rlhf-harmless-base/harmless-base-test.rows0-1799.jsonl.gz"
#: Characters the JSON encoder escapes, others it keeps, and some in between.
ALPHABET = ["a", " ", '"', "\\", "\n", "\t", "\x00", "\x1f", "\x7f", "é", "中", "😀", "\u2028"]


def _text(rnd: random.Random, longest: int = 8) -> str:
    return "".join(rnd.choice(ALPHABET) for _ in range(rnd.randint(0, longest)))


def _odd_record(rnd: random.Random) -> ItemRecord:
    roles: list[Role] = ["user", "assistant", "system"]
    turns = tuple(
        Turn(
            rnd.choice(roles),
            _text(rnd),
            (Image("image/png", "iVBORw0KGgo=", _text(rnd, 3)),) if rnd.random() < 0.2 else (),
        )
        for _ in range(rnd.randint(1, 4))
    )
    responses = tuple(
        Response(
            _text(rnd, 4) or f"r{n}",
            _text(rnd),
            rnd.choice(["", "", "model-x"]),
            rnd.choice([{}, {}, {"b": [1, 2.5, None, True], "a": _text(rnd)}]),
        )
        for n in range(rnd.randint(2, 3))
    )
    return ItemRecord(
        _text(rnd, 5) or "id",
        turns,
        responses,
        rnd.choice([None, "batch-" + _text(rnd, 3)]),
        rnd.choice([{}, {"z": 1, "a": {"y": _text(rnd)}}]),
        7,
    )


def test_record_parts_are_the_canonical_parts_of_every_real_item(shared_data: Path) -> None:
    with open_source(shared_data / HH) as source:
        records = list(source)
    assert len(records) > 1000
    for record in records:
        parts = record_parts(record)
        assert parts == canonical_parts(item_to_dict(record))
        assert sha256_of_parts(parts) == content_sha256(record, item_to_dict(record))


def test_record_parts_match_canonical_json_for_escapes_images_models_and_suggestions() -> None:
    rnd = random.Random(20261126)
    for _ in range(3000):
        record = _odd_record(rnd)
        parts = record_parts(record)
        expected = canonical_parts(item_to_dict(record))
        assert parts == expected
        assert list(parts) == list(expected)
        # The content hash is the SHA-256 of the whole item (batch aside) as canonical JSON.
        whole = {k: v for k, v in item_to_dict(record).items() if k != "batch"}
        digest = hashlib.sha256(canonical_json(whole).encode()).hexdigest()
        assert sha256_of_parts(parts) == content_sha256(record) == digest


def _via_dict(
    item_id: Any,
    turns: list[tuple[Any, Any]],
    responses: list[tuple[Any, Any]],
    batch: Any,
    metadata: Any,
    derived: bool,
    where: Location,
) -> ItemRecord:
    data: dict[str, Any] = {
        "id": item_id,
        "conversation": [{"role": role, "content": content} for role, content in turns],
        "responses": [{"id": rid, "content": content} for rid, content in responses],
    }
    if batch is not None:
        data["batch"] = batch
    if metadata is not None:
        data["metadata"] = metadata
    record = item_from_dict(data, where)
    return replace(record, id_is_derived=True) if derived else record


def _outcome(build: Any, *args: Any, **kwargs: Any) -> object:
    try:
        return build(*args, **kwargs)
    except TaskPackError as err:
        return str(err)


def test_text_item_builds_what_item_from_dict_builds_and_refuses_what_it_refuses() -> None:
    rnd = random.Random(7)
    too_long = "y" * (MAX_TEXT_CHARS + 1)
    accepted = refused = 0
    for n in range(4000):
        turns: list[tuple[Any, Any]] = [
            (
                rnd.choice(["user", "assistant"])
                if rnd.random() < 0.95
                else rnd.choice(["system", "tool", 3]),
                rnd.choice(["hi", "", " ", "é"]) if rnd.random() < 0.97 else too_long,
            )
            for _ in range(rnd.randint(0, 4))
        ]
        if rnd.random() < 0.75:
            turns.append(("user", "the question"))
        responses: list[tuple[Any, Any]] = [
            (
                f"r{k}" if rnd.random() < 0.93 else rnd.choice(["r0", " ", "", "q" * 201, 7]),
                rnd.choice(["ok", ""]) if rnd.random() < 0.97 else rnd.choice([too_long, None]),
            )
            for k in range(rnd.choice([1, 2, 2, 2, 3, 9, 10]))
        ]
        item_id = "item" if rnd.random() < 0.93 else rnd.choice([" ", "", "w" * 201, "w" * 200])
        batch = rnd.choice([None, "b"])
        metadata = rnd.choice([None, {}, {"source": "x"}])
        derived = rnd.random() < 0.5
        where = Location("f.jsonl", line=n + 1) if n % 2 else Location("f.parquet", row=n)
        expected = _outcome(_via_dict, item_id, turns, responses, batch, metadata, derived, where)
        got = _outcome(
            text_item,
            item_id,
            turns,
            responses,
            where,
            batch=batch,
            metadata=metadata,
            id_is_derived=derived,
        )
        assert got == expected
        accepted += isinstance(got, ItemRecord)
        refused += isinstance(got, str)
    assert accepted > 500
    assert refused > 500


def _hh_file(path: Path, rows: list[dict[str, Any]]) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.writelines(json.dumps(row) + "\n" for row in rows)
    return path


def _hh_rows(shared_data: Path, count: int) -> list[dict[str, Any]]:
    with gzip.open(shared_data / HH, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line, _ in zip(f, range(count), strict=False)]


def test_a_duplicate_id_chunks_apart_is_refused_naming_both_lines(
    store: Store, shared_data: Path, tmp_path: Path
) -> None:
    rows = [dict(row, id=f"hh-{n}") for n, row in enumerate(_hh_rows(shared_data, CHUNK + 50))]
    rows.append(dict(rows[3]))
    path = _hh_file(tmp_path / "dup.jsonl.gz", rows)
    with pytest.raises(TaskPackError) as caught:
        import_source(store, path)
    assert str(caught.value) == (
        f"dup.jsonl.gz, line {len(rows)}, field 'id': duplicate id 'hh-3' (first used at line 4)"
    )
    with store.read() as conn:
        assert conn.exec_driver_sql("SELECT COUNT(*) FROM items").scalar_one() == 0


def test_rows_repeated_across_chunks_are_counted_once_and_reimport_adds_nothing(
    store: Store, shared_data: Path, tmp_path: Path
) -> None:
    rows = _hh_rows(shared_data, CHUNK + 100)  # no ids: derived from the content
    repeats = rows[:30] + rows[CHUNK : CHUNK + 5]
    path = _hh_file(tmp_path / "hh.jsonl.gz", rows + repeats)
    first = import_source(store, path)
    assert (first.rows, first.added, first.repeated_rows) == (len(rows) + 35, len(rows), 35)
    again = import_source(store, path)
    assert (again.added, again.unchanged, again.repeated_rows) == (0, len(rows), 35)


def test_an_unchanged_item_met_twice_in_a_later_file_is_a_duplicate(
    store: Store, shared_data: Path, tmp_path: Path
) -> None:
    rows = [dict(row, id=f"hh-{n}") for n, row in enumerate(_hh_rows(shared_data, CHUNK + 20))]
    assert import_source(store, _hh_file(tmp_path / "first.jsonl.gz", rows)).added == len(rows)
    path = _hh_file(tmp_path / "second.jsonl.gz", [*rows, rows[7]])
    with pytest.raises(
        TaskPackError, match=r"line \d+, field 'id': duplicate id 'hh-7' \(first used at line 8\)"
    ):
        import_source(store, path)
