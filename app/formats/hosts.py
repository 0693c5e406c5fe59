"""Host names: Unicode names in their ASCII (IDNA) form, and the rules a DNS name follows."""

from __future__ import annotations

import re

HOST_MAX_LENGTH = 253
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")


def host_ascii(name: str) -> str:
    """A host name in lowercase ASCII, Unicode labels in IDNA form; ValueError when it has none.

    Headers, TLS and DNS carry ASCII only, so this is the form to connect to.
    """
    try:
        return name.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise ValueError("the host is not a valid domain name") from None


def host_name(name: str) -> str:
    """A DNS host name (or dotted IPv4 address) in lowercase ASCII; ValueError otherwise.

    A final dot, the DNS root, is kept: `example.com.` names the same host absolutely.
    """
    host = host_ascii(name)
    labels = host.removesuffix(".").split(".")
    if len(host) > HOST_MAX_LENGTH or not all(_LABEL.fullmatch(label) for label in labels):
        raise ValueError("the host is not a valid domain name")
    return host
