"""Initial schema: articles, records with actors and locations, corrections, store_meta.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("title", sa.Text),
        sa.Column("source", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("published", sa.DateTime),
        sa.Column("updated", sa.DateTime),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("blocks", sa.JSON, nullable=False),
        sa.Column("added_at", sa.DateTime, nullable=False),
        sa.Column("parser_version", sa.String(32), nullable=False),
    )
    op.create_table(
        "records",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column(
            "article_id", sa.String(32), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("origin", sa.String(8), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("event_type", sa.String(64)),
        sa.Column("summary", sa.Text),
        sa.Column("sentence", sa.Text),
        sa.Column("char_start", sa.Integer),
        sa.Column("char_end", sa.Integer),
        sa.Column("date_start", sa.Date),
        sa.Column("date_end", sa.Date),
        sa.Column("date_precision", sa.String(16)),
        sa.Column("date_text", sa.Text),
        sa.Column("speaker_name", sa.Text),
        sa.Column("speaker_country", sa.String(3)),
        sa.Column("quote", sa.Text),
        sa.Column("reported_by", sa.Text),
        sa.Column("confidence", sa.Float),
        sa.Column("extra", sa.JSON),
    )
    op.create_index("ix_records_article", "records", ["article_id"])
    op.create_index("ix_records_dates", "records", ["date_start", "date_end"])
    op.create_index("ix_records_speaker_country", "records", ["speaker_country"])
    for table, columns in (
        (
            "record_actors",
            [
                sa.Column("name", sa.Text, nullable=False),
                sa.Column("country", sa.String(3)),
                sa.Column("role", sa.Text),
                sa.Column("type", sa.String(16)),
            ],
        ),
        (
            "record_locations",
            [
                sa.Column("name", sa.Text, nullable=False),
                sa.Column("country", sa.String(3)),
                sa.Column("lat", sa.Float),
                sa.Column("lon", sa.Float),
                sa.Column("kind", sa.String(16)),
            ],
        ),
    ):
        op.create_table(
            table,
            sa.Column(
                "record_id", sa.String(32), sa.ForeignKey("records.id", ondelete="CASCADE"), primary_key=True
            ),
            sa.Column("position", sa.Integer, primary_key=True),
            *columns,
        )
        op.create_index(f"ix_{table}_country", table, ["country"])
        op.create_index(f"ix_{table}_name", table, ["name"])
    op.create_table(
        "corrections",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("record_id", sa.String(32), nullable=False),
        sa.Column("article_id", sa.String(32), nullable=False),
        sa.Column("field", sa.String(32), nullable=False),
        sa.Column("previous", sa.JSON),
        sa.Column("value", sa.JSON),
        sa.Column("who", sa.Text, nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_corrections_record", "corrections", ["record_id"])
    op.create_table(
        "store_meta",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.execute("INSERT INTO store_meta (id, version) VALUES (1, 0)")


def downgrade() -> None:
    for table in ("store_meta", "corrections", "record_locations", "record_actors", "records", "articles"):
        op.drop_table(table)
