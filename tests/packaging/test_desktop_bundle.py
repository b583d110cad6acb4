"""Build the desktop bundle and run the frozen app (slow: minutes; opt-in).

`make package-check` sets PREFDESK_PACKAGE_TEST=1 and runs this; `make test` and CI skip it,
because PyInstaller alone takes longer than the rest of a CI job can spare (see
packaging/README.md for the measured time).
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD_SCRIPT = ROOT / "packaging" / "desktop" / "build.py"
EXECUTABLE = ROOT / "dist" / "prefdesk" / "prefdesk"
BUILD_TIMEOUT_S = 1800

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("PREFDESK_PACKAGE_TEST") != "1",
        reason="builds the PyInstaller bundle (minutes): run `make package-check`",
    ),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="only Linux is built here"),
]


@pytest.fixture(scope="module")
def bundle_report() -> dict[str, object]:
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.fail("PyInstaller is not installed: `make package-check` installs it")
    done = subprocess.run(
        [sys.executable, str(BUILD_SCRIPT)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_S,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert isinstance(report, dict)
    return report


def test_bundle_builds_and_its_smoke_run_prints_the_timings(
    bundle_report: dict[str, object],
) -> None:
    smoke = bundle_report["smoke"]
    assert isinstance(smoke, dict)
    assert "error" not in smoke
    assert smoke, "the smoke run printed an empty JSON object"
    size = bundle_report["bundle_size_mb"]
    assert isinstance(size, float)
    assert size > 0
    print(f"bundle: {size} MB, built in {bundle_report['build_seconds']} s")


def test_frozen_app_runs_the_demo_server_it_starts(
    bundle_report: dict[str, object], tmp_path: Path
) -> None:
    # The demo runs `<sys.executable> -m server ...` to seed and serve; frozen, that is the bundle.
    from app.demo_server import DemoServer

    server = DemoServer(tmp_path, python=str(EXECUTABLE))
    try:
        info = server.start()
        assert info.url.startswith("http://127.0.0.1:")
        assert info.token
    finally:
        server.stop()


def test_frozen_headless_command_runs(bundle_report: dict[str, object], tmp_path: Path) -> None:
    done = subprocess.run(
        [str(EXECUTABLE), "--data-dir", str(tmp_path), "doctor", "--json"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    json.loads(done.stdout)
