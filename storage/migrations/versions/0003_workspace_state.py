"""Workspace state: where the annotator was, and drafts a new pack version left to them.

``ui_state`` keeps small JSON values (the open item, scroll positions, cursor) so that a
restart, even after a crash, reopens the same place; it is written in the same writer
transaction as the draft it belongs to. ``draft_attention`` lists, per draft moved to a new
guideline pack version, the questions whose answers could not be carried over.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ui_state",
        sa.Column("key", sa.String(), primary_key=True),
        sa.Column("value_json", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.String(), nullable=False),
    )
    op.create_table(
        "draft_attention",
        sa.Column(
            "judgment_id",
            sa.String(),
            sa.ForeignKey("judgments.id", name="fk_draft_attention_judgment_id_judgments"),
            primary_key=True,
        ),
        sa.Column("from_version", sa.String(), nullable=False),
        sa.Column("questions_json", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("draft_attention")
    op.drop_table("ui_state")
