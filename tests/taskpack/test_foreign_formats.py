"""Foreign formats: detected from their first record, and refused naming line/row and field."""

from __future__ import annotations

import base64
import gzip
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from taskpack import (
    Location,
    PackHeader,
    TaskPackError,
    detect_format,
    open_source,
    write_taskpack,
)
from taskpack.parquet_io import HEADER_KEY, SCHEMA
from tests.taskpack.packs import read_all, read_error, record, write_lines

# -- small valid rows of each format -------------------------------------------------------


def hh_row(n: int, **overrides: Any) -> dict[str, Any]:
    prompt = f"\n\nHuman: question {n}?"
    row: dict[str, Any] = {
        "chosen": f"{prompt}\n\nAssistant: good answer {n}",
        "rejected": f"{prompt}\n\nAssistant: bad answer {n}",
    }
    row.update(overrides)
    return row


def dpo_row(n: int, **overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "conversations": [{"from": "human", "value": f"问题 {n}"}],
        "chosen": {"from": "gpt", "value": f"好的回答 {n}"},
        "rejected": {"from": "gpt", "value": f"不好的回答 {n}"},
    }
    row.update(overrides)
    return row


def chat_row(n: int, **overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "messages": [
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": f"question {n}"},
        ],
        "completions": [f"answer {n}", {"role": "assistant", "content": f"other {n}"}],
    }
    row.update(overrides)
    return row


def message(mid: str, role: str, text: str, *replies: dict[str, Any], **extra: Any) -> dict:
    return {"message_id": mid, "role": role, "text": text, "replies": list(replies), **extra}


def tree(n: int, prompt: dict[str, Any] | None = None) -> dict[str, Any]:
    root = prompt or message(
        f"q{n}",
        "prompter",
        f"question {n}",
        message(f"a{n}", "assistant", "first"),
        message(f"b{n}", "assistant", "second"),
    )
    return {"message_tree_id": f"t{n}", "prompt": root}


def json_array(path: Path, elements: list[Any]) -> Path:
    """One element per line: element ``k`` starts on line ``k + 2``."""
    body = ",\n".join(json.dumps(e, ensure_ascii=False) for e in elements)
    path.write_text(f"[\n{body}\n]\n", encoding="utf-8")
    return path


def _at(err: TaskPackError, file: str, *, line: int | None = None, row: int | None = None,
        field: str | None, says: str) -> None:  # fmt: skip
    assert err.location == Location(file, line=line, row=row, field=field)
    assert says in err.problem
    assert str(err).startswith(f"{err.location}: ")


# -- detection -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "rows", "expected"),
    [
        ("hh.jsonl", [hh_row(1), hh_row(2)], "hh-rlhf"),
        ("dpo.jsonl", [dpo_row(1), dpo_row(2)], "sharegpt-dpo"),
        ("chat.jsonl", [chat_row(1), chat_row(2)], "openai-chat"),
        ("trees.jsonl", [tree(1), tree(2)], "oasst"),
    ],
)
def test_each_foreign_format_is_detected_from_its_first_line(
    tmp_path: Path, name: str, rows: list[Any], expected: str
) -> None:
    path = write_lines(tmp_path / name, rows)
    assert detect_format(path) == expected
    records = read_all(path)
    assert len(records) == 2
    assert all(r.metadata["source_format"] == expected for r in records)
    assert [r.source_line for r in records] == [1, 2]
    gz = tmp_path / (name + ".gz")
    gz.write_bytes(gzip.compress(path.read_bytes()))
    assert detect_format(gz) == expected
    assert read_all(gz) == records


def test_json_array_is_read_as_sharegpt_dpo_gzipped_or_not(tmp_path: Path) -> None:
    path = json_array(tmp_path / "dpo.json", [dpo_row(n) for n in range(3)])
    gz = tmp_path / "dpo.json.gz"
    gz.write_bytes(gzip.compress(path.read_bytes()))
    for source in (path, gz):
        assert detect_format(source) == "sharegpt-dpo"
        records = read_all(source)
        assert [r.source_line for r in records] == [2, 3, 4]
        assert [r.conversation[0].content for r in records] == ["问题 0", "问题 1", "问题 2"]


