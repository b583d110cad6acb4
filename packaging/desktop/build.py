"""Build the desktop bundle with PyInstaller, smoke-run it, and report its size.

    python packaging/desktop/build.py [--skip-build] [--report FILE]

`make package` runs this. The smoke run is the frozen app's own ``--demo --smoke``, offscreen,
on a throwaway profile: it must print the start-up timings as one JSON line and exit 0. The
report (JSON, printed and written to dist/prefdesk-report.json) gives the build time, the
bundle's size and the smoke run's line. Exits non-zero when any step fails.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "desktop" / "prefdesk.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
BUNDLE = DIST / "prefdesk"
EXECUTABLE = BUNDLE / ("prefdesk.exe" if sys.platform == "win32" else "prefdesk")
REPORT = DIST / "prefdesk-report.json"
SMOKE_TIMEOUT_S = 180
#: Qt's own catalogue for the one non-English UI language; without it Qt's dialogs stay English.
QT_CATALOGUE = "qtbase_zh_CN.qm"
#: What app/i18n.py logs when a catalogue is missing or it would have to recompile one.
CATALOGUE_TROUBLE = ("No translation catalogue", "Could not load translation", "lrelease")


class BuildError(Exception):
    """A step failed; the message says which and why."""


def build() -> float:
    """Run PyInstaller on the spec; return the seconds it took."""
    started = time.monotonic()
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(DIST),
        "--workpath",
        str(WORK),
        str(SPEC),
    ]
    done = subprocess.run(command, cwd=ROOT, check=False)
    if done.returncode != 0:
        raise BuildError(f"PyInstaller failed with exit status {done.returncode}")
    return time.monotonic() - started


def smoke(language: str | None = None, executable: Path = EXECUTABLE) -> dict[str, Any]:
    """Run the frozen app's ``--demo --smoke`` offscreen, in ``language`` when given (else the
    default); return its JSON line. A warning on stderr about a missing catalogue fails it."""
    if not executable.is_file():
        raise BuildError(f"no bundle at {executable}: build it first")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    # A fresh profile each time: the smoke run measures a first start, and leaves nothing behind.
    with tempfile.TemporaryDirectory(prefix="prefdesk-bundle-smoke-") as profile:
        if language is not None:
            # The demo profile's settings file (app/settings.py writes it through QSettings).
            demo = Path(profile) / "demo"
            demo.mkdir()
            (demo / "settings.ini").write_text(f"[ui]\nlanguage={language}\n", encoding="utf-8")
        done = subprocess.run(
            [str(executable), "--data-dir", profile, "--demo", "--smoke"],
            capture_output=True,
            text=True,
            env=env,
            timeout=SMOKE_TIMEOUT_S,
            check=False,
        )
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    if done.returncode != 0 or not lines:
        raise BuildError(
            f"smoke run exited {done.returncode}; stdout: {done.stdout.strip()[-1000:]!r}; "
            f"stderr: {done.stderr.strip()[-2000:]!r}"
        )
    try:
        timings = json.loads(lines[-1])
    except ValueError as error:
        raise BuildError(f"smoke run's last line is not JSON: {lines[-1]!r}") from error
    if not isinstance(timings, dict) or "error" in timings:
        raise BuildError(f"smoke run reported a failure: {lines[-1]}")
    for symptom in CATALOGUE_TROUBLE:
        if symptom in done.stderr:
            raise BuildError(f"smoke run in {language}: {done.stderr.strip()[-1000:]}")
    return timings


def check_contents(bundle: Path = BUNDLE) -> list[str]:
    """Files the app reads at run time that the bundle lacks (empty when complete)."""
    wanted = [
        "app/demo/demo-tasks.jsonl",
        "app/i18n/prefdesk_zh_CN.qm",
        "app/icons/check.svg",
        "guidelines/templates",
        "storage/migrations/env.py",
        "server/migrations/env.py",
        "matplotlib/mpl-data/matplotlibrc",
    ]
    internal = bundle / "_internal"
    missing = [name for name in wanted if not (internal / name).exists()]
    if not any(internal.rglob(QT_CATALOGUE)):
        missing.append(QT_CATALOGUE)
    return missing


def size_mb(folder: Path) -> float:
    # PyInstaller links some libraries into place: count each file once, not through its links.
    total = sum(
        path.lstat().st_size
        for path in folder.rglob("*")
        if path.is_file() and not path.is_symlink()
    )
    return round(total / 1_000_000, 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-build", action="store_true", help="smoke-run the existing bundle")
    parser.add_argument("--report", type=Path, default=REPORT, help="where to write the report")
    args = parser.parse_args(argv)
    try:
        seconds = None if args.skip_build else build()
        missing = check_contents()
        if missing:
            raise BuildError(f"the bundle lacks: {', '.join(missing)}")
        timings = smoke()
        smoke_zh = smoke("zh_CN")
    except (BuildError, subprocess.TimeoutExpired) as error:
        print(f"package: {error}", file=sys.stderr)
        return 1
    report = {
        "platform": f"{platform.system()}-{platform.machine()}",
        "bundle": str(BUNDLE.relative_to(ROOT)),
        "build_seconds": None if seconds is None else round(seconds, 1),
        "bundle_size_mb": size_mb(BUNDLE),
        "smoke": timings,
        "smoke_zh_CN": smoke_zh,
    }
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
