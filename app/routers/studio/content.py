"""The studio's content list: every item comms has, filtered, searched and paged by key."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError
from sqlmodel import Session

from app.analytics.figures import Ratings
from app.analytics.quality import ratings_of
from app.content.catalog import CatalogFilters, CatalogPage, catalog_page
from app.content.topics import TopicMenu, topic_menu
from app.dependencies import DatabaseDep, RequireRole, SettingsDep, VisitorDep
from app.errors import Invalid
from app.models import KINDS, STATUSES
from app.routers.studio.pages import KIND_LABELS, STATUS_LABELS
from app.web.i18n import LANGUAGE_NAMES, N_, gettext
from app.web.rendering import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(RequireRole("comms"))])
FILTER_ERROR = N_("This filter is not valid, so it is left out.")
CURSOR_ERROR = N_("This page link is no longer valid: the list starts again from the top.")
LANGUAGES = ("de", "en", "fr")
ASKS_ONLY, NO_ASKS = N_("Asks only"), N_("No asks")
Param = Annotated[str, Query(max_length=200)]


@dataclass(frozen=True)
class ListPage:
    """The list: the filters as chosen, one page of items with their answers, the next page."""

    filters: CatalogFilters
    page: CatalogPage
    ratings: Mapping[str, Ratings]
    topics: TopicMenu
    k: int
    errors: Mapping[str, str] = field(default_factory=dict)
    first_page: bool = True
    deleted: bool = False
    kinds: tuple[str, ...] = KINDS
    statuses: tuple[str, ...] = STATUSES
    languages: tuple[str, ...] = LANGUAGES
    kind_labels: Mapping[str, str] = field(default_factory=lambda: KIND_LABELS)
    status_labels: Mapping[str, str] = field(default_factory=lambda: STATUS_LABELS)

    def options(self, name: str, language: str) -> list[tuple[str, str]]:
        """A filter's choices as (value, label), named in the page's language."""
        if name == "topic":
            return [(t.id, t.name) for t in self.topics.choices(language)]
        if name == "language":
            return [(code, LANGUAGE_NAMES.get(code, code)) for code in self.languages]
        if name == "ask":
            return [("yes", gettext(ASKS_ONLY)), ("no", gettext(NO_ASKS))]
        if name == "status":
            return [(value, gettext(self.status_labels[value])) for value in self.statuses]
        return [(value, gettext(self.kind_labels[value])) for value in self.kinds]

    def next_href(self) -> str | None:
        """The next page's address, with the filters kept."""
        if self.page.next_cursor is None:
            return None
        return "/studio?" + urlencode({**self.filters.query(), "cursor": self.page.next_cursor})

    def first_href(self) -> str:
        """The first page's address, with the filters kept."""
        query = urlencode(self.filters.query())
        return "/studio" + (f"?{query}" if query else "")


def _filters(raw: Mapping[str, str]) -> tuple[CatalogFilters, dict[str, str]]:
    """The filters that are valid, and a message for each that is not (an empty field is "any")."""
    given: dict[str, object] = {k: v.strip() for k, v in raw.items() if v.strip()}
    if "ask" in given:
        given["ask"] = {"yes": True, "no": False}.get(str(given["ask"]), given["ask"])
    errors: dict[str, str] = {}
    try:
        return CatalogFilters.model_validate(given), errors
    except ValidationError as invalid:
        for error in invalid.errors():
            name = str(error["loc"][0])
            errors[name] = FILTER_ERROR
            given.pop(name, None)
    return CatalogFilters.model_validate(given), errors


def _list_page(
    *, session: Session, filters: CatalogFilters, cursor: str | None, k: int
) -> ListPage:
    """One page of items and their share-worthiness; a broken cursor starts from the top."""
    errors: dict[str, str] = {}
    try:
        page = catalog_page(session=session, filters=filters, cursor=cursor)
    except Invalid:
        page, errors, cursor = (
            catalog_page(session=session, filters=filters, cursor=None),
            {"cursor": CURSOR_ERROR},
            None,
        )
    ratings = ratings_of(session=session, content_ids=[i.id for i in page.items], k=k)
    return ListPage(
        filters, page, ratings, topic_menu(session=session), k, errors, first_page=cursor is None
    )


@router.get("/studio", response_class=HTMLResponse)
async def studio_content_list(
    request: Request,
    visitor: VisitorDep,
    db: DatabaseDep,
    settings: SettingsDep,
    status: Param = "",
    kind: Param = "",
    language: Param = "",
    topic: Param = "",
    ask: Param = "",
    q: Param = "",
    cursor: Param = "",
    deleted: bool = False,
) -> HTMLResponse:
    """Comms' content, newest first, each with its status, times and share-worthiness."""
    raw = {"status": status, "kind": kind, "language": language, "topic": topic, "ask": ask}
    filters, errors = _filters({**raw, "q": q})
    page = await db.read(_list_page, filters=filters, cursor=cursor or None, k=settings.k_anonymity)
    errors = {**errors, **page.errors}
    context = {
        "errors": errors,
        "deleted": deleted,
        "options": page.options,
        "next_href": page.next_href(),
        "first_href": page.first_href(),
    }
    return render(
        request,
        "studio/content.html",
        page,
        visitor=visitor,
        block="results",
        status=422 if errors else 200,
        studio_section="content",
        **context,
    )
