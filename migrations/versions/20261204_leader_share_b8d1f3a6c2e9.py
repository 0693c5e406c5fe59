"""Leaders first: leader_share, the leaders holding recognition who shared an item

One row per item and leader, written when a leader who holds `recognition` shares;
"shared by N people from leadership" counts them, and only those still holding
recognition now. A withdrawal of recognition deletes the person's rows.

Revision ID: b8d1f3a6c2e9
Revises: e2b7c4d9a1f6
Create Date: 2026-12-04 02:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b8d1f3a6c2e9"
down_revision: str | None = "e2b7c4d9a1f6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "leader_share",
        sa.Column("content_id", sa.String(length=26), nullable=False),
        sa.Column("employee_id", sa.String(length=26), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["content_id"],
            ["content_item.id"],
            name=op.f("fk_leader_share_content_id_content_item"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["employee.id"],
            name=op.f("fk_leader_share_employee_id_employee"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("content_id", "employee_id", name=op.f("pk_leader_share")),
    )
    with op.batch_alter_table("leader_share", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_leader_share_employee_id"), ["employee_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("leader_share", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_leader_share_employee_id"))
    op.drop_table("leader_share")
