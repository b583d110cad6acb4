"""Screenshots of the workspace in light, dark and Chinese, kept as test artifacts.

They are made from the real window on the demo workspace, with a draft in progress, so a
reviewer (and the README) sees what an annotator sees. Each run also checks what can be
checked in a picture: dark really is dark, and the Chinese window really speaks Chinese.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.i18n import install_translators
from app.main_window import MainWindow
from app.tasks import TaskLanes
from app.theme import apply_theme

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
