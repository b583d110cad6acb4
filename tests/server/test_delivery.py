"""server.delivery: pairs from rankings and pairwise answers, each format's exact columns,
Parquet/CSV read back, the manifest's hashes, and the filters."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.json as pa_json
import pyarrow.parquet as pq
import pytest

from server.delivery import (
    FORMATS,
    MANIFEST,
    DeliveryRow,
    Filters,
    Options,
    deliver,
    file_name,
    pairs,
    records,
    render_prompt,
    select,
    unpaired,
)
from tests.server.delivery_world import (
    CONVERSATION,
    ITEM2,
    MESSAGES,
    PACK,
    ROWS,
    RUBRIC,
    RUBRICS,
    TIED,
    VERSION,
    row,
)


def _triples(found: list[Any]) -> list[tuple[str, str, float]]:
    return [(p.chosen, p.rejected, p.margin) for p in found]


# -- pairs --------------------------------------------------------------------------------


def test_a_ranking_with_a_tie_drops_the_tie_by_default() -> None:
    assert _triples(pairs(TIED, RUBRIC)) == [("Blue.", "Green.", 1.0), ("Azure.", "Green.", 1.0)]


def test_keep_ties_emits_the_tied_pair_with_margin_zero() -> None:
    found = pairs(TIED, RUBRIC, keep_ties=True)
    assert _triples(found) == [
        ("Blue.", "Azure.", 0.0),
        ("Blue.", "Green.", 1.0),
        ("Azure.", "Green.", 1.0),
    ]
    assert [p.tie for p in found] == [True, False, False]


def test_every_pair_across_groups_with_the_rank_distance_as_margin() -> None:
    strict = row({"rank": [["c"], ["a"], ["b"]]})
    assert _triples(pairs(strict, RUBRIC)) == [
        ("Green.", "Blue.", 1.0),
        ("Green.", "Azure.", 2.0),
        ("Blue.", "Azure.", 1.0),
    ]


def test_a_rewrite_ranked_as_a_candidate_is_its_text() -> None:
    r = row(
        {
            "rewrite": {"source": "a", "text": "Sky blue.", "candidate": True},
            "rank": [["rewrite"], ["a", "b", "c"]],
        }
    )
    assert _triples(pairs(r, RUBRIC))[0] == ("Sky blue.", "Blue.", 1.0)


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ({"winner": "y", "strength": "much"}, [("5", "4", 2.0)]),
        ({"winner": "x", "strength": "slightly"}, [("4", "5", 1.0)]),
        ({"winner": "both_bad"}, []),
        ({"winner": "tie"}, []),
    ],
)
def test_pairwise_margin_from_strength(answer: dict[str, str], expected: list[Any]) -> None:
    assert _triples(pairs(row({"pref": answer}, ITEM2), RUBRIC)) == expected


def test_a_pairwise_tie_is_kept_only_on_request() -> None:
    found = pairs(row({"pref": {"winner": "tie"}}, ITEM2), RUBRIC, keep_ties=True)
    assert _triples(found) == [("4", "5", 0.0)]


def test_skipped_judgments_yield_nothing() -> None:
    assert pairs(row({"rank": [["a"], ["b"], ["c"]]}, status="skipped"), RUBRIC) == []


def test_unpaired_labels_best_group_true_and_worst_false() -> None:
    found = unpaired(row({"rank": [["b"], ["a"], ["c"]]}), RUBRIC)
    assert [(u.completion, u.label) for u in found] == [("Azure.", True), ("Green.", False)]
    assert [(u.completion, u.label) for u in unpaired(TIED, RUBRIC)] == [
        ("Blue.", True),
        ("Azure.", True),
        ("Green.", False),
    ]


# -- record formats: exactly the columns the trainers expect -------------------------------


def _one(fmt: str, r: DeliveryRow = TIED, **kw: Any) -> list[dict[str, Any]]:
    return list(records(fmt, [r], RUBRICS, **kw))


def test_trl_preference_standard_is_text_with_an_explicit_prompt() -> None:
    out = _one("trl-preference")
    # DPOTrainer: prompt, chosen, rejected; ``margin`` is TRL's optional float column.
    assert [set(r) for r in out] == [{"prompt", "chosen", "rejected", "margin"}] * 2
    assert out[0] == {
        "prompt": "System: Be brief.\n\nUser: Hi\n\nAssistant: Hello!\n\n"
        "User: What colour is the sky?\n\nAssistant:",
        "chosen": " Blue.",
        "rejected": " Green.",
        "margin": 1.0,
    }
    assert render_prompt(CONVERSATION) == out[0]["prompt"]


def test_trl_conversational_is_messages_with_one_assistant_reply() -> None:
    out = _one("trl-conversational")
    assert out[1] == {
        "prompt": MESSAGES,
        "chosen": [{"role": "assistant", "content": "Azure."}],
        "rejected": [{"role": "assistant", "content": "Green."}],
        "margin": 1.0,
    }


def test_reward_form_has_an_implicit_prompt() -> None:
    out = _one("reward")
    assert [set(r) for r in out] == [{"chosen", "rejected", "margin"}] * 2
    assert out[0]["chosen"] == [*MESSAGES, {"role": "assistant", "content": "Blue."}]
    assert out[0]["rejected"] == [*MESSAGES, {"role": "assistant", "content": "Green."}]


def test_kto_is_unpaired_prompt_completion_label() -> None:
    out = _one("kto")
    assert [set(r) for r in out] == [{"prompt", "completion", "label"}] * 3
    assert [r["label"] for r in out] == [True, True, False]
    assert all(type(r["label"]) is bool for r in out)
    assert out[2]["completion"] == [{"role": "assistant", "content": "Green."}]
    assert out[0]["prompt"] == MESSAGES


def test_sft_is_the_conversation_plus_the_rewrite() -> None:
    r = row({"rewrite": {"source": "c", "text": "The sky is blue."}, "rank": [["a"], ["b"], ["c"]]})
    assert _one("sft", r) == [
        {"messages": [*MESSAGES, {"role": "assistant", "content": "The sky is blue."}]}
    ]
    assert _one("sft", TIED) == []


def test_rows_of_a_pack_without_a_rubric_yield_no_records() -> None:
    assert _one("trl-preference", row({"rank": [["a"], ["b", "c"]]}, pack_version="9")) == []


# -- files ---------------------------------------------------------------------------------


def _deliver(tmp_path: Path, **kw: Any) -> dict[str, Any]:
    return deliver(ROWS, RUBRICS, tmp_path, Options(tuple(FORMATS), **kw))


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_openai_dpo_lines_have_the_documented_shape(tmp_path: Path) -> None:
    _deliver(tmp_path, filters=Filters(), keep_ties=True)
    lines = _jsonl(tmp_path / file_name("openai-dpo"))
    assert len(lines) == 2 + 3  # ties never reach OpenAI, even with keep_ties
    for line in lines:
        assert set(line) == {"input", "preferred_output", "non_preferred_output"}
        assert set(line["input"]) == {"messages"}
        for message in line["input"]["messages"]:
            assert set(message) == {"role", "content"}
            assert message["role"] in ("system", "user", "assistant")
            assert isinstance(message["content"], str)
        assert line["input"]["messages"][-1]["role"] == "user"
        for key in ("preferred_output", "non_preferred_output"):
            assert len(line[key]) == 1
            assert set(line[key][0]) == {"role", "content"}
            assert line[key][0]["role"] == "assistant"
        assert line["preferred_output"] != line["non_preferred_output"]
    assert lines[0]["preferred_output"][0]["content"] == "Blue."
    assert lines[0]["input"]["messages"] == MESSAGES


def test_jsonl_files_load_as_arrow_tables_with_the_trainer_columns(tmp_path: Path) -> None:
    """pyarrow's JSON reader (what ``datasets`` uses for JSONL); ``test_delivery_datasets.py``
    loads the same files with ``datasets`` itself."""
    _deliver(tmp_path)
    expected = {
        "trl-preference": ["prompt", "chosen", "rejected", "margin"],
        "trl-conversational": ["prompt", "chosen", "rejected", "margin"],
        "reward": ["chosen", "rejected", "margin"],
        "kto": ["prompt", "completion", "label"],
        "sft": ["messages"],
        "openai-dpo": ["input", "preferred_output", "non_preferred_output"],
    }
    for fmt, columns in expected.items():
        table = pa_json.read_json(tmp_path / file_name(fmt))
        assert table.column_names == columns, fmt
    kto = pa_json.read_json(tmp_path / file_name("kto"))
    assert kto.schema.field("label").type == pa.bool_()
    conv = pa_json.read_json(tmp_path / file_name("trl-conversational"))
    assert conv.schema.field("chosen").type == pa.list_(
        pa.struct([("role", pa.string()), ("content", pa.string())])
    )


def test_parquet_has_the_provenance_columns_and_types(tmp_path: Path) -> None:
    _deliver(tmp_path, filters=Filters(accepted_only=False))
    table = pq.read_table(tmp_path / file_name("parquet"))
    assert table.num_rows == 3
    types = {f.name: f.type for f in table.schema}
    assert types["annotator"] == pa.string()
    assert types["submitted_at"] == pa.timestamp("us", tz="UTC")
    assert types["active_ms"] == pa.int64()
    assert types["display_order"] == pa.list_(pa.string())
    assert types["qc_flags"] == pa.list_(pa.string())
    assert types["stale"] == pa.bool_()
    assert types["late"] == pa.bool_()
    for name in ("pack_id", "pack_version", "pack_sha256", "review_outcome", "answers_json"):
        assert types[name] == pa.string()
    last = table.to_pylist()[2]
    assert last["judgment_id"] == "j-3"
    assert last["annotator"] == "ann-7f3a"
    assert last["display_order"] == ["c", "b", "a"]
    assert last["qc_flags"] == ["too_fast"]
    assert (last["stale"], last["late"], last["review_outcome"]) == (True, True, "accepted")
    assert json.loads(last["answers_json"])["rank"] == [["b"], ["a"], ["c"]]
    assert last["submitted_at"].isoformat() == "2026-11-26T10:01:00+00:00"
    assert table.to_pylist()[1]["submitted_at"] is None


def test_csv_reads_back_with_pandas(tmp_path: Path) -> None:
    _deliver(tmp_path)
    frame = pd.read_csv(tmp_path / file_name("csv"))
    parquet = pq.read_table(tmp_path / file_name("parquet"))
    assert list(frame.columns) == parquet.column_names
    assert len(frame) == 3
    assert frame["judgment_id"].tolist() == [r.judgment_id for r in ROWS]
    assert json.loads(frame["display_order"][0]) == ["c", "b", "a"]
    assert frame["active_ms"].tolist() == [4200, 4200, 4200]


def test_the_manifest_is_a_receipt_of_every_file(tmp_path: Path) -> None:
    manifest = _deliver(tmp_path)
    assert json.loads((tmp_path / MANIFEST).read_text()) == manifest
    assert [f["format"] for f in manifest["files"]] == list(FORMATS)
    for entry in manifest["files"]:
        data = (tmp_path / entry["path"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["bytes"] == len(data)
    counts = {f["format"]: f["records"] for f in manifest["files"]}
    assert counts == {
        "trl-preference": 5,
        "trl-conversational": 5,
        "reward": 5,
        "openai-dpo": 5,
        "kto": 5,
        "sft": 1,
        "parquet": 3,
        "csv": 3,
    }
    assert manifest["pack_versions"] == [
        {"id": PACK, "version": VERSION, "sha256": "0" * 64, "judgments": 3}
    ]
    assert manifest["filters"]["accepted_only"] is True
    assert manifest["judgments"]["delivered"] == 3
    assert {"created_at", "prefdesk_version"} <= set(manifest)
    assert not list(tmp_path.rglob("*.tmp"))


def test_a_failed_write_leaves_no_partial_file(tmp_path: Path) -> None:
    def broken() -> Any:
        yield {"prompt": "x"}
        raise RuntimeError("disk on fire")

    from server.delivery.writing import write_jsonl

    with pytest.raises(RuntimeError):
        write_jsonl(tmp_path / "train.jsonl", broken())
    assert list(tmp_path.iterdir()) == []


# -- filters -------------------------------------------------------------------------------


def test_accepted_only_keeps_accepted_and_fixed() -> None:
    rows = [row({}, review=o, judgment_id=str(o)) for o in ("accepted", "fixed", "returned", None)]
    chosen = select(rows, Filters())
    assert [r.judgment_id for r in chosen.rows] == ["accepted", "fixed"]
    assert chosen.dropped["not_accepted"] == 2
    assert chosen.notes == []


def test_accepted_only_without_any_review_keeps_nothing_and_says_so(tmp_path: Path) -> None:
    rows = [row({"rank": [["a"], ["b"], ["c"]]}, review=None)]
    manifest = deliver(rows, RUBRICS, tmp_path, Options(("trl-preference",)))
    assert manifest["judgments"]["delivered"] == 0
    assert manifest["files"][0]["records"] == 0
    assert any("reviewed" in n for n in manifest["notes"])
    unreviewed = Options(("trl-preference",), Filters(accepted_only=False))
    assert deliver(rows, RUBRICS, tmp_path, unreviewed)["files"][0]["records"] == 3


def test_pack_version_stale_and_agreement_filters() -> None:
    rows = [
        row({}, judgment_id="v1", pack_version="1.0.0"),
        row({}, judgment_id="v2", pack_version="2.0.0"),
        row({}, judgment_id="stale", stale=True),
        row({}, ITEM2, judgment_id="low"),
    ]
    assert [r.judgment_id for r in select(rows, Filters(pack_versions=("2.0.0",))).rows] == ["v2"]
    assert "stale" not in [r.judgment_id for r in select(rows, Filters(exclude_stale=True)).rows]
    agreement = {"item-3": 0.8, "item-2": 0.3}
    kept = select(rows, Filters(min_agreement=0.5, agreement=agreement))
    assert [r.judgment_id for r in kept.rows] == ["v1", "v2", "stale"]
    assert kept.dropped["agreement"] == 1
    unknown = select(rows, Filters(min_agreement=0.5, agreement={}))
    assert unknown.rows == []
