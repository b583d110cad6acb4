"""The app killed with SIGKILL while an annotator types: nothing acknowledged is ever lost."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
RUNS = int(os.environ.get("PREFDESK_CRASH_RUNS", "50"))

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


def _run_once(profile: Path, seed: int, rng: random.Random) -> list[dict[str, Any]]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    log = profile.parent / f"run-{seed}.stderr"
    log.parent.mkdir(parents=True, exist_ok=True)
    with (
        log.open("w") as stderr,
        subprocess.Popen(
            [sys.executable, str(HERE / "crash_annotator.py"), str(profile), str(seed)],
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            env=env,
            cwd=REPO,
        ) as proc,
    ):
        assert proc.stdout is not None
        events: list[dict[str, Any]] = []
        ready, saved = threading.Event(), threading.Event()

        def read() -> None:
            assert proc.stdout is not None
            for line in proc.stdout:
                event = json.loads(line)
                if event["event"] == "ready":
                    ready.set()
                else:
                    events.append(event)
                    if event["event"] == "saved":
                        saved.set()

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        try:
            if not ready.wait(60):
                pytest.fail(f"run {seed}: the app never showed its first item:\n{log.read_text()}")
            # Half the runs die at a random moment; the other half just after a save landed,
            # mid-way through the next stretch of typing — so the test is never vacuous.
            if seed % 2 == 0:
                if not saved.wait(60):
                    pytest.fail(f"run {seed}: no draft was ever saved:\n{log.read_text()}")
                time.sleep(rng.uniform(0.0, 0.5))
            else:
                time.sleep(rng.uniform(0.2, 2.0))
        finally:
            # SIGKILL in every case: a failed wait must not leave the app running.
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(30)
            reader.join(10)
    return events


def _check_store(db: Path, drafts: dict[str, Any], submitted: dict[str, Any]) -> None:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = {
            r[0]: (r[1], json.loads(r[2]))
            for r in conn.execute("SELECT id, status, answers_json FROM judgments")
        }
        for judgment_id, answers in submitted.items():
            assert rows[judgment_id] == ("submitted", answers), judgment_id
        for judgment_id, answers in drafts.items():
            if judgment_id in submitted:
                continue
            status, stored = rows[judgment_id]
            history = [
                json.loads(r[0])
                for r in conn.execute(
                    "SELECT answers_json FROM judgment_revisions WHERE judgment_id = ? "
                    "ORDER BY revision",
                    (judgment_id,),
                )
            ]
            # The last acknowledged save is kept; a later save may have landed unacknowledged.
            assert answers in history, judgment_id
            assert stored == history[-1]
            assert status in ("draft", "submitted")
    finally:
        conn.close()


def _profile_with_plenty_of_work(profile: Path) -> None:
    """The demo workspace plus 400 more items, so 50 runs never run out of work."""
    from app.workspace import Workspace
    from storage import import_source

    header = {"format": "prefdesk.taskpack", "format_version": 1, "project": {"id": "demo"}}
    lines = [json.dumps(header)]
    for n in range(400):
        item = {
            "id": f"crash-{n:04d}",
            "batch": "crash",
            "conversation": [{"role": "user", "content": f"Question {n}?"}],
            "responses": [{"id": "a", "content": f"Answer {n}."}, {"id": "b", "content": "No."}],
        }
        lines.append(json.dumps(item))
    pack = profile.parent / "more-work.jsonl"
    pack.write_text("\n".join(lines) + "\n", encoding="utf-8")
    workspace = Workspace.open(profile, seed_demo=True)
    import_source(workspace.store, pack)
    workspace.close()


def test_killed_app_keeps_every_acknowledged_draft_and_submission(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    _profile_with_plenty_of_work(profile)
    rng = random.Random(20261126)
    drafts: dict[str, Any] = {}
    submitted: dict[str, Any] = {}
    saves = 0
    for run in range(RUNS):
        for event in _run_once(profile, run, rng):
            if event["event"] == "saved":
                drafts[event["id"]] = event["answers"]
                saves += 1
            elif event["event"] == "submitted":
                submitted[event["id"]] = event["answers"]
        _check_store(profile / "prefdesk.sqlite", drafts, submitted)
    assert saves >= RUNS // 2, "the annotator should have saved drafts in most runs"
    assert submitted, "some runs should have submitted judgments"
