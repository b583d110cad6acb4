"""On PostgreSQL, judgment server seqs come from a sequence: unique without a row lock.

Judgment seqs need uniqueness, not commit order (the feed has its own counter), so
concurrent pushes must not queue on one counter row. SQLite has a single writer anyway and
keeps using the ``counters`` row.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE SEQUENCE judgment_server_seq")
    # Continue after any seq the counter already handed out.
    op.execute(
        "SELECT setval('judgment_server_seq', GREATEST(1, "
        "(SELECT value FROM counters WHERE name = 'judgment_seq')), "
        "(SELECT value FROM counters WHERE name = 'judgment_seq') > 0)"
    )
