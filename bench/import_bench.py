"""Import throughput and memory: the real importer against raw ``sqlite3.executemany``.

Input: the real HH-RLHF rows from ../shared/data replicated to N rows with fresh ids,
written as gzipped JSONL like the source. Each measurement runs in its own process so that
peak RSS belongs to that run alone. Baselines, measured in the same run:

- ``raw_parse_and_insert``: read and ``json.loads`` the same file, split each dialogue at
  its last "Assistant:" turn, and ``executemany`` the rows into tables created with the
  store's own DDL and pragmas, in one transaction — what a minimal hand-written loader does;
- ``raw_insert_only``: the same rows prepared in memory first, timing only the inserts — the
  floor no importer can beat.
"""

from __future__ import annotations

import gzip
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
HH_FILE = (
    REPO.parent
    / "shared"
    / "data"
    / "hh-rlhf-harmless-base"
    / ("harmless-base-test.rows0-1799.jsonl.gz")
)
SIZES = (10_000, 100_000)
REPEATS = 2
#: Enough replicated rows for about 1 GiB of uncompressed JSONL: the streaming check.
STREAM_BYTES = 1 << 30


def make_input(rows: int | None, out: Path, min_bytes: int = 0) -> tuple[Path, int, int]:
    """HH-shaped rows, the real rows in turn, each with a fresh ``id``: ``rows`` of them, or
    (``rows=None``) as many as make ``min_bytes`` of uncompressed JSONL.

    Returns the file, its row count and its uncompressed size.
    """
    if not HH_FILE.exists():
        raise SystemExit(f"{HH_FILE} is absent: the import benchmark reads the real HH-RLHF rows")
    with gzip.open(HH_FILE, "rt", encoding="utf-8") as f:
        source = [json.loads(line) for line in f]
    written = n = 0
    with gzip.open(out, "wb", compresslevel=1) as f:
        while (n < rows) if rows is not None else (written < min_bytes):
            row = source[n % len(source)]
            line = json.dumps({"id": f"hh-bench-{n:08d}", **row}, ensure_ascii=False) + "\n"
            encoded = line.encode("utf-8")
            f.write(encoded)
            written += len(encoded)
            n += 1
    return out, n, written


def _child(mode: str, source: Path, workdir: Path) -> dict[str, Any]:
    completed = subprocess.run(
        [sys.executable, "-m", "bench.import_worker", mode, str(source), str(workdir)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"{mode} worker failed:\n{completed.stderr}")
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def _fresh(path: Path) -> Path:
    path.mkdir()
    return path


def _best(mode: str, source: Path, tmp: Path) -> dict[str, Any]:
    runs = []
    for attempt in range(REPEATS):
        workdir = tmp / f"{mode}-{source.stem}-{attempt}"
        workdir.mkdir()
        runs.append(_child(mode, source, workdir))
    best = min(runs, key=lambda r: r["seconds"])
    best["items_per_s"] = round(best["items"] / best["seconds"], 1)
    best["all_seconds"] = [r["seconds"] for r in runs]
    return best


def run() -> dict[str, Any]:
    results: dict[str, Any] = {
        "benchmark": "import",
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "input": "real HH-RLHF harmless-base rows replicated with fresh ids (gzipped JSONL)",
        "repeats": REPEATS,
        "sizes": {},
    }
    with tempfile.TemporaryDirectory(prefix="prefdesk-bench-") as tmp_name:
        tmp = Path(tmp_name)
        for rows in SIZES:
            source, _, _ = make_input(rows, tmp / f"hh-{rows}.jsonl.gz")
            ours = _best("prefdesk", source, tmp)
            parse_insert = _best("raw_parse_and_insert", source, tmp)
            insert_only = _best("raw_insert_only", source, tmp)
            results["sizes"][str(rows)] = {
                "prefdesk": ours,
                "raw_parse_and_insert": parse_insert,
                "raw_insert_only": insert_only,
                "ratio_vs_parse_and_insert": round(
                    ours["items_per_s"] / parse_insert["items_per_s"], 3
                ),
                "ratio_vs_insert_only": round(ours["items_per_s"] / insert_only["items_per_s"], 3),
            }
        # Streaming: one import of ~1 GiB, ours alone (the baselines hold every row in memory).
        source, rows, raw_bytes = make_input(None, tmp / "hh-1gib.jsonl.gz", STREAM_BYTES)
        stream = _child("prefdesk", source, _fresh(tmp / "stream"))
        stream["items_per_s"] = round(stream["items"] / stream["seconds"], 1)
        stream["uncompressed_mb"] = round(raw_bytes / 1e6, 1)
        results["stream_1gib"] = stream
    small, large = (results["sizes"][str(n)] for n in SIZES)
    results["summary"] = {
        "items_per_s_prefdesk_100k": large["prefdesk"]["items_per_s"],
        "items_per_s_raw_parse_and_insert_100k": large["raw_parse_and_insert"]["items_per_s"],
        "items_per_s_raw_insert_only_100k": large["raw_insert_only"]["items_per_s"],
        "ratio_vs_parse_and_insert_100k": large["ratio_vs_parse_and_insert"],
        "ratio_vs_insert_only_100k": large["ratio_vs_insert_only"],
        "peak_rss_mb_prefdesk_10k": small["prefdesk"]["peak_rss_mb"],
        "peak_rss_mb_prefdesk_100k": large["prefdesk"]["peak_rss_mb"],
        "peak_rss_growth_10k_to_100k": round(
            large["prefdesk"]["peak_rss_mb"] / small["prefdesk"]["peak_rss_mb"], 3
        ),
        "peak_rss_mb_prefdesk_1gib": results["stream_1gib"]["peak_rss_mb"],
        "items_1gib": results["stream_1gib"]["items"],
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    return results
