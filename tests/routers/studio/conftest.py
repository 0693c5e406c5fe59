"""Fixtures for the studio: a member of the communications team signed in on `client`."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import Engine

from app.db import transaction
from app.models import Employee
from tests.factories.consent import Browser, sign_in_english


def with_roles(engine: Engine, browser: Browser, *roles: str) -> Browser:
    """Give the signed-in employee these roles besides `employee`, as a sign-in would."""
    with transaction(engine) as session:
        employee = session.get(Employee, browser.employee_id)
        assert employee is not None
        employee.roles = ["employee", *roles]
    return browser


@pytest.fixture
def comms(engine: Engine, client: httpx.Client) -> Browser:
    """An English-speaking member of the communications team, signed in on `client`."""
    return with_roles(engine, sign_in_english(engine, client, "C-2001"), "comms")
