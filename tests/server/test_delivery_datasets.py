"""Every delivery file loads with Hugging Face ``datasets``, as a customer loads it, with
exactly the columns TRL's DPO, reward and KTO trainers expect (ecosystem-reliability-anchors
G1-G3, mission-anchors §4); the OpenAI DPO lines have the documented shape; the Parquet file
carries the provenance columns.

``datasets`` runs offline here (``HF_HUB_OFFLINE``), with its caches under ``tmp_path`` and
every outgoing connection refused, so these tests never touch the network or ``~/.cache``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import socket
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import datasets
import huggingface_hub.constants
import pytest
from datasets import Dataset, Features, List, Value

from server.delivery import (
    FORMATS,
    Candidate,
    DeliveryItem,
    DeliveryRow,
    Message,
    Options,
    deliver,
    file_name,
)
from tests.server.delivery_world import ITEM2, ROWS, RUBRICS, row

MESSAGE = {"role": Value("string"), "content": Value("string")}
MESSAGES = List(MESSAGE)

PACK_SHA256 = hashlib.sha256(b"guide 1.0.0").hexdigest()

ZH_ITEM = DeliveryItem(
    "item-zh",
    (Message("system", "请用中文回答。"), Message("user", "天空是什么颜色的？")),
    (
        Candidate("a", "蓝色的。"),
        Candidate("b", "天空通常是蔚蓝色的，日落时呈橙红色。"),
        Candidate("c", "绿色。"),
    ),
)
ZH_REWRITE = "晴天时天空是蓝色的，因为空气散射蓝光。"

#: The shared rows (a tied ranking, a pairwise tie, a stale/late/flagged ranking with a
#: rewrite), a pairwise "much better" answer, a Chinese ranking with a rewrite that a reviewer
#: fixed, and a returned judgment the default accepted-only filter leaves out.
DELIVERY = [
    *ROWS,
    row({"pref": {"winner": "y", "strength": "much"}}, ITEM2, judgment_id="j-much"),
    row(
        {"rank": [["b"], ["a"], ["c"]], "rewrite": {"source": "c", "text": ZH_REWRITE}},
        ZH_ITEM,
        judgment_id="j-zh",
        display_order=("b", "c", "a"),
        annotator="ann-9c01",
        submitted_at="2026-11-27T08:30:05.250000Z",
        active_ms=61_234,
        qc_flags=("too_fast", "straight_lining"),
        review="fixed",
    ),
    row({"rank": [["a"], ["b"], ["c"]]}, judgment_id="j-returned", review="returned"),
]


def _realistic(rows: list[DeliveryRow]) -> list[DeliveryRow]:
    """The rows with a real pack hash (hex letters, as every sha256 has in practice)."""
    return [replace(r, pack_sha256=PACK_SHA256) for r in rows]


@pytest.fixture
def offline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """``datasets`` offline with its caches in ``tmp_path``; any connection attempt fails."""
    cache = tmp_path / "hf-cache"
    monkeypatch.setenv("HF_HOME", str(cache))
    monkeypatch.setenv("HF_DATASETS_CACHE", str(cache / "datasets"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    # The libraries read those variables once, at import: set what they read as well.
    monkeypatch.setattr(datasets.config, "HF_HUB_OFFLINE", True)
    monkeypatch.setattr(datasets.config, "HF_CACHE_HOME", str(cache))
    monkeypatch.setattr(datasets.config, "HF_DATASETS_CACHE", cache / "datasets")
    monkeypatch.setattr(datasets.config, "HF_MODULES_CACHE", cache / "modules")
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)

    def refuse(_sock: socket.socket, address: object) -> None:
        raise OSError(f"test tried to connect to {address!r}: datasets must load offline")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    datasets.disable_progress_bars()
    yield cache
    datasets.enable_progress_bars()


@pytest.fixture
def delivered(tmp_path: Path, offline: Path) -> tuple[Path, dict[str, Any]]:
    out = tmp_path / "delivery"
    manifest = deliver(_realistic(DELIVERY), RUBRICS, out, Options(tuple(FORMATS)))
    return out, manifest


def _load(out: Path, fmt: str, cache: Path) -> Dataset:
    builder = {"parquet": "parquet", "csv": "csv"}.get(fmt, "json")
    loaded = datasets.load_dataset(
        builder, data_files=str(out / file_name(fmt)), split="train", cache_dir=str(cache)
    )
    assert isinstance(loaded, Dataset)
    return loaded


def _counts(manifest: dict[str, Any]) -> dict[str, int]:
    return {f["format"]: f["records"] for f in manifest["files"]}


def _is_message(m: dict[str, Any]) -> bool:
    return set(m) == {"role", "content"} and all(isinstance(v, str) for v in m.values())


# -- every file, as a customer loads it ------------------------------------------------------


def test_every_format_loads_with_datasets_with_as_many_rows_as_the_manifest_counts(
    delivered: tuple[Path, dict[str, Any]], offline: Path
) -> None:
    out, manifest = delivered
    counts = _counts(manifest)
    assert set(counts) == set(FORMATS)
    assert manifest["judgments"]["delivered"] == 5  # the returned judgment is left out
    for fmt in FORMATS:
        loaded = _load(out, fmt, offline)
        assert len(loaded) == counts[fmt] > 0, fmt
    assert counts["parquet"] == counts["csv"] == 5
    assert list(offline.iterdir())  # the caches went to tmp_path


def test_each_format_folder_loads_by_its_path_alone_as_a_train_split(
    delivered: tuple[Path, dict[str, Any]], offline: Path
) -> None:
    """The layout the Hub auto-detects: ``<format>/train.<ext>`` is the ``train`` split."""
    out, manifest = delivered
    counts = _counts(manifest)
    for fmt in FORMATS:
        folder = out / file_name(fmt).split("/")[0]
        loaded = datasets.load_dataset(str(folder), cache_dir=str(offline))
        assert list(loaded) == ["train"], fmt
        assert len(loaded["train"]) == counts[fmt], fmt


# -- TRL: exactly the columns each trainer expects -----------------------------------------


def test_trl_preference_loads_as_text_prompt_chosen_rejected_and_a_float_margin(
    delivered: tuple[Path, dict[str, Any]], offline: Path
) -> None:
    """DPOTrainer's standard preference type with an explicit prompt, plus the optional
    ``margin`` RewardTrainer reads."""
    loaded = _load(delivered[0], "trl-preference", offline)
    assert loaded.features == Features(
        {
            "prompt": Value("string"),
            "chosen": Value("string"),
            "rejected": Value("string"),
            "margin": Value("float64"),
        }
    )
    for record in loaded:
        assert all(isinstance(record[k], str) for k in ("prompt", "chosen", "rejected"))
        assert record["prompt"].endswith("\n\nAssistant:")
        assert record["chosen"].startswith(" ")
        assert record["rejected"].startswith(" ")
        assert record["chosen"] != record["rejected"]
        assert isinstance(record["margin"], float)
        assert record["margin"] > 0


def test_trl_conversational_loads_as_message_lists_with_one_assistant_reply_each(
    delivered: tuple[Path, dict[str, Any]], offline: Path
) -> None:
    loaded = _load(delivered[0], "trl-conversational", offline)
    assert loaded.features == Features(
        {"prompt": MESSAGES, "chosen": MESSAGES, "rejected": MESSAGES, "margin": Value("float64")}
    )
    for record in loaded:
        assert all(_is_message(m) for m in record["prompt"])
        assert record["prompt"][-1]["role"] == "user"
        for key in ("chosen", "rejected"):
            assert len(record[key]) == 1
            assert _is_message(record[key][0])
            assert record[key][0]["role"] == "assistant"


def test_reward_loads_with_an_implicit_prompt_chosen_and_rejected_only(
    delivered: tuple[Path, dict[str, Any]], offline: Path
) -> None:
    """RewardTrainer's recommended type: the whole conversation in both columns."""
    loaded = _load(delivered[0], "reward", offline)
    assert loaded.features == Features(
        {"chosen": MESSAGES, "rejected": MESSAGES, "margin": Value("float64")}
    )
    assert "prompt" not in loaded.column_names
    for record in loaded:
        chosen, rejected = record["chosen"], record["rejected"]
        assert all(_is_message(m) for m in chosen + rejected)
        assert chosen[:-1] == rejected[:-1]  # the same conversation ...
        assert chosen[-1]["role"] == rejected[-1]["role"] == "assistant"  # ... two replies
        assert chosen[-1] != rejected[-1]


