"""`gladshare worker`: delivers the outbox and sweeps what expired, until told to stop."""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

import httpx
from sqlalchemy import Engine

from app.config import Settings
from app.db import make_engine, transaction
from app.models import utcnow
from app.people.web_sessions import sessions_sweep
from app.web.idempotency import idempotency_purge
from app.webhooks.delivery import delivery_claim, delivery_record
from app.webhooks.outbox import outbox_scrub
from app.webhooks.sending import webhook_client, webhook_send

log = logging.getLogger("gladshare.worker")
# Stored answers are promised for 24 hours and sessions idle out after 8: minutes are precise
# enough. The outbox scrub reads more rows and erases payloads a week old: hourly will do.
SWEEP_EVERY_SECONDS = 300.0
SCRUB_EVERY_SECONDS = 3600.0


class Worker:
    """One worker process: claims due deliveries, sends them, records what happened."""

    def __init__(
        self,
        settings: Settings,
        engine: Engine,
        client: httpx.Client,
        *,
        sweep_every: float = SWEEP_EVERY_SECONDS,
    ) -> None:
        self.settings = settings
        self.engine = engine
        self.client = client
        self.sweep_every = sweep_every
        self.stop = threading.Event()
        self.app_secret = settings.secret_key.get_secret_value()

    def deliver_one(self) -> bool:
        """Send the next due delivery; False when nothing is due."""
        # The claim commits before the send: the lease, not an open transaction, keeps
        # the delivery ours, so a slow receiver holds no locks.
        with transaction(self.engine) as session:
            claim = delivery_claim(
                session=session,
                app_secret=self.app_secret,
                lease_seconds=self.settings.worker_lease_seconds,
            )
        if claim is None:
            return False
        outcome = webhook_send(
            client=self.client,
            url=claim.url,
            allow_private=self.settings.webhook_allow_private,
            secrets=claim.secrets,
            webhook_id=claim.webhook_id,
            body=claim.body,
        )
        with transaction(self.engine) as session:
            status = delivery_record(session=session, claim=claim, outcome=outcome)
        if status != "succeeded":
            result = outcome.status_code or outcome.error
            log.info("delivery %s to %s: %s (%s)", claim.webhook_id, claim.url, status, result)
        return True

    def deliver_due(self) -> int:
        """Send everything due now, stopping early when asked to; how many were sent."""
        sent = 0
        while not self.stop.is_set() and self.deliver_one():
            sent += 1
        return sent

    def deliver_due_concurrently(self) -> int:
        """deliver_due in `worker_concurrency` threads, so one slow receiver delays no other."""
        counts: list[int] = []
        threads = [
            threading.Thread(target=lambda: counts.append(self.deliver_due()), daemon=True)
            for _ in range(self.settings.worker_concurrency)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return sum(counts)

    def sweep(self) -> None:
        """Forget the stored API answers and the browser sessions whose time is over."""
        now = utcnow()
        with transaction(self.engine) as session:
            idempotency_purge(session=session, now=now)
            sessions_sweep(session=session, now=now)

    def scrub(self) -> int:
        """Erase the payloads no delivery needs any more."""
        with transaction(self.engine) as session:
            return outbox_scrub(session=session, now=utcnow())

    def poll(self) -> None:
        """One delivery thread: send what is due, then wait a moment, until stopped."""
        while not self.stop.is_set():
            try:
                sent = self.deliver_due()
            except Exception:
                # A database restart or a bad row must not end the thread for good.
                log.exception("delivering webhooks failed; trying again shortly")
                sent = 0
            if sent == 0:
                self.stop.wait(self.settings.worker_poll_seconds)

    def run(self) -> None:
        """Poll and sweep until stopped; every delivery in flight is finished first."""
        threads = [
            threading.Thread(target=self.poll, name=f"delivery-{n}", daemon=True)
            for n in range(self.settings.worker_concurrency)
        ]
        for thread in threads:
            thread.start()
        scrubbed = time.monotonic()
        while not self.stop.wait(self.sweep_every):
            try:
                self.sweep()
                if time.monotonic() - scrubbed >= SCRUB_EVERY_SECONDS:
                    self.scrub()
                    scrubbed = time.monotonic()
            except Exception:
                # Like a delivery thread, the sweeps outlive a database restart.
                log.exception("sweeping failed; trying again at the next round")
        for thread in threads:
            thread.join()


@contextmanager
def _worker(settings: Settings) -> Iterator[Worker]:
    # One engine and one HTTP client for the worker's life, both closed when it ends.
    engine = make_engine(settings.database_url)
    try:
        with webhook_client(timeout=settings.webhook_timeout_seconds) as client:
            yield Worker(settings, engine, client)
    finally:
        engine.dispose()


def worker_once(settings: Settings) -> int:
    """Deliver everything due now, sweep and erase what expired, return the count sent."""
    with _worker(settings) as worker:
        sent = worker.deliver_due_concurrently()
        worker.sweep()
        worker.scrub()
        return sent


def worker_forever(settings: Settings) -> None:
    """Run until SIGTERM or SIGINT; the delivery in flight is finished and recorded."""
    with _worker(settings) as worker:

        def _stop(signum: int, _frame: FrameType | None) -> None:
            log.info("stopping after the delivery in flight (signal %s)", signum)
            worker.stop.set()

        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
        worker.sweep()
        worker.scrub()
        worker.run()
