"""Chinese is complete, compiled when needed, and chosen by the override before the OS."""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLibraryInfo, QLocale
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from app.i18n import (
    I18N_DIR,
    catalogue_source,
    choose_language,
    ensure_compiled,
    find_lrelease,
    install_translators,
)
from widgets.cheat_sheet import CheatSheet

REPO = Path(__file__).resolve().parents[2]
ZH_TS = catalogue_source("zh_CN")
FIX = "run `make translations`, then translate in app/i18n/prefdesk_zh_CN.ts"
# Python format fields ({0}, {name}, {rate:.0f}) and Qt's %1 / %n: a translation that drops
# or renames one raises at .format() time, so they must match exactly.
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%(?:\d+|n)")


def _messages(ts: Path) -> Iterator[tuple[str, str, list[str], str | None]]:
    """(context, source, translations, type) for every live message of ``ts``."""
    root = ET.parse(ts).getroot()
    for context in root.iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            kind = translation.get("type")
            if kind in ("vanished", "obsolete"):
                continue
            forms = [f.text or "" for f in translation.iter("numerusform")] or [
                translation.text or ""
            ]
            yield name, message.findtext("source", ""), forms, kind


@pytest.fixture
def restore_english(qapp: QApplication) -> Iterator[QApplication]:
    """Whatever a test installs, later tests see the English UI and the original locale."""
    saved = QLocale()
    yield qapp
    install_translators(qapp, "en")
    QLocale.setDefault(saved)


def test_every_chinese_translation_is_filled_in_and_finished() -> None:
    unfinished = [
        f"{context}: {source!r}"
        for context, source, forms, kind in _messages(ZH_TS)
        if kind == "unfinished" or not all(f.strip() for f in forms)
    ]
    assert not unfinished, f"{len(unfinished)} strings lack Chinese ({FIX}):\n" + "\n".join(
        unfinished
    )


def test_every_chinese_translation_keeps_the_placeholders_of_its_source() -> None:
    broken = [
        f"{context}: {source!r} → {form!r}"
        for context, source, forms, _kind in _messages(ZH_TS)
        for form in forms
        if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(form))
    ]
    assert not broken, "translations whose placeholders differ:\n" + "\n".join(broken)


def test_the_catalogue_holds_every_string_the_code_asks_to_translate(tmp_path: Path) -> None:
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    if not lupdate.exists():
        pytest.skip("pyside6-lupdate is not installed beside this Python")
    fresh = tmp_path / "prefdesk_zh_CN.ts"
    shutil.copy(ZH_TS, fresh)
    subprocess.run(
        [str(lupdate), "-extensions", "py", "-locations", "none", "-no-obsolete", "-silent",
         "app", "widgets", "-ts", str(fresh)],
        cwd=REPO, check=True, capture_output=True,
    )  # fmt: skip
    committed = {(c, s) for c, s, _f, _k in _messages(ZH_TS)}
    wanted = {(c, s) for c, s, _f, _k in _messages(fresh)}
    new = sorted(wanted - committed)
    assert not new, f"{len(new)} strings are not in the catalogue ({FIX}):\n" + "\n".join(
        f"{context}: {source!r}" for context, source in new
    )


def test_choosing_chinese_makes_a_window_speak_chinese(restore_english: QApplication) -> None:
    assert install_translators(restore_english, "zh_CN") == "zh_CN"
    sheet = CheatSheet([("Judging", "Submit the judgment", "Ctrl+Return")])
    assert sheet.windowTitle() == "键盘快捷键"


def test_choosing_chinese_also_translates_qts_own_buttons(restore_english: QApplication) -> None:
    qt_dir = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    if not (qt_dir / "qtbase_zh_CN.qm").is_file():
        pytest.skip(f"this Qt ships no qtbase_zh_CN.qm in {qt_dir}")
    install_translators(restore_english, "zh_CN")
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"


def test_english_removes_the_chinese_translators(restore_english: QApplication) -> None:
    install_translators(restore_english, "zh_CN")
    assert install_translators(restore_english, "en") == "en"
    assert CheatSheet([]).windowTitle() == "Keyboard shortcuts"


def test_the_override_beats_the_os_locale(restore_english: QApplication) -> None:
    chinese_os = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    assert install_translators(restore_english, "en", system_locale=chinese_os) == "en"
    assert CheatSheet([]).windowTitle() == "Keyboard shortcuts"
    english_os = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    assert choose_language("zh_CN", english_os) == "zh_CN"


def test_system_follows_the_os_locale_and_any_chinese_means_simplified() -> None:
    assert choose_language("system", QLocale("zh_CN")) == "zh_CN"
    assert choose_language("system", QLocale("zh_TW")) == "zh_CN"
    assert choose_language("system", QLocale("en_GB")) == "en"
    assert choose_language("system", QLocale("de_DE")) == "en"  # no German: the source text
    assert choose_language("nonsense", QLocale("zh_CN")) == "zh_CN"


@pytest.mark.skipif(sys.platform != "linux", reason="the OS locale comes from LANG on Linux")
def test_system_reads_the_real_os_locale_of_the_process() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    code = "from app.i18n import choose_language; print(choose_language('system'))"
    for lang, expected in (("zh_CN.UTF-8", "zh_CN"), ("en_US.UTF-8", "en")):
        done = subprocess.run(
            [sys.executable, "-c", code],
            env={**env, "LANG": lang},
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        )
        assert done.stdout.strip() == expected


def test_a_missing_catalogue_is_compiled_at_start_up(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    if find_lrelease() is None:
        pytest.skip("no lrelease available")
    ts = tmp_path / ZH_TS.name
    shutil.copy(ZH_TS, ts)
    with caplog.at_level(logging.INFO, logger="app.i18n"):
        qm = ensure_compiled(ts)
    assert qm == ts.with_suffix(".qm")
    assert qm.stat().st_size > 0
    assert "Compiling translations" in caplog.text
    assert not list(tmp_path.glob("*.tmp.qm"))


def test_a_catalogue_older_than_its_source_is_rebuilt(tmp_path: Path) -> None:
    if find_lrelease() is None:
        pytest.skip("no lrelease available")
    ts = tmp_path / ZH_TS.name
    shutil.copy(ZH_TS, ts)
    stale = ts.with_suffix(".qm")
    stale.write_bytes(b"old")
    os.utime(stale, (1, 1))
    assert ensure_compiled(ts) == stale
    assert stale.read_bytes() != b"old"


def test_a_catalogue_that_cannot_be_written_beside_its_source_goes_to_the_fallback(
    tmp_path: Path,
) -> None:
    if find_lrelease() is None:
        pytest.skip("no lrelease available")
    installed = tmp_path / "site-packages"
    installed.mkdir()
    ts = installed / ZH_TS.name
    shutil.copy(ZH_TS, ts)
    # Something unwritable in the way (as a read-only wheel would be, even for root).
    ts.with_suffix(".qm").mkdir()
    qm = ensure_compiled(ts, fallback_dir=tmp_path / "cache")
    assert qm == tmp_path / "cache" / "prefdesk_zh_CN.qm"
    assert qm.is_file()


def test_the_compiled_catalogue_is_not_committed() -> None:
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", str(I18N_DIR / "prefdesk_zh_CN.qm")], cwd=REPO, check=False
    )
    assert ignored.returncode == 0, ".qm files are build products: keep them in .gitignore"
