"""The real public datasets in ../shared/data read as their READMEs describe them.

Expected counts and contents are worked out here from the raw files, independently of the
readers.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path
from typing import Any

from taskpack import content_sha256, detect_format, open_source
from taskpack.records import ItemRecord
from tests.taskpack.packs import DPO_ZH, HH, OASST


def _read(path: Path, expected_format: str) -> list[ItemRecord]:
    assert detect_format(path) == expected_format
    with open_source(path) as source:
        assert source.format == expected_format
        records = list(source)
        assert source.bytes_read == source.total_bytes == path.stat().st_size
    return records


# -- HH-RLHF -------------------------------------------------------------------------------


def test_hh_rlhf_gives_one_item_per_row_with_the_rows_own_replies(real_data: Path) -> None:
    path = real_data / HH
    with gzip.open(path, "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    assert len(rows) == 1800  # as the folder's README says

    records = _read(path, "hh-rlhf")
    assert len(records) == len(rows)
    assert [r.source_line for r in records] == list(range(1, len(rows) + 1))
    for row, record in zip(rows, records, strict=True):
        chosen_reply = row["chosen"].rsplit("\n\nAssistant:", 1)[1].removeprefix(" ")
        rejected_reply = row["rejected"].rsplit("\n\nAssistant:", 1)[1].removeprefix(" ")
        assert [(r.id, r.content) for r in record.responses] == [
            ("r1", chosen_reply),
            ("r2", rejected_reply),
        ]
        assert record.conversation[0].role == "user"
        assert record.conversation[-1].role == "user"
        # Every human turn of the prompt is a user turn of the item, plus one where a lost
        # "\n\n" before the last "Human:" was repaired.
        human_turns = row["chosen"].count("\n\nHuman:")
        repaired = int(record.metadata.get("repaired_turn_separator", False))
        assert sum(t.role == "user" for t in record.conversation) == human_turns + repaired
        assert record.id_is_derived
    assert len({r.id for r in records}) == len(rows)
    # The README: 1798 of 1800 rows share the prompt in both fields.
    mismatched = sum(bool(r.metadata.get("prefix_mismatch")) for r in records)
    assert mismatched == 2


# -- OpenAssistant -------------------------------------------------------------------------


def _expected_oasst_items(path: Path) -> dict[str, dict[str, Any]]:
    """Every live message with ≥ 2 live assistant replies, with its path from the root.

    (The folder's README counts 210 sibling groups: that is groups of ≥ 2 replies of any
    kind, deleted ones included.)
    """
    expected: dict[str, dict[str, Any]] = {}

    def walk(node: dict[str, Any], path: list[tuple[str, str]], line: int) -> None:
        here = [*path, ("user" if node["role"] == "prompter" else "assistant", node["text"])]
        live = [r for r in node.get("replies", []) if not r.get("deleted")]
        answers = [r for r in live if r["role"] == "assistant"]
        if len(answers) >= 2:
            expected[node["message_id"]] = {
                "conversation": here,
                "responses": [(r["message_id"], r["text"]) for r in answers],
                "line": line,
            }
        for reply in live:
            walk(reply, here, line)

    with path.open(encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            if line.strip():
                walk(json.loads(line)["prompt"], [], number)
    return expected


def test_oasst_gives_one_item_per_message_with_two_live_assistant_replies(
    real_data: Path,
) -> None:
    path = real_data / OASST
    expected = _expected_oasst_items(path)
    records = _read(path, "oasst")

    assert len(records) == len(expected) > 100
    by_id = {r.id: r for r in records}
    assert by_id.keys() == expected.keys()
    for item_id, want in expected.items():
        record = by_id[item_id]
        assert [(t.role, t.content) for t in record.conversation] == want["conversation"]
        assert [(r.id, r.content) for r in record.responses] == want["responses"]
        assert record.source_line == want["line"]
        assert record.conversation[0].role == "user"
        assert record.metadata["message_tree_id"]
        assert not record.id_is_derived


def test_oasst_ranks_stay_in_metadata_and_synthetic_replies_name_their_model(
    real_data: Path,
) -> None:
    records = _read(real_data / OASST, "oasst")
    ranked = [r for r in records if "source_ranks" in r.metadata]
    assert ranked
    for record in ranked:
        assert set(record.metadata["source_ranks"]) <= {r.id for r in record.responses}
    assert any(r.model for record in records for r in record.responses)


# -- LLaMA-Factory DPO (Chinese) -----------------------------------------------------------


def test_llamafactory_dpo_zh_gives_250_rows_of_which_242_are_distinct(real_data: Path) -> None:
    path = real_data / DPO_ZH
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert len(raw) == 250
    distinct_raw = {json.dumps(row, sort_keys=True, ensure_ascii=False) for row in raw}
    assert len(distinct_raw) == 242

    records = _read(path, "sharegpt-dpo")
    assert len(records) == 250
    assert len({r.id for r in records}) == 242
    # The reader passes repeated rows on, under the same derived id and with the same
    # content: the importer counts them as repeats rather than conflicts.
    assert all(r.id_is_derived for r in records)
    by_id: dict[str, set[str]] = {}
    for record in records:
        by_id.setdefault(record.id, set()).add(content_sha256(record))
    assert all(len(hashes) == 1 for hashes in by_id.values())
    repeats = Counter(r.id for r in records)
    assert sum(n - 1 for n in repeats.values()) == 8


def test_llamafactory_dpo_zh_chinese_text_comes_through_intact(real_data: Path) -> None:
    path = real_data / DPO_ZH
    text = path.read_text(encoding="utf-8")
    raw = json.loads(text)
    records = _read(path, "sharegpt-dpo")

    for row, record in zip(raw, records, strict=True):
        assert [t.content for t in record.conversation] == [
            t["value"] for t in row["conversations"]
        ]
        assert [r.content for r in record.responses] == [
            row["chosen"]["value"],
            row["rejected"]["value"],
        ]
    # A sample, compared with the file's own bytes: Simplified Chinese, as written.
    sample = "美国国会由众议院和参议院组成"
    assert sample in text
    assert sample in records[0].conversation[0].content
    assert sum("的" in r.responses[0].content for r in records) > 200

    # Each element's line is where it starts in the file (2-space indented array).
    starts = [n for n, line in enumerate(text.splitlines(), start=1) if line == "  {"]
    assert [r.source_line for r in records] == starts
