"""Bodies of the lead and admin endpoints: the project report, the review queue and
review decisions. Shared by the server and the desktop app's lead views.

Figures that cannot be computed (too few items, no gold, no overlap) are ``None``, never
0, so a chart can tell "bad" from "unknown".
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from protocol.wire import Id, Strict

BatchState = Literal[
    "open", "assigned", "in_progress", "submitted", "checked", "accepted", "returned", "delivered"
]
ReviewOutcome = Literal["accepted", "returned", "fixed"]


class PairAgreementBody(Strict):
    """Two annotators on one question, over the ``common`` units both answered."""

    a: str
    b: str
    common: int
    value: float | None


class QuestionAgreementBody(Strict):
    """Agreement on one rubric question over overlap items.

    ``metric`` names the statistic in ``value``: ``alpha_ordinal``, ``alpha_interval``,
    ``alpha_nominal`` (ratings, choices), or ``mean_tau_b`` (rankings). ``kappa`` is Fleiss'
    κ for choices, ``percent`` the share of agreeing pairs.
    """

    question_id: str
    kind: str
    metric: str
    value: float | None
    percent: float | None = None
    kappa: float | None = None
    #: Krippendorff's α as well (ordinal on rank positions for rankings).
    alpha: float | None = None
    units: int
    annotators: int
    pairs: list[PairAgreementBody] = Field(default_factory=list)


class AnnotatorReport(Strict):
    """One annotator's figures. ``flags`` names each threshold crossed (``gold_accuracy``,
    ``peer_agreement``, ``position_bias``, ``length_bias``, or a consistency rule id)."""

    user_id: str
    pseudonym: str
    judgments: int
    active_ms: int
    per_hour: float | None
    gold_items: int
    gold_accuracy: float | None
    peer_agreement: float | None
    #: Share of first picks by displayed position (1st, 2nd, …).
    position_shares: list[float] = Field(default_factory=list)
    position_p: float | None = None
    length_rho: float | None = None
    length_p: float | None = None
    qc_counts: dict[str, int] = Field(default_factory=dict)
    flags: list[str] = Field(default_factory=list)


class DayPoint(Strict):
    """One UTC day of the project: judgments received, gold accuracy, mean agreement."""

    day: str
    judgments: int
    gold_accuracy: float | None = None
    agreement: float | None = None


class BatchProgress(Strict):
    """A batch's state and counts. ``expected`` is items × overlap; ``judged`` counts
    current (not superseded) judgments; review counts use each judgment's latest review."""

    batch_id: str
    name: str
    state: BatchState
    items: int
    overlap: int
    expected: int
    judged: int
    reviewed: int = 0
    accepted: int = 0
    returned: int = 0
    qc_flagged: int = 0


class ProjectReport(Strict):
    """``GET /v1/projects/{p}/report``: everything the dashboard draws."""

    project_id: str
    generated_at: str
    judgments: int
    annotators: list[AnnotatorReport]
    questions: list[QuestionAgreementBody]
    days: list[DayPoint]
    batches: list[BatchProgress]
    qc_counts: dict[str, int] = Field(default_factory=dict)
    notes: list[str] = Field(default_factory=list)


class ReviewRecord(Strict):
    """One review of a judgment; ``fixed_answers`` is the reviewer's revision for ``fixed``."""

    id: str
    outcome: ReviewOutcome
    comment: str
    reviewer: str
    reviewed_at: str
    fixed_answers: dict[str, Any] | None = None


class QueueEntry(Strict):
    """One judgment in the review queue (current revisions only)."""

    judgment_id: str
    item_id: str
    batch_id: str | None
    annotator: str
    user_id: str
    submitted_at: str | None
    received_at: str
    status: str
    stale: bool
    late: bool
    qc_rules: list[str]
    review: ReviewOutcome | None
    supersedes_id: str | None = None


class ReviewQueue(Strict):
    """``GET /v1/projects/{p}/review``: a page of the queue, oldest first."""

    entries: list[QueueEntry]
    total: int
    next_after: int | None


class JudgmentDetail(Strict):
    """A judgment as the annotator made it, with its item, QC findings and review history."""

    entry: QueueEntry
    item: dict[str, Any]
    payload: dict[str, Any]
    pack_id: str
    pack_version: str
    findings: list[str]
    reviews: list[ReviewRecord]
    #: The pack version the judgment was made under (canonical bytes, base64), so the
    #: reviewer's app can show the rubric as the annotator saw it; None if it is missing.
    pack_canonical_b64: str | None = None


class ReviewDecision(Strict):
    """``POST /v1/projects/{p}/judgments/{j}/review``.

    ``returned`` needs a comment; ``fixed`` needs ``fixed_answers`` (validated against the
    judgment's rubric); the original judgment is never changed.
    """

    outcome: ReviewOutcome
    comment: str = Field(default="", max_length=10_000)
    fixed_answers: dict[str, Any] | None = None
    review_id: Id | None = None


class DeliveryRequest(Strict):
    """``POST /v1/projects/{p}/deliveries``: build a delivery, answered as a zip archive
    (one folder per format and ``manifest.json``, exactly as ``prefdesk-server export``)."""

    formats: list[str] = Field(min_length=1, max_length=20)
    accepted_only: bool = True
    exclude_stale: bool = False
    pack_versions: list[str] = Field(default_factory=list, max_length=100)
    keep_ties: bool = False
    #: Only items whose annotators agree at least this much (see ``--min-agreement``).
    min_agreement: float | None = Field(default=None, ge=-1.0, le=1.0)
