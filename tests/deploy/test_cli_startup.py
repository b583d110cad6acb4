"""Admin commands and `serve` workers start without importing the delivery and QC stack.

A worker process of ``serve --workers N`` re-imports the command line module before it can
answer uvicorn's 5 s health ping; with pandas, pyarrow, scipy and statsmodels in that
import a busy host kills and restarts its workers in a loop. Only ``export`` needs them.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from server.cli import build_parser

HEAVY = ("server.admin.exporting", "server.delivery", "pandas", "pyarrow", "scipy", "statsmodels")


def test_importing_the_command_line_leaves_the_delivery_stack_unloaded() -> None:
    probe = f"import sys, server.cli; print([m for m in {HEAVY!r} if m in sys.modules])"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == "[]"


def test_export_still_checks_and_lists_its_formats() -> None:
    parser = build_parser()
    where = ["--data", "d", "--out", "out"]
    args = parser.parse_args(["export", "acme", *where, "--format", "sft", "--format", "csv"])
    assert args.format == ["sft", "csv"]
    with pytest.raises(SystemExit):
        parser.parse_args(["export", "acme", *where, "--format", "no-such-format"])
    export = next(
        action.choices["export"]
        for action in parser._subparsers._group_actions  # type: ignore[union-attr]
        if isinstance(action.choices, dict) and "export" in action.choices
    )
    assert "trl-preference, trl-conversational" in export.format_help()
