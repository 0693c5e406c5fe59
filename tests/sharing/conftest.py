"""Fixtures for the sharing services: one transaction with every consent text published."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from app.db import transaction
from tests.factories.consent import publish_all


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """One transaction for the whole test, with every consent text published."""
    with transaction(engine) as session:
        publish_all(session)
        yield session
