"""What the benchmarks share: a seeded database, the server's settings, starting and stopping it.

Seeding goes through gladshare's own CLI (demo data, API keys) and its sign-in over HTTP
wherever it can, so that a benchmark measures the rows the application itself writes.
"""

from __future__ import annotations

import os
import random
import re
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import func, select
from sqlmodel import SQLModel, col

from app.content.visibility import published_now
from app.db import make_engine, transaction
from app.migrate import upgrade_head
from app.models import ContentItem, ShortLink, utcnow

ROOT = Path(__file__).resolve().parents[1]
GLADSHARE = ROOT / ".venv/bin/gladshare"
SECRET = "bench-secret-" + "b" * 40
# Limits stay on, with ceilings the load never reaches: their cost is measured, not their 429s.
CEILING = "100000000/minute"
# Jonas Weber: an employee who takes part, so the feed shows its share panels.
SIGNED_IN = "demo-001"
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def gladshare_env(url: str, *, demo: bool = False) -> dict[str, str]:
    """The environment of a benchmarked `gladshare`: this database, a fixed secret, high limits."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("GLADSHARE_")}
    environ.update(
        GLADSHARE_DATABASE_URL=url,
        GLADSHARE_SECRET_KEY=SECRET,
        GLADSHARE_RATE_LIMIT_API=CEILING,
        GLADSHARE_RATE_LIMIT_LINKS=CEILING,
        GLADSHARE_RATE_LIMIT_UNKNOWN_KEYS=CEILING,
    )
    if demo:
        environ["GLADSHARE_DEMO"] = "1"
    return environ


def gladshare_cli(url: str, *args: str) -> str:
    """Run one `gladshare` command on the database; its standard output."""
    done = subprocess.run(
        [str(GLADSHARE), *args],
        env=gladshare_env(url),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def add_items(url: str, *, count: int) -> list[str]:
    """`count` published articles of our own, for a benchmark that needs no demo organisation."""
    upgrade_head(url)
    engine = make_engine(url)
    with transaction(engine) as session:
        items = [
            ContentItem(
                kind="article",
                title=f"Item {i}",
                language="en",
                url=f"https://example.com/news/{i}?ref=bench",
                status="published",
            )
            for i in range(count)
        ]
        session.add_all(items)
        session.flush()
        ids = [item.id for item in items]
    engine.dispose()
    return ids


def add_short_links(url: str, *, content_ids: list[str], count: int) -> list[str]:
    """`count` short links spread over the items; their codes, in a reproducible order."""
    engine = make_engine(url)
    rng = random.Random(7)
    codes = [f"bench{i:06d}x{rng.randrange(16**6):06x}" for i in range(count)]
    with transaction(engine) as session:
        session.add_all(
            ShortLink(code=code, content_id=rng.choice(content_ids), network="linkedin")
            for code in codes
        )
    engine.dispose()
    return codes


def published_ids(url: str) -> list[str]:
    """The items readers see now, newest first."""
    engine = make_engine(url)
    with transaction(engine, write=False) as session:
        ids = session.scalars(
            select(col(ContentItem.id))
            .where(published_now(utcnow()))
            .order_by(col(ContentItem.publish_at).desc())
        ).all()
    engine.dispose()
    return list(ids)


def row_count(url: str, table: type[SQLModel]) -> int:
    """How many rows a table holds."""
    engine = make_engine(url)
    with transaction(engine, write=False) as session:
        total = session.scalar(select(func.count()).select_from(table))
    engine.dispose()
    return int(total or 0)


def api_key_create(url: str, *, scopes: str) -> str:
    """A new API key from `gladshare apikey create`, which prints it alone on its last line."""
    out = gladshare_cli(url, "apikey", "create", "--name", "bench", "--scopes", scopes)
    return out.strip().splitlines()[-1]


def demo_session_cookie(url: str, *, external_id: str) -> tuple[str, str]:
    """Sign in over HTTP as a demo person on a demo-mode server; the session cookie it sets."""
    port = free_port()
    server = start_gladshare(url, port, demo=True)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            page = client.get("/sign-in")
            found = CSRF_FIELD.search(page.text)
            if page.status_code != 200 or found is None:
                raise RuntimeError(f"the demo sign-in page answered {page.status_code}")
            answer = client.post(
                "/demo/sign-in", data={"csrf_token": found[1], "external_id": external_id}
            )
            if answer.status_code != 303:
                raise RuntimeError(f"the demo sign-in answered {answer.status_code}")
            name = "gladshare_session"
            token = answer.cookies.get(name)
            if not token:
                raise RuntimeError(f"the demo sign-in set no {name} cookie")
            return name, token
    finally:
        stop_gladshare(server)


def start_gladshare(url: str, port: int, *, demo: bool = False) -> subprocess.Popen[bytes]:
    """`gladshare serve` on `port` (1 worker), once it answers /healthz."""
    args = [str(GLADSHARE), "serve", "--port", str(port), *(["--demo"] if demo else [])]
    server = subprocess.Popen(
        args,
        env=gladshare_env(url, demo=demo),
        cwd=ROOT,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gladshare serve exited with {server.returncode}")
        try:
            httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server
        except httpx.TransportError:
            time.sleep(0.05)
    stop_gladshare(server)
    raise RuntimeError("gladshare serve did not answer within 60 s")


def stop_gladshare(server: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the server's process group, and wait for it to finish its shutdown."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def free_port() -> int:
    """A free TCP port on the loopback address."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True)
class DemoFixture:
    """A demo organisation with short links, an API key and a signed-in employee's cookie."""

    codes: list[str]
    api_key: str
    cookie: tuple[str, str]
    content_id: str


def seed_demo_fixture(url: str, *, links: int) -> DemoFixture:
    """Seed the demo organisation, `links` short links, an API key and an employee's session."""
    gladshare_cli(url, "demo-data")
    ids = published_ids(url)
    return DemoFixture(
        codes=add_short_links(url, content_ids=ids, count=links),
        api_key=api_key_create(url, scopes="content:read,shares:write"),
        cookie=demo_session_cookie(url, external_id=SIGNED_IN),
        content_id=ids[0],
    )