def test_kto_loads_as_unpaired_prompt_completion_and_a_boolean_label(
    delivered: tuple[Path, dict[str, Any]], offline: Path
) -> None:
    loaded = _load(delivered[0], "kto", offline)
    assert loaded.features == Features(
        {"prompt": MESSAGES, "completion": MESSAGES, "label": Value("bool")}
    )
    labels = loaded["label"]
    assert all(type(label) is bool for label in labels)
    assert set(labels) == {True, False}  # desirable and undesirable completions both
    for record in loaded:
        assert len(record["completion"]) == 1
        assert record["completion"][0]["role"] == "assistant"


def test_sft_loads_as_messages_ending_in_the_rewrite(
    delivered: tuple[Path, dict[str, Any]], offline: Path
) -> None:
    loaded = _load(delivered[0], "sft", offline)
    assert loaded.features == Features({"messages": MESSAGES})
    last = [record["messages"][-1] for record in loaded]
    assert {"role": "assistant", "content": ZH_REWRITE} in last
    assert all(m["role"] == "assistant" for m in last)


# -- OpenAI preference fine-tuning ---------------------------------------------------------


def test_every_openai_dpo_line_has_the_documented_shape_and_loads_with_datasets(
    delivered: tuple[Path, dict[str, Any]], offline: Path
) -> None:
    """``{"input": {"messages": [...]}, "preferred_output": [assistant],
    "non_preferred_output": [assistant]}``, one object per line, text only."""
    out, manifest = delivered
    text = (out / file_name("openai-dpo")).read_text(encoding="utf-8")
    assert text.endswith("\n")
    lines = [json.loads(line) for line in text.splitlines()]
    assert len(lines) == _counts(manifest)["openai-dpo"]
    for line in lines:
        assert set(line) == {"input", "preferred_output", "non_preferred_output"}
        assert set(line["input"]) == {"messages"}
        messages = line["input"]["messages"]
        assert messages
        assert all(_is_message(m) for m in messages)
        assert {m["role"] for m in messages} <= {"system", "user", "assistant"}
        assert messages[-1]["role"] == "user"
        for key in ("preferred_output", "non_preferred_output"):
            assert isinstance(line[key], list)
            assert len(line[key]) == 1
            assert _is_message(line[key][0])
            assert line[key][0]["role"] == "assistant"
        assert line["preferred_output"] != line["non_preferred_output"]
    loaded = _load(out, "openai-dpo", offline)
    assert loaded.features == Features(
        {
            "input": {"messages": MESSAGES},
            "preferred_output": MESSAGES,
            "non_preferred_output": MESSAGES,
        }
    )
    assert loaded.to_list() == lines


