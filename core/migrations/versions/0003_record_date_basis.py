"""Records say what their date rests on, the day their article appeared, and fatalities.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-08

Existing rows keep the new columns NULL until their article is re-read (the parser
version changes with this revision, so the dashboard and `reparse --outdated` do it).
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # batch mode: SQLite cannot ALTER every kind of column in place (no-op for PostgreSQL)
    with op.batch_alter_table("records") as batch:
        batch.add_column(sa.Column("date_basis", sa.String(16)))
        batch.add_column(sa.Column("reported_on", sa.Date))
        batch.add_column(sa.Column("fatalities", sa.Integer))
        batch.add_column(sa.Column("fatalities_text", sa.Text))
        batch.create_index("ix_records_reported_on", ["reported_on"])


def downgrade() -> None:
    with op.batch_alter_table("records") as batch:
        batch.drop_index("ix_records_reported_on")
        batch.drop_column("fatalities_text")
        batch.drop_column("fatalities")
        batch.drop_column("reported_on")
        batch.drop_column("date_basis")
