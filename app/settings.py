"""Per-profile UI preferences: language, theme, shortcuts, scrolling and window layout.

They live in ``<data_dir>/settings.ini`` (QSettings, INI format) so each profile — and the
demo profile — keeps its own, and the file can be read, diffed or deleted by hand.

Contract: only *preferences* belong here. Secrets (tokens, passwords) never do; they go to
the OS keyring. Unknown or malformed values read back as the defaults, never as errors: a
hand-edited file must not stop the app from starting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from PySide6.QtCore import QByteArray, QSettings

SETTINGS_FILE: Final = "settings.ini"
LANGUAGES: Final = ("system", "en", "zh_CN")
THEMES: Final = ("system", "light", "dark")

_LANGUAGE = "ui/language"
_THEME = "ui/theme"
_SYNCED = "ui/synced_scrolling"
_GEOMETRY = "window/geometry"
_STATE = "window/state"
_SHORTCUTS = "shortcuts"


@dataclass
class UiPrefs:
    """What the annotator chose; every field has a usable default.

    ``shortcuts`` holds only *overrides* ({action id: portable key sequence text such as
    ``"Ctrl+Return"``}); an empty string means "no shortcut". Actions without an entry use
    their default, so a new default in a later release reaches everyone who did not change it.
    ``window_geometry``/``window_state`` are ``QMainWindow.saveGeometry()/saveState()`` blobs.
    """

    language: str = "system"
    theme: str = "system"
    shortcuts: dict[str, str] = field(default_factory=dict)
    synced_scrolling: bool = True
    window_geometry: bytes = b""
    window_state: bytes = b""


def settings_path(data_dir: Path) -> Path:
    """The INI file holding ``data_dir``'s preferences."""
    return data_dir / SETTINGS_FILE


def open_settings(data_dir: Path) -> QSettings:
    """The profile's QSettings, for callers that keep extra keys beside ``UiPrefs``."""
    return QSettings(str(settings_path(data_dir)), QSettings.Format.IniFormat)


def load_prefs(data_dir: Path) -> UiPrefs:
    """Read ``data_dir``'s preferences; a missing file gives the defaults."""
    settings = open_settings(data_dir)
    defaults = UiPrefs()
    language = str(settings.value(_LANGUAGE, defaults.language))
    theme = str(settings.value(_THEME, defaults.theme))
    settings.beginGroup(_SHORTCUTS)
    shortcuts = {key: _text(settings.value(key)) for key in settings.childKeys()}
    settings.endGroup()
    return UiPrefs(
        language=language if language in LANGUAGES else defaults.language,
        theme=theme if theme in THEMES else defaults.theme,
        shortcuts=shortcuts,
        synced_scrolling=_bool(settings.value(_SYNCED), defaults.synced_scrolling),
        window_geometry=_blob(settings.value(_GEOMETRY)),
        window_state=_blob(settings.value(_STATE)),
    )


def save_prefs(data_dir: Path, prefs: UiPrefs) -> None:
    """Write ``prefs`` to ``data_dir`` (created if needed), replacing what was there.

    Raises ``OSError`` when the file cannot be written, so a lost preference is never silent.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    settings = open_settings(data_dir)
    settings.setValue(_LANGUAGE, prefs.language)
    settings.setValue(_THEME, prefs.theme)
    settings.setValue(_SYNCED, prefs.synced_scrolling)
    settings.setValue(_GEOMETRY, QByteArray(prefs.window_geometry))
    settings.setValue(_STATE, QByteArray(prefs.window_state))
    # Rewrite the whole group so a shortcut reset to its default disappears from the file.
    settings.remove(_SHORTCUTS)
    settings.beginGroup(_SHORTCUTS)
    for action_id, sequence in sorted(prefs.shortcuts.items()):
        settings.setValue(action_id, sequence)
    settings.endGroup()
    settings.sync()
    if settings.status() != QSettings.Status.NoError:
        raise OSError(f"could not write {settings_path(data_dir)}: {settings.status().name}")


def _text(value: object) -> str:
    # INI turns a value with a comma ("Ctrl+,") into a list unless it was quoted on write.
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _bool(value: object, default: bool) -> bool:
    # INI has no types: a bool comes back as the string "true"/"false".
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return default


def _blob(value: object) -> bytes:
    if isinstance(value, QByteArray):
        return bytes(value.data())
    if isinstance(value, bytes):
        return value
    return b""
