"""The annotation workspace's speed, each figure beside a same-run baseline.

- ``item_switch``: showing an item of four 8 KB Markdown responses with code, with its
  rubric form, until painted — against a bare ``QTextBrowser.setMarkdown`` of the same four
  texts painted in four browsers (the floor for rendering that content at all).
- ``startup``: ``prefdesk --smoke`` to its first item on a store of 100k items, in a fresh
  process — against a bare PySide6 process that opens a window and quits.
- ``submit``: from the submit call on an autosaved draft to the judgment being durable
  (writer lane, validation, revision, fsync) — against one raw ``sqlite3`` insert + commit
  of the same row with the same pragmas.
- ``rewrite_keystroke``: a key typed into the rewrite editor holding 50 KB of text until
  repainted — against a bare ``QPlainTextEdit`` holding the same text.
"""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.stats import latency_stats

REPO = Path(__file__).resolve().parents[1]
SWITCHES = 60
SUBMITS = 60
KEYSTROKES = 80
STARTUP_ITEMS = 100_000
STARTUP_RUNS = 3


def markdown_response(seed: int, size: int = 8_000) -> str:
    parts = [f"## Answer {seed}\n\nHere is a careful explanation with **bold** and `code`.\n\n"]
    n = 0
    while sum(len(p) for p in parts) < size:
        n += 1
        parts.append(
            f"### Step {n}\n\nWe compute the value for case {seed}-{n} and explain why it "
            "holds for every input, including the edge cases.\n\n"
            "```python\n"
            f"def step_{n}(values: list[int]) -> int:\n"
            "    total = 0\n"
            "    for value in values:\n"
            "        if value % 2 == 0:\n"
            "            total += value * 2  # even values count double\n"
            "    return total\n"
            "```\n\n- a point\n- another point\n\n"
        )
    return "".join(parts)[:size]


def write_pack(path: Path, items: int, responses: int = 4, size: int = 8_000) -> Path:
    header = {
        "format": "prefdesk.taskpack",
        "format_version": 1,
        "project": {"id": "demo", "name": "Bench"},
        "batches": [{"id": "bench", "name": "Bench"}],
    }
    texts = [markdown_response(n, size) for n in range(responses)]
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps(header) + "\n")
        for n in range(items):
            item = {
                "id": f"bench-{n:06d}",
                "batch": "bench",
                "conversation": [{"role": "user", "content": f"Question {n}: explain the code."}],
                "responses": [
                    {"id": f"r{k}", "content": f"{texts[k]}\n\n(variant {n})", "model": f"m{k}"}
                    for k in range(responses)
                ],
            }
            out.write(json.dumps(item) + "\n")
    return path


# -- in-process GUI measurements ------------------------------------------------------------


