"""The app's view of one profile: store queries and judgment operations in plain data.

Every method touches disk, so the window calls them through ``TaskLanes`` only: writes on
the writer lane, reads on the pool.
"""

from __future__ import annotations

import functools
import string
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.display_order import display_order
from app.item_session import DraftRef, ItemSession
from app.pack_catalog import PackCatalog
from guidelines import GuidelinePack, pack_from_canonical, validate_answers
from guidelines.rubric import Rubric
from storage import (
    ImportProgress,
    ImportReport,
    JudgmentRepository,
    JudgmentState,
    Store,
    count_items,
    get_item,
    import_source,
    list_batches,
    list_items,
)
from storage.catalog import latest_judgment_id, next_open_item, project_of_item
from storage.pack_changes import attention_for, clear_attention
from storage.reviews import JudgmentReviews, judgment_reviews
from storage.workspace_state import Tally, load_ui_state, save_ui_state, tally_since
from widgets.view_models import (
    ImageData,
    ItemContent,
    QueueBatch,
    QueueItem,
    ResponseCard,
    TurnView,
)

if TYPE_CHECKING:
    from app.credentials import KeyringLike

DEMO_TASKS = Path(__file__).parent / "demo" / "demo-tasks.jsonl"
RESPONSE_LABELS = string.ascii_uppercase
PLACE_KEY = "workspace.place"
#: Queue rows loaded at a time: enough to scroll through, few enough to build at once.
QUEUE_PAGE = 500


@functools.lru_cache(maxsize=16)
def _rubric_of(canonical: bytes) -> Rubric:
    # A published pack version never changes, so its parsed rubric can be kept.
    return pack_from_canonical(canonical).rubric


def validate_with_pack(
    canonical: bytes, answers: Mapping[str, Any], rids: Sequence[str]
) -> list[str]:
    """The store's validator: the guideline pack's own rules, as the server will apply them."""
    return [p.message for p in validate_answers(_rubric_of(canonical), answers, rids)]


