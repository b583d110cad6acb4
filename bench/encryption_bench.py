"""What encryption at rest (SQLCipher) costs, each figure beside the same work on a plaintext
store in the same run, on identical profiles.

- ``submit``: a judgment from draft to durable (revision, outbox row, fsync) through
  ``JudgmentRepository`` — encrypted against plaintext, interleaved so both see the same load.
- ``queue_page``: one 200-row page of the item queue out of 20k items (a cold-ish read that
  decrypts its pages) — encrypted against plaintext.
- ``open``: opening the store (the raw key skips SQLCipher's PBKDF2) — against plaintext.
- ``convert``: encrypting the 20k-item profile in place (export, integrity check, row counts,
  fsync, swap) — against a plain ``VACUUM INTO`` copy of the same file, the floor for
  rewriting it once.
- ``backup``: ``backup_profile`` of each (encrypted: ``VACUUM INTO`` with the key; plaintext:
  SQLite's online backup API).
"""

from __future__ import annotations

import os
import platform
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.stats import latency_stats, percentile
from bench.workspace_bench import write_pack

ITEMS = 20_000
SUBMITS = 150
PAGES = 40
OPENS = 20
CONVERTS = 3


def _timed(fn: Callable[[], Any]) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def _pair(name_a: str, a: list[float], name_b: str, b: list[float]) -> dict[str, Any]:
    return {
        name_a: latency_stats(a, 3),
        name_b: latency_stats(b, 3),
        "ratio_p50": round(percentile(a, 0.5, 3) / percentile(b, 0.5, 3), 3),
    }


def _profile(folder: Path, tasks: Path, key: bytes | None) -> None:
    from app.pack_catalog import DEMO_PACK
    from guidelines import load_pack
    from storage import Store, add_pack_version, import_source

    pack = load_pack(DEMO_PACK)
    with Store.open(folder, key) as store:
        import_source(store, tasks)
        add_pack_version(
            store, pack.id, pack.version, pack.sha256, pack.title.get("en"), pack.canonical_bytes()
        )


def _submits(plain: Any, secret: Any) -> tuple[list[float], list[float]]:
    from app.pack_catalog import DEMO_PACK
    from guidelines import load_pack
    from storage import JudgmentRepository

    pack = load_pack(DEMO_PACK)
    answers = {"overall": {"ranking": ["r0", "r1"]}, "note": "benchmark answer " * 8}
    times: dict[int, list[float]] = {0: [], 1: []}
    repos = [JudgmentRepository(store, lambda *_args: []) for store in (plain, secret)]
    for n in range(SUBMITS):
        for which in (n % 2, 1 - n % 2):  # alternate who goes first
            repo = repos[which]
            draft = repo.start_draft(f"bench-{n:06d}", pack.id, pack.version, ["r0", "r1"])
            repo.save_draft(draft.id, answers, 500)
            times[which].append(_timed(lambda repo=repo, d=draft.id: repo.submit(d, answers, 900)))
    return times[1], times[0]


def _pages(plain: Any, secret: Any) -> tuple[list[float], list[float]]:
    from storage import list_items

    times: dict[int, list[float]] = {0: [], 1: []}
    for n in range(PAGES):
        offset = (n * 997) % (ITEMS - 200)
        for which, store in ((0, plain), (1, secret)):
            times[which].append(
                _timed(lambda s=store, o=offset: list_items(s, "bench", limit=200, offset=o))
            )
    return times[1], times[0]


def _opens(plain_dir: Path, secret_dir: Path, key: bytes) -> tuple[list[float], list[float]]:
    from storage import Store

    plain_times, secret_times = [], []
    for _ in range(OPENS):
        plain_times.append(_timed(lambda: Store.open(plain_dir).close()))
        secret_times.append(_timed(lambda: Store.open(secret_dir, key).close()))
    return secret_times, plain_times


def _converts(tmp: Path, source: Path) -> tuple[list[float], list[float]]:
    import shutil

    from storage import DB_FILENAME, encrypt_store, new_key

    convert_times, vacuum_times = [], []
    for n in range(CONVERTS):
        folder = tmp / f"convert-{n}"
        folder.mkdir()
        shutil.copyfile(source, folder / DB_FILENAME)
        convert_times.append(_timed(lambda f=folder: encrypt_store(f / DB_FILENAME, new_key())))
        target = tmp / f"vacuum-{n}.sqlite"

        def vacuum(target: Path = target) -> None:
            conn = sqlite3.connect(source)
            try:
                conn.execute("VACUUM INTO ?", (str(target),))
            finally:
                conn.close()
            with target.open("rb") as handle:
                os.fsync(handle.fileno())

        vacuum_times.append(_timed(vacuum))
    return convert_times, vacuum_times


def _backups(
    tmp: Path, plain_dir: Path, secret_dir: Path, key: bytes
) -> tuple[list[float], list[float]]:
    from storage.profile_backup import backup_profile

    secret_times, plain_times = [], []
    for n in range(CONVERTS):
        plain_times.append(_timed(lambda n=n: backup_profile(plain_dir, tmp / f"p{n}.zip")))
        secret_times.append(_timed(lambda n=n: backup_profile(secret_dir, tmp / f"s{n}.zip", key)))
    return secret_times, plain_times


def run() -> dict[str, Any]:
    from storage import DB_FILENAME, Store, new_key

    with tempfile.TemporaryDirectory(prefix="prefdesk-bench-cipher-") as folder:
        tmp = Path(folder)
        tasks = write_pack(tmp / "items.jsonl", ITEMS, 2, 600)
        key = new_key()
        plain_dir, secret_dir = tmp / "plain", tmp / "secret"
        _profile(plain_dir, tasks, None)
        _profile(secret_dir, tasks, key)
        size_mb = round((plain_dir / DB_FILENAME).stat().st_size / 1e6, 1)
        opens = _opens(plain_dir, secret_dir, key)
        converts = _converts(tmp, plain_dir / DB_FILENAME)
        backups = _backups(tmp, plain_dir, secret_dir, key)
        with Store.open(plain_dir) as plain, Store.open(secret_dir, key) as secret:
            submits = _submits(plain, secret)
            pages = _pages(plain, secret)
    result = {
        "benchmark": "encryption",
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "store": {"items": ITEMS, "plaintext_mb": size_mb},
        "submit": _pair("encrypted", submits[0], "plaintext", submits[1]),
        "queue_page": _pair("encrypted", pages[0], "plaintext", pages[1]),
        "open": _pair("encrypted", opens[0], "plaintext", opens[1]),
        "convert": _pair("encrypt_store", converts[0], "plain_vacuum_into", converts[1]),
        "backup": _pair("encrypted", backups[0], "plaintext", backups[1]),
    }
    result["summary"] = {
        name: result[name]["ratio_p50"]
        for name in ("submit", "queue_page", "open", "convert", "backup")
    }
    return result
