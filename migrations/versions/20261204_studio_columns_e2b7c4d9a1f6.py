"""The studio's columns: our copy of an item's image, leaders first, the preview circle

- content_item.image_key: the stored, re-encoded copy of the item's image that the
  feed serves from our own origin (None until there is one).
- content_item.leaders_from: when people with is_leader may see a published item,
  some hours before its publish_at opens it to everyone (None: no early release).
- content_item.circle_at: when comms sent the draft to the preview circle (None: never).
- ambassador_profile.show_drafts: the person asked to see drafts to give their
  opinion; off by default, as every choice in gladshare.

Revision ID: e2b7c4d9a1f6
Revises: a3f19c5e7b42
Create Date: 2026-12-04 02:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e2b7c4d9a1f6"
down_revision: str | None = "a3f19c5e7b42"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ALTER TABLE on both engines (SQLite has ADD and DROP COLUMN since 3.35): a batch
# copy of content_item would drop the table that share events and short links point to.
def upgrade() -> None:
    op.add_column("content_item", sa.Column("image_key", sa.String(length=80), nullable=True))
    op.add_column("content_item", sa.Column("leaders_from", sa.DateTime(timezone=True)))
    op.add_column("content_item", sa.Column("circle_at", sa.DateTime(timezone=True)))
    op.add_column(
        "ambassador_profile",
        sa.Column("show_drafts", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    op.drop_column("ambassador_profile", "show_drafts")
    op.drop_column("content_item", "circle_at")
    op.drop_column("content_item", "leaders_from")
    op.drop_column("content_item", "image_key")
