"""docs/task-pack.md says what the readers do: its keys, examples and transcripts are checked.

Conventions of the doc that these tests rely on:

- ``#### `place` `` headings (``header``, ``item.responses[]``, …) each followed by a table
  whose rows start with ``| `key` |``: one per entry of ``taskpack.KNOWN_KEYS``;
- every ```` ```json ```` / ```` ```jsonl ```` block is an example that must read without
  error, except a block named ``broken…``, which must fail;
- a block may carry a file name after its language (```` ```jsonl tasks.jsonl ````); the
  ```` ```console ```` transcripts run ``prefdesk`` on those files and must print exactly
  what they show;
- a native item in a ```` ```json ```` block right after a foreign example is what that
  example becomes.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from app.cli import build_parser, main
from taskpack import (
    FORMAT_NAME,
    FORMAT_VERSIONS,
    FORMATS,
    KNOWN_KEYS,
    MAX_RESPONSES,
    MAX_TEXT_CHARS,
    MIN_RESPONSES,
    ItemRecord,
    Location,
    TaskPackError,
    item_from_dict,
    item_to_dict,
    open_source,
    parse_header,
)
from taskpack._lines import MAX_LINE_BYTES
from taskpack.native import IMAGE_TYPES, MAX_ID_CHARS, MAX_IMAGE_BYTES, ROLES

DOC = Path(__file__).resolve().parents[2] / "docs" / "task-pack.md"
TEXT = DOC.read_text(encoding="utf-8")
NATIVE = "prefdesk"
MIB = 1024 * 1024


@dataclass(frozen=True)
class Block:
    lang: str
    name: str | None
    text: str
    line: int

    @property
    def label(self) -> str:
        return f"{self.lang}@line{self.line}"


def _blocks() -> list[Block]:
    blocks: list[Block] = []
    lines = TEXT.splitlines()
    index = 0
    while index < len(lines):
        if lines[index].startswith("```"):
            info = lines[index][3:].split()
            start = index
            index += 1
            body: list[str] = []
            while not lines[index].startswith("```"):
                body.append(lines[index])
                index += 1
            lang = info[0] if info else ""
            name = info[1] if len(info) > 1 else None
            blocks.append(Block(lang, name, "\n".join(body) + "\n", start + 1))
        index += 1
    return blocks


BLOCKS = _blocks()
EXAMPLES = [b for b in BLOCKS if b.lang in ("json", "jsonl")]
TRANSCRIPTS = [b for b in BLOCKS if b.lang == "console"]
NAMED = {b.name: b for b in BLOCKS if b.name is not None}
GOOD = [b for b in EXAMPLES if not (b.name or "").startswith("broken")]


@dataclass(frozen=True)
class Read:
    format: str
    records: list[ItemRecord]
    value: Any = None  # the block's JSON when it is one object


def _read(block: Block, folder: Path) -> Read:
    """Read a doc example with the real readers; raises TaskPackError like an import would."""
    if block.lang == "jsonl":
        return _read_file(folder / (block.name or "example.jsonl"), block.text)
    value = json.loads(block.text)
    where = Location(DOC.name, line=block.line)
    if isinstance(value, list):  # a JSON array file
        return _read_file(folder / (block.name or "example.json"), block.text)
    if isinstance(value, dict) and value.get("format") == FORMAT_NAME:
        parse_header(value, where)
        return Read(NATIVE, [], value)
    if isinstance(value, dict) and "conversation" in value:
        return Read(NATIVE, [item_from_dict(value, where)], value)
    # A foreign row, pretty-printed for the page: one line of JSON Lines in a file.
    read = _read_file(folder / (block.name or "example.jsonl"), json.dumps(value) + "\n")
    return Read(read.format, read.records, value)


def _read_file(path: Path, text: str) -> Read:
    path.write_text(text, encoding="utf-8")
    with open_source(path) as source:
        return Read(source.format, list(source))


def _places() -> dict[str, set[str]]:
    """Documented keys by place: each ``#### `place` `` heading and the table under it."""
    places: dict[str, set[str]] = {}
    current: set[str] | None = None
    for line in TEXT.splitlines():
        heading = re.fullmatch(r"#### `([^`]+)`", line.strip())
        if heading:
            current = places.setdefault(heading.group(1), set())
        elif line.startswith("#"):
            current = None
        elif current is not None and (row := re.match(r"\| `([^`]+)` \|", line)):
            current.add(row.group(1))
    return places


# -- keys -----------------------------------------------------------------------------------


def test_every_key_the_reader_accepts_is_documented_where_it_is_accepted() -> None:
    places = _places()
    assert set(places) == set(KNOWN_KEYS), "a place is missing from, or extra in, the doc"
    for place, keys in KNOWN_KEYS.items():
        assert places[place] == set(keys), place
        for key in keys:
            assert f"`{key}`" in TEXT


def _keys_used(header: dict[str, Any], items: list[dict[str, Any]]) -> dict[str, set[str]]:
    used: dict[str, set[str]] = {place: set() for place in KNOWN_KEYS}
    used["header"] |= set(header)
    used["header.project"] |= set(header.get("project", {}))
    for batch in header.get("batches", []):
        used["header.batches[]"] |= set(batch)
    for item in items:
        used["item"] |= set(item)
        for turn in item["conversation"]:
            used["item.conversation[]"] |= set(turn)
            for image in turn.get("images", []):
                used["item.conversation[].images[]"] |= set(image)
        for response in item["responses"]:
            used["item.responses[]"] |= set(response)
    return used


