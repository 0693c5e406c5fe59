"""`gladshare serve --demo`, started for real, as `make run` starts it."""

from __future__ import annotations

import html
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urljoin

import httpx
import pytest

from app.db import make_engine, transaction
from app.demo.organisation import PEOPLE
from app.models import ContentItem, ShortLink
from app.short_links.codes import new_short_code
from app.web.api_keys import api_key_create
from tests.conftest import TEST_SECRET

pytestmark = [pytest.mark.db, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[1]
STARTUP_WAIT_S = 90


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Served:
    """A `gladshare serve` process: its address, its first answer, and in the end its output."""

    def __init__(self, url: str, landing: httpx.Response | None) -> None:
        self.url, self.landing, self.output = url, landing, ""


@contextmanager
def demo_server(database_url: str, var_dir: Path) -> Iterator[Served]:
    """`gladshare serve --demo` on a free port, as a person would start it; stopped after."""
    port = free_port()
    environ = {k: v for k, v in os.environ.items() if not k.startswith("GLADSHARE_")}
    environ["GLADSHARE_DATABASE_URL"] = database_url
    environ["GLADSHARE_VAR_DIR"] = str(var_dir)
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "serve", "--demo", "--port", str(port)],
        cwd=ROOT,
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    served = Served(f"http://127.0.0.1:{port}", None)
    try:
        # Generous: on a shared, loaded machine a start may take long; how long is bench's.
        deadline = time.monotonic() + STARTUP_WAIT_S
        while time.monotonic() < deadline and process.poll() is None:
            try:
                served.landing = httpx.get(f"{served.url}/", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield served
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        served.output = process.communicate(timeout=20)[0].decode()


def test_demo_server_answers_with_the_landing_page(database_url: str, tmp_path: Path) -> None:
    with demo_server(database_url, tmp_path / "var") as served:
        page = served.landing
        assert page is not None, f"no answer within {STARTUP_WAIT_S} s"
        assert page.status_code == 200
        assert "voluntary" in page.text.lower()
        sign_in = httpx.get(f"{served.url}/sign-in", timeout=5)
        assert "Sign in as" in sign_in.text
        assert httpx.get(f"{served.url}/readyz", timeout=5).status_code == 200
    assert "Traceback" not in served.output


def csrf_token(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, "the page has no CSRF field"
    return match.group(1)


def img_src_policy(response: httpx.Response) -> list[str]:
    """The sources the page's Content-Security-Policy lets pictures come from."""
    for directive in response.headers["content-security-policy"].split(";"):
        name, *sources = directive.split()
        if name == "img-src":
            return sources
    raise AssertionError("the policy has no img-src")


def test_the_demo_on_any_port_shows_its_pictures_and_its_short_links_lead_on(
    database_url: str, tmp_path: Path
) -> None:
    with demo_server(database_url, tmp_path / "var") as served:
        assert served.landing is not None, f"no answer within {STARTUP_WAIT_S} s"
        with httpx.Client(base_url=served.url, timeout=5, headers={"Origin": served.url}) as web:
            token = csrf_token(web.get("/sign-in").text)
            signed_in = web.post(
                "/demo/sign-in", data={"csrf_token": token, "external_id": "demo-001"}
            )
            assert signed_in.status_code == 303, signed_in.text
            feed = web.get("/feed")
            assert feed.status_code == 200
            pictures = [
                urljoin(str(feed.url), html.unescape(src))
                for src in re.findall(r'<img class="gs-card-image" src="([^"]+)"', feed.text)
            ]
            assert pictures, "the demo feed shows no pictures"
            # Our own copies of the pictures, and nothing else: img-src is 'self' data:.
            assert img_src_policy(feed) == ["'self'", "data:"]
            for picture in pictures:
                assert picture.startswith(f"{served.url}/images/"), picture
                loaded = web.get(picture)
                assert loaded.status_code == 200, picture
                assert loaded.headers["content-type"] in ("image/jpeg", "image/png")
                assert "immutable" in loaded.headers["cache-control"]

            item_id = re.findall(r'<article class="gs-card" id="item-([^"]+)"', feed.text)[0]
            share = {"network": "linkedin", "csrf_token": csrf_token(feed.text)}
            shared = web.post(f"/feed/{item_id}/share", data=share, follow_redirects=True)
            assert shared.status_code == 200
            link = re.search(rf"{re.escape(served.url)}/s/[\w-]+", unquote(shared.text))
            assert link, "the thank-you names no short link on this server"
            visit = httpx.get(link.group(), timeout=5)
            assert visit.status_code == 302
            assert visit.headers["location"].startswith("https://")

        engine = make_engine(database_url)
        with transaction(engine) as session:
            key = api_key_create(session=session, name="intranet", scopes=["content:read"])[1]
        engine.dispose()
        listed = httpx.get(
            f"{served.url}/api/v1/content",
            params={"limit": 100},
            headers={"Authorization": f"Bearer {key}"},
        ).json()["items"]
        image_urls = [item["image_url"] for item in listed if item["image_url"]]
        assert image_urls
        for image_url in image_urls:
            assert image_url.startswith(f"{served.url}/static/demo/"), image_url
            assert httpx.get(image_url, timeout=5).status_code == 200

    lines = served.output.splitlines()
    assert f"gladshare serves on {served.url}" in lines
    (invitation,) = [line for line in lines if line.startswith("Demo: sign in as")]
    assert f"of the {len(PEOPLE)} Lindenhof Werke people" in invitation
    assert invitation.endswith(f" at {served.url}/sign-in")
    assert "Jonas Weber (Employee)" in invitation
    assert "Traceback" not in served.output


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
