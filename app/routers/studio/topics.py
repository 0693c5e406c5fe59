"""Comms' topic list: create, rename per language, and merge."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Annotated, get_args

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from sqlmodel import Session, col, select

from app.content import topics
from app.content.topic_schemas import TopicCreate, TopicLanguage, TopicUpdate
from app.dependencies import CsrfVisitor, DatabaseDep, RequireRole, VisitorDep
from app.errors import Conflict, PreconditionFailed
from app.models import Topic
from app.web.etags import etag
from app.web.i18n import N_
from app.web.rendering import redirect, render
from app.web.visitors import Visitor

router = APIRouter(include_in_schema=False, dependencies=[Depends(RequireRole("comms"))])
LANGUAGES: tuple[str, ...] = get_args(TopicLanguage)
BAD_SLUG = N_("Use lowercase letters a–z, digits and hyphens, at most 40 characters.")
TAKEN = N_("A topic with this slug is on the list already.")
NEED_ENGLISH = N_("An English name is needed: other languages fall back to it.")
BAD_NAME = N_("A name has at most 60 characters and no control characters.")
STALE = N_("This topic changed while you were editing it. Here is its current version.")
NO_TARGET = N_("Choose another topic on the list to merge into.")
DONE = {
    "created": N_("The topic is on the list."),
    "renamed": N_("The topic is renamed."),
    "merged": N_("The topics are merged: profiles and items now carry the remaining one."),
}
Text = Annotated[str, Form(max_length=200)]


@dataclass(frozen=True)
class TopicsPage:
    """What studio/topics.html shows: the list, the new-topic form, one topic's mistakes."""

    topics: list[Topic]
    draft: Mapping[str, str] = field(default_factory=dict)  # the new-topic form as typed
    errors: Mapping[str, str] = field(default_factory=dict)  # field → message
    failed: str | None = None  # the topic whose rename or merge failed ("" for the new one)
    typed: Mapping[str, str] = field(default_factory=dict)  # its rename form as typed
    notice: str | None = None
    languages: tuple[str, ...] = LANGUAGES


def _page(*, session: Session, **changes: object) -> TopicsPage:
    rows = session.exec(select(Topic).order_by(col(Topic.id))).all()
    return replace(TopicsPage(topics=list(rows)), **changes)  # type: ignore[arg-type]


def _errors(error: ValidationError) -> dict[str, str]:
    """The form's fields that broke a rule, each with what to do about it."""
    found: dict[str, str] = {}
    for issue in error.errors():
        where = [str(part) for part in issue["loc"]]
        if where[:1] == ["id"]:
            found["slug"] = BAD_SLUG
        elif len(where) > 1 and where[-1] in LANGUAGES:
            found[f"name_{where[-1]}"] = BAD_NAME
        else:
            found["name_en"] = NEED_ENGLISH
    return found


def _names(form: Mapping[str, str]) -> dict[str, str]:
    return {
        lang: form[f"name_{lang}"].strip() for lang in LANGUAGES if form[f"name_{lang}"].strip()
    }


def _show(
    request: Request, visitor: Visitor, page: TopicsPage, *, status: int = 200
) -> HTMLResponse:
    return render(
        request, "studio/topics.html", page, visitor=visitor, studio_section="topics", status=status
    )


@router.get("/studio/topics", response_class=HTMLResponse)
async def studio_topics_list(
    request: Request, visitor: VisitorDep, db: DatabaseDep, done: str = ""
) -> HTMLResponse:
    """The topic list with a form for a new topic, and per topic its rename and merge forms."""
    return _show(request, visitor, await db.read(_page, notice=DONE.get(done)))


def _create(*, session: Session, form: dict[str, str]) -> TopicsPage | None:
    try:
        data = TopicCreate.model_validate({"id": form["slug"], "names": _names(form)})
        topics.topic_create(session=session, data=data)
    except ValidationError as invalid:
        return _page(session=session, draft=form, errors=_errors(invalid), failed="")
    except Conflict:
        return _page(session=session, draft=form, errors={"slug": TAKEN}, failed="")
    return None


@router.post("/studio/topics", response_class=HTMLResponse)
async def studio_topic_create(
    request: Request,
    visitor: CsrfVisitor,
    db: DatabaseDep,
    slug: Text = "",
    name_en: Text = "",
    name_de: Text = "",
    name_fr: Text = "",
) -> Response:
    """Put a topic on the list; mistakes come back beside their fields and nothing is saved."""
    form = {"slug": slug, "name_en": name_en, "name_de": name_de, "name_fr": name_fr}
    page = await db.write(_create, form=form)
    if page is not None:
        return _show(request, visitor, page, status=422)
    return redirect(request, "/studio/topics?done=created")


def _rename(
    *, session: Session, topic_id: str, form: dict[str, str], version: int
) -> TopicsPage | None:
    try:
        data = TopicUpdate.model_validate({"names": _names(form)})
        topics.topic_update(
            session=session, topic_id=topic_id, data=data, if_match=etag(topic_id, version)
        )
    except ValidationError as invalid:
        return _page(session=session, errors=_errors(invalid), failed=topic_id, typed=form)
    except PreconditionFailed:
        return _page(session=session, errors={"stale": STALE}, failed=topic_id)
    return None


@router.post("/studio/topics/{topic_id}", response_class=HTMLResponse)
async def studio_topic_update(
    request: Request,
    visitor: CsrfVisitor,
    db: DatabaseDep,
    topic_id: str,
    version: Annotated[int, Form(ge=1)],
    name_en: Text = "",
    name_de: Text = "",
    name_fr: Text = "",
) -> Response:
    """Rename a topic in each language; a version changed meanwhile is shown, not overwritten."""
    form = {"name_en": name_en, "name_de": name_de, "name_fr": name_fr}
    page = await db.write(_rename, topic_id=topic_id, form=form, version=version)
    if page is not None:
        return _show(request, visitor, page, status=409 if "stale" in page.errors else 422)
    return redirect(request, f"/studio/topics?done=renamed#topic-{topic_id}")


def _merge(*, session: Session, topic_id: str, into: str, version: int) -> TopicsPage | None:
    topics.topic_get(session=session, topic_id=topic_id)  # an unknown source is a 404
    if into == topic_id or session.get(Topic, into) is None:
        return _page(session=session, errors={"into": NO_TARGET}, failed=topic_id)
    try:
        topics.topic_merge(
            session=session, source_id=topic_id, target_id=into, if_match=etag(topic_id, version)
        )
    except PreconditionFailed:
        return _page(session=session, errors={"stale": STALE}, failed=topic_id)
    return None


@router.post("/studio/topics/{topic_id}/merge", response_class=HTMLResponse)
async def studio_topic_merge(
    request: Request,
    visitor: CsrfVisitor,
    db: DatabaseDep,
    topic_id: str,
    version: Annotated[int, Form(ge=1)],
    into: Text = "",
) -> Response:
    """Merge this topic into another: its profiles and items move there, and it leaves the list."""
    page = await db.write(_merge, topic_id=topic_id, into=into, version=version)
    if page is not None:
        return _show(request, visitor, page, status=409 if "stale" in page.errors else 422)
    return redirect(request, f"/studio/topics?done=merged#topic-{into}")
