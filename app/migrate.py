"""Alembic, driven from code: upgrade to head, and ask whether a database is at head."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import Session

# migrations/ at the top of a checkout (alembic.ini names it for the `alembic` command);
# an installed wheel carries the same folder as app/migrations, so it migrates from anywhere.
PACKAGED = Path(__file__).resolve().parent / "migrations"
MIGRATIONS = PACKAGED if PACKAGED.is_dir() else Path(__file__).resolve().parents[1] / "migrations"


def alembic_config(database_url: str) -> Config:
    """Alembic pointed at gladshare's migrations and at one database."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["database_url"] = database_url
    return config


def upgrade_head(database_url: str) -> None:
    """Apply every migration that the database does not have yet."""
    command.upgrade(alembic_config(database_url), "head")


def head_revisions(database_url: str) -> set[str]:
    """The revisions a fully migrated database is at."""
    return set(ScriptDirectory.from_config(alembic_config(database_url)).get_heads())


def schema_revisions(*, session: Session) -> set[str]:
    """The revisions this database is at (empty when it was never migrated)."""
    return set(MigrationContext.configure(session.connection()).get_current_heads())