def _gui_measurements(tmp: Path) -> dict[str, Any]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QHBoxLayout, QPlainTextEdit, QTextBrowser, QWidget

    from app.active_time import ActiveTimeTracker
    from app.annotation import AnnotationController
    from app.item_session import DraftRef
    from app.tasks import TaskLanes
    from app.workspace import Workspace
    from storage import import_source
    from widgets.item_view import ItemView
    from widgets.rubric_panel import RubricPanel

    app = QApplication.instance() or QApplication([])
    profile = tmp / "gui-profile"
    workspace = Workspace.open(profile, seed_demo=True)
    import_source(workspace.store, write_pack(tmp / "switch.jsonl", SWITCHES + SUBMITS + 2))
    lanes = TaskLanes()
    host = QWidget()
    host.resize(1400, 900)
    row = QHBoxLayout(host)
    view, panel = ItemView(), RubricPanel()
    row.addWidget(view, 3)
    row.addWidget(panel, 2)
    host.show()
    controller = AnnotationController(lanes, view, panel, ActiveTimeTracker())
    controller.workspace = workspace
    sessions = [workspace.item_session(f"bench-{n:06d}") for n in range(SWITCHES)]

    # Cold: nothing prepared. Warm: the app's idle-time preparation of the next item ran
    # while the annotator worked (outside the timed region), as it does in the window.
    cold: list[float] = []
    for session in sessions[: SWITCHES // 2]:
        started = time.perf_counter()
        controller.show(session)
        host.repaint()
        app.processEvents()
        cold.append((time.perf_counter() - started) * 1000)
    switch: list[float] = []
    warm = sessions[SWITCHES // 2 :]
    for index, session in enumerate(warm):
        started = time.perf_counter()
        controller.show(session)
        host.repaint()
        app.processEvents()
        switch.append((time.perf_counter() - started) * 1000)
        if index + 1 < len(warm):
            controller.prepare(warm[index + 1])
            app.processEvents()

    browsers_host = QWidget()
    browsers_host.resize(1400, 900)
    browsers_row = QHBoxLayout(browsers_host)
    browsers = [QTextBrowser() for _ in range(4)]
    for browser in browsers:
        browsers_row.addWidget(browser)
    browsers_host.show()
    bare: list[float] = []
    for session in sessions:
        started = time.perf_counter()
        for browser, response in zip(browsers, session.content.responses, strict=False):
            browser.setMarkdown(response.text)
        browsers_host.repaint()
        app.processEvents()
        bare.append((time.perf_counter() - started) * 1000)

    # Submit: the real lane, validator, revision and fsync, timed to the on_done callback.
    submit: list[float] = []
    for n in range(SWITCHES, SWITCHES + SUBMITS):
        session = workspace.item_session(f"bench-{n:06d}")
        assert session.pack is not None
        order = session.display_order
        answers = {
            "helpfulness": dict.fromkeys(order, 4),
            "issues": {rid: [] for rid in order},
            "ranking": [[rid] for rid in order],
        }
        ref = DraftRef(session.content.id, session.pack.id, session.pack.version, order)
        # As in the app, the draft already exists: every edit was autosaved while typing.
        workspace.save_draft(ref, answers, 900)
        done: list[float] = []
        started = time.perf_counter()
        lanes.run_write(
            lambda ref=ref, answers=answers: workspace.submit(ref, answers, 1000),
            on_done=lambda _state, done=done: done.append(time.perf_counter()),
        )
        while not done:
            app.processEvents()
            time.sleep(0.0002)
        submit.append((done[0] - started) * 1000)
    raw_submit = _raw_submit(tmp / "raw.sqlite", SUBMITS)

    # Keystrokes in the rewrite editor on 50 KB of text.
    from widgets.rubric.rewrite import RewriteEditor

    rewrite_q = next(q for q in sessions[0].pack.rubric.questions if q.kind == "rewrite")  # type: ignore[union-attr]
    from widgets.rubric.base import ResponseRef

    long_text = markdown_response(99, 50_000)
    refs = [ResponseRef("r0", "A", long_text), ResponseRef("r1", "B", "short")]
    editor = RewriteEditor(rewrite_q, refs, "en")
    editor.resize(700, 800)
    editor.show()
    editor.set_default_source("r0")
    app.processEvents()
    text_box = editor.findChild(QPlainTextEdit)
    assert text_box is not None
    text_box.setFocus()
    keys: list[float] = []
    for _ in range(KEYSTROKES):
        started = time.perf_counter()
        QTest.keyClick(text_box, Qt.Key.Key_X)
        text_box.viewport().repaint()
        keys.append((time.perf_counter() - started) * 1000)
    bare_box = QPlainTextEdit()
    bare_box.resize(700, 800)
    bare_box.setPlainText(long_text)
    bare_box.show()
    bare_box.setFocus()
    app.processEvents()
    bare_keys: list[float] = []
    for _ in range(KEYSTROKES):
        started = time.perf_counter()
        QTest.keyClick(bare_box, Qt.Key.Key_X)
        bare_box.viewport().repaint()
        bare_keys.append((time.perf_counter() - started) * 1000)
    lanes.shutdown()
    workspace.close()
    return {
        "item_switch": {
            "prefdesk": latency_stats(switch),
            "prefdesk_unprepared": latency_stats(cold),
            "bare_setMarkdown_x4": latency_stats(bare),
        },
        "submit": {
            "prefdesk": latency_stats(submit),
            "raw_sqlite_insert_commit": latency_stats(raw_submit),
        },
        "rewrite_keystroke": {
            "prefdesk": latency_stats(keys),
            "bare_QPlainTextEdit": latency_stats(bare_keys),
            "text_chars": len(long_text),
        },
    }


def _raw_submit(path: Path, n: int) -> list[float]:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE j (id TEXT PRIMARY KEY, answers TEXT, status TEXT, at TEXT)")
    payload = json.dumps({"helpfulness": {"r0": 4, "r1": 4, "r2": 4, "r3": 4}})
    samples = []
    for k in range(n):
        started = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO j VALUES (?, ?, 'submitted', ?)", (str(k), payload, "now"))
        conn.execute("COMMIT")
        samples.append((time.perf_counter() - started) * 1000)
    conn.close()
    return samples


# -- start-up in a fresh process ------------------------------------------------------------

BARE_QT = """
import time, sys
t0 = time.perf_counter()
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
app = QApplication([])
w = QMainWindow(); w.setCentralWidget(QLabel("hello")); w.show()
def done():
    print((time.perf_counter() - t0) * 1000); app.quit()
QTimer.singleShot(0, done)
app.exec()
"""


def _startup(tmp: Path) -> dict[str, Any]:
    from app.workspace import Workspace
    from storage import import_source

    profile = tmp / "startup-profile"
    workspace = Workspace.open(profile, seed_demo=True)
    import_source(workspace.store, write_pack(tmp / "big.jsonl", STARTUP_ITEMS, 2, 600))
    workspace.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    ours, bare = [], []
    for _ in range(STARTUP_RUNS):
        out = subprocess.run(
            [sys.executable, "-m", "app.cli", "--data-dir", str(profile), "--smoke"],
            capture_output=True,
            text=True,
            env=env,
            cwd=REPO,
            check=True,
            timeout=300,
        )
        timings = json.loads(out.stdout.strip().splitlines()[-1])
        ours.append(float(timings["ready_ms"]))
        items = timings["items"]
        raw = subprocess.run(
            [sys.executable, "-c", BARE_QT], capture_output=True, text=True, env=env, check=True
        )
        bare.append(float(raw.stdout.strip().splitlines()[-1]))
    return {
        "items_in_store": items,
        "prefdesk_ready_ms": {"best": min(ours), "runs": ours},
        "bare_qt_window_ms": {"best": min(bare), "runs": bare},
    }


def run() -> dict[str, Any]:
    results: dict[str, Any] = {
        "benchmark": "workspace",
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
    }
    with tempfile.TemporaryDirectory(prefix="prefdesk-bench-ws-") as tmp_name:
        tmp = Path(tmp_name)
        results.update(_gui_measurements(tmp))
        results["startup"] = _startup(tmp)
    switch, submit = results["item_switch"], results["submit"]
    keys, startup = results["rewrite_keystroke"], results["startup"]
    results["summary"] = {
        "switch_p50_ms": switch["prefdesk"]["p50_ms"],
        "switch_p95_ms": switch["prefdesk"]["p95_ms"],
        "switch_unprepared_p95_ms": switch["prefdesk_unprepared"]["p95_ms"],
        "switch_p95_ratio_vs_bare_setMarkdown": round(
            switch["prefdesk"]["p95_ms"] / switch["bare_setMarkdown_x4"]["p95_ms"], 2
        ),
        "startup_ms_100k_items": startup["prefdesk_ready_ms"]["best"],
        "startup_ratio_vs_bare_qt": round(
            startup["prefdesk_ready_ms"]["best"] / startup["bare_qt_window_ms"]["best"], 2
        ),
        "submit_p95_ms": submit["prefdesk"]["p95_ms"],
        "submit_p95_ratio_vs_raw_sqlite": round(
            submit["prefdesk"]["p95_ms"] / submit["raw_sqlite_insert_commit"]["p95_ms"], 2
        ),
        "keystroke_p95_ms_50kb": keys["prefdesk"]["p95_ms"],
        "keystroke_p95_ratio_vs_bare": round(
            keys["prefdesk"]["p95_ms"] / keys["bare_QPlainTextEdit"]["p95_ms"], 2
        ),
        "aims": {"switch_p95_ms": 50, "startup_ms": 1500, "submit_p95_ms": 10},
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    return results