# -- the full-fidelity tables --------------------------------------------------------------


PROVENANCE = Features(
    {
        "judgment_id": Value("string"),
        "item_id": Value("string"),
        "status": Value("string"),
        "annotator": Value("string"),
        "submitted_at": Value("timestamp[us, tz=UTC]"),
        "active_ms": Value("int64"),
        "pack_id": Value("string"),
        "pack_version": Value("string"),
        "pack_sha256": Value("string"),
        "display_order": List(Value("string")),
        "qc_flags": List(Value("string")),
        "review_outcome": Value("string"),
        "stale": Value("bool"),
        "late": Value("bool"),
    }
)


def test_parquet_loads_with_the_provenance_columns_and_their_types(
    delivered: tuple[Path, dict[str, Any]], offline: Path
) -> None:
    loaded = _load(delivered[0], "parquet", offline)
    for name, feature in PROVENANCE.items():
        assert loaded.features[name] == feature, name
    assert loaded.features["conversation"] == MESSAGES
    assert loaded.features["responses"] == List({"id": Value("string"), "content": Value("string")})
    assert loaded.features["answers_json"] == Value("string")
    by_id = {record["judgment_id"]: record for record in loaded}
    assert "j-returned" not in by_id
    zh = by_id["j-zh"]
    assert zh["annotator"] == "ann-9c01"  # the pseudonym
    assert zh["submitted_at"] == dt.datetime(2026, 11, 27, 8, 30, 5, 250_000, tzinfo=dt.UTC)
    assert zh["active_ms"] == 61_234
    assert (zh["pack_id"], zh["pack_version"], zh["pack_sha256"]) == (
        "guide",
        "1.0.0",
        PACK_SHA256,
    )
    assert zh["display_order"] == ["b", "c", "a"]  # the permutation the annotator saw
    assert zh["qc_flags"] == ["too_fast", "straight_lining"]
    assert zh["review_outcome"] == "fixed"
    assert (zh["stale"], zh["late"]) == (False, False)
    flagged = by_id["j-3"]
    assert (flagged["stale"], flagged["late"], flagged["qc_flags"]) == (True, True, ["too_fast"])
    assert by_id["j-tie"]["submitted_at"] is None


