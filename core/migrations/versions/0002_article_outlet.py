"""Articles get an outlet (who published them), apart from their source (the file or origin).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04

Existing rows keep outlet NULL: before this revision an HTML page's outlet was
stored as its source, and nothing in a row tells which it was.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # batch mode: SQLite cannot ALTER every kind of column in place (no-op for PostgreSQL)
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("outlet", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("outlet")
