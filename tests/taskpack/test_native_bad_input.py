"""Every kind of bad native task pack raises one ``TaskPackError`` naming file, line and field."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from taskpack import (
    MAX_RESPONSES,
    MAX_TEXT_CHARS,
    Location,
    TaskPackError,
    detect_format,
    open_source,
)
from taskpack._lines import MAX_LINE_BYTES
from taskpack.native import MAX_ID_CHARS
from tests.taskpack.packs import HEADER, item, read_all, read_error, write_lines, write_pack

PNG_1X1 = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAAB"
    "JRU5ErkJggg=="
)


def _responses(n: int) -> list[dict[str, str]]:
    return [{"id": f"r{k}", "content": f"answer {k}"} for k in range(n)]


def line_of(value: Any) -> bytes:
    return json.dumps(value).encode() + b"\n"


def _expect(err: TaskPackError, file: str, line: int | None, field: str | None, says: str) -> None:
    """The error names exactly this place, says ``says``, and reads "place: problem"."""
    assert err.location == Location(file, line=line, field=field)
    assert says in err.problem
    assert str(err) == f"{err.location}: {err.problem}"
    where = file
    if line is not None:
        where += f", line {line}"
    if field is not None:
        where += f", field '{field}'"
    assert str(err).startswith(where + ": ")


@dataclass(frozen=True)
class Case:
    """A pack whose line 3 (after the header and one good item) is ``bad``."""

    bad: Any
    field: str | None
    says: str


ITEM_CASES: dict[str, Case] = {
    "broken_json": Case(
        b'{"id": "item-2", "conversation": [', None, "broken JSON at column 35: Expecting value"
    ),
    "truncated_line": Case(json.dumps(item(2)).encode()[:-3], None, "broken JSON"),
    "not_an_object": Case([item(2)], None, "an item must be a JSON object"),
    "invalid_utf8": Case(
        b'{"id": "item-2", "conversation": [{"role": "user", "content": "\xff\xfe"}]}',
        None,
        "invalid UTF-8 at byte 63",
    ),
    "lone_surrogate_escape": Case(
        json.dumps(item(2)).replace("question 2", "\\ud800").encode(),
        None,
        "lone UTF-16 surrogate",
    ),
    "five_thousand_digit_number": Case(
        json.dumps(item(2))[:-1].encode() + b', "metadata": {"n": ' + b"7" * 5000 + b"}}",
        None,
        "a number has more than",
    ),
    "deeply_nested": Case(b"[" * 100_000, None, "nested too deeply"),
    "wrong_type_response_content": Case(
        item(2, responses=[{"id": "a", "content": 5}, {"id": "b", "content": "x"}]),
        "responses[0].content",
        "'responses[0].content' must be a string, not a number",
    ),
    "wrong_type_conversation": Case(
        item(2, conversation="hello"), "conversation", "must be a list, not a string"
    ),
    "wrong_type_id": Case(item(2, id=7), "id", "'id' must be a string, not a number"),
    "wrong_type_metadata": Case(
        item(2, metadata=True), "metadata", "'metadata' must be an object, not a boolean"
    ),
    "wrong_type_turn": Case(
        item(2, conversation=["hello"]), "conversation[0]", "must be an object"
    ),
    "null_content": Case(
        item(2, conversation=[{"role": "user", "content": None}]),
        "conversation[0].content",
        "must be a string, not null",
    ),
    "missing_conversation": Case(
        {"id": "item-2", "responses": _responses(2)}, "conversation", "'conversation' is missing"
    ),
    "missing_id": Case(
        {"conversation": [{"role": "user", "content": "q"}], "responses": _responses(2)},
        "id",
        "'id' is missing",
    ),
    "missing_response_content": Case(
        item(2, responses=[{"id": "a", "content": "x"}, {"id": "b"}]),
        "responses[1].content",
        "'responses[1].content' is missing",
    ),
    "missing_role": Case(
        item(2, conversation=[{"content": "q"}]), "conversation[0].role", "is missing"
    ),
    "one_response": Case(
        item(2, responses=_responses(1)), "responses", "needs 2–9 responses; this one has 1"
    ),
    "ten_responses": Case(
        item(2, responses=_responses(MAX_RESPONSES + 1)),
        "responses",
        "needs 2–9 responses; this one has 10",
    ),
    "no_responses": Case(item(2, responses=[]), "responses", "this one has 0"),
    "duplicate_response_ids": Case(
        item(2, responses=[{"id": "a", "content": "x"}, {"id": "a", "content": "y"}]),
        "responses[1].id",
        "response id 'a' is used twice in this item",
    ),
    "blank_id": Case(item(2, id="   "), "id", "'id' must not be empty"),
    "blank_response_id": Case(
        item(2, responses=[{"id": "a", "content": "x"}, {"id": " ", "content": "y"}]),
        "responses[1].id",
        "must not be empty",
    ),
    "id_too_long": Case(item(2, id="x" * (MAX_ID_CHARS + 1)), "id", f"the limit is {MAX_ID_CHARS}"),
    "unknown_item_key": Case(item(2, score=3), "score", "unknown key 'score'"),
    "unknown_turn_key": Case(
        item(2, conversation=[{"role": "user", "content": "q", "weight": 1}]),
        "conversation[0].weight",
        "unknown key 'weight'",
    ),
    "unknown_response_key": Case(
        item(2, responses=[{"id": "a", "content": "x", "rank": 1}, {"id": "b", "content": "y"}]),
        "responses[0].rank",
        "unknown key 'rank'",
    ),
    "unknown_role": Case(
        item(2, conversation=[{"role": "bot", "content": "q"}]),
        "conversation[0].role",
        "role 'bot' is not one of system, user, assistant",
    ),
    "empty_conversation": Case(
        item(2, conversation=[]), "conversation", "must have at least one turn"
    ),
    "system_turn_not_first": Case(
        item(
            2,
            conversation=[
                {"role": "user", "content": "q"},
                {"role": "system", "content": "be brief"},
                {"role": "user", "content": "q again"},
            ],
        ),
        "conversation[1].role",
        "a system turn may only come first",
    ),
    "last_turn_not_user": Case(
        item(
            2,
            conversation=[
                {"role": "user", "content": "q"},
                {"role": "assistant", "content": "a"},
            ],
        ),
        "conversation[1].role",
        "the conversation must end with a user turn",
    ),
    "only_a_system_turn": Case(
        item(2, conversation=[{"role": "system", "content": "s"}]),
        "conversation[0].role",
        "must end with a user turn",
    ),
    "batch_not_in_header": Case(
        item(2, batch="nowhere"), "batch", "batch 'nowhere' is not listed in the header's batches"
    ),
    "image_not_base64": Case(
        item(
            2,
            conversation=[
                {
                    "role": "user",
                    "content": "q",
                    "images": [{"media_type": "image/png", "data": "not base64!"}],
                }
            ],
        ),
        "conversation[0].images[0].data",
        "is not valid base64",
    ),
    "image_media_type": Case(
        item(
            2,
            conversation=[
                {
                    "role": "user",
                    "content": "q",
                    "images": [{"media_type": "image/svg+xml", "data": PNG_1X1}],
                }
            ],
        ),
        "conversation[0].images[0].media_type",
        "media type 'image/svg+xml' is not one of",
    ),
}


@pytest.mark.parametrize("case", sorted(ITEM_CASES))
def test_bad_item_line_is_refused_naming_file_line_and_field(tmp_path: Path, case: str) -> None:
    spec = ITEM_CASES[case]
    header = {**HEADER, "batches": [{"id": "b1", "name": "Batch 1"}]}
    path = write_pack(tmp_path / "pack.jsonl", [item(1, batch="b1"), spec.bad], header=header)
    err = read_error(path)
    _expect(err, "pack.jsonl", 3, spec.field, spec.says)


def test_items_before_the_bad_line_are_yielded_first(tmp_path: Path) -> None:
    path = write_pack(tmp_path / "pack.jsonl", [item(1), item(2), b"{broken"])
    seen = []

    def read() -> None:
        with open_source(path) as source:
            seen.extend(record.id for record in source)

    with pytest.raises(TaskPackError) as caught:
        read()
    assert seen == ["item-1", "item-2"]
    assert caught.value.location.line == 4


def test_line_numbers_count_blank_lines_and_crlf_endings(tmp_path: Path) -> None:
    path = tmp_path / "pack.jsonl"
    good = json.dumps(item(1)).encode()
    bad = json.dumps(item(2, responses=_responses(1))).encode()
    path.write_bytes(b"\r\n".join([json.dumps(HEADER).encode(), b"", good, b"  ", b"", bad]))
    err = read_error(path)
    _expect(err, "pack.jsonl", 6, "responses", "this one has 1")


def test_byte_order_mark_before_the_header_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "pack.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(HEADER).encode() + b"\n" + line_of(item(1)))
    assert detect_format(path) == "prefdesk"
    assert [r.id for r in read_all(path)] == ["item-1"]


def test_fifty_megabyte_response_is_refused_naming_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "huge.jsonl"
    with path.open("wb") as f:
        f.write(line_of(HEADER))
        f.write(line_of(item(1)))
        f.write(b'{"id":"item-2","conversation":[{"role":"user","content":"q"}],')
        f.write(b'"responses":[{"id":"a","content":"ok"},{"id":"b","content":"')
        f.write(b"x" * (50 * 1024 * 1024))
        f.write(b'"}]}\n')
    err = read_error(path)
    _expect(err, "huge.jsonl", 3, "responses[1].content", f"the limit is {MAX_TEXT_CHARS:,}")
    assert "52,428,800 characters" in err.problem


@pytest.mark.parametrize("where", ["response", "turn"])
def test_text_cap_counts_characters_not_bytes(tmp_path: Path, where: str) -> None:
    at_cap = "语" * MAX_TEXT_CHARS  # three bytes each in UTF-8: 3 MB, still within the cap
    over = at_cap + "!"

    def with_text(n: int, text: str) -> dict[str, Any]:
        if where == "response":
            return item(n, responses=[{"id": "a", "content": text}, {"id": "b", "content": "b"}])
        return item(n, conversation=[{"role": "user", "content": text}])

    path = write_pack(tmp_path / "cap.jsonl", [with_text(1, at_cap), with_text(2, over)])
    with open_source(path) as source:
        records = iter(source)
        assert next(records).id == "item-1"
        with pytest.raises(TaskPackError) as caught:
            next(records)
    field = "responses[0].content" if where == "response" else "conversation[0].content"
    _expect(caught.value, "cap.jsonl", 3, field, f"{MAX_TEXT_CHARS + 1:,} characters")


def test_line_over_64_mib_is_refused_without_parsing_it(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    with path.open("wb") as f:
        f.write(line_of(HEADER))
        f.write(b" " * (MAX_LINE_BYTES + 10) + b"\n")
    err = read_error(path)
    _expect(err, "long.jsonl", 2, None, "the line is over 64 MiB")


# -- the header ------------------------------------------------------------------------------


@dataclass(frozen=True)
class HeaderCase:
    header: Any
    field: str | None
    says: str


HEADER_CASES: dict[str, HeaderCase] = {
    "item_instead_of_header": HeaderCase(item(1), "format", "line 1 must be the header"),
    "wrong_format_name": HeaderCase(
        {**HEADER, "format": "someone.else"}, "format", "line 1 must be the header"
    ),
    "header_is_a_list": HeaderCase([HEADER], "format", "line 1 must be the header"),
    "missing_format_version": HeaderCase(
        {"format": "prefdesk.taskpack"}, "format_version", "'format_version' is missing"
    ),
    "unsupported_format_version": HeaderCase(
        {**HEADER, "format_version": 2},
        "format_version",
        "format_version 2 is not one this build reads (1); update Prefdesk",
    ),
    "format_version_as_text": HeaderCase(
        {**HEADER, "format_version": "1"}, "format_version", "must be an integer, not a string"
    ),
    "format_version_as_boolean": HeaderCase(
        {**HEADER, "format_version": True}, "format_version", "must be an integer, not a boolean"
    ),
    "unknown_header_key": HeaderCase({**HEADER, "author": "me"}, "author", "unknown key"),
    "unknown_project_key": HeaderCase(
        {**HEADER, "project": {"id": "p", "owner": "me"}}, "project.owner", "unknown key"
    ),
    "batch_listed_twice": HeaderCase(
        {**HEADER, "batches": [{"id": "b"}, {"id": "b"}]},
        "batches[1].id",
        "batch id 'b' is listed twice",
    ),
    "batch_without_id": HeaderCase(
        {**HEADER, "batches": [{"name": "B"}]}, "batches[0].id", "is missing"
    ),
}


@pytest.mark.parametrize("case", sorted(HEADER_CASES))
def test_bad_header_is_refused_naming_line_one_and_field(tmp_path: Path, case: str) -> None:
    spec = HEADER_CASES[case]
    path = write_pack(tmp_path / "pack.jsonl", [item(1)], header=spec.header)
    err = read_error(path, format="prefdesk")
    _expect(err, "pack.jsonl", 1, spec.field, spec.says)


def test_pack_without_header_cannot_be_detected_and_says_which_formats_exist(
    tmp_path: Path,
) -> None:
    path = write_lines(tmp_path / "headless.jsonl", [item(1), item(2)])
    err = read_error(path)
    _expect(err, "headless.jsonl", 1, None, "cannot tell the format from the first record")
    assert "prefdesk, hh-rlhf, oasst, sharegpt-dpo, openai-chat" in err.problem


def test_broken_header_line_is_broken_json_on_line_one(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "pack.jsonl", [b'{"format": "prefdesk.taskpack", ', item(1)])
    for format in (None, "prefdesk"):
        _expect(read_error(path, format), "pack.jsonl", 1, None, "broken JSON")


@pytest.mark.parametrize("content", [b"", b"\n\n  \n", b"\xef\xbb\xbf\n"], ids=repr)
@pytest.mark.parametrize("format", [None, "prefdesk"])
def test_empty_file_is_refused_naming_the_file(
    tmp_path: Path, content: bytes, format: str | None
) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_bytes(content)
    err = read_error(path, format)
    _expect(err, "empty.jsonl", None, None, "the file is empty")


def test_header_alone_is_a_valid_pack_of_no_items(tmp_path: Path) -> None:
    path = write_pack(tmp_path / "pack.jsonl", [])
    with open_source(path) as source:
        assert list(source) == []
        assert source.header.project_id == "p"
        assert source.header.project_name == "Project P"


def test_missing_file_is_refused_naming_its_path(tmp_path: Path) -> None:
    path = tmp_path / "nope.jsonl"
    err = read_error(path)
    _expect(err, str(path), None, None, "no such file")


def test_unknown_format_name_is_refused_listing_the_known_ones(tmp_path: Path) -> None:
    path = write_pack(tmp_path / "pack.jsonl", [item(1)])
    err = read_error(path, format="csv")
    _expect(err, "pack.jsonl", None, None, "unknown format 'csv'")


# -- gzip ------------------------------------------------------------------------------------


def _gzipped_pack(tmp_path: Path, items: int = 300) -> bytes:
    raw = b"".join(line_of(v) for v in [HEADER, *(item(n) for n in range(items))])
    whole = tmp_path / "whole.jsonl.gz"
    whole.write_bytes(gzip.compress(raw, mtime=0))
    assert len(read_all(whole)) == items
    return whole.read_bytes()


def test_truncated_gzip_is_refused_naming_the_line_it_stopped_at(tmp_path: Path) -> None:
    packed = _gzipped_pack(tmp_path)
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(packed[: len(packed) * 2 // 3])
    err = read_error(path)
    assert err.location.file == "cut.jsonl.gz"
    assert err.location.line is not None
    assert 2 <= err.location.line <= 301
    assert err.location.field is None
    assert "the gzip stream is corrupt" in err.problem


def test_gzip_cut_inside_its_first_block_is_refused_on_line_one(tmp_path: Path) -> None:
    packed = _gzipped_pack(tmp_path)
    path = tmp_path / "stub.jsonl.gz"
    path.write_bytes(packed[:12])
    for format in (None, "prefdesk"):
        err = read_error(path, format)
        assert err.location == Location("stub.jsonl.gz", line=1)


def test_gzip_with_a_damaged_checksum_is_refused(tmp_path: Path) -> None:
    packed = bytearray(_gzipped_pack(tmp_path))
    packed[-6] ^= 0xFF  # the CRC-32 in the trailer
    path = tmp_path / "crc.jsonl.gz"
    path.write_bytes(bytes(packed))
    err = read_error(path)
    assert err.location.file == "crc.jsonl.gz"
    assert "the gzip stream is corrupt" in err.problem


def test_gzipped_pack_reports_bad_items_by_uncompressed_line(tmp_path: Path) -> None:
    raw = b"".join(line_of(v) for v in [HEADER, item(1), item(2, responses=_responses(10))])
    path = tmp_path / "pack.jsonl.gz"
    path.write_bytes(gzip.compress(raw))
    _expect(read_error(path), "pack.jsonl.gz", 3, "responses", "this one has 10")
