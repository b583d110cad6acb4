"""Sync speed over loopback, each figure beside a same-run baseline.

- ``push``: 100k submitted judgments pushed to a real ``prefdesk-server`` process (SQLite)
  in protocol pages — against bulk-inserting the same judgment and outcome rows straight
  into a copy of the same database. Also bytes on the wire per judgment against the same
  payloads as gzipped JSON lines.
- ``pull``: one annotator's 10k assigned items pulled by the real sync client into a fresh
  local store — against reading and decoding the same item rows straight from the server's
  database.
- ``concurrent``: 100 simulated annotators pushing at once to a server with several
  workers on PostgreSQL (p50/p99 request latency, errors), when PostgreSQL is reachable.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, insert, select, text

from bench.stats import percentile
from bench.sync_world import PROJECT, build_world, payloads
from protocol import MAX_PUSH_ITEMS
from server.db import Database, sqlite_url
from server.models import Item, Judgment, PushOutcome

PUSH_USERS = 10
PUSH_ITEMS = 10_000
PULL_ITEMS = 10_000
CONCURRENT_USERS = 100
CONCURRENT_PAGES = 5
CONCURRENT_PAGE_SIZE = 20
PACED_THINK_S = 5.0
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


class ServerProcess:
    """``python -m server serve`` on an ephemeral port; ``url`` once it is listening."""

    def __init__(self, args: list[str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "server", "serve", "--port", "0", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        self.url = str(json.loads(line)["url"])

    def warm_up(self) -> None:
        """Wait until every worker answers quickly: ``listening`` is printed before the
        workers finish importing, and their start-up is not what is measured here."""
        fast = 0
        with httpx.Client(base_url=self.url, timeout=60) as client:
            while fast < 20:
                began = time.perf_counter()
                client.get("/v1/meta")
                fast = fast + 1 if time.perf_counter() - began < 0.05 else 0

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)


def _push_user(
    client: httpx.Client, user: str, items: list[dict[str, Any]]
) -> tuple[int, list[float]]:
    sent = 0
    latencies = []
    device = f"dev-{user}-{uuid.uuid4().hex[:8]}"
    for start in range(0, len(items), MAX_PUSH_ITEMS):
        page = items[start : start + MAX_PUSH_ITEMS]
        raw = json.dumps({"device_id": device, "session_id": "bench", "items": page}).encode()
        body = gzip.compress(raw, compresslevel=6)  # as the sync client sends pushes
        began = time.perf_counter()
        response = client.post(
            "/v1/push",
            content=body,
            headers={"content-type": "application/json", "content-encoding": "gzip"},
        )
        latencies.append((time.perf_counter() - began) * 1000)
        response.raise_for_status()
        statuses = {r["status"] for r in response.json()["results"]}
        if statuses != {"accepted"}:
            raise RuntimeError(f"push answered {statuses}")
        sent += len(body)
    return sent, latencies


def _bulk_baseline(db_file: Path, batches: dict[str, list[dict[str, Any]]]) -> float:
    engine = create_engine(f"sqlite+pysqlite:///{db_file}")
    judgments, outcomes = [], []
    seq = 0
    for user, items in batches.items():
        for item in items:
            seq += 1
            p = item["payload"]
            judgments.append(
                {
                    "id": p["id"],
                    "server_seq": seq,
                    "project_id": PROJECT,
                    "item_id": p["item_id"],
                    "user_id": user,
                    "device_id": f"dev-{user}",
                    "client_seq": item["client_seq"],
                    "assignment_id": None,
                    "pack_id": p["pack"]["id"],
                    "pack_version": p["pack"]["version"],
                    "pack_sha256": p["pack"]["sha256"],
                    "status": p["status"],
                    "supersedes_id": None,
                    "payload_json": json.dumps(p),
                    "payload_sha256": item["payload_sha256"],
                    "stale_pack": False,
                    "late": False,
                    "session_id": "bench",
                    "received_at": p["submitted_at"],
                }
            )
            outcomes.append(
                {
                    "device_id": f"dev-{user}",
                    "client_seq": item["client_seq"],
                    "judgment_id": p["id"],
                    "payload_sha256": item["payload_sha256"],
                    "status": "accepted",
                    "code": None,
                    "reason": None,
                    "server_seq": seq,
                    "stale_pack": False,
                    "late": False,
                }
            )
    began = time.perf_counter()
    with engine.begin() as conn:
        conn.execute(text("PRAGMA foreign_keys=OFF"))
        conn.execute(
            insert(Judgment.__table__),  # type: ignore[arg-type]
            judgments,
        )
        conn.execute(insert(PushOutcome.__table__), outcomes)  # type: ignore[arg-type]
    elapsed = time.perf_counter() - began
    engine.dispose()
    return len(judgments) / elapsed


def push_and_pull(tmp: Path) -> dict[str, Any]:
    data = tmp / "server"
    data.mkdir()
    db = Database.open(sqlite_url(data))
    world = build_world(db, users=PUSH_USERS, items=PUSH_ITEMS, overlap=PUSH_USERS)
    db.dispose()
    baseline_file = tmp / "baseline.sqlite"
    shutil.copy(data / "prefdesk-server.sqlite", baseline_file)
    batches = {user: payloads(world, user, PUSH_ITEMS) for user in world.tokens}
    total = sum(len(v) for v in batches.values())
    gz = len(
        gzip.compress(
            b"\n".join(json.dumps(i["payload"]).encode() for v in batches.values() for i in v)
        )
    )
    server = ServerProcess(["--data", str(data)])
    server.warm_up()
    try:
        sent = 0
        began = time.perf_counter()
        for user, items in batches.items():
            headers = {"Authorization": f"Bearer {world.tokens[user]}"}
            with httpx.Client(base_url=server.url, headers=headers, timeout=120) as client:
                sent += _push_user(client, user, items)[0]
        push_rate = total / (time.perf_counter() - began)
        pull = _pull(tmp, server.url, world.tokens["ann000"])
    finally:
        server.stop()
    baseline_rate = _bulk_baseline(baseline_file, batches)
    pull_baseline = _read_items_baseline(data / "prefdesk-server.sqlite")
    return {
        "push": {
            "judgments": total,
            "judgments_per_s": round(push_rate),
            "baseline_bulk_insert_per_s": round(baseline_rate),
            "ratio": round(push_rate / baseline_rate, 3),
            "bytes_per_judgment": round(sent / total, 1),
            "gzip_json_bytes_per_judgment": round(gz / total, 1),
            "bytes_ratio_vs_gzip_json": round(sent / gz, 2),
        },
        "pull": {
            **pull,
            "baseline_read_items_per_s": round(pull_baseline),
            "ratio": round(pull["items_per_s"] / pull_baseline, 3),
        },
    }


def _pull(tmp: Path, url: str, token: str) -> dict[str, Any]:
    from storage import Store, count_items
    from sync import SyncClient

    with Store.open(tmp / "laptop") as store:
        client = SyncClient(store, url, token, client_version="0.1.0")
        began = time.perf_counter()
        result = client.run()
        elapsed = time.perf_counter() - began
        items = count_items(store)
    if result.outcome != "ok":
        raise RuntimeError(f"pull sync ended {result.outcome}: {result.problem}")
    return {"items": items, "seconds": round(elapsed, 2), "items_per_s": round(items / elapsed)}


def _read_items_baseline(db_file: Path) -> float:
    engine = create_engine(f"sqlite+pysqlite:///{db_file}")
    began = time.perf_counter()
    with engine.connect() as conn:
        rows = conn.execute(select(Item.item_json).limit(PULL_ITEMS)).scalars().all()
        decoded = [json.loads(row) for row in rows]
    elapsed = time.perf_counter() - began
    engine.dispose()
    return len(decoded) / elapsed


def concurrent_postgres(url: str) -> dict[str, Any]:
    """Two loads: ``burst`` (every annotator pushes all pages back to back, at once) and
    ``paced`` (each pushes a page every few seconds, as syncing after each few items does)."""
    return {
        "burst": _concurrent(url, think_s=0.0),
        "paced": _concurrent(url, think_s=PACED_THINK_S),
    }


def _concurrent(url: str, think_s: float) -> dict[str, Any]:
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    scoped = f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"
    try:
        db = Database.open(scoped)
        per_user = CONCURRENT_PAGES * CONCURRENT_PAGE_SIZE
        world = build_world(db, users=CONCURRENT_USERS, items=per_user, overlap=CONCURRENT_USERS)
        db.dispose()
        server = ServerProcess(["--database-url", scoped, "--workers", "4"])
        server.warm_up()
        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()

        def annotator(user: str) -> None:
            items = payloads(world, user, per_user)
            pause = random.Random(user)
            time.sleep(pause.uniform(0, think_s))
            headers = {"Authorization": f"Bearer {world.tokens[user]}"}
            try:
                with httpx.Client(base_url=server.url, headers=headers, timeout=120) as client:
                    device = f"dev-{user}"
                    for start in range(0, per_user, CONCURRENT_PAGE_SIZE):
                        page = items[start : start + CONCURRENT_PAGE_SIZE]
                        began = time.perf_counter()
                        response = client.post(
                            "/v1/push",
                            json={"device_id": device, "session_id": "c", "items": page},
                        )
                        took = (time.perf_counter() - began) * 1000
                        time.sleep(pause.uniform(0.5, 1.5) * think_s)
                        ok = response.status_code == 200 and all(
                            r["status"] == "accepted" for r in response.json()["results"]
                        )
                        with lock:
                            latencies.append(took)
                            if not ok:
                                errors.append(f"{user}: {response.status_code}")
            except httpx.HTTPError as exc:
                with lock:
                    errors.append(f"{user}: {exc!r}")

        try:
            threads = [threading.Thread(target=annotator, args=(u,)) for u in world.tokens]
            began = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            wall = time.perf_counter() - began
        finally:
            server.stop()
        total = CONCURRENT_USERS * per_user
        return {
            "annotators": CONCURRENT_USERS,
            "requests": len(latencies),
            "judgments": total,
            "p50_ms": percentile(latencies, 0.5),
            "p99_ms": percentile(latencies, 0.99),
            "mean_ms": round(statistics.fmean(latencies), 1),
            "judgments_per_s": round(total / wall),
            "errors": len(errors),
            "first_errors": errors[:5],
            "workers": 4,
            "think_s": think_s,
        }
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def run() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        result = push_and_pull(Path(tmp))
    url = os.environ.get("PREFDESK_TEST_DATABASE_URL", DEFAULT_PG)
    try:
        result["concurrent_postgres"] = concurrent_postgres(url)
    except Exception as exc:
        result["concurrent_postgres"] = {"skipped": f"PostgreSQL at {url.split('@')[-1]}: {exc}"}
    result["summary"] = {
        "push_judgments_per_s": result["push"]["judgments_per_s"],
        "push_ratio_vs_bulk_insert": result["push"]["ratio"],
        "bytes_per_judgment": result["push"]["bytes_per_judgment"],
        "gzip_json_bytes_per_judgment": result["push"]["gzip_json_bytes_per_judgment"],
        "pull_items_per_s": result["pull"]["items_per_s"],
        "concurrent": {
            load: {
                k: result["concurrent_postgres"].get(load, {}).get(k)
                for k in ("p50_ms", "p99_ms", "errors")
            }
            for load in ("burst", "paced")
        },
    }
    return result
