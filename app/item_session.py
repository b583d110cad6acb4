"""What the workspace needs to show one item, and the draft it is writing to."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from guidelines import GuidelinePack
from storage import JudgmentState
from storage.reviews import JudgmentReviews, is_amendable
from widgets.view_models import ItemContent


@dataclass(frozen=True)
class ItemSession:
    """An item ready to show: responses already in display order and labelled A, B, C…."""

    content: ItemContent
    display_order: tuple[str, ...]
    project_id: str
    pack: GuidelinePack | None
    judgment: JudgmentState | None
    attention: tuple[str, ...] = ()
    #: The earlier pack version the annotator worked under, while the change from it to
    #: ``pack`` is not yet acknowledged; None when there is nothing to acknowledge.
    unacknowledged_from: GuidelinePack | None = None
    #: What the lead said about ``judgment`` and the revisions it amends; None when the
    #: item has no judgment yet.
    reviews: JudgmentReviews | None = None

    @property
    def editable(self) -> bool:
        return self.pack is not None and (self.judgment is None or self.judgment.is_draft)

    @property
    def amendable(self) -> bool:
        """Finished, and either not yet synced or returned by the lead: it can be reopened
        as an amendment."""
        j = self.judgment
        return j is not None and is_amendable(j.status, j.sync_state, self.reviews)

    @property
    def returned(self) -> bool:
        """The lead returned this judgment and it has not been amended yet."""
        return self.reviews is not None and self.reviews.reopened


@dataclass
class DraftRef:
    """The draft an item's edits go to. Created on the GUI thread when the item is shown;
    ``judgment_id`` is filled in by the writer lane on the first save, and since that lane
    runs tasks in order, every later task sees it."""

    item_id: str
    pack_id: str
    pack_version: str
    display_order: tuple[str, ...]
    judgment_id: str | None = None
    supersedes_id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
