"""The employee's own pages: a choice per purpose and the profile (/me), their data (/me/data)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from app.consent.ledger import consent_grant, consent_withdraw
from app.dependencies import (
    CsrfVisitor,
    CurrentEmployee,
    SessionDep,
    SettingsDep,
    VisitorDep,
    current_employee,
)
from app.errors import Conflict
from app.models import NETWORKS, Employee
from app.models.consent import Purpose
from app.people.my_data import my_consents, my_export, program_leave
from app.people.profiles import (
    HOURS,
    PROFILE_LANGUAGES,
    ProfileDraft,
    ProfileInvalid,
    profile_draft,
    profile_get,
    profile_update,
)
from app.web.i18n import N_, NETWORK_LABELS
from app.web.rendering import redirect, render
from app.web.visitors import Visitor, clear_session_cookie

router = APIRouter(include_in_schema=False, dependencies=[Depends(current_employee)])
# Per purpose: its name, the button that says yes and the one that takes it back.
PURPOSE_COPY = {
    "ambassador": (N_("Take part"), N_("Take part"), N_("Stop taking part")),
    "share_attribution": (
        N_("See your own impact"),
        N_("Count my shares for me"),
        N_("Stop counting my shares"),
    ),
    "recognition": (N_("Be named"), N_("You may name me"), N_("Stop naming me")),
}
LANGUAGE_LABELS = {"de": N_("German"), "en": N_("English")}
STALE_TEXT = N_(
    "This text changed while you were reading it. Here is the new version: "
    "please read it, then choose again."
)
NO_TEXT = N_("This choice is not open yet, because its text has not been published.")
EXPORT_HEADERS = {
    "Content-Disposition": 'attachment; filename="gladshare-my-data.json"',
    "Cache-Control": "no-store",
}
Field = Annotated[str, Form(max_length=2000)]


def _me_page(
    request: Request,
    visitor: Visitor,
    session: Session,
    employee: Employee,
    *,
    block: str | None = None,
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    """/me, or one block of it: every purpose and the profile form."""
    consents = my_consents(session=session, employee=employee)
    if "purpose" in context:
        context["consent"] = consents[context["purpose"]]
    context.setdefault("draft", profile_draft(profile_get(session=session, employee=employee)))
    return render(
        request,
        "me.html",
        visitor=visitor,
        block=block,
        status=status,
        consents=consents,
        purpose_copy=PURPOSE_COPY,
        networks=[(network, NETWORK_LABELS[network]) for network in NETWORKS],
        languages=[(code, LANGUAGE_LABELS[code]) for code in PROFILE_LANGUAGES],
        hours=HOURS,
        **{"errors": {}, "notice": None, "saved": False, **context},
    )


@router.get("/me", response_class=HTMLResponse)
def me_page(
    request: Request,
    visitor: VisitorDep,
    me: CurrentEmployee,
    session: SessionDep,
    saved: bool = False,
) -> Response:
    """My choices per purpose, each with its current text, and my profile."""
    return _me_page(request, visitor, session, me, saved=saved)


@router.post("/me/consents", response_class=HTMLResponse)
def consent_change(
    request: Request,
    visitor: CsrfVisitor,
    me: CurrentEmployee,
    session: SessionDep,
    purpose: Annotated[Purpose, Form()],
    action: Annotated[Literal["grant", "withdraw"], Form()],
    text_version: Annotated[int | None, Form(ge=1)] = None,
) -> Response:
    """Say yes to a purpose on the text I read, or take it back: one click either way."""
    try:
        if action == "grant":
            consent_grant(
                session=session,
                employee=me,
                purpose=purpose,
                text_version=text_version or 0,
                source="ui",
            )
        else:
            consent_withdraw(session=session, employee=me, purpose=purpose, source="ui")
    except Conflict as conflict:
        notice = STALE_TEXT if conflict.type_slug == "stale-consent-text" else NO_TEXT
        return _me_page(
            request,
            visitor,
            session,
            me,
            block="consent",
            status=409,
            purpose=purpose,
            notice=notice,
        )
    return redirect(
        request,
        f"/me#consent-{purpose}",
        fragment=lambda: _me_page(request, visitor, session, me, block="consent", purpose=purpose),
    )


@router.post("/me/profile", response_class=HTMLResponse)
def profile_change(
    request: Request,
    visitor: CsrfVisitor,
    me: CurrentEmployee,
    session: SessionDep,
    mastodon_instance: Field = "",
    topics: Field = "",
    asks_per_quarter: Field = "",
    quiet_hours_start: Field = "",
    quiet_hours_end: Field = "",
    paused: Field = "",
    no_social_networks: Field = "",
    networks: Annotated[list[str] | None, Form()] = None,
    languages: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """Save my profile; mistakes come back next to their fields and nothing is saved."""
    draft = ProfileDraft(
        networks=tuple(networks or ()),
        mastodon_instance=mastodon_instance,
        topics=topics,
        languages=tuple(languages or ()),
        asks_per_quarter=asks_per_quarter,
        quiet_hours_start=quiet_hours_start,
        quiet_hours_end=quiet_hours_end,
        paused=bool(paused),
        no_social_networks=bool(no_social_networks),
    )
    try:
        profile_update(session=session, employee=me, draft=draft)
    except ProfileInvalid as invalid:
        return _me_page(
            request,
            visitor,
            session,
            me,
            block="profile",
            status=422,
            draft=draft,
            errors=invalid.errors,
        )
    return redirect(
        request,
        "/me?saved=true#profile",
        fragment=lambda: _me_page(request, visitor, session, me, block="profile", saved=True),
    )


@router.get("/me/data", response_class=HTMLResponse)
def my_data(
    request: Request, visitor: VisitorDep, me: CurrentEmployee, session: SessionDep
) -> Response:
    """My shares, my consent history with the texts I agreed to, download and leaving."""
    export = my_export(session=session, employee=me)
    attributed = export.consents["share_attribution"].status == "granted"
    return render(
        request,
        "me_data.html",
        visitor=visitor,
        export=export,
        attributed=attributed,
        purpose_copy=PURPOSE_COPY,
        network_labels=NETWORK_LABELS,
    )


@router.get("/me/data/export")
def my_data_export(me: CurrentEmployee, session: SessionDep) -> Response:
    """Everything gladshare holds about me, as the same JSON download as the API's."""
    export = my_export(session=session, employee=me)
    return Response(export.model_dump_json(), media_type="application/json", headers=EXPORT_HEADERS)


@router.get("/me/leave", response_class=HTMLResponse)
def leave_confirm(request: Request, visitor: VisitorDep) -> Response:
    """What leaving does, exactly, and the one button that does it."""
    return render(request, "me_data.html", visitor=visitor, leaving=True)


@router.post("/me/leave")
def leave(
    request: Request,
    visitor: CsrfVisitor,
    me: CurrentEmployee,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    """Leave the program: consents withdrawn, data erased, signed out; then a goodbye."""
    program_leave(session=session, employee=me)
    response = redirect(request, "/?left=true")
    clear_session_cookie(response, settings=settings)
    return response
