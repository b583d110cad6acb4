"""Sync client: assignments from the feed, lead reviews, and seqs of earlier device ids.

``assignments`` maps a server assignment to its local batch (a feed ``remove`` names only
the assignment) and keeps the version last applied. ``reviews`` keeps a lead's decision
per judgment; a ``returned`` one shows its item as returned. ``retired_seqs`` keeps the
``client_seq`` numbers a store used under a device id it has since replaced (a restored
backup re-registers), so the judgments table can hand the new device seqs from 1 again.
Only tables are added: no existing row is touched.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assignments",
        sa.Column("assignment_id", sa.String(), primary_key=True),
        sa.Column(
            "batch_id",
            sa.String(),
            sa.ForeignKey("batches.id", name="fk_assignments_batch_id_batches"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
    )
    op.create_table(
        "reviews",
        sa.Column("judgment_id", sa.String(), primary_key=True),
        sa.Column("outcome", sa.String(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("reviewed_at", sa.String(), nullable=False),
        sa.Column("server_seq", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    op.create_table(
        "retired_seqs",
        sa.Column("device_id", sa.String(), primary_key=True),
        sa.Column("client_seq", sa.Integer(), primary_key=True),
        sa.Column(
            "judgment_id",
            sa.String(),
            sa.ForeignKey("judgments.id", name="fk_retired_seqs_judgment_id_judgments"),
            nullable=False,
        ),
        sa.Column("payload_sha256", sa.String(), nullable=True),
        sa.Column("sync_state", sa.String(), nullable=False),
        sa.Column("server_seq", sa.Integer(), nullable=True),
        sa.Column("retired_at", sa.String(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("retired_seqs")
    op.drop_table("reviews")
    op.drop_table("assignments")
