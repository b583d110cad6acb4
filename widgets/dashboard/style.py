"""What every dashboard figure shares: fonts with a CJK fallback, colours, how untrusted
strings become labels, and how a missing glyph is tolerated.

Figures are plain ``matplotlib.figure.Figure`` objects (never pyplot), so they can be
built and rendered off the GUI thread for the exports.
"""

from __future__ import annotations

import functools
import math
import threading
import unicodedata
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import matplotlib
from matplotlib import font_manager
from PySide6.QtCore import QCoreApplication

translate = QCoreApplication.translate

# The first installed one of these draws the Chinese glyphs DejaVu Sans lacks (Debian's
# fonts-noto-cjk, Adobe's Source Han, Windows' YaHei, macOS' PingFang, WenQuanYi).
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "WenQuanYi Zen Hei",
)

# Okabe–Ito: told apart by colour-blind readers too.
ACCEPTED = "#009E73"
RETURNED = "#D55E00"
REVIEWED = "#0072B2"
AWAITING = "#56B4E9"
NOT_JUDGED = "#E4E4E4"
GOLD = "#E69F00"
AGREEMENT = "#0072B2"
VOLUME = "#D9D9D9"
BAR = "#0072B2"
FLAGGED = "#C0392B"
MUTED = "#6B6B6B"
POSITIONS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")

FLAG_MARK = "⚑"
NO_VALUE = "—"
LABEL_LIMIT = 28

_glyph_lock = threading.Lock()


@functools.cache
def use_fonts() -> tuple[str, ...]:
    """Make DejaVu Sans with the installed CJK fallbacks matplotlib's default family.

    Tick labels are made lazily at draw time from the process-wide defaults, so a
    per-figure font setting would miss them: the fallback chain has to be the default.
    Only installed families are named, so a machine without any draws boxes, not errors.
    """
    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    families = ("DejaVu Sans", *(f for f in CJK_FAMILIES if f in installed))
    matplotlib.rcParams["font.family"] = list(families)
    matplotlib.rcParams["svg.fonttype"] = "path"
    return families


@contextmanager
def missing_glyphs_tolerated() -> Iterator[None]:
    """Draw inside this: a glyph no installed font has is drawn as a box, not raised.

    matplotlib warns once per missing glyph (a Chinese pseudonym on a machine without a
    CJK font); under warnings-as-errors that would abort the draw. ``catch_warnings`` is
    process-wide before Python 3.14, hence the lock around our own draws.
    """
    with _glyph_lock, warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from", category=UserWarning)
        yield


def label(text: str, limit: int = LABEL_LIMIT) -> str:
    """An untrusted string as a one-line chart label: control characters become spaces,
    long ones end in "…", and ``$`` stays a dollar sign instead of starting mathtext."""
    flat = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in text).strip()
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    return flat.replace("$", r"\$")


def number(value: float | None, digits: int = 1) -> str:
    return NO_VALUE if value is None or math.isnan(value) else f"{value:.{digits}f}"


def percent(value: float | None) -> str:
    return NO_VALUE if value is None or math.isnan(value) else f"{value:.0%}"


def p_value(value: float | None) -> str:
    if value is None or math.isnan(value):
        return NO_VALUE
    return "<0.001" if value < 0.001 else f"{value:.3f}"


def no_data() -> str:
    return translate("DashboardCharts", "no data")


def state_name(state: str) -> str:
    names = {
        "open": translate("DashboardCharts", "open"),
        "assigned": translate("DashboardCharts", "assigned"),
        "in_progress": translate("DashboardCharts", "in progress"),
        "submitted": translate("DashboardCharts", "submitted"),
        "checked": translate("DashboardCharts", "checked"),
        "accepted": translate("DashboardCharts", "accepted"),
        "returned": translate("DashboardCharts", "returned"),
        "delivered": translate("DashboardCharts", "delivered"),
    }
    return names.get(state, state)
