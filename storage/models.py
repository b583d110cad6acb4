"""The local store's schema, as SQLAlchemy 2 models.

These classes describe the head revision; Alembic migrations in ``storage/migrations`` are
the history that gets a file there, and a test checks that the two agree. Timestamps are
UTC ISO 8601 text (``utc_now``); JSON columns hold canonical JSON text so that what was
hashed is byte for byte what is stored and sent.

Judgments follow the sync design (``docs/sync-protocol.md``): a client-made UUIDv7 id, the
pack id / version / sha256 they were made under, an append-only revision history, and a
database trigger that freezes every judgment once it leaves ``draft``.
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    ForeignKeyConstraint,
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
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

JUDGMENT_STATUSES = ("draft", "submitted", "skipped")
SYNC_STATES = ("local", "queued", "acked", "rejected", "needs_attention")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Project(Base):
    __tablename__ = "projects"

    id: Mapped[str] = mapped_column(String, primary_key=True)
    name: Mapped[str] = mapped_column(String)
    created_at: Mapped[str] = mapped_column(String)


class Batch(Base):
    """A set of items handed out together; ``server_version`` is null for local imports."""

    __tablename__ = "batches"

    id: Mapped[str] = mapped_column(String, primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id"), index=True)
    name: Mapped[str] = mapped_column(String)
    position: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String, default="assigned")
    server_version: Mapped[int | None] = mapped_column(Integer)
    lease_expires_at: Mapped[str | None] = mapped_column(String)
    created_at: Mapped[str] = mapped_column(String)


class ImportRun(Base):
    """One successful import of a source file (failed imports leave no trace: atomic)."""

    __tablename__ = "imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source_name: Mapped[str] = mapped_column(String)
    source_format: Mapped[str] = mapped_column(String)
    source_bytes: Mapped[int] = mapped_column(Integer)
    items_added: Mapped[int] = mapped_column(Integer)
    items_unchanged: Mapped[int] = mapped_column(Integer)
    rows_repeated: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[str] = mapped_column(String)
    finished_at: Mapped[str] = mapped_column(String)


class Item(Base):
    """A prompt (conversation JSON) to judge; its 2–9 responses live in ``responses``."""

    __tablename__ = "items"

    id: Mapped[str] = mapped_column(String, primary_key=True)
    batch_id: Mapped[str] = mapped_column(ForeignKey("batches.id"))
    position: Mapped[int] = mapped_column(Integer)
    conversation_json: Mapped[str] = mapped_column(Text)
    metadata_json: Mapped[str] = mapped_column(Text)
    content_sha256: Mapped[str] = mapped_column(String)
    response_count: Mapped[int] = mapped_column(Integer)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("imports.id"))
    source_line: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[str] = mapped_column(String)

    __table_args__ = (
        Index("ix_items_batch_position", "batch_id", "position"),
        CheckConstraint("response_count BETWEEN 2 AND 9", name="response_count"),
    )


class ResponseRow(Base):
    """A candidate response. ``model`` is never shown to the annotator (blind judging)."""

    __tablename__ = "responses"

    item_id: Mapped[str] = mapped_column(ForeignKey("items.id"), primary_key=True)
    id: Mapped[str] = mapped_column(String, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    content: Mapped[str] = mapped_column(Text)
    model: Mapped[str] = mapped_column(String)
    suggestions_json: Mapped[str] = mapped_column(Text)


class GuidelinePackVersion(Base):
    """A pack version as received: written once, never updated (trigger-enforced)."""

    __tablename__ = "guideline_packs"

    pack_id: Mapped[str] = mapped_column(String, primary_key=True)
    version: Mapped[str] = mapped_column(String, primary_key=True)
    sha256: Mapped[str] = mapped_column(String)
    title: Mapped[str] = mapped_column(String)
    canonical: Mapped[bytes] = mapped_column(LargeBinary)
    received_at: Mapped[str] = mapped_column(String)
    acknowledged_at: Mapped[str | None] = mapped_column(String)


class Judgment(Base):
    """An annotator's judgment of one item under one pack version.

    Drafts change freely (each save is also a revision). Once ``status`` leaves ``draft``
    the row is frozen by a trigger; only the sync bookkeeping columns may change, and a
    correction is a new judgment whose ``supersedes_id`` points here.
    """

    __tablename__ = "judgments"

    id: Mapped[str] = mapped_column(String, primary_key=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("items.id"), index=True)
    pack_id: Mapped[str] = mapped_column(String)
    pack_version: Mapped[str] = mapped_column(String)
    pack_sha256: Mapped[str] = mapped_column(String)
    answers_json: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String)
    skip_reason: Mapped[str | None] = mapped_column(Text)
    display_order_json: Mapped[str] = mapped_column(Text)
    active_ms: Mapped[int] = mapped_column(Integer)
    supersedes_id: Mapped[str | None] = mapped_column(ForeignKey("judgments.id"))
    payload_sha256: Mapped[str | None] = mapped_column(String)
    created_at: Mapped[str] = mapped_column(String)
    updated_at: Mapped[str] = mapped_column(String)
    submitted_at: Mapped[str | None] = mapped_column(String)
    # Sync bookkeeping (revision 0002): the only columns that change after submission.
    sync_state: Mapped[str] = mapped_column(String, default="local")
    client_seq: Mapped[int | None] = mapped_column(Integer, unique=True)
    server_seq: Mapped[int | None] = mapped_column(Integer)
    ack_session_id: Mapped[str | None] = mapped_column(String)
    reject_code: Mapped[str | None] = mapped_column(String)
    reject_reason: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        ForeignKeyConstraint(
            ["pack_id", "pack_version"], ["guideline_packs.pack_id", "guideline_packs.version"]
        ),
        CheckConstraint("status IN ('draft', 'submitted', 'skipped')", name="status"),
        CheckConstraint(
            "sync_state IN ('local', 'queued', 'acked', 'rejected', 'needs_attention')",
            name="sync_state",
        ),
        CheckConstraint(
            "status != 'skipped' OR length(trim(skip_reason)) > 0", name="skip_has_reason"
        ),
        Index("ix_judgments_sync_state_client_seq", "sync_state", "client_seq"),
    )


class JudgmentRevision(Base):
    """Append-only history: every draft save and every submission (triggers forbid edits)."""

    __tablename__ = "judgment_revisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    judgment_id: Mapped[str] = mapped_column(ForeignKey("judgments.id"))
    revision: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String)
    status: Mapped[str] = mapped_column(String)
    answers_json: Mapped[str] = mapped_column(Text)
    skip_reason: Mapped[str | None] = mapped_column(Text)
    active_ms: Mapped[int] = mapped_column(Integer)
    saved_at: Mapped[str] = mapped_column(String)

    __table_args__ = (UniqueConstraint("judgment_id", "revision"),)


class Device(Base):
    """This store's device identity for sync; a wiped store is a new device."""

    __tablename__ = "device"

    device_id: Mapped[str] = mapped_column(String, primary_key=True)
    created_at: Mapped[str] = mapped_column(String)


