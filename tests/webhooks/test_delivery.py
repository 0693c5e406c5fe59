"""The worker against a real receiver: signed Standard Webhooks, retries, 410, redirects."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import Engine, func, update
from sqlmodel import col, select

from app.config import Settings
from app.db import transaction
from app.models import DeliveryAttempt, OutboxMessage, WebhookDelivery, WebhookEndpoint, utcnow
from app.webhooks.delivery import Claim, delivery_claim
from app.webhooks.outbox import outbox_emit
from app.worker import worker_once
from tests.conftest import TEST_SECRET
from tests.factories.webhooks import delivery, emit, make_endpoint, payload
from tests.support.webhook_receiver import Receiver, receiving

pytestmark = pytest.mark.db


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A real webhook receiver on loopback."""
    with receiving() as running:
        yield running


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The test settings: the receiver on loopback allowed, deliveries one at a time, in order."""
    return settings.model_copy(update={"webhook_allow_private": True, "worker_concurrency": 1})


def test_events_arrive_signed_with_standard_webhooks_headers(
    engine: Engine, settings: Settings, receiver: Receiver
) -> None:
    hr_id, hr_secret = make_endpoint(engine, receiver.url("/hr"), ("consent.updated",))
    _, all_secret = make_endpoint(engine, receiver.url("/all"))
    consent = emit(
        engine, "consent.updated", external_id="E-7", purpose="ambassador", status="granted"
    )
    content = emit(engine, "content.published", content_id="c1")
    assert worker_once(settings) == 3
    assert sorted(r.path for r in receiver.requests) == ["/all", "/all", "/hr"]
    for request in receiver.requests:
        body = request.verify(hr_secret if request.path == "/hr" else all_secret)
        assert isinstance(body, dict)
        assert set(body) == {"type", "timestamp", "data"}
        assert request.headers["content-type"] == "application/json"
        assert abs(int(request.headers["webhook-timestamp"]) - time.time()) < 10
    (hr_request,) = receiver.to("/hr")
    assert hr_request.webhook_id == f"msg_{consent}"
    assert json.loads(hr_request.body)["data"] == {
        "external_id": "E-7",
        "purpose": "ambassador",
        "status": "granted",
    }
    assert delivery(engine, consent, hr_id).status == "succeeded"
    # Delivered everywhere: the external id is not kept any longer.
    assert payload(engine, consent) == {}
    assert payload(engine, content) == {}


def test_a_rolled_back_change_leaves_no_message(
    engine: Engine, settings: Settings, receiver: Receiver
) -> None:
    make_endpoint(engine, receiver.url("/hook"))

    def offboard_then_fail() -> None:
        with transaction(engine) as session:
            data = {"external_id": "E-1"}
            outbox_emit(session=session, event_type="employee.offboarded", data=data)
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError, match="the change failed"):
        offboard_then_fail()
    with transaction(engine, write=False) as session:
        assert session.exec(select(func.count()).select_from(OutboxMessage)).one() == 0
        assert session.exec(select(func.count()).select_from(WebhookDelivery)).one() == 0
    assert worker_once(settings) == 0
    assert receiver.requests == []


def test_a_failure_is_retried_after_five_seconds_then_on_the_schedule_until_it_fails(
    engine: Engine, settings: Settings, receiver: Receiver
) -> None:
    endpoint_id, _ = make_endpoint(engine, receiver.url("/hook"))
    message_id = emit(engine)
    receiver.answer("/hook", 500)
    before = utcnow()
    worker_once(settings)
    first = delivery(engine, message_id, endpoint_id)
    assert (first.status, first.attempts, first.last_status_code) == ("pending", 1, 500)
    assert before + timedelta(seconds=4) < first.next_attempt_at < utcnow() + timedelta(seconds=6)
    assert worker_once(settings) == 0  # not due yet
    _make_due(engine, first.id, attempts=9)
    receiver.answer("/hook", 503)
    worker_once(settings)
    last = delivery(engine, message_id, endpoint_id)
    assert (last.status, last.attempts) == ("failed", 10)
    assert len(receiver.requests) == 2
    assert receiver.requests[0].webhook_id == receiver.requests[1].webhook_id
    assert payload(engine, message_id) != {}  # kept for a week, for a manual retry


@pytest.mark.parametrize("retry_after", ["120", "HTTP-DATE"])
@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_is_honoured(
    engine: Engine, settings: Settings, receiver: Receiver, status: int, retry_after: str
) -> None:
    endpoint_id, _ = make_endpoint(engine, receiver.url("/hook"))
    message_id = emit(engine)
    if retry_after == "HTTP-DATE":
        retry_after = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 120))
    receiver.answer("/hook", status, {"Retry-After": retry_after})
    worker_once(settings)
    wait = delivery(engine, message_id, endpoint_id).next_attempt_at - utcnow()
    assert timedelta(seconds=110) < wait <= timedelta(seconds=121)


def test_410_disables_the_endpoint_and_stops_its_other_deliveries(
    engine: Engine, settings: Settings, receiver: Receiver
) -> None:
    endpoint_id, _ = make_endpoint(engine, receiver.url("/gone"))
    first, second = emit(engine), emit(engine)
    receiver.answer("/gone", 410)
    worker_once(settings)
    assert len(receiver.requests) == 1
    with transaction(engine, write=False) as session:
        endpoint = session.get_one(WebhookEndpoint, endpoint_id)
        assert not endpoint.enabled
        assert "410" in (endpoint.disabled_reason or "")
    assert delivery(engine, first, endpoint_id).status == "failed"
    assert delivery(engine, second, endpoint_id).status == "failed"
    with transaction(engine) as session:
        assert outbox_emit(session=session, event_type="consent.updated", data={}) is None


def test_a_redirect_is_a_failure_and_is_not_followed(
    engine: Engine, settings: Settings, receiver: Receiver
) -> None:
    endpoint_id, _ = make_endpoint(engine, receiver.url("/hook"))
    message_id = emit(engine)
    receiver.answer("/hook", 302, {"Location": receiver.url("/elsewhere")})
    worker_once(settings)
    assert [r.path for r in receiver.requests] == ["/hook"]
    found = delivery(engine, message_id, endpoint_id)
    assert (found.status, found.last_status_code, found.attempts) == ("pending", 302, 1)


def test_a_slow_receiver_times_out(engine: Engine, settings: Settings, receiver: Receiver) -> None:
    endpoint_id, _ = make_endpoint(engine, receiver.url("/slow"))
    message_id = emit(engine)
    receiver.delay = 1.5
    worker_once(settings.model_copy(update={"webhook_timeout_seconds": 0.3}))
    found = delivery(engine, message_id, endpoint_id)
    assert (found.status, found.last_error) == ("pending", "timed out")


def test_the_address_is_checked_again_at_delivery_time(
    engine: Engine, settings: Settings, receiver: Receiver
) -> None:
    # Registered while loopback was allowed; a worker that does not allow it refuses to send.
    endpoint_id, _ = make_endpoint(engine, receiver.url("/hook"))
    message_id = emit(engine)
    worker_once(settings.model_copy(update={"webhook_allow_private": False}))
    assert receiver.requests == []
    found = delivery(engine, message_id, endpoint_id)
    assert found.status == "pending"
    assert (found.last_error or "").startswith("refused:")
    with transaction(engine, write=False) as session:
        attempts = session.exec(select(DeliveryAttempt)).all()
        assert [a.status_code for a in attempts] == [None]


def claim_next(engine: Engine) -> Claim | None:
    """A claim in its own transaction, as the worker loop makes it."""
    with transaction(engine) as session:
        return delivery_claim(session=session, app_secret=TEST_SECRET, lease_seconds=60)


def test_a_claimed_delivery_is_not_claimed_again_until_its_lease_runs_out(engine: Engine) -> None:
    make_endpoint(engine, "http://127.0.0.1:9/hook")
    emit(engine)
    claim = claim_next(engine)
    assert claim is not None
    assert claim_next(engine) is None
    with transaction(engine) as session:
        session.exec(update(WebhookDelivery).values(locked_until=utcnow() - timedelta(seconds=1)))
    again = claim_next(engine)
    assert again is not None
    assert again.webhook_id == claim.webhook_id


def _make_due(engine: Engine, delivery_id: str, *, attempts: int) -> None:
    with transaction(engine) as session:
        session.exec(
            update(WebhookDelivery)
            .where(col(WebhookDelivery.id) == delivery_id)
            .values(attempts=attempts, next_attempt_at=utcnow() - timedelta(seconds=1))
        )


def test_an_address_embedding_ipv4_is_refused_at_delivery_even_with_private_allowed(
    engine: Engine, settings: Settings, receiver: Receiver
) -> None:
    """NAT64 of loopback, stored before the rule existed: the worker still will not send."""
    endpoint_id, _ = make_endpoint(engine, receiver.url("/hook"))
    port = receiver.url("/hook").rsplit(":", 1)[1].split("/")[0]
    with transaction(engine) as session:
        endpoint = session.get(WebhookEndpoint, endpoint_id)
        assert endpoint is not None
        endpoint.url = f"http://[64:ff9b::7f00:1]:{port}/hook"
    message_id = emit(engine)
    worker_once(settings)
    assert receiver.requests == []
    found = delivery(engine, message_id, endpoint_id)
    assert (found.last_error or "").startswith("refused:")
