"""The `gladshare` command: serve, migrate, worker, API keys and demo data."""

from __future__ import annotations

import ipaddress
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
import uvicorn
from sqlmodel import Session

from app.config import Settings, SettingsError, listening_url, served_base_url
from app.db import make_engine, transaction
from app.errors import DomainError
from app.migrate import upgrade_head
from app.web.api_keys import api_key_create, api_key_list, api_key_revoke, parse_scopes

cli = typer.Typer(
    help="gladshare: employee ambassador platform built on voluntariness.",
    no_args_is_help=True,
    add_completion=False,
)
apikey = typer.Typer(help="Manage API keys for other systems.", no_args_is_help=True)
cli.add_typer(apikey, name="apikey")
consent_text = typer.Typer(help="Publish the texts people consent to.", no_args_is_help=True)
cli.add_typer(consent_text, name="consent-text")


def fail(message: str) -> typer.Exit:
    """Print one readable line to stderr; the caller raises the returned exit."""
    typer.echo(f"gladshare: {message}", err=True)
    return typer.Exit(code=2)


def load_settings() -> Settings:
    """Settings from the environment, with a one-line message instead of a traceback."""
    try:
        settings = Settings()
        settings.check_secret()
    except SettingsError as exc:
        raise fail(str(exc)) from None
    except ValueError as exc:  # pydantic's ValidationError
        raise fail(f"invalid configuration: {exc}") from None
    return settings


@contextmanager
def command_transaction(settings: Settings, *, write: bool = True) -> Iterator[Session]:
    """A command's one transaction on the configured database; a domain error becomes one line."""
    engine = make_engine(settings.database_url)
    try:
        with transaction(engine, write=write) as session:
            yield session
    except DomainError as exc:
        raise fail(exc.detail) from None
    finally:
        engine.dispose()


