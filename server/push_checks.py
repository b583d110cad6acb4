"""Is a pushed judgment acceptable? Checks made with lookups shared by a whole request.

A rejection is final for its seq and names the rule (``code``) and the reason. Judgments
made under an older pack version, or after their batch's lease ran out, are acceptable:
they are marked ``stale`` or ``late`` for a lead, never refused.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from protocol import PushItem, canonical_json
from server.db import utc_now
from server.models import Assignment, Batch, BatchItem, Item, Judgment, Membership, PackVersion
from server.pack_versions import newest_version


@dataclass(frozen=True)
class Verdict:
    rejection: tuple[str, str] | None = None
    assignment: Assignment | None = None
    project_id: str | None = None
    stale: bool = False
    late: bool = False
    #: The payload's canonical JSON, computed once for the hash check and for storage.
    canonical: str = ""


class Checker:
    """Validates pushed items of one user; looks up their assignments once per request."""

    def __init__(self, session: Session, user_id: str, item_ids: Iterable[str]) -> None:
        self._session = session
        self._user_id = user_id
        self._now = utc_now()
        self._packs: dict[tuple[str, str, str], str | None] = {}
        self._newest: dict[tuple[str, str], str | None] = {}
        self._accepted: dict[str, str] = {}  # judgment id → item id, earlier in this request
        rows = session.execute(
            select(Assignment, BatchItem.item_id, Item.response_ids_json, Batch.project_id)
            .join(Batch, Batch.id == Assignment.batch_id)
            .join(BatchItem, BatchItem.batch_id == Assignment.batch_id)
            .join(Item, (Item.id == BatchItem.item_id) & (Item.project_id == Batch.project_id))
            .join(
                Membership,
                (Membership.project_id == Batch.project_id)
                & (Membership.user_id == user_id)
                & (Membership.role == "annotator"),
            )
            .where(Assignment.user_id == user_id, BatchItem.item_id.in_(set(item_ids)))
            .order_by(Assignment.created_at)
        ).all()
        # An item can sit in several of the user's batches (and its id in several projects).
        # Holds are tried best first: live before released or lapsed (else the judgment would
        # be marked late and the live batch would never count it), then newest first.
        self._by_item: dict[str, list[tuple[Assignment, list[str], str]]] = {}
        for assignment, item_id, response_ids_json, project_id in rows:  # oldest first
            self._by_item.setdefault(item_id, []).append(
                (assignment, json.loads(response_ids_json), project_id)
            )
        for holds in self._by_item.values():
            holds.reverse()
            holds.sort(key=lambda hold: not self._live(hold[0]))  # stable: newest first kept

    def _live(self, assignment: Assignment) -> bool:
        return not self._lapsed(assignment)

    def _lapsed(self, assignment: Assignment) -> bool:
        return assignment.state in ("expired", "released") or (
            assignment.lease_expires_at is not None and assignment.lease_expires_at < self._now
        )

    def check(self, item: PushItem) -> Verdict:
        payload = item.payload
        canonical = canonical_json(payload.model_dump())
        if hashlib.sha256(canonical.encode("utf-8")).hexdigest() != item.payload_sha256:
            return Verdict(("hash_mismatch", "payload_sha256 does not match the payload"))
        holds = self._by_item.get(payload.item_id)
        if not holds:
            # The same answer whether the item does not exist or is someone else's.
            return Verdict(
                ("not_assigned", f"item {payload.item_id!r} is not in a batch assigned to you")
            )
        # The same item id in two projects: the project whose pack the judgment names.
        assignment, response_ids, project_id = next(
            (
                hold
                for hold in holds
                if self._pack_sha(hold[2], payload.pack.id, payload.pack.version)
                == payload.pack.sha256
            ),
            holds[0],
        )
        if self._pack_sha(project_id, payload.pack.id, payload.pack.version) != payload.pack.sha256:
            return Verdict(
                (
                    "unknown_pack",
                    f"guideline pack {payload.pack.id} {payload.pack.version} with this hash "
                    "is not published in the project",
                )
            )
        if sorted(payload.display_order) != sorted(response_ids):
            return Verdict(
                ("bad_display_order", "display_order is not an ordering of the item's responses")
            )
        if payload.supersedes_id is not None and not self._supersedable(
            payload.supersedes_id, payload.item_id
        ):
            return Verdict(
                ("bad_supersedes", "supersedes_id is not an earlier judgment of yours on this item")
            )
        newest = self._newest_version(project_id, payload.pack.id)
        late = self._lapsed(assignment)
        self._accepted[payload.id] = payload.item_id
        return Verdict(
            assignment=assignment,
            project_id=project_id,
            stale=newest is not None and newest != payload.pack.version,
            late=late,
            canonical=canonical,
        )

    def _pack_sha(self, project_id: str, pack_id: str, version: str) -> str | None:
        key = (project_id, pack_id, version)
        if key not in self._packs:
            pack = self._session.get(PackVersion, key)
            self._packs[key] = pack.sha256 if pack else None
        return self._packs[key]

    def _newest_version(self, project_id: str, pack_id: str) -> str | None:
        key = (project_id, pack_id)
        if key not in self._newest:
            self._newest[key] = newest_version(self._session, project_id, pack_id)
        return self._newest[key]

    def _supersedable(self, judgment_id: str, item_id: str) -> bool:
        if judgment_id in self._accepted:
            return self._accepted[judgment_id] == item_id
        earlier = self._session.get(Judgment, judgment_id)
        return (
            earlier is not None and earlier.user_id == self._user_id and earlier.item_id == item_id
        )
