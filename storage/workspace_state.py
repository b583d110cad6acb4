"""The annotator's place and pace: crash-safe UI state and the day's tally.

UI state is a handful of small JSON values (which item is open, scroll positions, the
cursor in the text being typed). It lives in the store, not in a settings file, because it
must survive exactly what drafts survive: a killed process.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from storage.ids import utc_now
from storage.models import Judgment, UiStateEntry
from storage.store import Store


def save_ui_state(store: Store, key: str, value: Any) -> None:
    """Keep ``value`` (JSON-able) under ``key``, replacing what was there."""
    encoded = json.dumps(value, sort_keys=True, ensure_ascii=False)
    now = utc_now()
    with store.write() as conn:
        statement = sqlite_insert(UiStateEntry).values(key=key, value_json=encoded, updated_at=now)
        conn.execute(
            statement.on_conflict_do_update(
                index_elements=["key"], set_={"value_json": encoded, "updated_at": now}
            )
        )


def load_ui_state(store: Store, key: str, default: Any = None) -> Any:
    with store.read() as conn:
        raw = conn.execute(select(UiStateEntry.value_json).where(UiStateEntry.key == key)).scalar()
    if raw is None:
        return default
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        return default  # a value we cannot read is a lost scroll position, not a lost judgment


@dataclass(frozen=True)
class Tally:
    """Judgments finished since a moment, and the active time they took."""

    done: int
    active_ms: int

    @property
    def per_hour(self) -> float:
        """Items per hour of active work (0 until a minute of work is on record)."""
        if self.active_ms < 60_000:
            return 0.0
        return self.done / (self.active_ms / 3_600_000)


def tally_since(store: Store, since_utc_iso: str) -> Tally:
    """Submitted or skipped judgments whose submission is at or after ``since_utc_iso``."""
    with store.read() as conn:
        row = conn.execute(
            select(func.count(), func.coalesce(func.sum(Judgment.active_ms), 0)).where(
                Judgment.status != "draft", Judgment.submitted_at >= since_utc_iso
            )
        ).one()
    return Tally(done=int(row[0]), active_ms=int(row[1]))
