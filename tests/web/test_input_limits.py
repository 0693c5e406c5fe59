"""Bounded input: 413 before a body is read past its limit, and no NUL character anywhere."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from urllib.parse import urlsplit

import httpx
import pytest

from app.config import Settings
from app.main import create_app
from tests.conftest import bearer, serving

pytestmark = pytest.mark.db
MiB = 1024 * 1024


def rss_bytes() -> int:
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmRSS:"))
    return int(line.split()[1]) * 1024


def test_a_json_body_over_the_limit_gets_413_problem_json(client: httpx.Client) -> None:
    body = b'{"title": "' + b"x" * (2 * MiB) + b'"}'
    response = client.post(
        "/api/v1/content", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == "The request body is larger than 1 MiB."


def test_a_json_body_under_the_limit_reaches_the_api(client: httpx.Client) -> None:
    body = b'{"title": "' + b"x" * (MiB // 2) + b'"}'
    response = client.post(
        "/api/v1/content", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 401  # read, then refused for want of a key


def test_a_form_over_its_smaller_limit_gets_a_readable_page(client: httpx.Client) -> None:
    response = client.post("/me/profile", data={"filler": "x" * (100 * 1024)})
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("text/html")
    assert "larger than 64 KiB" in response.text


def test_a_declared_length_over_the_limit_is_refused_before_the_body_is_sent(
    client: httpx.Client,
) -> None:
    """The client announces 200 MB and sends nothing: the answer still comes."""
    url = urlsplit(str(client.base_url))
    with socket.create_connection((url.hostname, url.port), timeout=5) as conn:
        conn.sendall(
            b"POST /api/v1/content HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 200000000\r\n\r\n"
        )
        assert conn.recv(64).startswith(b"HTTP/1.1 413")


def test_a_streamed_50_mb_body_is_refused_early_and_memory_stays_flat(settings: Settings) -> None:
    """Chunked, so no length is declared: the server stops it at the limit, not at 50 MB."""
    chunk = b"x" * (64 * 1024)
    chunk_frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    with serving(create_app(settings)) as base_url:
        url = urlsplit(base_url)
        before = rss_bytes()
        with socket.create_connection((url.hostname, url.port), timeout=5) as conn:
            conn.sendall(
                b"POST /api/v1/content HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Transfer-Encoding: chunked\r\n\r\n"
            )
            conn.setblocking(False)
            sent, answer, started = 0, b"", time.monotonic()
            while sent < 50 * MiB and not answer:
                try:
                    conn.sendall(chunk_frame)
                    sent += len(chunk)
                except (BlockingIOError, ConnectionError):
                    time.sleep(0.01)
                try:
                    answer = conn.recv(64)
                except BlockingIOError:
                    pass
                if time.monotonic() - started > 30:
                    break
        grown = rss_bytes() - before
    assert answer.startswith(b"HTTP/1.1 413")
    assert sent < 16 * MiB, f"{sent / MiB:.0f} MiB were taken in before the answer"
    assert grown < 20 * MiB, f"memory grew by {grown / MiB:.0f} MiB"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v1/content/%00"),
        ("PATCH", "/api/v1/content/w%00x"),
        ("DELETE", "/api/v1/content/%00"),
        ("GET", "/api/v1/webhooks/%00/deliveries"),
        ("GET", "/feed/%00"),
    ],
)
def test_a_nul_in_a_path_is_not_found(
    client: httpx.Client, make_key: Callable[..., str], method: str, path: str
) -> None:
    key = make_key("content:read", "content:write", "webhooks:manage")
    response = client.request(method, path, headers=bearer(key))
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/content", {"q": "a\x00b"}),
        ("/api/v1/content", {"cursor": "\x00"}),
        ("/api/v1/consents", {"cursor": "x\x00"}),
    ],
)
def test_a_nul_in_a_query_is_invalid(
    client: httpx.Client, make_key: Callable[..., str], path: str, params: dict[str, str]
) -> None:
    key = make_key("content:read", "consents:read")
    response = client.get(path, params=params, headers=bearer(key))
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


def test_a_nul_in_a_json_string_is_invalid(
    client: httpx.Client, make_key: Callable[..., str]
) -> None:
    key = make_key("shares:write")
    for content_id in ("w\u0000x", "\u0000"):
        body = {"content_id": content_id, "network": "linkedin"}
        response = client.post("/api/v1/shares", json=body, headers=bearer(key))
        assert response.status_code == 422, response.text


def test_a_nul_in_a_form_field_gets_a_readable_page(client: httpx.Client) -> None:
    response = client.post("/me/profile", data={"mastodon_instance": "a\x00b"})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