def test_empty_json_array_yields_no_items(tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_text("  [ \n ] \n")
    assert read_all(path) == []


# -- HH-RLHF -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "field", "says"),
    [
        ({"rejected": hh_row(3)["rejected"]}, "chosen", "'chosen' is missing"),
        (hh_row(3, chosen=["no"]), "chosen", "'chosen' must be a string, not a list"),
        (hh_row(3, rejected=None), "rejected", "'rejected' must be a string, not null"),
        (hh_row(3, chosen="\n\nHuman: hi"), "chosen", 'has no "Assistant:" turn'),
        (hh_row(3, rejected="just text"), "rejected", 'has no "Assistant:" turn'),
        (
            hh_row(3, chosen="preamble\n\nHuman: hi\n\nAssistant: yo"),
            "chosen",
            'must start with a "Human:" turn',
        ),
        (
            hh_row(3, chosen="\n\nAssistant: yo", rejected="\n\nAssistant: no"),
            "chosen",
            'no "Human:" turn before the response',
        ),
        (hh_row(3, id=12), "id", "'id' must be a string, not a number"),
        ([hh_row(3)], "chosen", "each line must be an object"),
    ],
    ids=[
        "missing_chosen",
        "chosen_a_list",
        "rejected_null",
        "no_assistant_in_chosen",
        "no_assistant_in_rejected",
        "text_before_first_human",
        "no_human_turn",
        "id_a_number",
        "row_a_list",
    ],
)
def test_bad_hh_rlhf_row_is_refused_naming_line_and_field(
    tmp_path: Path, bad: Any, field: str, says: str
) -> None:
    path = write_lines(tmp_path / "hh.jsonl", [hh_row(1), hh_row(2), bad])
    _at(read_error(path), "hh.jsonl", line=3, field=field, says=says)


def test_hh_rlhf_preference_is_hidden_behind_neutral_response_ids(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "hh.jsonl", [hh_row(1), hh_row(1), hh_row(2, id="given")])
    first, repeat, given = read_all(path)
    assert [r.id for r in first.responses] == ["r1", "r2"]
    assert [r.content for r in first.responses] == ["good answer 1", "bad answer 1"]
    assert first.metadata["source_preference"] == ["r1", "r2"]
    assert first.id == repeat.id
    assert first.id.startswith("hh-")
    assert first.id_is_derived
    assert (given.id, given.id_is_derived) == ("given", False)


def test_hh_rlhf_prefix_mismatch_and_glued_human_turn_are_recorded(tmp_path: Path) -> None:
    glued = "\n\nHuman: Name a king.\n\nAssistant: Arthur.  Human: Another?\n\nAssistant: "
    row = {"chosen": glued + "Alfred.", "rejected": glued.replace("Arthur", "Art") + "None."}
    (item,) = read_all(write_lines(tmp_path / "hh.jsonl", [row]))
    assert [(t.role, t.content) for t in item.conversation] == [
        ("user", "Name a king."),
        ("assistant", "Arthur."),
        ("user", "Another?"),
    ]
    assert item.metadata["prefix_mismatch"] is True
    assert item.metadata["repaired_turn_separator"] is True


# -- Parquet -------------------------------------------------------------------------------


def _rows(n: int) -> list[dict[str, Any]]:
    return [
        {
            "id": f"item-{k}",
            "conversation": [{"role": "user", "content": f"q{k}", "images": []}],
            "responses": [
                {"id": "a", "content": "yes", "model": "", "suggestions": "{}"},
                {"id": "b", "content": "no", "model": "", "suggestions": "{}"},
            ],
        }
        for k in range(n)
    ]


def _parquet(path: Path, table: pa.Table) -> Path:
    pq.write_table(table, path)
    return path


