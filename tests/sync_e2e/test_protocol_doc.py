"""docs/sync-protocol.md ties each guarantee to a test: every test it names must exist."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_every_test_named_in_the_protocol_doc_exists() -> None:
    doc = (REPO / "docs" / "sync-protocol.md").read_text(encoding="utf-8")
    named = set(re.findall(r"\b(test_[a-z0-9_]+)\b(?!\.py)", doc))  # not file names
    defined = {
        match
        for path in (REPO / "tests").rglob("test_*.py")
        for match in re.findall(r"^def (test_[a-z0-9_]+)", path.read_text(encoding="utf-8"), re.M)
    }
    assert len(named) > 20
    assert sorted(named - defined) == []
