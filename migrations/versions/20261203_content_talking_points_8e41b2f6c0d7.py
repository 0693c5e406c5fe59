"""content_item.talking_points: short points shown in the share panel

Revision ID: 8e41b2f6c0d7
Revises: 5d0c7e3a9b21
Create Date: 2026-12-03 08:25:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "8e41b2f6c0d7"
down_revision: str | None = "5d0c7e3a9b21"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("content_item", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("talking_points", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )


def downgrade() -> None:
    with op.batch_alter_table("content_item", schema=None) as batch_op:
        batch_op.drop_column("talking_points")