@pytest.mark.parametrize(
    ("drop", "field", "says"),
    [
        (["responses"], "responses", "the Parquet file has no column responses"),
        (["id", "conversation"], "conversation", "has no column conversation, id"),
    ],
)
def test_parquet_without_a_required_column_is_refused_naming_it(
    tmp_path: Path, drop: list[str], field: str, says: str
) -> None:
    table = pa.Table.from_pylist(_rows(3)).drop_columns(drop)
    path = _parquet(tmp_path / "pack.parquet", table)
    assert detect_format(path) == "prefdesk"
    _at(read_error(path), "pack.parquet", field=field, says=says)


@pytest.mark.parametrize(
    ("change", "field", "says"),
    [
        ({"responses": [{"id": "a", "content": "x"}]}, "responses", "this one has 1"),
        ({"id": None}, "id", "'id' must be a string, not null"),
        (
            {"conversation": [{"role": "assistant", "content": "hi"}]},
            "conversation[0].role",
            "must end with a user turn",
        ),
    ],
    ids=["one_response", "null_id", "ends_with_assistant"],
)
def test_bad_parquet_row_is_refused_naming_the_zero_based_row(
    tmp_path: Path, change: dict[str, Any], field: str, says: str
) -> None:
    rows = [dict(r, metadata="{}", batch=None) for r in _rows(5)]
    for key, value in change.items():
        if key == "responses":
            value = [dict(r, model="", suggestions="{}") for r in value]
        if key == "conversation":
            value = [dict(t, images=[]) for t in value]
        rows[3][key] = value
    path = _parquet(tmp_path / "pack.parquet", pa.Table.from_pylist(rows, schema=SCHEMA))
    _at(read_error(path), "pack.parquet", row=3, field=field, says=says)


def test_parquet_with_json_text_columns_reads_and_refuses_bad_text_by_row(
    tmp_path: Path,
) -> None:
    rows = [
        {
            "id": f"item-{k}",
            "conversation": json.dumps([{"role": "user", "content": f"q{k}"}]),
            "responses": json.dumps([{"id": "a", "content": "x"}, {"id": "b", "content": "y"}]),
            "metadata": json.dumps({"k": k}),
        }
        for k in range(3)
    ]
    good = _parquet(tmp_path / "text.parquet", pa.Table.from_pylist(rows))
    assert [r.metadata for r in read_all(good)] == [{"k": 0}, {"k": 1}, {"k": 2}]

    rows[2]["responses"] = '[{"id": "a", "content": '
    bad = _parquet(tmp_path / "bad.parquet", pa.Table.from_pylist(rows))
    _at(read_error(bad), "bad.parquet", row=2, field="responses", says="'responses' is not JSON")


@pytest.mark.parametrize(
    ("conversation", "metadata", "field", "says"),
    [
        ('[{"role": "user", "content": "q", "images": 5}]', "{}", "conversation[0].images", ""),
        ('[{"role": "user", "content": "q"}]', '{"s": "\\udc00"}', "metadata", "surrogate"),
        ('[{"role": "user", "content": "q"}]', '{"n": ' + "9" * 5000 + "}", "metadata", "digits"),
    ],
    ids=["images_a_number", "lone_surrogate", "huge_number"],
)
def test_odd_json_text_in_parquet_is_a_task_pack_error(
    tmp_path: Path, conversation: str, metadata: str, field: str, says: str
) -> None:
    row = {
        "id": "x",
        "conversation": conversation,
        "responses": '[{"id": "a", "content": "x"}, {"id": "b", "content": "y"}]',
        "metadata": metadata,
    }
    path = _parquet(tmp_path / "odd.parquet", pa.Table.from_pylist([row]))
    _at(read_error(path), "odd.parquet", row=0, field=field, says=says)


def test_file_that_is_not_parquet_is_refused_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "fake.parquet"
    path.write_bytes(b"PAR1 this is not a parquet file at all")
    _at(read_error(path), "fake.parquet", field=None, says="not a readable Parquet file")


