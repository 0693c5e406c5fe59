"""Where webhooks may go: https to public addresses only, checked again at every delivery."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from app.errors import Invalid
from app.formats.hosts import host_ascii

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
DEFAULT_PORTS = {"https": 443, "http": 80}
# IPv6 ranges that carry an IPv4 address inside (NAT64, 6to4, Teredo, IPv4-compatible,
# IPv4-translated) or are not global (site-local): a gateway could turn any of them
# into a private IPv4 target, so they are refused whatever the address embedded.
EMBEDDING_OR_LOCAL = tuple(
    ipaddress.IPv6Network(net)
    for net in (
        "64:ff9b::/96",
        "64:ff9b:1::/48",
        "2002::/16",
        "2001::/32",
        "::/96",
        "::ffff:0:0:0/96",
        "fec0::/10",
    )
)


class TargetRefused(Exception):
    """The endpoint's address is not one gladshare may send to; the message says why."""


@dataclass(frozen=True)
class Target:
    """A webhook URL with the addresses it resolved to, every one of them vetted."""

    scheme: str
    host: str
    port: int
    path: str
    addresses: tuple[str, ...]


def address_allowed(address: IPAddress, *, allow_private: bool) -> bool:
    """Whether gladshare may connect to `address` (loopback and private only when allowed)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if isinstance(address, ipaddress.IPv6Address) and any(
        address in net for net in EMBEDDING_OR_LOCAL
    ):
        return False
    if address.is_unspecified or address.is_multicast:
        return False
    return allow_private or address.is_global


def _resolve(host: str, port: int) -> list[IPAddress]:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise TargetRefused(f"the host {host} does not resolve") from None
    # Drop an IPv6 zone ("fe80::1%eth0"): the address decides, not the interface.
    return list(dict.fromkeys(ipaddress.ip_address(str(i[4][0]).split("%")[0]) for i in infos))


def webhook_target(url: str, *, allow_private: bool) -> Target:
    """Parse and resolve `url`; TargetRefused unless it is https to public addresses only."""
    parts = urlsplit(url)
    allowed_schemes = ("https", "http") if allow_private else ("https",)
    if parts.scheme not in allowed_schemes:
        raise TargetRefused("the URL must use https")
    try:
        port = parts.port or DEFAULT_PORTS[parts.scheme]
    except ValueError:
        raise TargetRefused("the URL has an invalid port") from None
    if port != DEFAULT_PORTS["https"] and not allow_private:
        # Receivers listen on 443; another port on a public host is a scan, not a receiver.
        raise TargetRefused("the URL must use the standard https port 443")
    if not parts.hostname or parts.username is not None or parts.password is not None:
        raise TargetRefused("the URL needs a host and must not contain user info")
    try:
        host = host_ascii(parts.hostname)  # the Host header and TLS carry ASCII only
    except ValueError:
        raise TargetRefused(f"the host {parts.hostname} is not a valid domain name") from None
    addresses = _resolve(host, port)
    # Every address must pass: a name with one public and one private record is refused.
    refused = [a for a in addresses if not address_allowed(a, allow_private=allow_private)]
    if refused or not addresses:
        raise TargetRefused(f"the host {host} is a private, loopback or link-local address")
    path = parts.path or "/"
    return Target(
        scheme=parts.scheme,
        host=host,
        port=port,
        path=f"{path}?{parts.query}" if parts.query else path,
        addresses=tuple(str(a) for a in addresses),
    )


def webhook_url_check(url: str, *, allow_private: bool) -> str:
    """The URL, if webhooks may be sent to it; otherwise a 422 naming the rule."""
    if len(url) > 2048 or any(ch.isspace() or ord(ch) < 32 for ch in url):
        raise Invalid("The URL is not valid.", errors=[{"loc": ["body", "url"], "msg": "invalid"}])
    try:
        webhook_target(url, allow_private=allow_private)
    except TargetRefused as exc:
        message = f"The webhook URL is refused: {exc}."
        raise Invalid(message, errors=[{"loc": ["body", "url"], "msg": str(exc)}]) from None
    return url
