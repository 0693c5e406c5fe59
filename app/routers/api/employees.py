"""REST API v1: employees, as HR systems sync and offboard them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response, status
from sqlmodel import Session

from app.dependencies import DatabaseDep
from app.people import employees
from app.people.schemas import EmployeePublic, EmployeeUpsert
from app.web.api_auth import ApiPrincipalDep, RequireScope
from app.web.openapi import problems

# One router per scope: HR writes; reading a record also suits a consent reader.
writers = APIRouter(tags=["employees"], dependencies=[Depends(RequireScope("employees:write"))])
readers = APIRouter(
    tags=["employees"],
    dependencies=[Depends(RequireScope("employees:write", "consents:read"))],
)

ExternalId = Annotated[
    str,
    Path(
        min_length=1,
        max_length=200,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._~@:+=-]*$",
        description="The employee's id in the HR system or identity provider.",
        examples=["E-1042"],
    ),
]


def _upsert(
    *, session: Session, external_id: str, body: EmployeeUpsert
) -> tuple[EmployeePublic, bool]:
    employee, created = employees.employee_upsert(
        session=session, external_id=external_id, data=body
    )
    return EmployeePublic.of(employee), created


@writers.put(
    "/employees/{external_id}",
    response_model=EmployeePublic,
    responses={201: {"model": EmployeePublic, "description": "Created"}, **problems()},
)
async def employee_upsert(
    external_id: ExternalId, body: EmployeeUpsert, db: DatabaseDep, response: Response
) -> EmployeePublic:
    """Create or replace an employee from HR; 201 when new, 200 when it existed."""
    employee, created = await db.write(_upsert, external_id=external_id, body=body)
    if created:
        response.status_code = status.HTTP_201_CREATED
        response.headers["Location"] = f"/api/v1/employees/{external_id}"
    return employee


def _get(*, session: Session, external_id: str) -> EmployeePublic:
    return EmployeePublic.of(employees.employee_get(session=session, external_id=external_id))


@readers.get("/employees/{external_id}", response_model=EmployeePublic, responses=problems(404))
async def employee_get(external_id: ExternalId, db: DatabaseDep) -> EmployeePublic:
    """One employee's HR record, without any consent history."""
    return await db.read(_get, external_id=external_id)


@writers.delete(
    "/employees/{external_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=problems(404),
)
async def employee_delete(
    external_id: ExternalId, db: DatabaseDep, principal: ApiPrincipalDep
) -> Response:
    """Offboard: every consent withdrawn, sessions ended, profile erased, shares de-attributed."""
    await db.write(
        employees.employee_offboard, external_id=external_id, actor=f"api_key:{principal.key_id}"
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


routers = (writers, readers)
