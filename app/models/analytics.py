"""The analytics roll-up: counts per item, network, department and UTC day, never per person."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from app.models.base import reference

# The department of a share whose person is unknown, or whose department was too small
# to be named when the share was counted (app/analytics/rollup.py).
NO_DEPARTMENT = ""


class AnalyticsDay(SQLModel, table=True):
    """Shares, clicks and link previews of one item on one network on one UTC day.

    Shares are counted per department as well; clicks and previews belong to a link,
    not to a person, and are always counted under NO_DEPARTMENT.
    """

    __tablename__ = "analytics_day"
    # The summary reads a period across every item: by day first.
    __table_args__ = (Index(None, "day", "content_id"),)

    content_id: str = reference("content_item.id", ondelete="CASCADE", primary_key=True)
    day: date = Field(primary_key=True)
    network: str = Field(primary_key=True, max_length=20)
    department: str = Field(default=NO_DEPARTMENT, primary_key=True, max_length=200)
    shares: int = 0
    clicks: int = 0
    previews: int = 0
