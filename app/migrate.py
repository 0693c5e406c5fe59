"""Alembic, driven from code: upgrade to head, and ask whether a database is at head."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def alembic_config(database_url: str) -> Config:
    """The project's Alembic configuration, pointed at one database."""
    for folder in (Path.cwd(), PROJECT_ROOT):
        ini = folder / "alembic.ini"
        if ini.exists() and (folder / "migrations").is_dir():
            config = Config(str(ini))
            config.attributes["database_url"] = database_url
            return config
    raise RuntimeError("alembic.ini and migrations/ not found (run from the project folder)")


def upgrade_head(database_url: str) -> None:
    """Apply every migration that the database does not have yet."""
    command.upgrade(alembic_config(database_url), "head")


def head_revisions(database_url: str) -> set[str]:
    """The revisions a fully migrated database is at."""
    return set(ScriptDirectory.from_config(alembic_config(database_url)).get_heads())


def current_revisions(engine: Engine) -> set[str]:
    """The revisions this database is at (empty when it was never migrated)."""
    with engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())
