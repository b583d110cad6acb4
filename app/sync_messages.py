"""What the status bar says after a sync: a translated sentence and the one action that helps.

Keyed on ``SyncResult.outcome``; the client's own ``problem`` text (the server's words, or
what failed) is shown inside the sentence where it adds something.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication

from widgets.sync_status import SyncStatusView


def status_after(view: SyncStatusView, result: Any, now: datetime) -> SyncStatusView:
    """``view`` updated with ``result`` (anything with ``SyncResult``'s fields)."""
    outcome = str(getattr(result, "outcome", "error"))
    detail = str(getattr(result, "problem", None) or "")
    base = replace(view, syncing=False, progress=None)
    if outcome == "ok":
        notes = list(getattr(result, "notes", None) or [])
        problem = ""
        if notes:  # e.g. a guideline pack refused for want of a trusted signature
            problem = QCoreApplication.translate(
                "SyncStatus", "Synced, but {count} changes were skipped: {first}"
            ).format(count=len(notes), first=notes[0])
        return replace(base, online=True, last_synced=now, problem=problem, action="")
    if outcome == "cancelled":
        return replace(base, problem="", action="")
    if outcome == "attention":
        text = QCoreApplication.translate(
            "SyncStatus", "Synced; some judgments need your attention: {detail}"
        )
        return replace(
            base, online=True, last_synced=now, problem=text.format(detail=detail), action=""
        )
    if outcome == "offline":
        text = QCoreApplication.translate(
            "SyncStatus", "Offline: your work is kept and will be sent when the server answers."
        )
        return replace(base, online=False, problem=text, action="retry")
    if outcome == "unauthorized":
        text = QCoreApplication.translate(
            "SyncStatus", "The server no longer accepts your token: sign in again."
        )
        return replace(base, online=True, problem=text, action="sign_in")
    if outcome == "too_old":
        text = QCoreApplication.translate(
            "SyncStatus", "This Prefdesk is too old for the server: update it to sync."
        )
        return replace(base, online=True, problem=text, action="update")
    if outcome == "busy":
        text = QCoreApplication.translate(
            "SyncStatus",
            "Another sync is running or the server is busy; Prefdesk will try again shortly.",
        )
        return replace(base, online=True, problem=text, action="retry")
    text = QCoreApplication.translate("SyncStatus", "Sync failed: {detail}")
    return replace(base, problem=text.format(detail=detail or outcome), action="retry")
