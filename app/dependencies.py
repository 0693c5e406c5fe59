"""The Annotated dependencies every router uses, defined in one place."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Form, Request
from sqlmodel import Session

from app.auth import Visitor, check_csrf, identify
from app.config import Settings
from app.db import transaction
from app.errors import Unauthorized

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_settings_dep(request: Request) -> Settings:
    """The settings the app was created with."""
    settings: Settings = request.app.state.settings
    return settings


def get_session(request: Request) -> Iterator[Session]:
    """One transaction per request: committed when the route returns, rolled back on error."""
    write = request.method not in READ_METHODS
    with transaction(request.app.state.engine, write=write) as session:
        yield session


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
# scope="function": commit before the response is sent, so a failed commit is never a 2xx.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def get_visitor(request: Request, session: SessionDep, settings: SettingsDep) -> Visitor:
    """The browser behind this request."""
    return identify(request=request, session=session, settings=settings)


VisitorDep = Annotated[Visitor, Depends(get_visitor)]


def require_csrf(
    request: Request,
    visitor: VisitorDep,
    csrf_token: Annotated[str | None, Form()] = None,
) -> Visitor:
    """A state-changing browser request: the CSRF token must match the visitor's."""
    check_csrf(request=request, visitor=visitor, submitted=csrf_token)
    return visitor


CsrfVisitor = Annotated[Visitor, Depends(require_csrf)]


def require_signed_in(visitor: VisitorDep) -> Visitor:
    """Pages for signed-in employees only."""
    if visitor.employee is None:
        raise Unauthorized("Please sign in first.")
    return visitor


SignedIn = Annotated[Visitor, Depends(require_signed_in)]
