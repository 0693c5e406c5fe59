"""Host names: ASCII for the wire, and the rules a DNS name follows."""

from __future__ import annotations

import pytest

from app.formats.hosts import host_ascii, host_name

# As written, and as the host gladshare stores and connects to.
HOSTS = {
    "Example.COM": "example.com",
    "bücher.example": "xn--bcher-kva.example",
    "MÜNCHEN.social": "xn--mnchen-3ya.social",
    "example.com.": "example.com.",
    "localhost": "localhost",
    "192.0.2.1": "192.0.2.1",
    "a" * 63 + ".example": "a" * 63 + ".example",
}


@pytest.mark.parametrize(("name", "host"), HOSTS.items())
def test_host_names_are_lowercase_ascii(name: str, host: str) -> None:
    assert host_name(name) == host


# Each name that is not one, and what is wrong with it.
NOT_DNS_NAMES = {
    "": "empty",
    "ex_ample.com": "an underscore",
    "exa mple.com": "a space",
    "-example.com": "a label starting with a hyphen",
    "example-.com": "a label ending with a hyphen",
    "social..example": "an empty label",
    "a" * 64 + ".example": "a label of 64 characters",
    ".".join(["a" * 63] * 4): "255 characters, longer than DNS allows",
    "example.com/path": "a path",
}


@pytest.mark.parametrize("name", NOT_DNS_NAMES, ids=NOT_DNS_NAMES.values())
def test_what_is_not_a_dns_name_is_refused(name: str) -> None:
    with pytest.raises(ValueError, match="not a valid domain name"):
        host_name(name)


def test_the_ascii_form_keeps_names_dns_would_not_check() -> None:
    # Internal receivers are sometimes called hr_system; only the encoding is checked.
    assert host_ascii("HR_System") == "hr_system"
    assert host_ascii("Bücher.Example") == "xn--bcher-kva.example"
    with pytest.raises(ValueError, match="not a valid domain name"):
        host_ascii("a" * 64 + ".example")
