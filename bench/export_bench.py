"""Delivery export speed and memory: 1M judgments to Parquet and TRL preference JSONL.

Input: synthetic ``DeliveryRow``s built in memory (deterministic): items of 2–4 responses
(mostly 3) with a one- to three-turn conversation, about 1–2 KB of text per item, each item
judged by three annotators (pseudonyms); answers hold a ranking of every response (about one
in eight with a tie) and a 1–5 rating; pack refs, review outcome and timestamps as stored.

Each measurement runs in its own process so that its peak RSS is its own; building the rows
is not timed, and ``rows_rss_mb`` (RSS once the rows exist) is reported beside the peak.

- ``ours``: ``server.delivery.deliver`` with one format — from the ``DeliveryRow``s to the
  final file on disk, as ``prefdesk-server export`` runs it (select, write beside the target,
  fsync, rename, sha256 of the file, manifest).
- Parquet baseline: the same columns prepared beforehand as plain Python lists (untimed),
  then ``pa.Table.from_pydict(columns, schema=SCHEMA)`` + ``pq.write_table`` (same default
  compression, snappy) + fsync.
- TRL JSONL baseline: the same records (prompt, chosen, rejected, margin) prepared
  beforehand as Python lists (untimed), then ``pandas.DataFrame(columns).to_json(path,
  orient="records", lines=True, force_ascii=False)`` + fsync, one DataFrame per 65,536
  records appended to one file (one frame of every record needs tens of GB at 1M: ``to_json``
  builds the whole text in memory). pyarrow has no JSON writer and orjson is not installed.
- TRL JSONL stdlib reference: the same prepared records, each dict encoded with
  ``json.JSONEncoder(ensure_ascii=False)`` and written 1,024 lines at a time + fsync — what a
  minimal hand-written writer does (pandas is the slower of the two).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
N = 1_000_000
ANNOTATORS_PER_ITEM = 3
PACK, VERSION = "helpfulness", "1.2.0"
MODES = ("parquet_ours", "parquet_baseline", "trl_ours", "trl_baseline", "trl_stdlib")
#: Records per DataFrame in the pandas baseline (one frame of every record would need tens
#: of GB at 1M judgments: ``to_json`` builds the whole text in memory).
PANDAS_CHUNK = 65_536
_TEXT = (
    "the model should answer clearly and cite its sources when asked about data pipelines "
    "gradient descent learning rate schedule tokenizer vocabulary evaluation benchmark "
    "python function returns list dictionary error handling retry timeout network request "
    "summarise paragraph translate sentence explain concept example step first then finally "
    "über naïve café résumé 東京 данные"
)
_WORDS = _TEXT.split()


def _rubrics() -> dict[tuple[str, str], Any]:
    from guidelines.localtext import LocalText
    from guidelines.rubric import RankingQuestion, RatingQuestion, Rubric, ScalePoint

    points = tuple(ScalePoint(value=v, label=LocalText.of(en=str(v))) for v in range(1, 6))
    rubric = Rubric(
        (
            RankingQuestion(id="rank", label=LocalText.of(en="Rank"), allow_ties=True),
            RatingQuestion(
                id="helpful",
                label=LocalText.of(en="Helpful"),
                dimension="helpfulness",
                points=points,
            ),
        )
    )
    return {(PACK, VERSION): rubric}


def build_rows(n: int) -> list[Any]:
    """``n`` synthetic judgments (see the module doc); items are shared by three rows."""
    from server.delivery import Candidate, DeliveryItem, DeliveryRow, Message

    rng = random.Random(6)
    blob = " ".join(rng.choice(_WORDS) for _ in range(400_000))
    limit = len(blob) - 2000

    def text(size: int) -> str:
        start = rng.randrange(limit)
        return blob[start : start + size]

    base = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    sha = "ab" * 32
    rows: list[Any] = []
    item: Any = None
    for i in range(n):
        if i % ANNOTATORS_PER_ITEM == 0:
            total = rng.randint(1000, 2000)
            n_resp = rng.choice((2, 3, 3, 3, 3, 4))
            turns = rng.choice((1, 1, 3))
            prompt_size = total // 3
            conversation: list[Any] = []
            for t in range(turns):
                role = "user" if t % 2 == 0 else "assistant"
                conversation.append(Message(role, text(prompt_size // turns)))
            each = (total - prompt_size) // n_resp
            responses = tuple(
                Candidate(f"r{k}", text(rng.randint(each // 2, each * 3 // 2)))
                for k in range(n_resp)
            )
            item = DeliveryItem(
                f"item-{i // ANNOTATORS_PER_ITEM:07d}", tuple(conversation), responses
            )
        ids = [c.id for c in item.responses]
        order = ids[:]
        rng.shuffle(order)
        rng.shuffle(ids)
        if len(ids) >= 3 and rng.random() < 0.125:
            ranking = [ids[:2], *[[r] for r in ids[2:]]]
        else:
            ranking = [[r] for r in ids]
        submitted = base + dt.timedelta(seconds=i * 2.5, microseconds=rng.randrange(1_000_000))
        rows.append(
            DeliveryRow(
                judgment_id=f"j-{i:08d}-{rng.getrandbits(32):08x}",
                item=item,
                answers={"rank": ranking, "helpful": rng.randint(1, 5)},
                display_order=tuple(order),
                pack_id=PACK,
                pack_version=VERSION,
                pack_sha256=sha,
                annotator=f"ann-{rng.randrange(200):04x}",
                submitted_at=submitted.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                active_ms=rng.randint(5_000, 300_000),
                review="accepted" if rng.random() < 0.9 else "fixed",
            )
        )
    return rows


def _rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _parquet_columns(rows: list[Any]) -> dict[str, list[Any]]:
    """The table's columns as plain Python values (nested lists of dicts, UTC datetimes)."""

    def when(text: str | None) -> dt.datetime | None:
        if text is None:
            return None
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(dt.UTC)

    return {
        "judgment_id": [r.judgment_id for r in rows],
        "item_id": [r.item.id for r in rows],
        "status": [r.status for r in rows],
        "annotator": [r.annotator for r in rows],
        "submitted_at": [when(r.submitted_at) for r in rows],
        "active_ms": [r.active_ms for r in rows],
        "pack_id": [r.pack_id for r in rows],
        "pack_version": [r.pack_version for r in rows],
        "pack_sha256": [r.pack_sha256 for r in rows],
        "display_order": [list(r.display_order) for r in rows],
        "qc_flags": [list(r.qc_flags) for r in rows],
        "review_outcome": [r.review for r in rows],
        "stale": [r.stale for r in rows],
        "late": [r.late for r in rows],
        "conversation": [[m.to_json() for m in r.item.conversation] for r in rows],
        "responses": [[{"id": c.id, "content": c.content} for c in r.item.responses] for r in rows],
        "answers_json": [
            json.dumps(dict(r.answers), ensure_ascii=False, sort_keys=True) for r in rows
        ],
    }


