"""analytics_day: the daily roll-up of shares, clicks and previews, filled from existing rows

Shares count on the UTC day they were made, clicks on the day click_day has them,
and a link's previews (kept per link, not per day) on the day the link was made.
A share is counted under the department its row names (only attributed shares name
one) when that department has at least k active members now, else under no
department, as the live path does (app/analytics/rollup.py). k is read from
GLADSHARE_K_ANONYMITY like the app's settings, 5 by default. employee.department
gets the index that this rule, asked at every share, reads.

Revision ID: a3f19c5e7b42
Revises: c4a7e91d2b60
Create Date: 2026-12-03 15:00:00
"""

import os
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a3f19c5e7b42"
down_revision: str | None = "c4a7e91d2b60"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "analytics_day",
        sa.Column("content_id", sa.String(length=26), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("network", sa.String(length=20), nullable=False),
        sa.Column("department", sa.String(length=200), nullable=False),
        sa.Column("shares", sa.Integer(), nullable=False),
        sa.Column("clicks", sa.Integer(), nullable=False),
        sa.Column("previews", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["content_id"],
            ["content_item.id"],
            name=op.f("fk_analytics_day_content_id_content_item"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "content_id", "day", "network", "department", name=op.f("pk_analytics_day")
        ),
    )
    with op.batch_alter_table("analytics_day", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_analytics_day_day_content_id"), ["day", "content_id"], unique=False
        )
    with op.batch_alter_table("employee", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_employee_department"), ["department"], unique=False)
    _backfill(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table("employee", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_employee_department"))
    with op.batch_alter_table("analytics_day", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_analytics_day_day_content_id"))
    op.drop_table("analytics_day")


def _backfill(bind: sa.Connection) -> None:
    k = max(2, int(os.environ.get("GLADSHARE_K_ANONYMITY", "5") or 5))
    if bind.dialect.name == "sqlite":
        share_day, link_day = "date(e.created_at)", "date(s.created_at)"
    else:
        share_day = "CAST(e.created_at AT TIME ZONE 'UTC' AS DATE)"
        link_day = "CAST(s.created_at AT TIME ZONE 'UTC' AS DATE)"
    bind.execute(
        sa.text(
            "INSERT INTO analytics_day "
            "(content_id, day, network, department, shares, clicks, previews) "
            "SELECT content_id, day, network, department, SUM(shares), SUM(clicks), "
            "SUM(previews) FROM ("
            f"  SELECT e.content_id, {share_day} AS day, e.network,"
            "   CASE WHEN e.department IN (SELECT m.department FROM employee m"
            "     WHERE m.active AND m.department IS NOT NULL"
            "     GROUP BY m.department HAVING COUNT(*) >= :k)"
            "   THEN e.department ELSE '' END AS department,"
            "   1 AS shares, 0 AS clicks, 0 AS previews FROM share_event e"
            "  UNION ALL"
            "  SELECT s.content_id, c.day, s.network, '', 0, c.clicks, 0"
            "   FROM click_day c JOIN short_link s ON s.code = c.code"
            "  UNION ALL"
            f"  SELECT s.content_id, {link_day}, s.network, '', 0, 0, s.previews"
            "   FROM short_link s WHERE s.previews > 0"
            ") AS counted GROUP BY content_id, day, network, department"
        ),
        {"k": k},
    )
