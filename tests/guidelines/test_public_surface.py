"""The package's public names, and that importing it pulls in no Qt, app, store or server code."""

from __future__ import annotations

import subprocess
import sys

import guidelines

FORBIDDEN = ("PySide6", "app", "widgets", "storage", "server", "sync", "sqlalchemy")


def test_the_interface_other_parts_call_is_exported() -> None:
    for name in (
        "load_pack",
        "pack_from_canonical",
        "GuidelinePack",
        "PackError",
        "validate_answers",
        "AnswerProblem",
        "migrate_draft",
        "MigrationResult",
        "diff_packs",
        "PackDiff",
        "verify_pack",
        "sign_pack",
        "TrustedKey",
    ):
        assert name in guidelines.__all__, name
        assert hasattr(guidelines, name), name


def test_importing_guidelines_and_its_cli_loads_no_forbidden_module() -> None:
    code = (
        "import sys, guidelines, guidelines.cli, guidelines.preview;"
        f"print([m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
