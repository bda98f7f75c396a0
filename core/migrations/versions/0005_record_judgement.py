"""Records say what the learned event judge made of them (issue 34).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-08

Existing rows keep the new column NULL until their article is re-read (the parser
version changes with this revision, so the dashboard and `reparse --outdated` do it).
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # batch mode: SQLite cannot ALTER every kind of column in place (no-op for PostgreSQL)
    with op.batch_alter_table("records") as batch:
        batch.add_column(sa.Column("judgement", sa.String(16)))


def downgrade() -> None:
    with op.batch_alter_table("records") as batch:
        batch.drop_column("judgement")
