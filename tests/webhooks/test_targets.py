"""Where webhooks may go: https to public addresses, nothing private, checked by address."""

from __future__ import annotations

import pytest

from app.errors import Invalid
from app.webhooks.targets import TargetRefused, webhook_target, webhook_url_check

REFUSED = [
    "http://93.184.215.14/hook",  # not https
    "ftp://93.184.215.14/hook",
    "https://127.0.0.1/hook",
    "https://127.8.9.10:8443/hook",
    "https://10.1.2.3/hook",
    "https://172.16.0.1/hook",
    "https://192.168.1.1/hook",
    "https://100.64.0.1/hook",  # carrier-grade NAT
    "https://169.254.169.254/latest/meta-data",  # cloud metadata, link-local
    "https://0.0.0.0/hook",
    "https://224.0.0.1/hook",
    "https://[::1]/hook",
    "https://[::]/hook",
    "https://[fc00::1]/hook",
    "https://[fd12:3456::1]/hook",
    "https://[fe80::1]/hook",
    "https://[ff02::1]/hook",
    "https://[::ffff:127.0.0.1]/hook",  # IPv4-mapped loopback
    "https://localhost/hook",  # a name that resolves to loopback
    "https://localhost.:8443/hook",
    "https://user:pw@93.184.215.14/hook",
    "https:///hook",
    "https://93.184.215.14:99999/hook",
    "https://93.184.215.14:8443/hook",  # a public host on another port than 443
    "https://[64:ff9b::a9fe:a9fe]/hook",  # NAT64 of 169.254.169.254
    "https://[64:ff9b::5db8:d70e]/hook",  # NAT64, even of a public address
    "https://[64:ff9b:1::a00:1]/hook",  # local-use NAT64
    "https://[2002:a9fe:a9fe::1]/hook",  # 6to4 of 169.254.169.254
    "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook",  # Teredo
    "https://[::a9fe:a9fe]/hook",  # IPv4-compatible ::169.254.169.254
    "https://[::127.0.0.1]/hook",
    "https://[::ffff:0:a9fe:a9fe]/hook",  # IPv4-translated
    "https://[::ffff:0:7f00:1]/hook",
    "https://[fec0::1]/hook",  # site-local
]


@pytest.mark.parametrize("url", REFUSED)
def test_private_loopback_link_local_and_plain_http_are_refused(url: str) -> None:
    with pytest.raises(Invalid) as caught:
        webhook_url_check(url, allow_private=False)
    assert caught.value.status == 422
    assert caught.value.extra["errors"][0]["loc"] == ["body", "url"]


@pytest.mark.parametrize(
    "url", ["https://93.184.215.14/hook", "https://[2606:4700:4700::1111]/in?x=1"]
)
def test_https_to_public_addresses_is_accepted(url: str) -> None:
    assert webhook_url_check(url, allow_private=False) == url


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8080/hook", "http://localhost/hook", "https://10.1.2.3/hook"]
)
def test_allow_private_admits_http_and_local_receivers(url: str) -> None:
    assert webhook_url_check(url, allow_private=True) == url


def test_unspecified_and_multicast_stay_refused_even_when_private_is_allowed() -> None:
    for url in ("http://0.0.0.0/hook", "http://[ff02::1]/hook"):
        with pytest.raises(TargetRefused):
            webhook_target(url, allow_private=True)


def test_a_name_that_does_not_resolve_is_refused() -> None:
    with pytest.raises(TargetRefused, match="does not resolve"):
        webhook_target("https://no-such-host.invalid/hook", allow_private=False)


def test_the_target_keeps_host_port_path_and_the_vetted_address() -> None:
    target = webhook_target("https://93.184.215.14/in?x=1", allow_private=False)
    assert (target.host, target.port, target.path) == ("93.184.215.14", 443, "/in?x=1")
    assert target.addresses == ("93.184.215.14",)


def test_a_unicode_name_is_addressed_in_its_ascii_form() -> None:
    # The Host header and TLS carry ASCII only, so the name is looked up and sent as IDNA.
    with pytest.raises(TargetRefused, match=r"the host xn--bcher-kva\.invalid does not resolve"):
        webhook_target("https://Bücher.invalid/hook", allow_private=False)


def test_a_host_that_is_no_domain_name_is_refused_without_a_lookup() -> None:
    with pytest.raises(Invalid, match="is not a valid domain name"):
        webhook_url_check(f"https://{'a' * 64}.example/hook", allow_private=False)
