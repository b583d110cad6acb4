"""The app's view of one profile: store queries mapped to the views' plain data.

Every method touches disk, so the window calls them through ``TaskLanes`` only.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from pathlib import Path

from storage import (
    ImportProgress,
    ImportReport,
    Store,
    count_items,
    get_item,
    import_source,
    list_batches,
    list_items,
)
from widgets.view_models import ItemContent, QueueBatch, QueueItem, ResponseCard, TurnView

DEMO_TASKS = Path(__file__).parent / "demo" / "demo-tasks.jsonl"
RESPONSE_LABELS = string.ascii_uppercase


class Workspace:
    """Owns the profile's ``Store``; the composition root closes it on exit."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @classmethod
    def open(cls, data_dir: Path, seed_demo: bool = False) -> Workspace:
        store = Store.open(data_dir)
        if seed_demo and count_items(store) == 0:
            import_source(store, DEMO_TASKS)
        return cls(store)

    def import_pack(
        self, path: Path, progress: Callable[[ImportProgress], None] | None = None
    ) -> ImportReport:
        return import_source(self.store, path, progress=progress)

    def close(self) -> None:
        self.store.close()

    def item_count(self) -> int:
        return count_items(self.store)

    def batches(self) -> list[QueueBatch]:
        return [
            QueueBatch(b.id, b.name, b.items, b.done, b.drafts) for b in list_batches(self.store)
        ]

    def items(self, batch_id: str) -> list[QueueItem]:
        return [QueueItem(i.id, i.status, i.preview) for i in list_items(self.store, batch_id)]

    def item_content(self, item_id: str) -> ItemContent:
        item = get_item(self.store, item_id)
        return ItemContent(
            id=item.id,
            turns=tuple(TurnView(t["role"], t["content"]) for t in item.conversation),
            responses=tuple(
                ResponseCard(RESPONSE_LABELS[i], r.content) for i, r in enumerate(item.responses)
            ),
        )
