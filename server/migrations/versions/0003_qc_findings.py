"""Consistency findings on pushed judgments (issue 6): one row per rule hit.

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
        "qc_findings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("judgment_id", sa.String(length=200), nullable=False),
        sa.Column("project_id", sa.String(length=200), nullable=False),
        sa.Column("user_id", sa.String(length=200), nullable=False),
        sa.Column("rule", sa.String(length=100), nullable=False),
        sa.Column("question_ids_json", sa.Text(), nullable=False),
        sa.Column("response_ids_json", sa.Text(), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["judgment_id"], ["judgments.id"], name=op.f("fk_qc_findings_judgment_id_judgments")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_qc_findings")),
    )
    with op.batch_alter_table("qc_findings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_qc_findings_judgment_id"), ["judgment_id"], unique=False
        )
        batch_op.create_index("ix_qc_findings_project_rule", ["project_id", "rule"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("qc_findings", schema=None) as batch_op:
        batch_op.drop_index("ix_qc_findings_project_rule")
        batch_op.drop_index(batch_op.f("ix_qc_findings_judgment_id"))
    op.drop_table("qc_findings")
