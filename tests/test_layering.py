"""The layering rules are checked by import-linter on every test run, not only by make check."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _contracts() -> list[dict[str, object]]:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    contracts: list[dict[str, object]] = config["tool"]["importlinter"]["contracts"]
    return contracts


def test_qt_free_packages_forbid_qt_app_and_widgets() -> None:
    rules = {
        tuple(c["source_modules"]): set(c["forbidden_modules"])  # type: ignore[arg-type]
        for c in _contracts()
    }
    cores = ("storage", "sync", "guidelines", "server", "taskpack", "protocol")
    assert {"PySide6", "app", "widgets"} <= rules[cores]
    assert {"storage", "sync", "sqlalchemy", "httpx", "app"} <= rules[("widgets",)]
    assert {"storage", "sync"} <= rules[("server",)]
    assert {"server"} <= rules[("sync", "storage")]
    assert {"storage", "sync", "server", "sqlalchemy", "httpx"} <= rules[("protocol",)]


def test_every_import_contract_is_kept() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    completed = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "0 broken" in completed.stdout
