"""Why a sync session stopped early, as an outcome, a problem and an action for the user.

Messages are built from status codes and the server's ``ErrorBody`` sentences only, never
from request headers, so the API token cannot end up in them.
"""

from __future__ import annotations

from typing import Literal

Outcome = Literal[
    "ok", "offline", "unauthorized", "too_old", "cancelled", "attention", "busy", "error"
]


class SyncStopped(Exception):
    """Ends a session with ``outcome``; ``problem`` and ``action`` are shown to the user."""

    def __init__(self, outcome: Outcome, problem: str | None, action: str | None) -> None:
        super().__init__(problem or outcome)
        self.outcome: Outcome = outcome
        self.problem = problem
        self.action = action


class TooLarge(Exception):
    """The server answered 413: the request must be made smaller (push halves its page)."""
