"""Writing the ``[account]`` group of ``settings.ini`` (the app's side; reading is Qt-free in
:mod:`app.account`). Never a token: see :mod:`app.credentials`."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from app.account import GROUP, Account
from app.settings import open_settings


def save_account(data_dir: Path, account: Account) -> None:
    """Remember the server, username, CA bundle and interval; raises ``OSError`` on failure."""
    data_dir.mkdir(parents=True, exist_ok=True)
    settings = open_settings(data_dir)
    settings.beginGroup(GROUP)
    settings.setValue("server_url", account.server_url)
    settings.setValue("username", account.username)
    settings.setValue("ca_bundle", account.ca_bundle)
    settings.setValue("sync_minutes", account.sync_minutes)
    settings.endGroup()
    _sync(settings, data_dir)


def forget_account(data_dir: Path) -> None:
    """Sign-out: the profile no longer names a server."""
    settings = open_settings(data_dir)
    settings.remove(GROUP)
    _sync(settings, data_dir)


def _sync(settings: QSettings, data_dir: Path) -> None:
    settings.sync()
    if settings.status() != QSettings.Status.NoError:
        raise OSError(f"could not write the settings of {data_dir}: {settings.status().name}")
