"""Where a profile lives: the folder chosen in Settings, the platform's per-user data folder,
or ``--data-dir``.

The chosen folder is kept in the app's own config file, not in a profile: it says which
profile to open, so it cannot live inside one. It takes effect at the next start.
"""

from __future__ import annotations

import configparser
import os
from pathlib import Path

import platformdirs

APP_NAME = "Prefdesk"
CONFIG_FILE = "prefdesk.ini"
_SECTION = "paths"
_DATA_DIR = "data_dir"


def platform_data_dir() -> Path:
    """E.g. ~/.local/share/Prefdesk, ~/Library/Application Support/Prefdesk, %LOCALAPPDATA%."""
    return platformdirs.user_data_path(APP_NAME, appauthor=False, roaming=False)


def config_path() -> Path:
    """The app's own settings (not a profile's): e.g. ~/.config/Prefdesk/prefdesk.ini."""
    return platformdirs.user_config_path(APP_NAME, appauthor=False, roaming=True) / CONFIG_FILE


def chosen_data_dir() -> Path | None:
    """The data folder chosen in Settings, or None for the platform's."""
    parser = configparser.ConfigParser()
    try:
        parser.read(config_path(), encoding="utf-8")
    except (configparser.Error, OSError, UnicodeDecodeError):
        return None  # a damaged config must not stop the app from starting
    value = parser.get(_SECTION, _DATA_DIR, fallback="").strip()
    return Path(value).expanduser() if value else None


def choose_data_dir(folder: Path | None) -> None:
    """Open ``folder`` from the next start on (None: back to the platform's folder).

    Written to a temporary file and renamed, so a crash never leaves half a config.
    """
    path = config_path()
    parser = configparser.ConfigParser()
    try:
        parser.read(path, encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError):
        parser = configparser.ConfigParser()
    if not parser.has_section(_SECTION):
        parser.add_section(_SECTION)
    if folder is None:
        parser.remove_option(_SECTION, _DATA_DIR)
    else:
        parser.set(_SECTION, _DATA_DIR, str(folder))
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    with partial.open("w", encoding="utf-8") as handle:
        parser.write(handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, path)


def default_data_dir() -> Path:
    """The folder chosen in Settings, else the platform's data folder."""
    return chosen_data_dir() or platform_data_dir()


def demo_data_dir(base: Path | None) -> Path:
    """The built-in demo workspace is its own profile, so it never mixes with real work."""
    return (base or default_data_dir()) / "demo"
