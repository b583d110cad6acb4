"""UI language: pick it, make sure the compiled catalogue exists, install the translators.

English is the source language (the text in ``tr()`` calls). Other languages live in
``app/i18n/prefdesk_<lang>.ts``, which is committed; the compiled ``.qm`` is not. ``make``
compiles it on install, and :func:`ensure_compiled` compiles it at start-up when it is
missing or older than its ``.ts``, so a plain ``pip install -e .`` also gets Chinese.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Final

import PySide6
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

SOURCE_LANGUAGE: Final = "en"
LANGUAGES: Final = ("en", "zh_CN")
I18N_DIR: Final = Path(__file__).with_name("i18n")
CATALOGUE: Final = "prefdesk"
_TRANSLATOR_NAME = "prefdesk-translator"
_LRELEASE_TIMEOUT_S = 60


def choose_language(preference: str, system: QLocale | None = None) -> str:
    """The UI language for ``preference`` ("system" or one of ``LANGUAGES``).

    "system" walks the OS's preferred UI languages (``system``, default ``QLocale.system()``)
    and takes the first one Prefdesk has; any Chinese maps to zh_CN, the one Chinese
    catalogue, because Simplified serves a Traditional reader better than English does.
    """
    if preference in LANGUAGES:
        return preference
    locale = system if system is not None else QLocale.system()
    for name in locale.uiLanguages():
        base = name.replace("-", "_").split("_")[0].lower()
        if base == "zh":
            return "zh_CN"
        if base == "en":
            return "en"
    return SOURCE_LANGUAGE


def catalogue_source(language: str, i18n_dir: Path = I18N_DIR) -> Path:
    """The committed ``.ts`` for ``language``."""
    return i18n_dir / f"{CATALOGUE}_{language}.ts"


def find_lrelease() -> Path | None:
    """The lrelease binary: PySide6's own first (always there with PySide6-Essentials)."""
    name = "lrelease.exe" if sys.platform == "win32" else "lrelease"
    bundled = Path(PySide6.__file__).resolve().parent / name
    if bundled.is_file():
        return bundled
    for candidate in ("pyside6-lrelease", "lrelease"):
        found = shutil.which(candidate)
        if found:
            return Path(found)
    return None


def ensure_compiled(ts: Path, fallback_dir: Path | None = None) -> Path | None:
    """The ``.qm`` compiled from ``ts``, compiling it first if it is missing or stale.

    The ``.qm`` goes beside ``ts``; when that folder is read-only (an installed wheel) it goes
    to ``fallback_dir`` instead. Returns None when there is no usable ``.qm`` (never raises):
    the UI then stays in English, and the log says why. A stale ``.qm`` that cannot be
    rebuilt is still returned, as most of its strings are right.
    """
    beside = ts.with_suffix(".qm")
    targets = [beside] + ([fallback_dir / beside.name] if fallback_dir is not None else [])
    for qm in targets:
        if _fresh(qm, ts):
            return qm
    existing = next((qm for qm in targets if qm.is_file()), None)
    lrelease = find_lrelease()
    if lrelease is None:
        log.warning("No lrelease found to compile %s; install PySide6-Essentials", ts)
        return existing
    for qm in targets:
        if _compile(lrelease, ts, qm):
            return qm
    return existing


def install_translators(
    app: QCoreApplication,
    language_pref: str,
    system_locale: QLocale | None = None,
    i18n_dir: Path = I18N_DIR,
    fallback_dir: Path | None = None,
) -> str:
    """Install Qt's and Prefdesk's translators for the chosen language; return its code.

    The choice is ``language_pref`` when it names a language, else the OS locale (see
    :func:`choose_language`). Translators installed by an earlier call are removed first, so
    calling it again switches language (widgets built earlier keep their text). Missing
    catalogues are logged, not raised: the app still starts, in English.
    """
    language = choose_language(language_pref, system_locale)
    for old in app.findChildren(QTranslator, _TRANSLATOR_NAME):
        app.removeTranslator(old)
        old.deleteLater()
    # An explicit choice also sets number and key-name formatting; "system" keeps the OS's.
    QLocale.setDefault(QLocale(language) if language_pref in LANGUAGES else QLocale.system())
    log.info("UI language %s (preference %s)", language, language_pref)
    if language == SOURCE_LANGUAGE:
        return language
    qt_dir = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    # Installed later means asked first: Prefdesk's own strings win over Qt's.
    _install(app, qt_dir / f"qtbase_{language}.qm")
    _install(app, ensure_compiled(catalogue_source(language, i18n_dir), fallback_dir))
    return language


def _install(app: QCoreApplication, qm: Path | None) -> None:
    if qm is None or not qm.is_file():
        log.warning("No translation catalogue at %s; those strings stay in English", qm)
        return
    # Parented to the app: a translator that Python garbage-collects silently stops working.
    translator = QTranslator(app)
    translator.setObjectName(_TRANSLATOR_NAME)
    if translator.load(str(qm)):
        app.installTranslator(translator)
    else:
        log.warning("Could not load translation catalogue %s", qm)
        translator.deleteLater()


def _fresh(qm: Path, ts: Path) -> bool:
    try:
        return qm.is_file() and qm.stat().st_mtime >= ts.stat().st_mtime
    except OSError:
        return False


def _compile(lrelease: Path, ts: Path, qm: Path) -> bool:
    try:
        qm.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    # Compile to a private name and rename: two instances starting at once never read half a file.
    partial = qm.with_name(f"{qm.stem}.{os.getpid()}.tmp.qm")
    command = [str(lrelease), "-silent", str(ts), "-qm", str(partial)]
    log.info(
        "Compiling translations (%s is missing or older than its .ts): %s", qm, " ".join(command)
    )
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=_LRELEASE_TIMEOUT_S, check=False
        )
        if done.returncode != 0 or not partial.is_file():
            log.warning("lrelease failed on %s: %s", ts, (done.stderr or done.stdout).strip())
            return False
        os.replace(partial, qm)
        return True
    except (OSError, subprocess.TimeoutExpired) as error:
        log.warning("Could not compile %s to %s: %s", ts, qm, error)
        return False
    finally:
        partial.unlink(missing_ok=True)