@pytest.mark.parametrize(
    ("header", "field", "says"),
    [
        (b"{not json", "schema metadata", "not readable JSON"),
        (b"\xff\xfe", "schema metadata", "not readable JSON"),
        (json.dumps({"format": "prefdesk.taskpack", "format_version": 9}).encode(),
         "format_version", "format_version 9 is not one this build reads"),
        (b'{"format": "prefdesk.taskpack", "format_version": 1, "project": {"name": "\\ud800"}}',
         "schema metadata", "lone UTF-16 surrogate"),
    ],
    ids=["broken_json", "not_utf8", "future_version", "lone_surrogate"],
)  # fmt: skip
def test_parquet_header_in_schema_metadata_is_checked_like_line_one(
    tmp_path: Path, header: bytes, field: str, says: str
) -> None:
    table = pa.Table.from_pylist(_rows(1)).replace_schema_metadata({HEADER_KEY: header})
    path = _parquet(tmp_path / "pack.parquet", table)
    _at(read_error(path), "pack.parquet", field=field, says=says)


def test_parquet_without_header_metadata_reads_with_an_empty_header(tmp_path: Path) -> None:
    path = _parquet(tmp_path / "plain.parquet", pa.Table.from_pylist(_rows(2)))

    with open_source(path) as source:
        assert [r.id for r in source] == ["item-0", "item-1"]
        assert source.header == PackHeader()