def _trl_columns(rows: list[Any], rubrics: dict[tuple[str, str], Any]) -> dict[str, list[Any]]:
    from server.delivery import pairs, render_prompt

    columns: dict[str, list[Any]] = {"prompt": [], "chosen": [], "rejected": [], "margin": []}
    for row in rows:
        prompt = render_prompt(row.item.conversation)
        for pair in pairs(row, rubrics[(row.pack_id, row.pack_version)]):
            columns["prompt"].append(prompt)
            columns["chosen"].append(" " + pair.chosen)
            columns["rejected"].append(" " + pair.rejected)
            columns["margin"].append(pair.margin)
    return columns


def worker(mode: str, n: int, workdir: Path) -> dict[str, Any]:
    """One measurement in this process; the JSON line the parent reads."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    from server.delivery import Options, deliver, file_name
    from server.delivery.table import SCHEMA

    rubrics = _rubrics()
    rows = build_rows(n)
    prepared: dict[str, list[Any]] = {}
    if mode == "parquet_baseline":
        prepared = _parquet_columns(rows)
    elif mode.startswith("trl_") and mode != "trl_ours":
        prepared = _trl_columns(rows, rubrics)
    rows_rss = _rss_mb()
    fmt = "parquet" if mode.startswith("parquet") else "trl-preference"
    target = workdir / file_name(fmt)
    target.parent.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    if mode.endswith("_ours"):
        manifest = deliver(rows, rubrics, workdir, Options((fmt,)))
        records = int(manifest["files"][0]["records"])
    elif mode == "parquet_baseline":
        table = pa.Table.from_pydict(prepared, schema=SCHEMA)
        pq.write_table(table, target)
        _fsync(target)
        records = table.num_rows
    elif mode == "trl_baseline":
        records = len(prepared["prompt"])
        with open(target, "w", encoding="utf-8", newline="\n") as handle:
            for start in range(0, records, PANDAS_CHUNK):
                chunk = {k: v[start : start + PANDAS_CHUNK] for k, v in prepared.items()}
                frame = pd.DataFrame(chunk)
                frame.to_json(handle, orient="records", lines=True, force_ascii=False)
        _fsync(target)
    else:
        records = len(prepared["prompt"])
        names = list(prepared)
        encode = json.JSONEncoder(ensure_ascii=False).encode
        with open(target, "w", encoding="utf-8", newline="\n") as handle:
            for start in range(0, records, 1024):
                end = min(records, start + 1024)
                lines = [encode({k: prepared[k][i] for k in names}) for i in range(start, end)]
                handle.write("\n".join(lines) + "\n")
        _fsync(target)
    seconds = time.perf_counter() - began
    size = target.stat().st_size
    return {
        "mode": mode,
        "judgments": n,
        "records": records,
        "seconds": round(seconds, 2),
        "judgments_per_s": round(n / seconds),
        "mb_per_s": round(size / 1e6 / seconds, 1),
        "file_mb": round(size / 1e6, 1),
        "rows_rss_mb": rows_rss,
        "peak_rss_mb": _rss_mb(),
    }


def _child(mode: str, n: int, tmp: Path) -> dict[str, Any]:
    workdir = tmp / mode
    workdir.mkdir()
    completed = subprocess.run(
        [sys.executable, "-m", "bench.export_bench", mode, str(n), str(workdir)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"{mode} worker failed:\n{completed.stderr}")
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    for leftover in sorted(workdir.rglob("*"), reverse=True):  # free the disk between runs
        leftover.unlink() if leftover.is_file() else leftover.rmdir()
    return result


def _compare(ours: dict[str, Any], baseline: dict[str, Any]) -> dict[str, Any]:
    return {
        "ours": ours,
        "baseline": baseline,
        "ratio_rows_per_s": round(ours["judgments_per_s"] / baseline["judgments_per_s"], 3),
        "ratio_peak_rss": round(ours["peak_rss_mb"] / baseline["peak_rss_mb"], 3),
    }


def run(n: int = N) -> dict[str, Any]:
    results: dict[str, Any] = {
        "benchmark": "export",
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "n": n,
        "input": __doc__.split("Input: ", 1)[1].split("\n\n", 1)[0].replace("\n", " "),
        "ours": "server.delivery.deliver(rows, rubrics, out, Options((format,))): DeliveryRows "
        "to the final file (atomic write + fsync), its sha256 and manifest.json",
        "baseline_parquet": "pa.Table.from_pydict(the same columns as ready Python lists, "
        "schema=SCHEMA) + pq.write_table (default snappy, as ours) + fsync",
        "baseline_trl_jsonl": "pandas.DataFrame(the same prompt/chosen/rejected/margin records "
        "as ready Python lists).to_json(orient='records', lines=True, force_ascii=False) + "
        "fsync, one DataFrame per 65,536 records appended to one file (a single frame of all "
        "records needs tens of GB at 1M); pyarrow has no JSON writer and orjson is not "
        "installed",
        "reference_trl_jsonl_stdlib": "the same records as ready Python lists, each dict "
        "json-encoded (ensure_ascii=False) and written 1,024 lines at a time + fsync: what "
        "a minimal hand-written writer does",
        "ratio": "ours / baseline (rows per second); >= 0.5 is the aim",
    }
    with tempfile.TemporaryDirectory(prefix="prefdesk-export-bench-") as tmp_name:
        tmp = Path(tmp_name)
        runs = {mode: _child(mode, n, tmp) for mode in MODES}
    results["parquet"] = _compare(runs["parquet_ours"], runs["parquet_baseline"])
    results["trl_preference_jsonl"] = _compare(runs["trl_ours"], runs["trl_baseline"])
    stdlib = _compare(runs["trl_ours"], runs["trl_stdlib"])
    results["trl_preference_jsonl"]["stdlib_reference"] = stdlib["baseline"]
    results["trl_preference_jsonl"]["ratio_rows_per_s_vs_stdlib"] = stdlib["ratio_rows_per_s"]
    summary: dict[str, Any] = {"n": n}
    for name in ("parquet", "trl_preference_jsonl"):
        part = results[name]
        summary[name] = {
            "ours_rows_per_s": part["ours"]["judgments_per_s"],
            "ours_mb_per_s": part["ours"]["mb_per_s"],
            "baseline_rows_per_s": part["baseline"]["judgments_per_s"],
            "baseline_mb_per_s": part["baseline"]["mb_per_s"],
            "ratio": part["ratio_rows_per_s"],
            "ours_peak_rss_mb": part["ours"]["peak_rss_mb"],
            "baseline_peak_rss_mb": part["baseline"]["peak_rss_mb"],
            "rows_rss_mb": part["ours"]["rows_rss_mb"],
        }
    trl = results["trl_preference_jsonl"]
    summary["trl_preference_jsonl"]["stdlib_rows_per_s"] = trl["stdlib_reference"][
        "judgments_per_s"
    ]
    summary["trl_preference_jsonl"]["ratio_vs_stdlib"] = trl["ratio_rows_per_s_vs_stdlib"]
    summary["measured_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    results["summary"] = summary
    return results


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] in MODES:
        print(json.dumps(worker(sys.argv[1], int(sys.argv[2]), Path(sys.argv[3]))))
    else:
        print(json.dumps(run(int(sys.argv[1]) if len(sys.argv) > 1 else N), indent=2))
