"""The review workflow (issue 6): reviewer revisions, batch acceptance and delivery marks,
and free-text fingerprints for the cross-item copy rule run on every push.

A ``fixed`` review carries the reviewer's answers beside the untouched original; a batch
records when a lead accepted it and when it was first delivered; amendments are found by
``supersedes_id``, which the review queue asks for on every row.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
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
        "qc_text_fingerprints",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("project_id", sa.String(length=200), nullable=False),
        sa.Column("user_id", sa.String(length=200), nullable=False),
        sa.Column("question_id", sa.String(length=200), nullable=False),
        sa.Column("text_sha256", sa.String(length=64), nullable=False),
        sa.Column("judgment_id", sa.String(length=200), nullable=False),
        sa.Column("item_id", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_qc_text_fingerprints")),
    )
    op.create_index(
        "ix_qc_text_fingerprints_key",
        "qc_text_fingerprints",
        ["project_id", "user_id", "question_id", "text_sha256"],
    )
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.add_column(sa.Column("fixed_answers_json", sa.Text(), nullable=True))
    with op.batch_alter_table("batches", schema=None) as batch_op:
        batch_op.add_column(sa.Column("accepted_at", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("accepted_by", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("delivered_at", sa.String(length=40), nullable=True))
    with op.batch_alter_table("judgments", schema=None) as batch_op:
        batch_op.create_index("ix_judgments_supersedes_id", ["supersedes_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_qc_text_fingerprints_key", table_name="qc_text_fingerprints")
    op.drop_table("qc_text_fingerprints")
    with op.batch_alter_table("judgments", schema=None) as batch_op:
        batch_op.drop_index("ix_judgments_supersedes_id")
    with op.batch_alter_table("batches", schema=None) as batch_op:
        batch_op.drop_column("delivered_at")
        batch_op.drop_column("accepted_by")
        batch_op.drop_column("accepted_at")
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.drop_column("fixed_answers_json")
