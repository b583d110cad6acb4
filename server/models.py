"""The vendor server's tables (SQLite for one machine, PostgreSQL to scale out).

Portable SQLAlchemy 2 declarative models; the schema is created and upgraded by Alembic
(``server/migrations``). Conventions:

- Ids are strings chosen by the server (``uuid7``-like hex) or, for judgments, by the client.
- Times are ISO-8601 UTC strings with a ``Z`` suffix, so both backends sort them alike.
- ``server_seq`` values come from the ``counters`` table, incremented inside the writing
  transaction: the row lock makes commit order equal seq order, so a feed reader's cursor
  can never skip a change that commits late (sync-anchors §5.6).
- Nothing a client sent is ever updated in place: ``judgments`` and ``push_outcomes`` are
  append-only; ``change_log`` is append-only.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ROLES = ("annotator", "lead", "admin")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Counter(Base):
    """Named monotonic counters (``feed_seq``, ``judgment_seq``), bumped in-transaction."""

    __tablename__ = "counters"
    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


class Project(Base):
    __tablename__ = "projects"
    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    #: How long a claimed or assigned batch stays reserved for its annotator.
    lease_seconds: Mapped[int] = mapped_column(Integer, default=72 * 3600)
    created_at: Mapped[str] = mapped_column(String(40))


class User(Base):
    __tablename__ = "users"
    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(500))
    #: Stable pseudonym used in deliveries instead of the login name.
    pseudonym: Mapped[str] = mapped_column(String(40), unique=True)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[str] = mapped_column(String(40))


class Membership(Base):
    """A user's role in one project; a user may hold several roles."""

    __tablename__ = "memberships"
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id"), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(20), primary_key=True)


class ApiToken(Base):
    """An API token, stored only as the SHA-256 of the secret (the secret has 256 bits)."""

    __tablename__ = "api_tokens"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    secret_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[str] = mapped_column(String(40))
    revoked_at: Mapped[str | None] = mapped_column(String(40))
    last_used_at: Mapped[str | None] = mapped_column(String(40))


class TrustedKey(Base):
    """A lead's public signing key the project accepts guideline packs from."""

    __tablename__ = "trusted_keys"
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id"), primary_key=True)
    key_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    public_key: Mapped[str] = mapped_column(Text)
    added_at: Mapped[str] = mapped_column(String(40))


class Item(Base):
    """A task item (a conversation and its responses) in the task pack's native item form."""

    __tablename__ = "items"
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id"), primary_key=True)
    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    item_json: Mapped[str] = mapped_column(Text)
    content_sha256: Mapped[str] = mapped_column(String(64))
    response_ids_json: Mapped[str] = mapped_column(Text)
    is_gold: Mapped[bool] = mapped_column(Boolean, default=False)
    source_name: Mapped[str] = mapped_column(String(500))
    imported_at: Mapped[str] = mapped_column(String(40))


class GoldAnswer(Base):
    """Reference answers for gold items. Never leaves the server (not in packs, not in feeds)."""

    __tablename__ = "gold_answers"
    project_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    answers_json: Mapped[str] = mapped_column(Text)


class Batch(Base):
    __tablename__ = "batches"
    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id"), index=True)
    name: Mapped[str] = mapped_column(String(500))
    #: How many different annotators should judge each item of this batch.
    overlap: Mapped[int] = mapped_column(Integer, default=1)
    pack_id: Mapped[str | None] = mapped_column(String(200))
    #: Whether claims may take it (``open``); the review lifecycle is derived, see
    #: ``server.batch_progress``.
    state: Mapped[str] = mapped_column(String(20), default="open")
    created_at: Mapped[str] = mapped_column(String(40))
    #: A lead accepted the batch as a whole (its unreviewed judgments count as accepted).
    accepted_at: Mapped[str | None] = mapped_column(String(40), default=None)
    accepted_by: Mapped[str | None] = mapped_column(String(200), default=None)
    #: First included in a delivery after being accepted.
    delivered_at: Mapped[str | None] = mapped_column(String(40), default=None)


