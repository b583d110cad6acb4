"""Stand-ins for ``sync.SyncClient`` and its results, injected through the client factory."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FakeProgress:
    phase: str
    done: int
    total: int | None


@dataclass(frozen=True)
class FakeResult:
    outcome: str = "ok"
    session_id: str = "s1"
    pushed: int = 0
    accepted: int = 0
    duplicate: int = 0
    rejected: int = 0
    pulled: int = 0
    packs_added: list[tuple[str, str]] = field(default_factory=list)
    problem: str | None = None
    action: str | None = None


@dataclass
class FakeClients:
    """A factory whose clients answer ``outcomes`` in turn; ``gate`` holds a run open."""

    outcomes: list[Any] = field(default_factory=lambda: [FakeResult()])
    gate: threading.Event | None = None
    made: list[tuple[Any, Any, str]] = field(default_factory=list)
    runs: int = 0
    progress: list[FakeProgress] = field(default_factory=list)

    def __call__(self, store: Any, account: Any, token: str) -> FakeClients:
        self.made.append((store, account, token))
        return self

    def run(
        self,
        *,
        cancel: Callable[[], bool] = lambda: False,
        progress: Callable[[Any], None] | None = None,
        claim_project: str | None = None,
    ) -> Any:
        self.runs += 1
        for update in self.progress:
            if progress is not None:
                progress(update)
        if self.gate is not None:
            while not self.gate.wait(0.01):
                if cancel():
                    return FakeResult(outcome="cancelled")
        answer = self.outcomes[min(self.runs - 1, len(self.outcomes) - 1)]
        if isinstance(answer, BaseException):
            raise answer
        return answer
