"""Fixtures for the taskpack suites: the real public datasets beside the repo."""

from __future__ import annotations

from pathlib import Path

import pytest

#: /work/main/tests/taskpack/conftest.py → /work/shared/data: the shared folder beside the repo.
SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"


@pytest.fixture
def real_data() -> Path:
    """../shared/data, read in place and never copied; tests using it skip when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(
            f"../shared/data is absent: the real public datasets live beside the repo "
            f"(looked in {SHARED_DATA})"
        )
    return SHARED_DATA
