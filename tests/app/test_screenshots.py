"""Screenshots of the workspace in light, dark and Chinese, kept as test artifacts.

They are made from the real window on the demo workspace, with a draft in progress, so a
reviewer (and the README) sees what an annotator sees. Each run also checks what can be
checked in a picture: dark really is dark, and the Chinese window really speaks Chinese.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.account import Account
from app.i18n import install_translators
from app.main_window import MainWindow
from app.server_check import SignInError
from app.sync_messages import status_after
from app.tasks import TaskLanes
from app.theme import apply_theme
from tests.app.sync_fakes import FakeResult
from tests.guidelines.keyring_fakes import MemoryKeyring
from widgets.sync_status import SyncStatusView

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


@pytest.fixture
def app_state() -> Iterator[QApplication]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    yield app
    install_translators(app, "en")
    apply_theme(app, "light")


def _shoot(qtbot: QtBot, profile: Path, lang: str, name: str) -> tuple[MainWindow, QImage]:
    window = MainWindow(TaskLanes(), started=0.0, lang=lang)
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.show()
    with qtbot.waitSignal(window.sig_first_item_shown, timeout=30_000):
        window.open_profile(profile, seed_demo=True)
    for digit in "435":  # a draft in progress: three ratings typed
        QTest.keyClick(QApplication.focusWidget(), digit)
    window.guideline_dock.show()
    qtbot.wait(800)  # code colours and layout settle
    ARTIFACTS.mkdir(exist_ok=True)
    image = window.grab().toImage()
    image.save(str(ARTIFACTS / f"workspace-{name}.png"))
    return window, image


def _mean_lightness(image: QImage) -> float:
    step = 17
    samples = [
        image.pixelColor(x, y).lightness()
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    ]
    return sum(samples) / len(samples)


def test_light_workspace_screenshot(qtbot: QtBot, tmp_path: Path, app_state: QApplication) -> None:
    apply_theme(app_state, "light")
    window, image = _shoot(qtbot, tmp_path / "light", "en", "light")
    assert _mean_lightness(image) > 150
    assert window.rubric_panel.submit_button.text() == "Submit"
    window.close()


def test_dark_workspace_screenshot(qtbot: QtBot, tmp_path: Path, app_state: QApplication) -> None:
    apply_theme(app_state, "dark")
    window, image = _shoot(qtbot, tmp_path / "dark", "en", "dark")
    assert _mean_lightness(image) < 110
    window.close()


def test_chinese_workspace_screenshot(
    qtbot: QtBot, tmp_path: Path, app_state: QApplication
) -> None:
    apply_theme(app_state, "light")
    assert install_translators(app_state, "zh_CN") == "zh_CN"
    window, _ = _shoot(qtbot, tmp_path / "zh", "zh_CN", "zh")
    assert window.rubric_panel.submit_button.text() == "提交"
    form = window.controller.form
    assert form is not None
    assert "有用性" in form.box("helpfulness").title.text()
    assert window.windowTitle() == "Prefdesk"
    assert Qt.LayoutDirection.LeftToRight == window.layoutDirection()
    window.close()


def _shoot_account(qtbot: QtBot, profile: Path, lang: str) -> MainWindow:
    """The window signed in with work waiting, its status bar, and the sign-in dialog
    showing a certificate problem, saved as ``sync-*-{lang}.png`` and ``sign-in-{lang}.png``."""
    window = MainWindow(TaskLanes(), started=0.0, lang=lang)
    qtbot.addWidget(window)
    window.account.keyring_backend = MemoryKeyring()
    window.resize(1600, 1000)
    window.show()
    with qtbot.waitSignal(window.sig_first_item_shown, timeout=30_000):
        window.open_profile(profile, seed_demo=True)
    qtbot.waitUntil(lambda: window.account.sign_in is not None, timeout=5000)
    window.account.status_widget.set_status(
        SyncStatusView(
            signed_in=True,
            online=True,
            pending=12,
            last_synced=datetime.now(UTC) - timedelta(minutes=3),
        )
    )
    window.account.status_widget.set_progress((340, 1000))
    qtbot.wait(300)
    ARTIFACTS.mkdir(exist_ok=True)
    window.grab().save(str(ARTIFACTS / f"sync-window-{lang}.png"))
    window.statusBar().grab().save(str(ARTIFACTS / f"sync-statusbar-{lang}.png"))
    shown = window.account.status_widget.view
    offline = status_after(shown, FakeResult(outcome="offline"), datetime.now(UTC))
    window.account.status_widget.set_status(replace(offline, signed_in=True, pending=12))
    qtbot.wait(100)
    window.statusBar().grab().save(str(ARTIFACTS / f"sync-statusbar-offline-{lang}.png"))
    window.account.status_widget.set_status(shown)
    window.account.status_widget.set_progress((340, 1000))
    flow = window.account.sign_in
    assert flow is not None
    dialog = flow.open_dialog(Account("https://annotate.vendor.example", "ana"))
    dialog.token.setText("pd_not_a_real_token")
    dialog.show_problem(flow.problem_text(SignInError("tls", "certificate has expired")))
    qtbot.wait(200)
    dialog.grab().save(str(ARTIFACTS / f"sign-in-{lang}.png"))
    dialog.reject()
    return window


def test_sync_status_and_sign_in_screenshots(
    qtbot: QtBot, tmp_path: Path, app_state: QApplication
) -> None:
    apply_theme(app_state, "light")
    window = _shoot_account(qtbot, tmp_path / "en", "en")
    status = window.account.status_widget
    assert (status.state.text(), status.pending.text()) == ("Receiving 340 of 1,000", "12 to send")
    assert status.last.text() == "synced 3 min ago"
    window.close()


def test_chinese_sync_status_and_sign_in_screenshots(
    qtbot: QtBot, tmp_path: Path, app_state: QApplication
) -> None:
    apply_theme(app_state, "light")
    assert install_translators(app_state, "zh_CN") == "zh_CN"
    window = _shoot_account(qtbot, tmp_path / "zh", "zh_CN")
    status = window.account.status_widget
    assert (status.state.text(), status.pending.text()) == ("正在接收 340 / 1,000", "12 条待发送")
    assert status.last.text() == "3 分钟前同步"
    window.close()