def is_loopback(host: str) -> bool:
    """Whether `host` is only reachable from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@cli.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Web processes.")] = 1,
    demo: Annotated[bool, typer.Option("--demo", help="Seed and serve the demo org.")] = False,
) -> None:
    """Migrate the database to head, then serve the web app."""
    if demo:
        os.environ["GLADSHARE_DEMO"] = "1"
    settings = load_settings()
    if settings.demo and not is_loopback(host):
        raise fail(f"demo mode serves only on a loopback address, not on {host}")
    base_url = served_base_url(settings=settings, host=host, port=port)
    if base_url != settings.base_url:
        # uvicorn imports the app in each web process, which reads its settings from here.
        os.environ["GLADSHARE_BASE_URL"] = base_url
        settings = settings.model_copy(update={"base_url": base_url})
    upgrade_head(settings.database_url)
    if settings.demo:
        seed_demo_data(settings)
    announce(settings, listening=listening_url(host=host, port=port))
    uvicorn.run(
        "app.main:app",
        host=host,
        port=port,
        workers=workers,
        # X-Forwarded-Proto/-For count only from the proxies named in the settings.
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
        # No access log: it would record every visitor's address and short link.
        access_log=False,
        server_header=False,
        log_level="info",
    )


def announce(settings: Settings, *, listening: str) -> None:
    """Say where the server listens, where people reach it, and in the demo whom to be."""
    if listening == settings.base_url:
        typer.echo(f"gladshare serves on {listening}")
    else:
        typer.echo(f"gladshare serves on {listening}; people reach it at {settings.base_url}")
    if settings.demo:
        from app.demo.sign_in import demo_sign_in_invitation

        typer.echo(demo_sign_in_invitation(base_url=settings.base_url))


@cli.command()
def migrate() -> None:
    """Upgrade the configured database to the newest schema."""
    upgrade_head(load_settings().database_url)
    typer.echo("database is at the newest schema")


@cli.command()
def worker(
    once: Annotated[
        bool, typer.Option("--once", help="Deliver what is due and sweep once, then exit.")
    ] = False,
) -> None:
    """Deliver outbox messages (webhooks) and sweep what expired, until SIGTERM or SIGINT."""
    from app.worker import worker_forever, worker_once

    settings = load_settings()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    # httpx would log every request's URL at INFO; the worker logs what went wrong itself.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    if once:
        typer.echo(f"delivered {worker_once(settings)} webhook attempts")
        return
    worker_forever(settings)


@cli.command("demo-data")
def demo_data() -> None:
    """Seed the demo organisation (running it again changes nothing)."""
    settings = load_settings()
    upgrade_head(settings.database_url)
    summary = seed_demo_data(settings)
    typer.echo(f"demo organisation ready: {summary}")


def seed_demo_data(settings: Settings) -> object:
    """Seed the demo organisation in one transaction."""
    from app.demo.seed import seed_demo

    with command_transaction(settings) as session:
        return seed_demo(session=session, var_dir=settings.var_dir)


@apikey.command("create")
def apikey_create(
    name: Annotated[str, typer.Option(help="Which system uses the key.")],
    scopes: Annotated[str, typer.Option(help="Comma-separated, e.g. content:read,shares:write")],
) -> None:
    """Create a key; it is printed once, alone on the last line."""
    settings = load_settings()
    try:
        scope_list = parse_scopes(scopes)
    except DomainError as exc:
        raise fail(exc.detail) from None
    with command_transaction(settings) as session:
        key, plaintext = api_key_create(session=session, name=name, scopes=scope_list)
        key_id = key.id
    typer.echo(f"created API key {key_id} ({name}) with scopes {', '.join(scope_list)}")
    typer.echo("store it now: it is shown only this once")
    typer.echo(plaintext)


@apikey.command("list")
def apikey_list() -> None:
    """List the keys (never their secrets)."""
    with command_transaction(load_settings(), write=False) as session:
        for key in api_key_list(session=session):
            state = f"revoked {key.revoked_at:%Y-%m-%d}" if key.revoked_at else "active"
            used = f"{key.last_used_at:%Y-%m-%d %H:%M}" if key.last_used_at else "never"
            typer.echo(
                f"{key.id}  {key.prefix}…  {key.name}  [{','.join(key.scopes)}]  "
                f"{state}  last used {used}"
            )


@apikey.command("revoke")
def apikey_revoke(key_id: Annotated[str, typer.Argument(help="The key's id.")]) -> None:
    """Revoke a key; requests with it are refused from now on."""
    with command_transaction(load_settings()) as session:
        api_key_revoke(session=session, key_id=key_id)
    typer.echo(f"revoked API key {key_id}")


def markdown_title(body: str) -> str | None:
    """The first Markdown heading of a text, without its hashes."""
    for line in body.splitlines():
        if line.startswith("#"):
            return line.lstrip("#").strip() or None
    return None


@consent_text.command("publish")
def consent_text_publish_command(
    purpose: Annotated[str, typer.Option(help="ambassador, share_attribution or recognition.")],
    language: Annotated[str, typer.Option(help="Language tag of the text, e.g. de or en.")],
    file: Annotated[Path, typer.Option(help="The text, in Markdown.")],
    title: Annotated[str | None, typer.Option(help="Default: the file's first heading.")] = None,
    translation: Annotated[
        bool, typer.Option("--translation", help="Add a language to the current version.")
    ] = False,
) -> None:
    """Publish a new version (earlier grants then need renewal), or a translation of it."""
    from app.consent.texts import consent_text_publish

    settings = load_settings()
    try:
        body = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(f"cannot read {file}: {exc}") from None
    with command_transaction(settings) as session:
        text = consent_text_publish(
            session=session,
            purpose=purpose,
            language=language,
            title=title or markdown_title(body) or purpose,
            body=body,
            translation=translation,
        )
        version, language = text.version, text.language
    typer.echo(f"published {purpose} consent text version {version} in {language}")


def main() -> None:
    """Entry point of the console script."""
    cli()
