"""Request and response bodies of ``/v1``. Unknown fields are refused on both sides.

Judgment payloads mirror the local store's submitted judgment exactly, so the server can
recompute the hash the client fixed at submission (``payload_sha256``).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from protocol.limits import MAX_PUSH_ITEMS

Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
#: Sequence numbers fit a 32-bit column on every backend (two billion judgments a device).
MAX_SEQ = 2**31 - 1
Id = Annotated[str, Field(min_length=1, max_length=200)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ErrorBody(Strict):
    """Every non-2xx answer: a stable code, a sentence for people, and where (if a field)."""

    code: str
    message: str
    where: str | None = None


class Meta(Strict):
    """``GET /v1/meta``: the version handshake, the only call that needs no token."""

    server_version: str
    protocol_min: int
    protocol_max: int
    min_client_version: str
    server_time: str
    message: str = ""
    must_stop: bool = False


class WhoAmI(Strict):
    """``GET /v1/me``: who the token belongs to and their roles per project."""

    user: str
    display_name: str
    roles: dict[str, list[str]]
    feed_head: int


class PackRef(Strict):
    id: Id
    version: str = Field(min_length=1, max_length=50)
    sha256: Sha256


class JudgmentPayload(Strict):
    """A submitted or skipped judgment, exactly as hashed at submission."""

    id: Id
    item_id: Id
    pack: PackRef
    answers: dict[str, Any]
    status: Literal["submitted", "skipped"]
    skip_reason: str | None = None
    display_order: list[str] = Field(max_length=9)
    active_ms: int = Field(ge=0, le=MAX_SEQ)
    supersedes_id: str | None = None
    created_at: str
    submitted_at: str | None


class PushItem(Strict):
    client_seq: int = Field(ge=1, le=MAX_SEQ)
    payload: JudgmentPayload
    payload_sha256: Sha256


class PushRequest(Strict):
    """``POST /v1/push``: items in ascending, contiguous ``client_seq``."""

    device_id: Id
    session_id: Id
    items: list[PushItem] = Field(min_length=1, max_length=MAX_PUSH_ITEMS)


PushStatus = Literal["accepted", "duplicate", "rejected", "gap", "violation"]


class PushResult(Strict):
    """One item's fate. ``accepted``/``duplicate``/``rejected`` are final for that seq.

    ``gap``: the server expects ``expected`` first; nothing after the gap was looked at.
    ``violation``: the seq or id is already taken by different content; nothing was overwritten.
    """

    client_seq: int
    judgment_id: str
    status: PushStatus
    server_seq: int | None = None
    code: str | None = None
    reason: str | None = None
    expected: int | None = None
    stale_pack: bool = False
    late: bool = False


class PushResponse(Strict):
    acked_through: int
    results: list[PushResult]


class AssignmentItem(Strict):
    """One item of an assigned batch, in the task pack's native item form."""

    item: dict[str, Any]


class AssignmentBody(Strict):
    """An annotator's assignment to a batch: its items, pack and lease."""

    assignment_id: str
    project_id: str
    project_name: str
    batch_id: str
    batch_name: str
    pack_id: str | None = None
    state: Literal["assigned", "in_progress", "submitted", "released", "expired"]
    lease_expires_at: str | None
    items: list[AssignmentItem]


class PackVersionBody(Strict):
    """A published guideline pack version: canonical bytes (base64) and the lead's signature."""

    project_id: str
    pack_id: str
    version: str
    sha256: Sha256
    canonical_b64: str
    signature_toml: str
    published_by: str
    published_at: str


class ReviewBody(Strict):
    """A lead's decision on one of the annotator's judgments."""

    judgment_id: str
    outcome: Literal["accepted", "returned", "fixed"]
    comment: str = ""
    reviewed_at: str


class FeedChange(Strict):
    """One entry of the change feed; ``body`` is absent when ``op`` is ``remove``."""

    server_seq: int
    type: Literal["assignment", "pack_version", "review", "judgment_status"]
    id: str
    version: int
    op: Literal["upsert", "remove"]
    body: dict[str, Any] | None = None


class FeedPage(Strict):
    """``GET /v1/feed?after=N&limit=L``: changes in ``server_seq`` order."""

    changes: list[FeedChange]
    next_after: int
    has_more: bool
    feed_head: int


class ClaimRequest(Strict):
    """``POST /v1/batches/claim``: idempotent by ``claim_request_id``."""

    device_id: Id
    claim_request_id: Id
    project_id: Id


class ClaimResponse(Strict):
    assignment: AssignmentBody | None
    reason: str | None = None


class LeaseResponse(Strict):
    assignment_id: str
    state: str
    lease_expires_at: str | None


class DeviceSummary(Strict):
    """``GET /v1/devices/{id}/summary``: what the server holds from one device."""

    device_id: str
    last_client_seq: int
    accepted: int
    rejected: int
    digest: str


class PublishPackRequest(Strict):
    """``POST /v1/projects/{project}/packs``: a lead publishes a signed pack version."""

    canonical_b64: str
    signature_toml: str


class PublishPackResponse(Strict):
    pack_id: str
    version: str
    sha256: str
    created: bool
    server_seq: int