class BatchItem(Base):
    __tablename__ = "batch_items"
    batch_id: Mapped[str] = mapped_column(ForeignKey("batches.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[str] = mapped_column(String(200))


class Assignment(Base):
    """One annotator's hold on one batch. States: assigned, in_progress, submitted,
    released (unassigned or given back), expired (lease ran out)."""

    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("batch_id", "user_id"),)
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    batch_id: Mapped[str] = mapped_column(ForeignKey("batches.id"), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    state: Mapped[str] = mapped_column(String(20))
    lease_expires_at: Mapped[str | None] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[str] = mapped_column(String(40))
    updated_at: Mapped[str] = mapped_column(String(40))


class ClaimRequest(Base):
    """What a ``claim_request_id`` was answered with, so a retried claim gets the same batch."""

    __tablename__ = "claim_requests"
    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    project_id: Mapped[str] = mapped_column(String(200))
    assignment_id: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[str] = mapped_column(String(40))


class PackVersion(Base):
    """A published guideline pack version: immutable, content-hashed, signed by a lead."""

    __tablename__ = "pack_versions"
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id"), primary_key=True)
    pack_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    version: Mapped[str] = mapped_column(String(50), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    canonical: Mapped[bytes] = mapped_column(LargeBinary)
    signature_toml: Mapped[str] = mapped_column(Text)
    published_by: Mapped[str] = mapped_column(ForeignKey("users.id"))
    published_at: Mapped[str] = mapped_column(String(40))


class Device(Base):
    """A client installation of one user; ``last_client_seq`` serialises its pushes."""

    __tablename__ = "devices"
    device_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    last_client_seq: Mapped[int] = mapped_column(Integer, default=0)
    registered_at: Mapped[str] = mapped_column(String(40))
    last_seen_at: Mapped[str] = mapped_column(String(40))


class Judgment(Base):
    """An accepted judgment, exactly as the annotator submitted it. Append-only."""

    __tablename__ = "judgments"
    __table_args__ = (
        UniqueConstraint("device_id", "client_seq"),
        Index("ix_judgments_project_item", "project_id", "item_id"),
    )
    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    server_seq: Mapped[int] = mapped_column(Integer, unique=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id"))
    item_id: Mapped[str] = mapped_column(String(200))
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.device_id"))
    client_seq: Mapped[int] = mapped_column(Integer)
    assignment_id: Mapped[str | None] = mapped_column(String(40))
    pack_id: Mapped[str] = mapped_column(String(200))
    pack_version: Mapped[str] = mapped_column(String(50))
    pack_sha256: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20))
    supersedes_id: Mapped[str | None] = mapped_column(String(200), index=True)
    payload_json: Mapped[str] = mapped_column(Text)
    payload_sha256: Mapped[str] = mapped_column(String(64))
    #: Made under an older pack version than the newest published one: kept, shown to leads.
    stale_pack: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Arrived after its assignment's lease ran out: kept, left for a lead to review.
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    session_id: Mapped[str] = mapped_column(String(200))
    received_at: Mapped[str] = mapped_column(String(40))


class PushOutcome(Base):
    """The stored answer for one ``(device, client_seq)``: a retry gets the same answer."""

    __tablename__ = "push_outcomes"
    device_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    client_seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    judgment_id: Mapped[str] = mapped_column(String(200))
    payload_sha256: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20))  # accepted | rejected
    code: Mapped[str | None] = mapped_column(String(50))
    reason: Mapped[str | None] = mapped_column(Text)
    server_seq: Mapped[int | None] = mapped_column(Integer)
    stale_pack: Mapped[bool] = mapped_column(Boolean, default=False)
    late: Mapped[bool] = mapped_column(Boolean, default=False)


class ChangeLogEntry(Base):
    """The change feed: one row per change, written in the same transaction as the change.

    ``scope_user_id`` set: only that user sees it (assignments, reviews of their work);
    null: every member of the project sees it (published pack versions).
    """

    __tablename__ = "change_log"
    __table_args__ = (Index("ix_change_log_scope", "project_id", "scope_user_id", "server_seq"),)
    server_seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    project_id: Mapped[str] = mapped_column(String(200))
    scope_user_id: Mapped[str | None] = mapped_column(String(200))
    entity_type: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[str] = mapped_column(String(200))
    entity_version: Mapped[int] = mapped_column(Integer)
    op: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[str] = mapped_column(String(40))


class Review(Base):
    """A lead's decision on a judgment: accepted, returned (with a comment) or fixed."""

    __tablename__ = "reviews"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    judgment_id: Mapped[str] = mapped_column(ForeignKey("judgments.id"), index=True)
    reviewer_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    outcome: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str] = mapped_column(Text, default="")
    reviewed_at: Mapped[str] = mapped_column(String(40))
    #: For ``fixed``: the reviewer's answers, a revision beside the untouched original.
    fixed_answers_json: Mapped[str | None] = mapped_column(Text, default=None)


class SyncEvent(Base):
    """Audit: one row per push/claim request, joined to judgments by ``session_id``."""

    __tablename__ = "sync_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(String(200), index=True)
    request_id: Mapped[str] = mapped_column(String(64))
    device_id: Mapped[str | None] = mapped_column(String(200))
    user_id: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    first_seq: Mapped[int | None] = mapped_column(Integer)
    last_seq: Mapped[int | None] = mapped_column(Integer)
    counts_json: Mapped[str] = mapped_column(Text)
    client_version: Mapped[str] = mapped_column(String(100))
    received_at: Mapped[str] = mapped_column(String(40))


class QcFinding(Base):
    """One consistency finding on an accepted judgment, written in the push's transaction."""

    __tablename__ = "qc_findings"
    __table_args__ = (Index("ix_qc_findings_project_rule", "project_id", "rule"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    judgment_id: Mapped[str] = mapped_column(ForeignKey("judgments.id"), index=True)
    project_id: Mapped[str] = mapped_column(String(200))
    user_id: Mapped[str] = mapped_column(String(200))
    rule: Mapped[str] = mapped_column(String(100))
    question_ids_json: Mapped[str] = mapped_column(Text)
    response_ids_json: Mapped[str] = mapped_column(Text)
    sentence: Mapped[str] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(40))


class QcTextFingerprint(Base):
    """The hash of one normalized free-text answer, so the cross-item copy rule can run on
    each push by lookup instead of re-reading the annotator's whole history."""

    __tablename__ = "qc_text_fingerprints"
    __table_args__ = (
        Index("ix_qc_text_fingerprints_key", "project_id", "user_id", "question_id", "text_sha256"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    project_id: Mapped[str] = mapped_column(String(200))
    user_id: Mapped[str] = mapped_column(String(200))
    question_id: Mapped[str] = mapped_column(String(200))
    text_sha256: Mapped[str] = mapped_column(String(64))
    judgment_id: Mapped[str] = mapped_column(String(200))
    item_id: Mapped[str] = mapped_column(String(200))
