"""Idempotency records: replay, conflicting reuse, concurrent duplicates, expiry."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine

from app.db import transaction
from app.errors import Conflict, Invalid
from app.models import IdempotencyRecord, utcnow
from app.web.idempotency import (
    StoredResponse,
    idempotency_begin,
    idempotency_finish,
    request_fingerprint,
)

pytestmark = pytest.mark.db
FIRST = request_fingerprint(method="POST", path="/api/v1/content", payload={"title": "a"})
OTHER = request_fingerprint(method="POST", path="/api/v1/content", payload={"title": "b"})


def claim(
    engine: Engine, fingerprint: str = FIRST, principal: str = "key:1"
) -> StoredResponse | None:
    """A claim in its own transaction, as the request dependency makes it."""
    with transaction(engine) as session:
        return idempotency_begin(
            session=session, principal=principal, key="k", fingerprint=fingerprint
        )


def finish(engine: Engine) -> None:
    with transaction(engine) as session:
        idempotency_finish(
            session=session,
            principal="key:1",
            key="k",
            response=StoredResponse(201, '{"id":"x"}', {"ETag": '"x.1"'}),
        )


def test_first_request_claims_the_key_and_a_duplicate_meanwhile_conflicts(engine: Engine) -> None:
    assert claim(engine) is None
    with pytest.raises(Conflict):
        claim(engine)


def test_finished_request_is_replayed(engine: Engine) -> None:
    claim(engine)
    finish(engine)
    assert claim(engine) == StoredResponse(201, '{"id":"x"}', {"ETag": '"x.1"'})


def test_same_key_with_another_body_is_refused(engine: Engine) -> None:
    claim(engine)
    finish(engine)
    with pytest.raises(Invalid, match="different request body"):
        claim(engine, OTHER)


def test_a_failed_request_releases_its_key(engine: Engine) -> None:
    # The claim is part of the request's write: a failure rolls it back with the change.
    def failing_request() -> None:
        with transaction(engine) as session:
            idempotency_begin(session=session, principal="key:1", key="k", fingerprint=FIRST)
            raise RuntimeError("the request failed")

    with pytest.raises(RuntimeError):
        failing_request()
    assert claim(engine, OTHER) is None


def test_records_expire_after_a_day(engine: Engine) -> None:
    claim(engine)
    finish(engine)
    with transaction(engine) as session:
        record = session.get(IdempotencyRecord, ("key:1", "k"))
        assert record is not None
        record.expires_at = utcnow() - timedelta(seconds=1)
        session.add(record)
    assert claim(engine, OTHER) is None  # a fresh claim, not a replay or a 422


def test_keys_are_per_api_key(engine: Engine) -> None:
    claim(engine)
    assert claim(engine, OTHER, principal="key:2") is None
