"""short_link.previews: fetches by link-preview bots, counted apart from clicks

Revision ID: 5d0c7e3a9b21
Revises: 38262a79deb5
Create Date: 2026-12-03 08:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5d0c7e3a9b21"
down_revision: str | None = "38262a79deb5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("short_link", schema=None) as batch_op:
        batch_op.add_column(sa.Column("previews", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("short_link", schema=None) as batch_op:
        batch_op.drop_column("previews")
