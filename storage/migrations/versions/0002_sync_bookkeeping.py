"""Sync bookkeeping: device identity, cursors, sessions, and the judgments outbox columns.

Judgments gain ``sync_state``, ``client_seq``, ``server_seq`` and the rejection columns; the
table is rebuilt (SQLite cannot add a UNIQUE column in place) and its freeze trigger is
re-created to let exactly those columns change after submission. Judgments already
submitted or skipped under 0001 enter the outbox as ``queued`` with contiguous
``client_seq`` values in submission order, so none of them is left behind by sync.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

JUDGMENT_FROZEN = """
CREATE TRIGGER judgments_frozen_after_submit BEFORE UPDATE ON judgments
WHEN OLD.status != 'draft' AND (
    NEW.id IS NOT OLD.id OR NEW.item_id IS NOT OLD.item_id
    OR NEW.pack_id IS NOT OLD.pack_id OR NEW.pack_version IS NOT OLD.pack_version
    OR NEW.pack_sha256 IS NOT OLD.pack_sha256 OR NEW.answers_json IS NOT OLD.answers_json
    OR NEW.status IS NOT OLD.status OR NEW.skip_reason IS NOT OLD.skip_reason
    OR NEW.display_order_json IS NOT OLD.display_order_json
    OR NEW.active_ms IS NOT OLD.active_ms OR NEW.supersedes_id IS NOT OLD.supersedes_id
    OR NEW.payload_sha256 IS NOT OLD.payload_sha256 OR NEW.created_at IS NOT OLD.created_at
    OR NEW.updated_at IS NOT OLD.updated_at OR NEW.submitted_at IS NOT OLD.submitted_at)
BEGIN
    SELECT RAISE(ABORT, 'judgment is submitted and cannot be changed; make an amendment');
END
"""
JUDGMENT_NO_DELETE = """
CREATE TRIGGER judgments_kept_after_submit BEFORE DELETE ON judgments
WHEN OLD.status != 'draft'
BEGIN
    SELECT RAISE(ABORT, 'judgment is submitted and cannot be deleted');
END
"""
PACKS_KEPT = """
CREATE TRIGGER guideline_packs_kept BEFORE DELETE ON guideline_packs
WHEN EXISTS (SELECT 1 FROM judgments
             WHERE pack_id = OLD.pack_id AND pack_version = OLD.version)
BEGIN
    SELECT RAISE(ABORT, 'a guideline pack version with judgments cannot be deleted');
END
"""


def upgrade() -> None:
    op.create_table(
        "device",
        sa.Column("device_id", sa.String(), primary_key=True),
        sa.Column("created_at", sa.String(), nullable=False),
    )
    op.create_table(
        "sync_state",
        sa.Column("key", sa.String(), primary_key=True),
        sa.Column("value", sa.String(), nullable=False),
    )
    op.create_table(
        "sync_sessions",
        sa.Column("session_id", sa.String(), primary_key=True),
        sa.Column("started_at", sa.String(), nullable=False),
        sa.Column("finished_at", sa.String(), nullable=True),
        sa.Column("outcome", sa.String(), nullable=True),
        sa.Column("pushed", sa.Integer(), nullable=False),
        sa.Column("accepted", sa.Integer(), nullable=False),
        sa.Column("duplicate", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.Column("pulled", sa.Integer(), nullable=False),
        sa.Column("cursor_before", sa.Integer(), nullable=True),
        sa.Column("cursor_after", sa.Integer(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
    )
    # The old triggers would block the outbox back-fill below, and a trigger on another
    # table that names ``judgments`` makes SQLite refuse the rename that ends the rebuild.
    op.execute("DROP TRIGGER IF EXISTS judgments_frozen_after_submit")
    op.execute("DROP TRIGGER IF EXISTS judgments_kept_after_submit")
    op.execute("DROP TRIGGER IF EXISTS guideline_packs_kept")
    with op.batch_alter_table("judgments", recreate="always") as batch:
        batch.add_column(
            sa.Column("sync_state", sa.String(), nullable=False, server_default="local")
        )
        batch.add_column(sa.Column("client_seq", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("server_seq", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("ack_session_id", sa.String(), nullable=True))
        batch.add_column(sa.Column("reject_code", sa.String(), nullable=True))
        batch.add_column(sa.Column("reject_reason", sa.Text(), nullable=True))
        batch.create_unique_constraint("uq_judgments_client_seq", ["client_seq"])
        batch.create_check_constraint(
            "sync_state",
            "sync_state IN ('local', 'queued', 'acked', 'rejected', 'needs_attention')",
        )
    op.create_index("ix_judgments_sync_state_client_seq", "judgments", ["sync_state", "client_seq"])
    op.execute(
        """
        UPDATE judgments SET sync_state = 'queued', client_seq = (
            SELECT COUNT(*) FROM judgments AS earlier
            WHERE earlier.status != 'draft'
              AND (earlier.submitted_at < judgments.submitted_at
                   OR (earlier.submitted_at = judgments.submitted_at
                       AND earlier.id <= judgments.id)))
        WHERE status != 'draft'
        """
    )
    op.execute(
        "INSERT INTO sync_state (key, value) SELECT 'next_client_seq', "
        "CAST(COALESCE(MAX(client_seq), 0) + 1 AS TEXT) FROM judgments"
    )
    op.execute(JUDGMENT_FROZEN)
    op.execute(JUDGMENT_NO_DELETE)
    op.execute(PACKS_KEPT)
