"""/me/data: the employee's shares and consent history, the download, and leaving the program."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from app.dependencies import (
    CsrfVisitor,
    CurrentEmployee,
    DatabaseDep,
    SettingsDep,
    VisitorDep,
    require_employee,
)
from app.people.my_data import my_export, program_leave
from app.people.my_data_schemas import MyExport
from app.routers.ui.me import PURPOSE_COPY, Copy
from app.web.i18n import NETWORK_LABELS
from app.web.rendering import redirect, render
from app.web.visitors import clear_session_cookie

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_employee)])
EXPORT_HEADERS = {
    "Content-Disposition": 'attachment; filename="gladshare-my-data.json"',
    "Cache-Control": "no-store",
}


@dataclass(frozen=True)
class MyDataPage:
    """What me_data.html shows: my shares and consent history, or what leaving does."""

    export: MyExport | None = None
    attributed: bool = False
    leaving: bool = False
    purpose_copy: Copy = field(default_factory=lambda: PURPOSE_COPY)
    network_labels: Mapping[str, str] = field(default_factory=lambda: NETWORK_LABELS)


@router.get("/me/data", response_class=HTMLResponse)
async def my_data(
    request: Request, visitor: VisitorDep, me: CurrentEmployee, db: DatabaseDep
) -> Response:
    """My shares, my consent history with the texts I agreed to, download and leaving."""
    export = await db.read(my_export, employee=me)
    attributed = export.consents["share_attribution"].status == "granted"
    page = MyDataPage(export=export, attributed=attributed)
    return render(request, "me_data.html", page, visitor=visitor)


@router.get("/me/data/export")
async def my_data_export(me: CurrentEmployee, db: DatabaseDep) -> Response:
    """Everything gladshare holds about me, as the same JSON download as the API's."""
    export = await db.read(my_export, employee=me)
    return Response(export.model_dump_json(), media_type="application/json", headers=EXPORT_HEADERS)


@router.get("/me/leave", response_class=HTMLResponse)
async def leave_confirm(request: Request, visitor: VisitorDep) -> Response:
    """What leaving does, exactly, and the one button that does it."""
    return render(request, "me_data.html", MyDataPage(leaving=True), visitor=visitor)


@router.post("/me/leave")
async def leave(
    request: Request,
    visitor: CsrfVisitor,
    me: CurrentEmployee,
    db: DatabaseDep,
    settings: SettingsDep,
) -> Response:
    """Leave the program: consents withdrawn, data erased, signed out; then a goodbye."""
    await db.write(program_leave, employee=me)
    response = redirect(request, "/?left=true")
    clear_session_cookie(response, settings=settings)
    return response
