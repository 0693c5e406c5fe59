"""The SSRF rules every outgoing request to a URL someone typed obeys, and the vetted send."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from app.formats.targets import TargetRefused, send_vetted, url_target
from tests.support.webhook_receiver import Receiver, receiving

WEB = ("http", "https")  # what the link import accepts


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A real HTTP server on loopback that records what it receives."""
    with receiving() as running:
        yield running


@pytest.mark.parametrize(
    "url",
    [
        "http://93.184.215.14/page",
        "https://93.184.215.14/page",
        "http://93.184.215.14:80/page",
        "https://[2606:4700:4700::1111]/page",
    ],
)
def test_http_and_https_on_their_standard_ports_to_public_addresses_pass(url: str) -> None:
    assert url_target(url, schemes=WEB, allow_private=False).addresses


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("ftp://93.184.215.14/page", "must use http or https"),
        ("file:///etc/passwd", "must use http or https"),
        ("http://93.184.215.14:8080/page", "standard http port 80"),
        ("https://93.184.215.14:80/page", "standard https port 443"),
        ("http://127.0.0.1/page", "private, loopback or link-local"),
        ("http://169.254.169.254/latest/meta-data", "private, loopback or link-local"),
        ("http://[64:ff9b::a9fe:a9fe]/", "private, loopback or link-local"),
        ("http://localhost/page", "private, loopback or link-local"),
        ("http://user@93.184.215.14/page", "must not contain user info"),
    ],
)
def test_the_rules_refuse_with_a_reason(url: str, why: str) -> None:
    with pytest.raises(TargetRefused, match=why):
        url_target(url, schemes=WEB, allow_private=False)


def test_only_the_schemes_asked_for_pass() -> None:
    with pytest.raises(TargetRefused, match="must use https"):
        url_target("http://93.184.215.14/", schemes=("https",), allow_private=False)


def test_the_vetted_send_connects_to_the_vetted_address_and_names_the_host(
    receiver: Receiver,
) -> None:
    target = url_target(f"http://localhost:{receiver.port}/in?x=1", schemes=WEB, allow_private=True)
    assert set(target.addresses) <= {"127.0.0.1", "::1"}
    with httpx.Client(trust_env=False) as client:
        response = send_vetted(client, target, method="POST", headers={}, body=b"{}", timeout=5)
        response.close()
    assert response.status_code == 200
    (received,) = receiver.requests
    assert received.path == "/in?x=1"
    assert received.headers["host"] == f"localhost:{receiver.port}"
    assert received.body == b"{}"
