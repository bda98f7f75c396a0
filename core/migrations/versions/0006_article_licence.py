"""Articles get a licence (the terms their text may be shown and shipped under, with the
credit they ask for: "CC BY 2.5, Wikinews contributors"), given by an import's metadata.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-08

Existing rows keep licence NULL: nothing stored before says under which terms.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # batch mode: SQLite cannot ALTER every kind of column in place (no-op for PostgreSQL)
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("licence", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("licence")