def _worked_example() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    lines = [json.loads(line) for line in NAMED["tasks.jsonl"].text.splitlines() if line]
    return lines[0], lines[1:]


def test_known_keys_are_exactly_what_the_reader_accepts(tmp_path: Path) -> None:
    """The worked example uses every known key and reads; any other key anywhere is refused."""
    header, items = _worked_example()
    assert _keys_used(header, items) == {p: set(k) for p, k in KNOWN_KEYS.items()}
    _read(NAMED["tasks.jsonl"], tmp_path)

    def spots(h: dict[str, Any], i: dict[str, Any]) -> dict[str, dict[str, Any]]:
        return {
            "header": h,
            "header.project": h["project"],
            "header.batches[]": h["batches"][0],
            "item": i,
            "item.conversation[]": i["conversation"][1],
            "item.conversation[].images[]": i["conversation"][1]["images"][0],
            "item.responses[]": i["responses"][0],
        }

    assert set(spots(header, items[0])) == set(KNOWN_KEYS)
    for place in KNOWN_KEYS:
        h, i = json.loads(json.dumps(header)), json.loads(json.dumps(items[0]))
        spots(h, i)[place]["surplus"] = 1
        path = tmp_path / "surplus.jsonl"
        path.write_text(json.dumps(h) + "\n" + json.dumps(i) + "\n", encoding="utf-8")
        with pytest.raises(TaskPackError, match="unknown key 'surplus'"), open_source(path) as s:
            list(s)


def test_the_worked_example_holds_the_header_and_item_shown_above(tmp_path: Path) -> None:
    header, items = _worked_example()
    shown = [_read(b, tmp_path).value for b in GOOD if b.lang == "json"]
    assert header in shown
    assert items[0] in shown


def test_limits_and_names_in_the_doc_are_the_codes() -> None:
    assert f"{MIN_RESPONSES}–{MAX_RESPONSES} responses" in TEXT
    assert f"{MIN_RESPONSES} to {MAX_RESPONSES} responses" in TEXT
    assert f"at most {MAX_TEXT_CHARS:,} characters" in TEXT
    assert f"at most {MAX_ID_CHARS} characters" in TEXT
    assert f"at most {MAX_IMAGE_BYTES // MIB} MiB decoded" in TEXT
    assert f"at most {MAX_LINE_BYTES // MIB} MiB" in TEXT
    assert f'`"{FORMAT_NAME}"`' in TEXT
    assert FORMAT_VERSIONS == (1,), "the doc describes format_version 1 only: update it"
    for media_type in IMAGE_TYPES:
        assert f"`{media_type}`" in TEXT
    for role in ROLES:
        assert f"`{role}`" in TEXT


# -- examples -------------------------------------------------------------------------------


@pytest.mark.parametrize("block", EXAMPLES, ids=[b.label for b in EXAMPLES])
def test_every_example_reads_with_the_real_reader(tmp_path: Path, block: Block) -> None:
    if block.name and block.name.startswith("broken"):
        with pytest.raises(TaskPackError):
            _read(block, tmp_path)
        return
    read = _read(block, tmp_path)
    assert read.format in FORMATS
    if block.lang == "jsonl" or read.format != NATIVE:
        assert read.records, "an example should give at least one item"


def test_foreign_examples_become_the_documented_items(tmp_path: Path) -> None:
    checked: set[str] = set()
    previous: Read | None = None
    for block in GOOD:
        read = _read(block, tmp_path)
        documented = read.value
        if (
            previous is not None
            and previous.format != NATIVE
            and isinstance(documented, dict)
            and "conversation" in documented
        ):
            produced = [item_to_dict(record) for record in previous.records]
            assert documented in produced, f"line {block.line}: not what the example gives"
            checked.add(previous.format)
        previous = read
    assert checked == set(FORMATS) - {NATIVE}


def test_every_format_is_documented_with_an_example(tmp_path: Path) -> None:
    assert {_read(b, tmp_path).format for b in GOOD} == set(FORMATS)
    for name in FORMATS:
        if name != NATIVE:
            assert re.search(rf"^### .*\(`{re.escape(name)}`\)$", TEXT, re.MULTILINE), name
        assert f"`{name}`" in TEXT
        # The doc tells users to force a format with these names.
        assert build_parser().parse_args(["import", "x.jsonl", "--format", name]).format == name


# -- transcripts ----------------------------------------------------------------------------


def _commands(block: Block) -> list[tuple[list[str], str]]:
    commands: list[tuple[list[str], list[str]]] = []
    for line in block.text.splitlines():
        if line.startswith("$ prefdesk "):
            commands.append((shlex.split(line.removeprefix("$ prefdesk ")), []))
        else:
            commands[-1][1].append(line)
    return [(argv, "".join(f"{line}\n" for line in out)) for argv, out in commands]


@pytest.mark.parametrize("block", TRANSCRIPTS, ids=[b.label for b in TRANSCRIPTS])
def test_transcripts_show_what_prefdesk_prints(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    block: Block,
) -> None:
    for named in NAMED.values():
        (tmp_path / str(named.name)).write_text(named.text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    profile = tmp_path / "profile"
    for argv, expected in _commands(block):
        code = main(["--data-dir", str(profile), *argv])
        captured = capsys.readouterr()
        assert captured.out + captured.err == expected, argv
        assert code == (1 if "prefdesk: error:" in expected else 0)
