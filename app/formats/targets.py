"""Where gladshare may connect on someone else's say-so (the SSRF rules), and how it connects.

Webhooks and the link import both send requests to URLs that people type in. Both
resolve the name once, refuse it unless every address it resolves to is public, and
then connect to exactly the addresses they vetted, never to a fresh lookup.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

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
    """The URL's address is not one gladshare may connect to; the message says why."""


@dataclass(frozen=True)
class Target:
    """A URL with the addresses it resolved to, every one of them vetted."""

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


def url_target(url: str, *, schemes: tuple[str, ...], allow_private: bool) -> Target:
    """Parse and resolve `url`; TargetRefused unless it uses one of `schemes`, on that
    scheme's standard port, to public addresses only (private ones too when allowed)."""
    parts = urlsplit(url)
    if parts.scheme not in schemes:
        raise TargetRefused(f"the URL must use {' or '.join(schemes)}")
    try:
        port = parts.port or DEFAULT_PORTS[parts.scheme]
    except ValueError:
        raise TargetRefused("the URL has an invalid port") from None
    if port != DEFAULT_PORTS[parts.scheme] and not allow_private:
        # Web servers listen on 80 and 443; another port on a public host is a scan.
        raise TargetRefused(
            f"the URL must use the standard {parts.scheme} port {DEFAULT_PORTS[parts.scheme]}"
        )
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


def vetted_client(*, timeout: float) -> httpx.Client:
    """A client for vetted sends: no redirects (a caller that follows one vets it first),
    no proxies from the environment."""
    # trust_env=False: an HTTP(S)_PROXY would otherwise see (and could redirect) every request.
    return httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False)


def _host_header(target: Target) -> str:
    host = f"[{target.host}]" if ":" in target.host else target.host
    return host if target.port == DEFAULT_PORTS[target.scheme] else f"{host}:{target.port}"


def send_vetted(
    client: httpx.Client,
    target: Target,
    *,
    method: str,
    headers: dict[str, str],
    body: bytes | None = None,
    timeout: float | None = None,
) -> httpx.Response:
    """Send to the first vetted address that accepts the connection; the response is streamed
    (the caller reads as much of the body as it wants, then closes it)."""
    # Connect to the address just vetted, not to whatever the name resolves to next
    # (DNS rebinding); TLS still checks the certificate against the host name.
    failure: httpx.ConnectError | None = None
    for address in target.addresses:
        literal = f"[{address}]" if ":" in address else address
        url = f"{target.scheme}://{literal}:{target.port}{target.path}"
        extensions = {"sni_hostname": target.host} if target.scheme == "https" else {}
        request = client.build_request(
            method,
            url,
            content=body,
            headers={**headers, "Host": _host_header(target)},
            extensions=extensions,
            timeout=httpx.USE_CLIENT_DEFAULT if timeout is None else timeout,
        )
        try:
            return client.send(request, stream=True)
        except httpx.ConnectError as exc:
            failure = exc
    assert failure is not None
    raise failure
