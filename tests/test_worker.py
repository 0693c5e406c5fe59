"""`gladshare worker` as real processes: clean stops, and several workers sharing PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func
from sqlmodel import col, select

from app.db import make_engine, transaction
from app.migrate import upgrade_head
from app.models import WebhookDelivery
from app.webhooks.outbox import outbox_emit
from tests.conftest import TEST_SECRET, PostgresServer
from tests.factories.webhooks import emit, make_endpoint
from tests.support.webhook_receiver import Receiver, receiving

pytestmark = [pytest.mark.db, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A real webhook receiver on loopback."""
    with receiving() as running:
        yield running


def start_worker(
    database_url: str, tmp_path: Path, *args: str, threads: int = 4
) -> subprocess.Popen[bytes]:
    """`python -m app worker`, polling fast and with a short lease, as a child process."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("GLADSHARE_")}
    environ.update(
        GLADSHARE_DATABASE_URL=database_url,
        GLADSHARE_SECRET_KEY=TEST_SECRET,
        GLADSHARE_VAR_DIR=str(tmp_path / "var"),
        GLADSHARE_WEBHOOK_ALLOW_PRIVATE="1",
        GLADSHARE_WORKER_POLL_SECONDS="0.1",
        GLADSHARE_WORKER_LEASE_SECONDS="3",
        GLADSHARE_WEBHOOK_TIMEOUT_SECONDS="5",
        GLADSHARE_WORKER_CONCURRENCY=str(threads),
    )
    # The child writes its log to a file of its own; the parent's copy is closed at once.
    with (tmp_path / f"worker-{time.monotonic_ns()}.log").open("wb") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "app", "worker", *args],
            cwd=ROOT,
            env=environ,
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def test_worker_once_delivers_what_is_due_and_exits(
    engine: Engine, database_url: str, tmp_path: Path, receiver: Receiver
) -> None:
    make_endpoint(engine, receiver.url("/hook"))
    emit(engine)
    emit(engine)
    process = start_worker(database_url, tmp_path, "--once")
    assert process.wait(timeout=30) == 0
    assert len(receiver.requests) == 2


def test_the_worker_finishes_the_delivery_in_flight_when_terminated(
    engine: Engine, database_url: str, tmp_path: Path, receiver: Receiver
) -> None:
    endpoint_id, secret = make_endpoint(engine, receiver.url("/hook"))
    process = start_worker(database_url, tmp_path)
    receiver.delay = 1.0
    message_id = emit(engine)
    wait_until(lambda: len(receiver.requests) == 1, 15, "the delivery")
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=15) == 0
    receiver.requests[0].verify(secret)
    with transaction(engine, write=False) as session:
        found = session.exec(
            select(WebhookDelivery).where(WebhookDelivery.message_id == message_id)
        ).one()
    assert (found.status, found.endpoint_id) == ("succeeded", endpoint_id)


def owner_of(client_port: int, pids: list[int]) -> int:
    """The process whose TCP socket has this local port (read from /proc)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == client_port:
                inodes.add(f"socket:[{fields[9]}]")
    for pid in pids:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                if os.readlink(fd) in inodes:
                    return pid
            except OSError:
                continue
    raise AssertionError(f"no worker holds the connection from port {client_port}")


def emit_many(engine: Engine, count: int, start: int) -> list[str]:
    """`count` consent events in one transaction; their message ids."""
    with transaction(engine) as session:
        messages = [
            outbox_emit(
                session=session,
                event_type="consent.updated",
                data={"external_id": f"E-{i}", "purpose": "ambassador", "status": "granted"},
            )
            for i in range(start, start + count)
        ]
    return [m.id for m in messages if m is not None]


def test_two_workers_deliver_every_event_to_every_endpoint_exactly_once_and_survive_a_kill(
    postgres_server: PostgresServer, tmp_path: Path, receiver: Receiver
) -> None:
    url = postgres_server.create()
    engine = make_engine(url)
    workers: list[subprocess.Popen[bytes]] = []
    try:
        upgrade_head(url)
        secrets = {f"/ep{i}": make_endpoint(engine, receiver.url(f"/ep{i}"))[1] for i in range(3)}
        healthy = emit_many(engine, 1000, start=0)
        workers = [start_worker(url, tmp_path) for _ in range(2)]
        wait_until(lambda: len(receiver.requests) >= 3000, 60, "3000 deliveries")
        time.sleep(0.5)  # room for a wrong extra delivery to show up
        pairs = Counter((r.webhook_id, r.path) for r in receiver.requests)
        assert len(pairs) == 3000
        assert set(pairs.values()) == {1}
        assert {w for w, _ in pairs} == {f"msg_{m}" for m in healthy}
        for request in receiver.requests:
            request.verify(secrets[request.path])
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        assert [worker.wait(timeout=15) for worker in workers] == [0, 0]

        # One delivery thread each, so the killed worker has exactly one delivery in flight:
        # the one the receiver holds and then hangs up on.
        workers = [start_worker(url, tmp_path, threads=1) for _ in range(2)]
        receiver.delay, receiver.trap_at = 0.01, len(receiver.requests) + 50
        before = len(receiver.requests)
        emit_many(engine, 100, start=1000)
        wait_until(lambda: receiver.trapped is not None, 30, "the held request")
        assert receiver.trapped is not None
        victim = owner_of(receiver.trapped.client_port, [w.pid for w in workers])
        os.kill(victim, signal.SIGKILL)
        receiver.release.set()
        ok = lambda: len({(r.webhook_id, r.path) for r in receiver.requests[before:]}) == 300  # noqa: E731
        wait_until(ok, 30, "the remaining deliveries")
        wait_until(lambda: _pending(engine) == 0, 30, "every delivery recorded")
        second = Counter((r.webhook_id, r.path) for r in receiver.requests[before:])
        duplicated = {pair for pair, n in second.items() if n > 1}
        held = (receiver.trapped.webhook_id, receiver.trapped.path)
        assert duplicated == {held}  # only where the receiver gave no 2xx, same webhook-id
        copies = [r for r in receiver.requests if (r.webhook_id, r.path) == held]
        assert [c.answered for c in copies] == [None, 200]
        copies[1].verify(secrets[held[1]])

        survivor = next(w for w in workers if w.pid != victim)
        survivor.send_signal(signal.SIGTERM)
        assert survivor.wait(timeout=15) == 0
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
        engine.dispose()
        postgres_server.drop(url)


def _pending(engine: Engine) -> int:
    with transaction(engine, write=False) as session:
        return session.exec(
            select(func.count())
            .select_from(WebhookDelivery)
            .where(col(WebhookDelivery.status) != "succeeded")
        ).one()
