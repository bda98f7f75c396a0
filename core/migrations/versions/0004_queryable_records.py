"""The database answers the dashboard's questions: records hold their corrected values and
whether they are hidden, their search text, their facets (record_facets) and per-day counts
(daily_counts, weekly_counts, facet_counts), all kept in step by every write (core/derived.py).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-08

An existing store gets them derived from its records and corrections in this revision's
transaction (``core.derived.rebuild``, which selects only columns that exist from here on).
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # batch mode: SQLite cannot ALTER every kind of column in place (no-op for PostgreSQL)
    with op.batch_alter_table("records") as batch:
        batch.add_column(sa.Column("hidden", sa.Boolean, nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("search_text", sa.Text))
        batch.drop_index("ix_records_dates")
        batch.create_index("ix_records_start", ["date_start", "date_end", "hidden"])
        batch.create_index("ix_records_end", ["date_end", "date_start", "hidden"])
    op.create_table(
        "record_facets",
        sa.Column(
            "record_id", sa.String(32), sa.ForeignKey("records.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("lane", sa.String(8), primary_key=True),
        sa.Column("value", sa.Text, primary_key=True),
    )
    op.create_index("ix_record_facets_value", "record_facets", ["lane", "value", "record_id"])
    op.create_table(
        "daily_counts",
        sa.Column("lane", sa.String(8), primary_key=True),
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("value", sa.Text, primary_key=True),
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("n", sa.Integer, nullable=False),
    )
    op.create_table(
        "weekly_counts",
        sa.Column("lane", sa.String(8), primary_key=True),
        sa.Column("week", sa.Date, primary_key=True),
        sa.Column("value", sa.Text, primary_key=True),
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("n", sa.Integer, nullable=False),
    )
    op.create_table(
        "facet_counts",
        sa.Column("lane", sa.String(8), primary_key=True),
        sa.Column("value", sa.Text, primary_key=True),
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("n", sa.Integer, nullable=False),
    )
    from core import derived

    derived.rebuild(op.get_bind())


def downgrade() -> None:
    op.drop_table("facet_counts")
    op.drop_table("weekly_counts")
    op.drop_table("daily_counts")
    op.drop_index("ix_record_facets_value", "record_facets")
    op.drop_table("record_facets")
    with op.batch_alter_table("records") as batch:
        batch.drop_index("ix_records_end")
        batch.drop_index("ix_records_start")
        batch.create_index("ix_records_dates", ["date_start", "date_end"])
        batch.drop_column("search_text")
        batch.drop_column("hidden")
