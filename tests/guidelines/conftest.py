"""Fixtures for the guidelines suite: the demo pack on disk and the shared data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from guidelines import GuidelinePack, load_pack
from tests.guidelines.packs import write_pack

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED = REPO_ROOT.parent / "shared"


@pytest.fixture
def demo_dir(tmp_path: Path) -> Path:
    return write_pack(tmp_path / "demo")


@pytest.fixture
def demo(demo_dir: Path) -> GuidelinePack:
    return load_pack(demo_dir)


@pytest.fixture
def oasst_guidelines() -> Path:
    """The real OpenAssistant guideline history, read in place, never copied."""
    folder = SHARED / "data" / "oasst-guidelines"
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent: the shared reference data lives beside the repo")
    return folder
