"""Content (projects, batches, items, responses, packs) and judgments with their history.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Frozen copies of the trigger text as of this revision; later revisions replace them.
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
REVISIONS_APPEND_ONLY = (
    """
CREATE TRIGGER judgment_revisions_no_update BEFORE UPDATE ON judgment_revisions
BEGIN
    SELECT RAISE(ABORT, 'judgment revisions are append-only');
END
""",
    """
CREATE TRIGGER judgment_revisions_no_delete BEFORE DELETE ON judgment_revisions
BEGIN
    SELECT RAISE(ABORT, 'judgment revisions are append-only');
END
""",
)
PACKS_WRITE_ONCE = (
    """
CREATE TRIGGER guideline_packs_write_once BEFORE UPDATE OF pack_id, version, sha256, title,
    canonical, received_at ON guideline_packs
BEGIN
    SELECT RAISE(ABORT, 'a guideline pack version is written once and never changed');
END
""",
    """
CREATE TRIGGER guideline_packs_kept BEFORE DELETE ON guideline_packs
WHEN EXISTS (SELECT 1 FROM judgments
             WHERE pack_id = OLD.pack_id AND pack_version = OLD.version)
BEGIN
    SELECT RAISE(ABORT, 'a guideline pack version with judgments cannot be deleted');
END
""",
)


def upgrade() -> None:
    op.create_table(
        "projects",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
    )
    op.create_table(
        "batches",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("project_id", sa.String(), sa.ForeignKey("projects.id"), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.Column("lease_expires_at", sa.String(), nullable=True),
        sa.Column("created_at", sa.String(), nullable=False),
    )
    op.create_index("ix_batches_project_id", "batches", ["project_id"])
    op.create_table(
        "imports",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("source_name", sa.String(), nullable=False),
        sa.Column("source_format", sa.String(), nullable=False),
        sa.Column("source_bytes", sa.Integer(), nullable=False),
        sa.Column("items_added", sa.Integer(), nullable=False),
        sa.Column("items_unchanged", sa.Integer(), nullable=False),
        sa.Column("rows_repeated", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.String(), nullable=False),
        sa.Column("finished_at", sa.String(), nullable=False),
    )
    op.create_table(
        "items",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("batch_id", sa.String(), sa.ForeignKey("batches.id"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("conversation_json", sa.Text(), nullable=False),
        sa.Column("metadata_json", sa.Text(), nullable=False),
        sa.Column("content_sha256", sa.String(), nullable=False),
        sa.Column("response_count", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), sa.ForeignKey("imports.id"), nullable=True),
        sa.Column("source_line", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.CheckConstraint("response_count BETWEEN 2 AND 9", name="response_count"),
    )
    op.create_index("ix_items_batch_position", "items", ["batch_id", "position"])
    op.create_table(
        "responses",
        sa.Column("item_id", sa.String(), sa.ForeignKey("items.id"), primary_key=True),
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("model", sa.String(), nullable=False),
        sa.Column("suggestions_json", sa.Text(), nullable=False),
    )
    op.create_table(
        "guideline_packs",
        sa.Column("pack_id", sa.String(), primary_key=True),
        sa.Column("version", sa.String(), primary_key=True),
        sa.Column("sha256", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("canonical", sa.LargeBinary(), nullable=False),
        sa.Column("received_at", sa.String(), nullable=False),
        sa.Column("acknowledged_at", sa.String(), nullable=True),
    )
    op.create_table(
        "judgments",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("item_id", sa.String(), sa.ForeignKey("items.id"), nullable=False),
        sa.Column("pack_id", sa.String(), nullable=False),
        sa.Column("pack_version", sa.String(), nullable=False),
        sa.Column("pack_sha256", sa.String(), nullable=False),
        sa.Column("answers_json", sa.Text(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("skip_reason", sa.Text(), nullable=True),
        sa.Column("display_order_json", sa.Text(), nullable=False),
        sa.Column("active_ms", sa.Integer(), nullable=False),
        sa.Column("supersedes_id", sa.String(), sa.ForeignKey("judgments.id"), nullable=True),
        sa.Column("payload_sha256", sa.String(), nullable=True),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.Column("updated_at", sa.String(), nullable=False),
        sa.Column("submitted_at", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["pack_id", "pack_version"], ["guideline_packs.pack_id", "guideline_packs.version"]
        ),
        sa.CheckConstraint("status IN ('draft', 'submitted', 'skipped')", name="status"),
        sa.CheckConstraint(
            "status != 'skipped' OR length(trim(skip_reason)) > 0", name="skip_has_reason"
        ),
    )
    op.create_index("ix_judgments_item_id", "judgments", ["item_id"])
    op.create_table(
        "judgment_revisions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("judgment_id", sa.String(), sa.ForeignKey("judgments.id"), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("answers_json", sa.Text(), nullable=False),
        sa.Column("skip_reason", sa.Text(), nullable=True),
        sa.Column("active_ms", sa.Integer(), nullable=False),
        sa.Column("saved_at", sa.String(), nullable=False),
        sa.UniqueConstraint("judgment_id", "revision"),
    )
    op.execute(JUDGMENT_FROZEN)
    op.execute(JUDGMENT_NO_DELETE)
    for statement in (*REVISIONS_APPEND_ONLY, *PACKS_WRITE_ONCE):
        op.execute(statement)
