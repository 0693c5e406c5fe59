"""Settings: one pydantic-settings class, read from the environment (prefix GLADSHARE_)."""

from __future__ import annotations

import re
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Self

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

VAR_DIR = Path("var")
DEFAULT_SECRET = "change-me"
MIN_SECRET_LENGTH = 32
ROLES = ("employee", "comms", "hr", "admin")
DISCLOSURE_MAX = 100


class SettingsError(ValueError):
    """Configuration that gladshare refuses to start with; the message is for a person."""


class Settings(BaseSettings):
    """Everything gladshare can be configured with."""

    model_config = SettingsConfigDict(env_prefix="GLADSHARE_", extra="ignore")

    database_url: str = ""
    secret_key: SecretStr = SecretStr("")
    # The public origin of links and pictures; the demo follows where it listens unless set.
    base_url: str = "http://127.0.0.1:8000"
    oidc_issuer: str = ""
    oidc_client_id: str = ""
    oidc_client_secret: SecretStr = SecretStr("")
    oidc_roles_claim: str = "groups"
    oidc_scopes: str = "openid profile email"
    # "IdP group=role" pairs; without a pair, a group named like a role is that role.
    oidc_role_map: Annotated[dict[str, str], NoDecode] = Field(default_factory=dict)
    # Addresses of the reverse proxies whose X-Forwarded-Proto/-For are believed.
    forwarded_allow_ips: str = "127.0.0.1"
    demo: bool = False
    content_hosts: Annotated[list[str], NoDecode] = Field(default_factory=list)
    webhook_allow_private: bool = False
    webhook_timeout_seconds: float = Field(default=10.0, gt=0, le=60)
    worker_poll_seconds: float = Field(default=1.0, gt=0, le=60)
    worker_lease_seconds: float = Field(default=60.0, ge=1, le=3600)
    worker_concurrency: int = Field(default=4, ge=1, le=32)
    smtp_url: str = ""
    # Per language, a short line the share panel suggests appending, e.g. as JSON
    # {"de": "Ich arbeite bei Lindenhof", "en": "I work at Lindenhof"}; none by default.
    disclosure: dict[str, str] = Field(default_factory=dict)
    ask_budget: int = Field(default=4, ge=0)
    k_anonymity: int = Field(default=5, ge=2)
    var_dir: Path = VAR_DIR
    rate_limits: bool = True
    rate_limit_api: str = "1200/minute"
    rate_limit_links: str = "120/minute"
    # Unknown, revoked or expired API keys per client address, then 429 until the window ends.
    rate_limit_unknown_keys: str = "20/minute"
    click_flush_seconds: float = Field(default=0.5, gt=0, le=60)
    # Largest request bodies read: JSON for the API, forms for the pages (413 beyond).
    body_limit_json: int = Field(default=1024 * 1024, ge=1024)
    body_limit_form: int = Field(default=64 * 1024, ge=1024)

    @field_validator("content_hosts", mode="before")
    @classmethod
    def _split_hosts(cls, value: object) -> object:
        if isinstance(value, str):
            return [h.strip().lower() for h in value.split(",") if h.strip()]
        return value

    @field_validator("disclosure")
    @classmethod
    def _disclosure(cls, value: dict[str, str]) -> dict[str, str]:
        cleaned = {}
        for language, text in value.items():
            if not re.fullmatch(r"[A-Za-z]{2,8}", language.strip()):
                raise ValueError(f"{language!r} is not a language: use codes such as de, en, fr")
            line = text.strip()
            if not 1 <= len(line) <= DISCLOSURE_MAX or any(c < " " for c in line):
                msg = f"the {language} disclosure must be one line of 1 to {DISCLOSURE_MAX} chars"
                raise ValueError(msg)
            cleaned[language.strip().lower()] = line
        return cleaned

    @field_validator("oidc_role_map", mode="before")
    @classmethod
    def _role_map(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        pairs = [pair.rpartition("=") for pair in value.split(",") if pair.strip()]
        if any(not group.strip() for group, _, _ in pairs):
            raise ValueError('use "group=role" pairs separated by commas')
        return {group.strip().lower(): role.strip().lower() for group, _, role in pairs}

    @field_validator("oidc_role_map")
    @classmethod
    def _known_roles(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value.values()) - set(ROLES))
        if unknown:
            raise ValueError(f"unknown role {unknown[0]!r}; roles are {', '.join(ROLES)}")
        return {group.lower(): role for group, role in value.items()}

    @field_validator("rate_limit_api", "rate_limit_links", "rate_limit_unknown_keys")
    @classmethod
    def _rate_limit(cls, value: str) -> str:
        from limits import parse

        parse(value)  # raises ValueError naming the bad spec
        return value

    @field_validator("base_url")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @model_validator(mode="after")
    def _defaults(self) -> Self:
        if not self.database_url:
            self.database_url = f"sqlite:///{self.var_dir / 'gladshare.db'}"
        if self.oidc_issuer and not self.oidc_client_id:
            raise ValueError("GLADSHARE_OIDC_CLIENT_ID is needed with GLADSHARE_OIDC_ISSUER")
        return self

    def check_secret(self) -> None:
        """Refuse to run with a missing or default secret unless in demo mode."""
        value = self.secret_key.get_secret_value()
        if self.demo:
            if not value:
                self.secret_key = SecretStr(demo_secret(self.var_dir))
            return
        if not value or value == DEFAULT_SECRET:
            raise SettingsError(
                "GLADSHARE_SECRET_KEY is not set: set it to a long random value "
                '(python -c "import secrets; print(secrets.token_urlsafe(48))") '
                "or start in demo mode with --demo."
            )
        if len(value) < MIN_SECRET_LENGTH:
            raise SettingsError(
                f"GLADSHARE_SECRET_KEY is too short: use at least {MIN_SECRET_LENGTH} characters."
            )

    @property
    def oidc_redirect_uri(self) -> str:
        """Where the identity provider sends people back (register it there)."""
        return f"{self.base_url}/auth/callback"

    @property
    def is_sqlite(self) -> bool:
        """Whether the embedded SQLite database is in use."""
        return self.database_url.startswith("sqlite")


def listening_url(*, host: str, port: int) -> str:
    """The http origin of a server listening on `host` and `port`."""
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def served_base_url(*, settings: Settings, host: str, port: int) -> str:
    """BASE_URL as set; in demo mode, unless it is set, the address the server listens on.

    The demo runs on whatever loopback port is free, and its short links, sign-in and
    pictures work only when they name that port.
    """
    if settings.demo and "base_url" not in settings.model_fields_set:
        return listening_url(host=host, port=port)
    return settings.base_url


def demo_secret(var_dir: Path) -> str:
    """The demo secret, generated once and kept in var/ so sessions survive restarts."""
    path = var_dir / "demo-secret"
    if path.exists():
        return path.read_text().strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    path.write_text(value)
    path.chmod(0o600)
    return value


@lru_cache
def get_settings() -> Settings:
    """The settings of this process, read once from the environment."""
    return Settings()
