"""The worker's sweeps: stored API answers and browser sessions go once their time is over."""

from __future__ import annotations

import threading
from datetime import timedelta
from functools import partial

import pytest
from sqlalchemy import Engine, update
from sqlmodel import col, select

from app.config import Settings
from app.db import transaction
from app.models import IdempotencyRecord, WebSession, utcnow
from app.people.web_sessions import IDLE_TIMEOUT, session_start, token_hash
from app.web.idempotency import StoredResponse, idempotency_begin, idempotency_finish
from app.webhooks.sending import webhook_client
from app.worker import Worker, worker_once
from tests.factories.people import make_employee
from tests.test_worker import wait_until

pytestmark = pytest.mark.db
PAST = timedelta(seconds=1)


def stored_answer(engine: Engine, key: str, *, expired: bool = False) -> None:
    """The first answer to a create with this Idempotency-Key, as a request stores it."""
    with transaction(engine) as session:
        idempotency_begin(session=session, principal="key:1", key=key, fingerprint="f")
    with transaction(engine) as session:
        answer = StoredResponse(201, '{"id":"x"}', {})
        idempotency_finish(session=session, principal="key:1", key=key, response=answer)
        if expired:
            session.exec(
                update(IdempotencyRecord)
                .where(col(IdempotencyRecord.key) == key)
                .values(expires_at=utcnow() - PAST)
            )


def answers(engine: Engine) -> set[str]:
    with transaction(engine, write=False) as session:
        return set(session.exec(select(IdempotencyRecord.key)).all())


def swept(engine: Engine, key: str) -> bool:
    return key not in answers(engine)


def sessions(engine: Engine) -> set[str]:
    with transaction(engine, write=False) as session:
        return set(session.exec(select(WebSession.id)).all())


def browser_sessions(engine: Engine) -> tuple[set[str], set[str]]:
    """Sessions live and over; the ids of the live and of the over."""
    now = utcnow()
    with transaction(engine) as session:
        employee = make_employee(session)
        over = {
            "signed in, expired": session_start(session=session, employee=employee),
            "signed in, idle": session_start(session=session, employee=employee),
        }
        live = {session_start(session=session, employee=employee)}
        for name, token in over.items():
            web_session = session.get_one(WebSession, token_hash(token))
            if name.endswith("idle"):
                web_session.last_seen_at = now - IDLE_TIMEOUT - PAST
            else:
                web_session.expires_at = now - PAST
            session.add(web_session)
    return {token_hash(t) for t in live}, {token_hash(t) for t in over.values()}


def test_worker_once_forgets_answers_after_a_day_and_sessions_that_ended(
    engine: Engine, settings: Settings
) -> None:
    stored_answer(engine, "old", expired=True)
    stored_answer(engine, "new")
    live, over = browser_sessions(engine)
    assert sessions(engine) == live | over
    worker_once(settings)
    assert answers(engine) == {"new"}
    assert sessions(engine) == live


def test_the_running_worker_sweeps_again_and_again(engine: Engine, settings: Settings) -> None:
    settings = settings.model_copy(update={"worker_concurrency": 1})
    with webhook_client(timeout=5) as client:
        worker = Worker(settings, engine, client, sweep_every=0.05)
        running = threading.Thread(target=worker.run)
        running.start()
        try:
            for key in ("first", "second"):  # the second expires after a sweep already ran
                stored_answer(engine, key, expired=True)
                stored_answer(engine, f"{key} live")
                wait_until(partial(swept, engine, key), 15, f"the {key} sweep")
            assert answers(engine) == {"first live", "second live"}
        finally:
            worker.stop.set()
            running.join(timeout=15)
    assert not running.is_alive()