class Workspace:
    """Owns the profile's ``Store``; the composition root closes it on exit."""

    def __init__(self, store: Store, encryption_notice: str | None = None) -> None:
        self.store = store
        #: Why this new profile was left unencrypted (no secure keyring), for the annotator.
        self.encryption_notice = encryption_notice
        self.packs = PackCatalog(store)
        self.judgments = JudgmentRepository(store, validate_with_pack)
        self.seed = store.device_id()  # the id, not the bound method (whose repr changes per run)

    @classmethod
    def open(
        cls,
        data_dir: Path,
        seed_demo: bool = False,
        encrypt_new: bool | None = None,
        keyring_backend: KeyringLike | None = None,
    ) -> Workspace:
        """Open the profile, with its store key when encrypted (:mod:`app.encryption`).

        A new profile is encrypted where a secure keyring exists, unless ``encrypt_new`` is
        False; by default the demo workspace is not, as it holds only the shipped examples.
        """
        from app.encryption import open_store

        opened = open_store(
            data_dir,
            keyring_backend,
            encrypt_new=not seed_demo if encrypt_new is None else encrypt_new,
        )
        store = opened.store
        workspace = cls(store, opened.notice)
        if seed_demo:
            if count_items(store) == 0:
                import_source(store, DEMO_TASKS)
            workspace.packs.seed_demo()
        return workspace

    def import_pack(
        self, path: Path, progress: Callable[[ImportProgress], None] | None = None
    ) -> ImportReport:
        return import_source(self.store, path, progress=progress)

    def close(self) -> None:
        self.store.close()

    # -- the queue -----------------------------------------------------------------------

    def item_count(self) -> int:
        return count_items(self.store)

    def batches(self) -> list[QueueBatch]:
        return [
            QueueBatch(b.id, b.name, b.items, b.done, b.drafts, b.returned)
            for b in list_batches(self.store)
        ]

    def items(
        self,
        batch_id: str,
        status: str | None = None,
        search: str | None = None,
        offset: int = 0,
        limit: int = QUEUE_PAGE,
    ) -> tuple[list[QueueItem], bool]:
        """One page of a batch's items, and whether more follow."""
        found = list_items(
            self.store,
            batch_id,
            status=status or None,
            search=search or None,
            limit=limit + 1,
            offset=offset,
        )
        page = [QueueItem(i.id, i.status, i.preview) for i in found[:limit]]
        return page, len(found) > limit

    def next_item(self, after_item_id: str | None) -> str | None:
        return next_open_item(self.store, after_item_id)

    # -- one item ------------------------------------------------------------------------

    def item_content(self, item_id: str) -> ItemContent:
        return self.item_session(item_id).content

    def item_session(self, item_id: str) -> ItemSession:
        item = get_item(self.store, item_id)
        project = project_of_item(self.store, item_id)
        pack = self.packs.current_for_project(project)
        latest = latest_judgment_id(self.store, item_id)
        judgment = self.judgments.get(latest) if latest else None
        by_id = {r.id: r for r in item.responses}
        if judgment is not None and sorted(judgment.display_order) == sorted(by_id):
            order = list(judgment.display_order)
        else:
            order = display_order(list(by_id), item_id, self.seed)
        if judgment is not None and judgment.is_draft and pack is not None:
            pack = self.packs.get(judgment.pack_id, judgment.pack_version)
        content = ItemContent(
            id=item.id,
            turns=tuple(
                TurnView(
                    t["role"],
                    t["content"],
                    tuple(
                        ImageData(i["media_type"], i["data"], i.get("alt", ""))
                        for i in t.get("images", ())
                    ),
                )
                for t in item.conversation
            ),
            responses=tuple(
                ResponseCard(RESPONSE_LABELS[n], by_id[rid].content, rid)
                for n, rid in enumerate(order)
            ),
        )
        attention = tuple(attention_for(self.store, judgment.id)) if judgment else ()
        previous = None
        if pack is not None and not self.packs.is_acknowledged(pack):
            previous = self.packs.previous_acknowledged(pack)
        reviews = judgment_reviews(self.store, judgment.id) if judgment else None
        return ItemSession(
            content, tuple(order), project, pack, judgment, attention, previous, reviews
        )

    def reviews(self, judgment_id: str) -> JudgmentReviews:
        """The lead's reviews of a judgment and of the revisions it amends."""
        return judgment_reviews(self.store, judgment_id)

    # -- judgments (writer lane) ---------------------------------------------------------

    def _ensure_draft(self, ref: DraftRef, answers: Mapping[str, Any]) -> str:
        if ref.judgment_id is None:
            state = self.judgments.start_draft(
                ref.item_id,
                ref.pack_id,
                ref.pack_version,
                ref.display_order,
                supersedes_id=ref.supersedes_id,
                answers=answers,
            )
            ref.judgment_id = state.id
        return ref.judgment_id

    def save_draft(
        self,
        ref: DraftRef,
        answers: Mapping[str, Any],
        active_ms: int,
        place: Mapping[str, Any] | None = None,
    ) -> JudgmentState:
        judgment_id = self._ensure_draft(ref, answers)
        state = self.judgments.save_draft(judgment_id, answers, active_ms)
        if place is not None:
            save_ui_state(self.store, PLACE_KEY, dict(place))
        return state

    def submit(self, ref: DraftRef, answers: Mapping[str, Any], active_ms: int) -> JudgmentState:
        judgment_id = self._ensure_draft(ref, answers)
        state = self.judgments.submit(judgment_id, answers, active_ms)
        if attention_for(self.store, judgment_id):
            clear_attention(self.store, judgment_id)
        return state

    def skip(
        self, ref: DraftRef, answers: Mapping[str, Any], reason: str, active_ms: int
    ) -> JudgmentState:
        judgment_id = self._ensure_draft(ref, answers)
        self.judgments.save_draft(judgment_id, answers, active_ms)
        return self.judgments.skip(judgment_id, reason, active_ms)

    def amend(self, judgment_id: str) -> JudgmentState:
        return self.judgments.amend(judgment_id)

    # -- place and pace ------------------------------------------------------------------

    def save_place(self, place: Mapping[str, Any]) -> None:
        save_ui_state(self.store, PLACE_KEY, dict(place))

    def load_place(self) -> dict[str, Any]:
        value = load_ui_state(self.store, PLACE_KEY, {})
        return value if isinstance(value, dict) else {}

    def tally_today(self, now: datetime | None = None) -> Tally:
        """Work finished since local midnight."""
        local = (now or datetime.now().astimezone()).astimezone()
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        since = midnight.astimezone(UTC).isoformat(timespec="milliseconds")
        return tally_since(self.store, since.replace("+00:00", "Z"))

    def pack(self, pack_id: str, version: str) -> GuidelinePack:
        return self.packs.get(pack_id, version)