def test_csv_loads_with_datasets_and_its_json_columns_match_the_parquet(
    delivered: tuple[Path, dict[str, Any]], offline: Path
) -> None:
    out, _manifest = delivered
    table = _load(out, "csv", offline)
    parquet = _load(out, "parquet", offline)
    assert table.column_names == parquet.column_names
    assert table["judgment_id"] == parquet["judgment_id"]
    assert table["pack_sha256"] == [PACK_SHA256] * len(table)
    assert table["active_ms"] == parquet["active_ms"]
    assert table["stale"] == parquet["stale"]
    for name in ("display_order", "qc_flags", "conversation", "responses"):
        assert [json.loads(v) for v in table[name]] == parquet[name], name
    times = [
        None if t is None else t.strftime("%Y-%m-%dT%H:%M:%S.%fZ") for t in parquet["submitted_at"]
    ]
    assert table["submitted_at"] == times


# -- text that is not ASCII ----------------------------------------------------------------


def test_a_chinese_judgment_round_trips_intact_through_every_format(
    delivered: tuple[Path, dict[str, Any]], offline: Path
) -> None:
    out, _manifest = delivered
    question = "天空是什么颜色的？"
    best, middle, worst = (c.content for c in (ZH_ITEM.responses[i] for i in (1, 0, 2)))
    loaded = {fmt: _load(out, fmt, offline) for fmt in FORMATS}

    preference = [r for r in loaded["trl-preference"] if question in r["prompt"]]
    assert (
        preference[0]["prompt"]
        == "System: 请用中文回答。\n\nUser: 天空是什么颜色的？\n\nAssistant:"
    )
    assert {(r["chosen"], r["rejected"]) for r in preference} >= {(" " + best, " " + worst)}

    zh_messages = [m.to_json() for m in ZH_ITEM.conversation]
    conversational = [r for r in loaded["trl-conversational"] if r["prompt"] == zh_messages]
    assert [r["chosen"][0]["content"] for r in conversational] == [best, best, middle]
    reward = [r for r in loaded["reward"] if r["chosen"][:-1] == zh_messages]
    assert reward[0]["chosen"][-1]["content"] == best
    kto = [r for r in loaded["kto"] if r["prompt"] == zh_messages]
    assert [(r["completion"][0]["content"], r["label"]) for r in kto] == [
        (best, True),
        (worst, False),
    ]
    dpo = [r for r in loaded["openai-dpo"] if r["input"]["messages"] == zh_messages]
    assert dpo[0]["preferred_output"][0]["content"] == best
    assert loaded["sft"][-1]["messages"] == [
        *zh_messages,
        {"role": "assistant", "content": ZH_REWRITE},
    ]
    for fmt in ("parquet", "csv"):
        zh = next(r for r in loaded[fmt] if r["judgment_id"] == "j-zh")
        conversation = zh["conversation"]
        if fmt == "csv":
            conversation = json.loads(conversation)
        assert conversation == zh_messages, fmt
        assert json.loads(zh["answers_json"])["rewrite"]["text"] == ZH_REWRITE, fmt
    raw = (out / file_name("trl-preference")).read_bytes()
    assert question.encode("utf-8") in raw  # written as UTF-8, not \\u escapes
