"""The studio's content list: every live item of any status, filtered, searched, paged by key.

The API's listing shows one status at a time and is cached for readers; comms' list
shows every status at once, drafts first in mind, and is read fresh on every visit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy import String, cast, func, or_
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from app.content.schemas import Kind, Language, Status, Topic
from app.models import ContentItem
from app.web.pagination import paginate

STUDIO_PAGE = 25


class CatalogFilters(BaseModel):
    """What comms narrows the list to; None (or an empty field) means any."""

    model_config = ConfigDict(extra="ignore")

    status: Status | None = None
    kind: Kind | None = None
    language: Language | None = None
    topic: Topic | None = None
    ask: bool | None = None
    q: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = Field(
        default=None
    )

    def query(self) -> dict[str, str]:
        """The filters set, as the list's query parameters."""
        values = self.model_dump(exclude_none=True)
        return {
            k: ("yes" if v is True else "no" if v is False else str(v)) for k, v in values.items()
        }


def _filtered(
    statement: SelectOfScalar[ContentItem], filters: CatalogFilters
) -> SelectOfScalar[ContentItem]:
    if filters.status is not None:
        statement = statement.where(ContentItem.status == filters.status)
    if filters.kind is not None:
        statement = statement.where(ContentItem.kind == filters.kind)
    if filters.ask is not None:
        statement = statement.where(col(ContentItem.is_ask).is_(filters.ask))
    if filters.language is not None:  # "de" also finds "de-CH", as in the API
        language = col(ContentItem.language)
        statement = statement.where(
            or_(language == filters.language, language.startswith(f"{filters.language}-"))
        )
    if filters.topic is not None:
        # Slugs appear verbatim in the stored JSON list on SQLite and PostgreSQL alike.
        topics = cast(col(ContentItem.topics), String)
        statement = statement.where(topics.contains(json.dumps(filters.topic), autoescape=True))
    if filters.q:
        needle = filters.q.lower()
        statement = statement.where(
            or_(
                func.lower(col(ContentItem.title)).contains(needle, autoescape=True),
                func.lower(col(ContentItem.summary)).contains(needle, autoescape=True),
            )
        )
    return statement


@dataclass(frozen=True)
class CatalogPage:
    """One page of the list, newest first, and the cursor of the next (None on the last)."""

    items: list[ContentItem]
    next_cursor: str | None


def catalog_page(
    *, session: Session, filters: CatalogFilters, cursor: str | None, limit: int = STUDIO_PAGE
) -> CatalogPage:
    """Live items matching `filters`, newest first; the cursor is the last (created_at, id)."""
    statement = select(ContentItem).where(col(ContentItem.deleted_at).is_(None))
    items, next_cursor = paginate(
        session=session,
        query=_filtered(statement, filters),
        key=[col(ContentItem.created_at), col(ContentItem.id)],
        limit=limit,
        cursor=cursor,
        descending=True,
    )
    return CatalogPage(items, next_cursor)
