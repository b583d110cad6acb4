"""Where a profile lives: the platform's per-user data folder, or ``--data-dir``."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "Prefdesk"


def default_data_dir() -> Path:
    """E.g. ~/.local/share/Prefdesk, ~/Library/Application Support/Prefdesk, %LOCALAPPDATA%."""
    return platformdirs.user_data_path(APP_NAME, appauthor=False, roaming=False)


def demo_data_dir(base: Path | None) -> Path:
    """The built-in demo workspace is its own profile, so it never mixes with real work."""
    return (base or default_data_dir()) / "demo"
