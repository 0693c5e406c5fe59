"""REST API v1: the employee's own data, reached with their session and CSRF token only."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response, status
from sqlmodel import Session

from app.consent.ledger import consent_grant, consent_withdraw
from app.dependencies import CurrentEmployee, DatabaseDep, SettingsDep, refuse_api_keys
from app.models import Employee
from app.people.my_data import my_consent_text, my_consents, my_export, program_leave
from app.people.my_data_schemas import ConsentChange, Me, MyConsentChanged, MyExport
from app.web.openapi import problems
from app.web.visitors import clear_session_cookie

SESSION_ONLY = (
    "Only with the employee's own session cookie; state-changing requests also need the "
    "`X-CSRF-Token` header. Any `Authorization` header (an API key) is refused with 403."
)
# The API key check runs first, so a key never learns whether a session would have worked.
router = APIRouter(prefix="/me", tags=["me"], dependencies=[Depends(refuse_api_keys)])


def _me(*, session: Session, employee: Employee) -> Me:
    return Me.of(employee, my_consents(session=session, employee=employee))


@router.get("", response_model=Me, responses=problems(), description=SESSION_ONLY)
async def me_get(me: CurrentEmployee, db: DatabaseDep) -> Me:
    """My profile and my consent per purpose, including whether a new text awaits me."""
    return await db.read(_me, employee=me)


def _consent_change(
    *, session: Session, employee: Employee, body: ConsentChange
) -> MyConsentChanged:
    if body.action == "grant":
        assert body.text_version is not None  # the schema requires it for grants
        view = consent_grant(
            session=session,
            employee=employee,
            purpose=body.purpose,
            text_version=body.text_version,
            source="ui",
        )
    else:
        view = consent_withdraw(
            session=session, employee=employee, purpose=body.purpose, source="ui"
        )
    text = my_consent_text(session=session, employee=employee, purpose=body.purpose)
    return MyConsentChanged.of(view, text)


@router.post(
    "/consents",
    response_model=MyConsentChanged,
    responses=problems(409),
    description=SESSION_ONLY,
)
async def me_consents_create(
    body: ConsentChange, me: CurrentEmployee, db: DatabaseDep
) -> MyConsentChanged:
    """Grant a purpose on the text version I read (409 when it is stale), or withdraw it."""
    return await db.write(_consent_change, employee=me, body=body)


@router.get("/export", response_model=MyExport, responses=problems(), description=SESSION_ONLY)
async def me_export_get(me: CurrentEmployee, db: DatabaseDep, response: Response) -> MyExport:
    """Everything gladshare holds about me, as a JSON download (GDPR Art. 20)."""
    response.headers["Content-Disposition"] = 'attachment; filename="gladshare-my-data.json"'
    response.headers["Cache-Control"] = "no-store"
    return await db.read(my_export, employee=me)


@router.delete(
    "",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=problems(),
    description=SESSION_ONLY,
)
async def me_delete(me: CurrentEmployee, db: DatabaseDep, settings: SettingsDep) -> Response:
    """Leave the program: every consent withdrawn, my data erased, proof kept pseudonymised."""
    await db.write(program_leave, employee=me)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    clear_session_cookie(response, settings=settings)
    return response


routers = (router,)
