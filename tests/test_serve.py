"""`gladshare serve --demo`, started for real, as `make run` starts it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from app.db import make_engine, transaction
from app.models import ContentItem, ShortLink
from app.short_links.codes import new_short_code
from tests.conftest import TEST_SECRET

pytestmark = [pytest.mark.db, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_demo_server_answers_with_the_landing_page_within_ten_seconds(
    database_url: str, tmp_path: Path
) -> None:
    port = free_port()
    environ = {k: v for k, v in os.environ.items() if not k.startswith("GLADSHARE_")}
    environ["GLADSHARE_DATABASE_URL"] = database_url
    environ["GLADSHARE_VAR_DIR"] = str(tmp_path / "var")
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "serve", "--demo", "--port", str(port)],
        cwd=ROOT,
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 10
        page = None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                page = httpx.get(f"http://127.0.0.1:{port}/", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        assert page is not None, "no answer within 10 s"
        assert page.status_code == 200
        assert "voluntary" in page.text.lower()
        sign_in = httpx.get(f"http://127.0.0.1:{port}/sign-in", timeout=5)
        assert "Sign in as" in sign_in.text
        assert httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=5).status_code == 200
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        output = process.communicate(timeout=20)[0].decode()
    assert "Traceback" not in output


def test_a_graceful_stop_loses_no_click(database_url: str, tmp_path: Path) -> None:
    engine = make_engine(database_url)
    code = new_short_code()
    with transaction(engine) as session:
        item = ContentItem(
            kind="article", title="t", url="https://example.com/", language="en", status="published"
        )
        session.add(item)
        session.flush()
        session.add(ShortLink(code=code, content_id=item.id, network="xing"))
    port = free_port()
    environ = {k: v for k, v in os.environ.items() if not k.startswith("GLADSHARE_")}
    environ.update(
        GLADSHARE_DATABASE_URL=database_url,
        GLADSHARE_SECRET_KEY=TEST_SECRET,
        GLADSHARE_RATE_LIMITS="false",
        GLADSHARE_CLICK_FLUSH_SECONDS="30",
    )  # nothing is written before the stop
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "serve", "--port", str(port)],
        cwd=ROOT,
        env=environ,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                try:
                    client.get("/healthz")
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            statuses = [client.get(f"/s/{code}").status_code for _ in range(300)]
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        stderr = process.communicate(timeout=30)[1].decode()
    assert set(statuses) == {302}, sorted(set(statuses))
    assert len(statuses) == 300
    assert "Traceback" not in stderr
    with transaction(engine, write=False) as session:
        link = session.get(ShortLink, code)
        assert link is not None
        assert link.clicks == 300
    engine.dispose()