class SyncStateEntry(Base):
    """Cursors and counters: ``feed_cursor``, ``next_client_seq``, ``last_acked_client_seq``."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String, primary_key=True)
    value: Mapped[str] = mapped_column(String)


class SyncSession(Base):
    """One sync attempt, kept as an audit trail beside the server's ``sync_events``."""

    __tablename__ = "sync_sessions"

    session_id: Mapped[str] = mapped_column(String, primary_key=True)
    started_at: Mapped[str] = mapped_column(String)
    finished_at: Mapped[str | None] = mapped_column(String)
    outcome: Mapped[str | None] = mapped_column(String)
    pushed: Mapped[int] = mapped_column(Integer, default=0)
    accepted: Mapped[int] = mapped_column(Integer, default=0)
    duplicate: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    pulled: Mapped[int] = mapped_column(Integer, default=0)
    cursor_before: Mapped[int | None] = mapped_column(Integer)
    cursor_after: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)


class UiStateEntry(Base):
    """A small JSON value of the workspace (open item, scroll, cursor), crash-safe."""

    __tablename__ = "ui_state"

    key: Mapped[str] = mapped_column(String, primary_key=True)
    value_json: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[str] = mapped_column(String)


class DraftAttention(Base):
    """A draft moved to a newer pack version whose listed answers need the annotator."""

    __tablename__ = "draft_attention"

    judgment_id: Mapped[str] = mapped_column(ForeignKey("judgments.id"), primary_key=True)
    from_version: Mapped[str] = mapped_column(String)
    questions_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String)


class Assignment(Base):
    """A server assignment of a batch to this annotator, as the feed last described it.

    Kept so that a ``remove`` (which carries no body) can find its batch, and so that an
    older feed entry never overwrites a newer one (``version``).
    """

    __tablename__ = "assignments"

    assignment_id: Mapped[str] = mapped_column(String, primary_key=True)
    batch_id: Mapped[str] = mapped_column(ForeignKey("batches.id"))
    version: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String)


class Review(Base):
    """A lead's decision on one of this profile's judgments, as received from the feed."""

    __tablename__ = "reviews"

    judgment_id: Mapped[str] = mapped_column(String, primary_key=True)
    outcome: Mapped[str] = mapped_column(String)
    comment: Mapped[str] = mapped_column(Text)
    reviewed_at: Mapped[str] = mapped_column(String)
    server_seq: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)


class RetiredSeq(Base):
    """A ``client_seq`` issued under an earlier device id, kept when the store re-registers.

    Re-registration gives the store a fresh device id whose seqs start again at 1; the old
    numbers move here (with their fate) so nothing about what was sent is forgotten.
    """

    __tablename__ = "retired_seqs"

    device_id: Mapped[str] = mapped_column(String, primary_key=True)
    client_seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    judgment_id: Mapped[str] = mapped_column(ForeignKey("judgments.id"))
    payload_sha256: Mapped[str | None] = mapped_column(String)
    sync_state: Mapped[str] = mapped_column(String)
    server_seq: Mapped[int | None] = mapped_column(Integer)
    retired_at: Mapped[str] = mapped_column(String)
