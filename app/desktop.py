"""Desktop conventions in one place for the composition root: language, theme, shortcuts,
the single-instance lock, and the cheat sheet and settings dialogs.

The composition root calls, in order: ``app.theme.prepare_high_dpi()`` before the
QApplication exists; ``app.settings.load_prefs(profile)``; :func:`prepare_application`;
:func:`lock_profile`; :func:`load_shortcuts`; then builds the window.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import platformdirs
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from app.i18n import install_translators
from app.instance_lock import EXIT_PROFILE_IN_USE, InstanceLock, ProfileInUse
from app.paths import APP_NAME, choose_data_dir, chosen_data_dir
from app.settings import UiPrefs, save_prefs
from app.shortcuts import ShortcutConflict, Shortcuts
from app.theme import apply_theme
from widgets.cheat_sheet import CheatSheet
from widgets.settings_dialog import ProfileInfo, SettingsDialog, SettingsValues

log = logging.getLogger(__name__)


def prepare_application(app: QApplication, prefs: UiPrefs) -> str:
    """Install the translators and the theme ``prefs`` ask for; return the UI language
    ("en" or "zh_CN"). Call before building any window, so every ``tr()`` is translated."""
    # A read-only install (a wheel in site-packages) compiles its catalogue into the cache.
    cache = platformdirs.user_cache_path(APP_NAME, appauthor=False) / "i18n"
    language = install_translators(app, prefs.language, fallback_dir=cache)
    apply_theme(app, prefs.theme)
    return language


def load_shortcuts(prefs: UiPrefs) -> tuple[Shortcuts, str]:
    """The annotator's shortcuts, or the defaults plus the reason when theirs clash
    (a hand-edited settings file): the app must start either way."""
    try:
        return Shortcuts(prefs.shortcuts), ""
    except ShortcutConflict as conflict:
        log.warning("Shortcut overrides ignored: %s", conflict)
        return Shortcuts(), str(conflict)


def lock_profile(data_dir: Path, show_dialog: bool = True) -> InstanceLock | int:
    """The held lock on ``data_dir``; or, when another live Prefdesk holds it, tell the
    annotator (stderr, and a dialog unless ``show_dialog`` is False, e.g. under ``--smoke``)
    and return the exit status :data:`EXIT_PROFILE_IN_USE`. Keep the lock alive until exit."""
    lock = InstanceLock(data_dir)
    try:
        lock.acquire()
    except ProfileInUse as busy:
        print(busy, file=sys.stderr, flush=True)
        if show_dialog:
            title = QCoreApplication.translate("InstanceLock", "Prefdesk is already open")
            QMessageBox.warning(None, title, str(busy))
        return EXIT_PROFILE_IN_USE
    return lock


def show_cheat_sheet(shortcuts: Shortcuts, parent: QWidget | None) -> None:
    """The F1 dialog, modal, listing ``shortcuts`` and the rubric form's keys."""
    CheatSheet(shortcuts.cheat_sheet_rows(), parent).exec()


def edit_settings(
    app: QApplication,
    data_dir: Path,
    prefs: UiPrefs,
    shortcuts: Shortcuts,
    parent: QWidget | None,
    profile: ProfileInfo | None = None,
    prepare: Callable[[SettingsDialog], None] | None = None,
) -> tuple[UiPrefs, Shortcuts] | None:
    """Run the settings dialog; on OK save to ``data_dir``, apply the theme at once, and
    return the new prefs and shortcuts (rebind actions with ``Shortcuts.bind``). None on
    Cancel. A new language takes effect at the next start.

    Given ``profile``, the Profile tab shows the account, the data folder (a new one is
    saved in the app's config and opened at the next start) and encryption (a change is
    made at the next start, :mod:`app.encryption_request`); ``prepare``
    connects the dialog's requests (sign in, sign out) before it is shown."""
    chosen = chosen_data_dir()
    dialog = SettingsDialog(
        SettingsValues(
            prefs.language,
            prefs.theme,
            prefs.synced_scrolling,
            prefs.shortcuts,
            str(chosen) if chosen is not None else "",
        ),
        shortcuts.editor_rows(),
        shortcuts.problems_for,
        parent=parent,
        profile=profile,
    )
    if prepare is not None:
        prepare(dialog)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    values = dialog.values()
    if profile is not None and values.data_folder != (str(chosen) if chosen else ""):
        choose_data_dir(Path(values.data_folder) if values.data_folder else None)
    if profile is not None and values.encrypted not in (None, profile.encrypted):
        from app.encryption_request import request_encryption

        request_encryption(data_dir, bool(values.encrypted))
    updated = replace(
        prefs,
        language=values.language,
        theme=values.theme,
        synced_scrolling=values.synced_scrolling,
        shortcuts=values.shortcuts,
    )
    save_prefs(data_dir, updated)
    apply_theme(app, updated.theme)
    return updated, Shortcuts(updated.shortcuts)