def test_corrupt_bytes_inside_a_parquet_file_are_a_task_pack_error(tmp_path: Path) -> None:
    path = tmp_path / "pack.parquet"
    write_taskpack(path, PackHeader("p"), [record(n) for n in range(200)])
    data = bytearray(path.read_bytes())
    refused: list[tuple[str, TaskPackError]] = []
    for offset in range(8, len(data) - 8, max(1, len(data) // 97)):
        damaged = bytearray(data)
        damaged[offset] ^= 0x5A
        target = tmp_path / f"damaged-{offset}.parquet"
        target.write_bytes(bytes(damaged))
        try:  # any exception but TaskPackError fails the test
            read_all(target)
        except TaskPackError as err:
            refused.append((target.name, err))
        target.unlink()
    assert refused, "some damage should be noticed"
    assert all(err.location.file == name for name, err in refused)


# -- JSON arrays (ShareGPT / LLaMA-Factory DPO) --------------------------------------------


def test_json_array_broken_midway_names_the_element_and_its_line(tmp_path: Path) -> None:
    path = json_array(tmp_path / "dpo.json", [dpo_row(n) for n in range(6)])
    text = path.read_text(encoding="utf-8").splitlines(keepends=True)
    text[5] = text[5].replace('"chosen": {', '"chosen": {{', 1)  # element [4], on line 6
    path.write_text("".join(text), encoding="utf-8")
    seen: list[int] = []

    def read() -> None:
        with open_source(path) as source:
            seen.extend(r.source_line for r in source)

    with pytest.raises(TaskPackError) as caught:
        read()
    assert seen == [2, 3, 4, 5]
    _at(caught.value, "dpo.json", line=6, field="[4]", says="broken JSON")


def test_json_array_cut_short_names_the_unfinished_element(tmp_path: Path) -> None:
    path = json_array(tmp_path / "dpo.json", [dpo_row(n) for n in range(4)])
    data = path.read_bytes()
    path.write_bytes(data[: data.index(b"\n", data.index(b"\n", 2) + 1) + 30])
    _at(read_error(path), "dpo.json", line=4, field="[2]", says="broken JSON")


@pytest.mark.parametrize(
    ("tail", "line", "field", "says"),
    [
        ("] trailing", 4, None, "unexpected text after the array"),
        ("{}]", 4, "[1]", "expected ',' or ']' after an array element"),
    ],
    ids=["text_after_array", "missing_comma"],
)
def test_json_array_framing_errors_name_the_line(
    tmp_path: Path, tail: str, line: int, field: str | None, says: str
) -> None:
    path = tmp_path / "dpo.json"
    path.write_text(
        "[\n" + json.dumps(dpo_row(0)) + ",\n" + json.dumps(dpo_row(1)) + "\n" + tail,
        encoding="utf-8",
    )
    _at(read_error(path), "dpo.json", line=line, field=field, says=says)


def test_json_array_with_invalid_utf8_midway_names_the_line(tmp_path: Path) -> None:
    path = json_array(tmp_path / "dpo.json", [dpo_row(n) for n in range(5)])
    lines = path.read_bytes().split(b"\n")
    lines[4] = lines[4].replace("问题".encode(), b"\xe9\x97", 1)  # a cut character, line 5
    path.write_bytes(b"\n".join(lines))
    _at(read_error(path), "dpo.json", line=5, field=None, says="invalid UTF-8")


def test_truncated_gzipped_json_array_is_a_task_pack_error(tmp_path: Path) -> None:
    plain = json_array(tmp_path / "dpo.json", [dpo_row(n) for n in range(2000)])
    packed = gzip.compress(plain.read_bytes())
    path = tmp_path / "dpo.json.gz"
    path.write_bytes(packed[: len(packed) // 2])
    err = read_error(path)
    assert err.location.file == "dpo.json.gz"
    assert err.location.line is not None
    assert "gzip stream is corrupt" in err.problem


def test_json_array_element_larger_than_a_read_chunk_comes_through_intact(
    tmp_path: Path,
) -> None:
    # 900k CJK characters are 2.7 MB of UTF-8: the element spans several 1 MiB reads, and
    # three-byte characters are cut at their boundaries.
    big = "语言模型" * 225_000
    rows = [dpo_row(0), dpo_row(1, chosen=big), dpo_row(2), dpo_row(3, rejected=5)]
    path = tmp_path / "big.json"
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
    records = []
    with open_source(path) as source, pytest.raises(TaskPackError) as caught:
        records.extend(source)
    assert records[1].responses[0].content == big
    text = path.read_text(encoding="utf-8")
    starts = [n + 1 for n, ln in enumerate(text.splitlines()) if ln == "  {"]
    assert [r.source_line for r in records] == starts[:3]
    _at(caught.value, "big.json", line=starts[3], field="rejected", says="not a number")


@pytest.mark.parametrize(
    ("bad", "field", "says"),
    [
        ({"chosen": "a", "rejected": "b", "conversationz": []}, "conversations", "is missing"),
        (
            dpo_row(9, conversations=[{"from": "bot", "value": "hi"}]),
            "conversations[0].from",
            "'from' is 'bot'; expected one of",
        ),
        (dpo_row(9, conversations=["hi"]), "conversations[0]", "must be an object"),
        (dpo_row(9, chosen={"from": "gpt"}), "chosen.value", "'chosen.value' is missing"),
        (dpo_row(9, rejected=None), "rejected", "must be a string or"),
        (
            dpo_row(
                9,
                conversations=[
                    {"from": "human", "value": "q"},
                    {"from": "gpt", "value": "a"},
                ],
            ),
            "conversation[1].role",
            "must end with a user turn",
        ),
        ("just a string", "conversations", "each element must be an object"),
    ],
    ids=[
        "no_conversations",
        "unknown_speaker",
        "turn_a_string",
        "chosen_without_value",
        "rejected_null",
        "ends_with_gpt",
        "element_a_string",
    ],
)
def test_bad_dpo_element_is_refused_naming_its_line_and_field(
    tmp_path: Path, bad: Any, field: str, says: str
) -> None:
    path = json_array(tmp_path / "dpo.json", [dpo_row(0), dpo_row(1), bad, dpo_row(3)])
    _at(read_error(path), "dpo.json", line=4, field=field, says=says)
    lines = write_lines(tmp_path / "dpo.jsonl", [dpo_row(0), bad])
    _at(read_error(lines, "sharegpt-dpo"), "dpo.jsonl", line=2, field=field, says=says)


def test_json_array_forced_to_another_format_is_refused(tmp_path: Path) -> None:
    path = json_array(tmp_path / "dpo.json", [dpo_row(0)])
    err = read_error(path, "prefdesk")
    assert err.location.file == "dpo.json"
    assert err.location.line == 1


# -- OpenAI chat ---------------------------------------------------------------------------


PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 16).decode()


@pytest.mark.parametrize(
    ("bad", "field", "says"),
    [
        (
            chat_row(3, messages=[{"role": "user", "content": "q"},
                                  {"role": "tool", "content": "x"}]),
            "messages[1].role",
            "role 'tool' is not supported here",
        ),
        (
            chat_row(3, messages=[{"role": 1, "content": "q"}]),
            "messages[0].role",
            "must be a string, not a number",
        ),
        (
            {"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]},
            "responses",
            "this one has 1",
        ),
        (chat_row(3, completions=["only one"]), "responses", "this one has 1"),
        (chat_row(3, completions=[f"c{k}" for k in range(10)]), "responses", "this one has 10"),
        (chat_row(3, completions=[7, "x"]), "completions[0]", "not a number"),
        (chat_row(3, responses="ab"), "responses", "'responses' must be a list, not a string"),
        (
            chat_row(3, messages=[{"role": "user", "content": [
                {"type": "text", "text": "what is it?"},
                {"type": "image_url", "image_url": {"url": "https://example.com/a.png"}},
            ]}]),
            "messages[0].content[1].image_url",
            "only inline data:image/… URLs are accepted",
        ),
        (
            chat_row(3, messages=[{"role": "user", "content": [{"type": "audio"}]}]),
            "messages[0].content[0].type",
            "part type 'audio' is not supported",
        ),
        (
            chat_row(3, messages=[{"role": "user", "content": [
                {"type": "image_url", "image_url": "data:image/png;base64,@@@"},
            ]}]),
            "conversation[0].images[0].data",
            "not valid base64",
        ),
        (
            {"input": {"messages": []}, "preferred_output": [{"role": "assistant", "content": "a"}],
             "non_preferred_output": []},
            "non_preferred_output",
            "must be a string or an assistant message, not a list",
        ),
        (
            {"preferred_output": "a", "non_preferred_output": "b"},
            "input",
            "'input' is missing",
        ),
    ],
    ids=[
        "tool_role",
        "role_a_number",
        "one_trailing_assistant_reply",
        "one_completion",
        "ten_completions",
        "completion_a_number",
        "responses_a_string",
        "remote_image",
        "audio_part",
        "bad_inline_image",
        "empty_non_preferred",
        "preference_without_input",
    ],
)  # fmt: skip
def test_bad_openai_chat_line_is_refused_naming_line_and_field(
    tmp_path: Path, bad: Any, field: str, says: str
) -> None:
    path = write_lines(tmp_path / "chat.jsonl", [chat_row(1), chat_row(2), bad])
    _at(read_error(path), "chat.jsonl", line=3, field=field, says=says)


def test_openai_chat_shapes_become_items(tmp_path: Path) -> None:
    image = {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{PNG}"}}
    rows = [
        chat_row(1),
        {
            "messages": [
                {"role": "developer", "content": [{"type": "text", "text": "dev"}]},
                {"role": "user", "content": [{"type": "input_text", "text": "see"}, image]},
            ],
            "responses": ["r-one", [{"role": "assistant", "content": "r-two"}]],
            "id": "given",
        },
        {
            "input": {"messages": [{"role": "user", "content": "hello"}]},
            "preferred_output": [{"role": "assistant", "content": "bonjour"}],
            "non_preferred_output": [{"role": "assistant", "content": "hola"}],
        },
    ]
    first, second, third = read_all(write_lines(tmp_path / "chat.jsonl", rows))
    assert [(t.role, t.content) for t in first.conversation] == [
        ("system", "Be brief."),
        ("user", "question 1"),
    ]
    assert [r.content for r in first.responses] == ["answer 1", "other 1"]
    assert "source_preference" not in first.metadata
    assert second.id == "given"
    assert second.conversation[0].role == "system"
    assert second.conversation[1].images[0].media_type == "image/png"
    assert second.conversation[1].images[0].data == PNG
    assert [r.content for r in second.responses] == ["r-one", "r-two"]
    assert [r.content for r in third.responses] == ["bonjour", "hola"]
    assert third.metadata["source_preference"] == ["r1", "r2"]
    assert third.id.startswith("chat-")


# -- OpenAssistant trees -------------------------------------------------------------------


def test_bad_oasst_message_is_refused_naming_its_path_in_the_tree(tmp_path: Path) -> None:
    bad = tree(
        3,
        message(
            "q",
            "prompter",
            "question",
            message("gone", "assistant", "deleted", deleted=True),
            message("a", "assistant", "fine"),
            {"role": "assistant", "text": "no id"},
        ),
    )
    path = write_lines(tmp_path / "trees.jsonl", [tree(1), tree(2), bad])
    # The reply without an id is the third in the source's list, deleted sibling included.
    _at(read_error(path), "trees.jsonl", line=3, field="prompt.replies[2].message_id",
        says="is missing")  # fmt: skip


@pytest.mark.parametrize(
    ("bad", "field", "says"),
    [
        (tree(3, message("q", "moderator", "x")), "prompt.role", "role 'moderator' is not"),
        (
            tree(3, message("q", "prompter", "x", message("a", "assistant", "y", replies=None),
                            message("b", "robot", "z"))),
            "prompt.replies[1].role",
            "role 'robot' is not prompter or assistant",
        ),
        (tree(3, {"message_id": "q", "role": "prompter"}), "prompt.text", "is missing"),
        (tree(3, {**message("q", "prompter", "x"), "replies": 5}), "prompt.replies",
         "'prompt.replies' must be a list, not a number"),
        ({"message_tree_id": "t", "prompt": "hello"}, "prompt", "must be an object"),
        ({"message_tree_id": 5, "prompt": {}}, "message_tree_id", "must be a string"),
        (tree(3, message("q", "prompter", "x", *[message(f"a{k}", "assistant", "y")
                                               for k in range(10)])),
         "responses", "this one has 10"),
    ],
    ids=["root_role", "reply_role", "no_text", "replies_a_number", "prompt_a_string",
         "tree_id_a_number", "ten_replies"],
)  # fmt: skip
def test_bad_oasst_tree_is_refused_naming_line_and_field(
    tmp_path: Path, bad: Any, field: str, says: str
) -> None:
    path = write_lines(tmp_path / "trees.jsonl", [tree(1), tree(2), bad])
    _at(read_error(path), "trees.jsonl", line=3, field=field, says=says)


def test_oasst_skips_deleted_replies_and_everything_below_them(tmp_path: Path) -> None:
    root = message(
        "q",
        "prompter",
        "question",
        message("a", "assistant", "A", message("f", "prompter", "follow-up",
                message("x", "assistant", "X", rank=1), message("y", "assistant", "Y", rank=0))),
        message("b", "assistant", "B", synthetic=True, model_name="m-7b"),
        message("c", "assistant", "C", deleted=True, replies=[message(
            "g", "prompter", "hidden", message("h1", "assistant", "1"),
            message("h2", "assistant", "2"))]),
    )  # fmt: skip
    items = read_all(write_lines(tmp_path / "trees.jsonl", [tree(1, root)]))
    assert [i.id for i in items] == ["q", "f"]
    top, deeper = items
    assert [(r.id, r.model) for r in top.responses] == [("a", ""), ("b", "m-7b")]
    assert [t.content for t in deeper.conversation] == ["question", "A", "follow-up"]
    assert deeper.metadata["source_ranks"] == {"x": 1, "y": 0}
    assert all(not i.id_is_derived for i in items)
