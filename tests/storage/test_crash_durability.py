"""A writer killed with SIGKILL mid-stream never loses a save it acknowledged."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storage import DB_FILENAME, Store, add_pack_version
from storage.judgments import JudgmentRepository

RUNS = 12


def _seed(profile: Path) -> str:
    with Store.open(profile) as store:
        with store.write() as conn:
            conn.exec_driver_sql("INSERT INTO projects VALUES ('p', 'P', 't')")
            conn.exec_driver_sql(
                "INSERT INTO batches VALUES ('b', 'p', 'B', 0, 'assigned', NULL, NULL, 't')"
            )
            conn.exec_driver_sql(
                "INSERT INTO items VALUES ('i', 'b', 0, '[]', '{}', 'h', 2, NULL, 1, 't')"
            )
            conn.exec_driver_sql(
                "INSERT INTO responses VALUES ('i', 'a', 0, 'A', '', '{}'), "
                "('i', 'b', 1, 'B', '', '{}')"
            )
        add_pack_version(store, "pack", "1.0.0", "ab" * 32, "Pack", b"canonical")
        judgments = JudgmentRepository(store, lambda *_: [])
        return judgments.start_draft("i", "pack", "1.0.0", ["b", "a"]).id


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_killed_writer_keeps_every_acknowledged_draft_save(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    judgment_id = _seed(profile)
    rng = random.Random(20261125)
    for _ in range(RUNS):
        with subprocess.Popen(
            [sys.executable, "-m", "tests.storage.crash_writer", str(profile), judgment_id],
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).resolve().parents[2],
        ) as child:
            assert child.stdout is not None
            first = child.stdout.readline()  # wait until it writes, then kill at a random moment
            assert first.strip().isdigit()
            time.sleep(rng.uniform(0.0, 0.4))
            child.send_signal(signal.SIGKILL)
            printed = [first, *child.stdout.read().splitlines()]
            child.wait()
        acknowledged = max(int(line) for line in printed if line.strip().isdigit())

        conn = sqlite3.connect(profile / DB_FILENAME)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            stored = conn.execute(
                "SELECT active_ms FROM judgments WHERE id = ?", (judgment_id,)
            ).fetchone()[0]
            revisions = conn.execute(
                "SELECT MAX(revision), COUNT(*) FROM judgment_revisions WHERE judgment_id = ?",
                (judgment_id,),
            ).fetchone()
        finally:
            conn.close()
        # The kill may land after a commit but before its line is printed: at most one ahead.
        assert acknowledged <= stored <= acknowledged + 1
        assert revisions[0] == revisions[1]  # history has no holes
