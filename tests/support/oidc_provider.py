"""A real OpenID provider (panva/oidc-provider on Node.js) for sign-in tests, and its forms."""

from __future__ import annotations

import json
import os
import random
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import httpx
from pydantic import SecretStr

from app.config import Settings
from tests.conftest import require

PROVIDER_DIR = Path(__file__).parent / "oidc"
CLIENT_ID = "gladshare-test"
CLIENT_SECRET = "test-client-secret-" + "s" * 24
# Test people at the provider; the login typed into its form is the subject.
ACCOUNTS: dict[str, dict[str, object]] = {
    "ada": {
        "name": "Ada Lovelace",
        "email": "ada@example.com",
        "email_verified": True,
        "groups": ["Comms", "Staff", "ADMIN"],
    },
    "grace": {
        "name": "Grace Hopper",
        "email": "grace.hopper@example.com",
        "email_verified": True,
        "groups": ["people-team"],
    },
    "hedy": {
        "name": "Hedy Lamarr",
        "email": "Hedy@Example.com",
        "email_verified": True,
        "groups": [],
    },
    "linus": {
        "name": "Linus Unverified",
        "email": "linus@example.com",
        "email_verified": False,
        "groups": ["hr"],
    },
}


@dataclass(frozen=True)
class OidcProvider:
    """The running provider and the one client registered at it."""

    issuer: str
    app_port: int

    @property
    def app_url(self) -> str:
        """Where the app under test must listen: its callback is registered for this origin."""
        return f"http://127.0.0.1:{self.app_port}"


def free_port() -> int:
    """A loopback port that nothing listens on right now, and that no `port=0` bind is given."""
    # Below the kernel's ephemeral range (Linux 32768-60999, macOS 49152-65535): the port is
    # free now, and no server another test (or another xdist worker) starts on port 0 can be
    # handed it before the app under test binds it; the random pick keeps workers apart.
    while True:
        port = random.randrange(20000, 32768)
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        return port


def require_provider() -> None:
    """Skip (or fail in CI) when Node.js or the npm package is missing, naming which."""
    require("Node.js", shutil.which("node") is not None, "install Node.js 18 or newer")
    installed = (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir()
    require("oidc-provider (npm)", installed, "run `npm ci --prefix tests/support/oidc`")


@contextmanager
def running_provider(log: Path) -> Iterator[OidcProvider]:
    """Start support/oidc/provider.mjs on a free loopback port; wait for its discovery document."""
    require_provider()
    port, app_port = free_port(), free_port()
    environ = os.environ | {
        "OIDC_PORT": str(port),
        "OIDC_CLIENT_ID": CLIENT_ID,
        "OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_REDIRECT_URIS": f"http://127.0.0.1:{app_port}/auth/callback",
        "OIDC_ACCOUNTS": json.dumps(ACCOUNTS),
    }
    with log.open("wb") as output:
        process = subprocess.Popen(
            ["node", str(PROVIDER_DIR / "provider.mjs")], env=environ, stdout=output, stderr=output
        )
    issuer = f"http://127.0.0.1:{port}"
    try:
        _wait_for_discovery(issuer, process, log)
        yield OidcProvider(issuer=issuer, app_port=app_port)
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_for_discovery(issuer: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"oidc-provider exited: {log.read_text()}")
        try:
            if httpx.get(f"{issuer}/.well-known/openid-configuration").status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise RuntimeError("oidc-provider did not answer within 30 seconds")


@dataclass
class Form:
    """One HTML form: where it posts and the values of its named inputs."""

    action: str
    fields: dict[str, str] = field(default_factory=dict)


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.forms.append(Form(values.get("action", "")))
        elif tag == "input" and self.forms and "name" in values:
            self.forms[-1].fields[values["name"]] = values.get("value", "")


def forms_of(page: str) -> list[Form]:
    """The forms of an HTML page."""
    parser = _FormParser()
    parser.feed(page)
    return parser.forms


def callback_url(client: httpx.Client, login: str) -> str:
    """Sign in at the provider as `login` through its own forms; the URL it sends us back to."""
    response = client.get("/login")
    for _ in range(20):
        if response.is_redirect:
            location = urljoin(str(response.url), response.headers["location"])
            if location.startswith(urljoin(str(client.base_url), "/auth/callback")):
                return location
            response = client.get(location)
            continue
        forms = forms_of(response.text)
        assert forms, f"no form at {response.url} ({response.status_code}): {response.text[:300]}"
        form = forms[0]
        if form.fields.get("prompt") == "login":
            form.fields |= {"login": login, "password": "any password"}
        response = client.post(urljoin(str(response.url), form.action), data=form.fields)
    raise AssertionError("the sign-in did not come back to gladshare")


def single_sign_on(settings: Settings, provider: OidcProvider, **changes: object) -> Settings:
    """`settings` with single sign-on at the test provider (and any further `changes`)."""
    return settings.model_copy(
        update={
            "base_url": provider.app_url,
            "oidc_issuer": provider.issuer,
            "oidc_client_id": CLIENT_ID,
            "oidc_client_secret": SecretStr(CLIENT_SECRET),
            "oidc_scopes": "openid profile email groups",
            **changes,
        }
    )
