"""The plain rows a delivery is made from, and the filters that choose among them.

A ``DeliveryRow`` is one judgment (the newest revision: superseded revisions never reach a
delivery) with its item, its provenance and what QC and review said about it. Everything in
``server.delivery`` is a pure function of these rows and the rubrics; only
``server.admin.exporting`` knows the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from guidelines.rubric import Rubric

#: Review outcomes that make a judgment deliverable under the accepted-only filter.
ACCEPTED_OUTCOMES = frozenset({"accepted", "fixed"})

#: (pack id, pack version) → that version's rubric.
Rubrics = Mapping[tuple[str, str], Rubric]


@dataclass(frozen=True)
class Message:
    """One conversation turn, text only (images are not part of any delivery format)."""

    role: str
    content: str

    def to_json(self) -> dict[str, str]:
        return {"role": self.role, "content": self.content}


@dataclass(frozen=True)
class Candidate:
    """A response of the item (or an annotator's rewrite ranked beside them)."""

    id: str
    content: str


@dataclass(frozen=True)
class DeliveryItem:
    id: str
    conversation: tuple[Message, ...]
    responses: tuple[Candidate, ...]

    def response(self, response_id: str) -> Candidate | None:
        for candidate in self.responses:
            if candidate.id == response_id:
                return candidate
        return None


@dataclass(frozen=True)
class DeliveryRow:
    judgment_id: str
    item: DeliveryItem
    answers: Mapping[str, Any]
    display_order: tuple[str, ...]
    pack_id: str
    pack_version: str
    pack_sha256: str
    annotator: str  # the pseudonym, never the login name
    submitted_at: str | None
    active_ms: int
    stale: bool = False
    late: bool = False
    status: str = "submitted"
    qc_flags: tuple[str, ...] = ()
    review: str | None = None  # the latest review outcome, None if never reviewed


@dataclass(frozen=True)
class Filters:
    """Which judgments a delivery holds.

    ``accepted_only``: review outcome ``accepted`` or ``fixed``. ``pack_versions``: keep only
    these versions (empty: all). ``exclude_stale``: drop judgments made under an older pack
    version than the newest published. ``min_agreement``: drop items whose agreement (from
    ``agreement``, item id → figure) is below it; an item with no figure is dropped too.
    """

    accepted_only: bool = True
    pack_versions: tuple[str, ...] = ()
    exclude_stale: bool = False
    min_agreement: float | None = None
    agreement: Mapping[str, float] = field(default_factory=dict)

    def describe(self) -> dict[str, Any]:
        return {
            "accepted_only": self.accepted_only,
            "pack_versions": list(self.pack_versions),
            "exclude_stale": self.exclude_stale,
            "min_agreement": self.min_agreement,
        }


@dataclass(frozen=True)
class Selection:
    rows: list[DeliveryRow]
    considered: int
    dropped: dict[str, int]
    notes: list[str]


def select(rows: Iterable[DeliveryRow], filters: Filters) -> Selection:
    """The rows ``filters`` keep, with how many each filter dropped and notes for the manifest."""
    every = list(rows)
    dropped = {"not_accepted": 0, "pack_version": 0, "stale": 0, "agreement": 0}
    kept: list[DeliveryRow] = []
    for row in every:
        if filters.accepted_only and row.review not in ACCEPTED_OUTCOMES:
            dropped["not_accepted"] += 1
        elif filters.pack_versions and row.pack_version not in filters.pack_versions:
            dropped["pack_version"] += 1
        elif filters.exclude_stale and row.stale:
            dropped["stale"] += 1
        elif filters.min_agreement is not None and (
            filters.agreement.get(row.item.id, float("-inf")) < filters.min_agreement
        ):
            dropped["agreement"] += 1
        else:
            kept.append(row)
    notes: list[str] = []
    if filters.accepted_only and every and all(r.review is None for r in every):
        notes.append(
            "no judgment has been reviewed yet: the accepted-only filter keeps nothing "
            "(export with --include-unreviewed to deliver unreviewed judgments)"
        )
    return Selection(kept, len(every), dropped, notes)
