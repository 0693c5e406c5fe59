"""The wheel the Dockerfile installs: it carries the migrations, and migrates from anywhere."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import inspect
from sqlmodel import SQLModel

from app.db import make_engine
from app.migrate import MIGRATIONS
from tests.conftest import TEST_SECRET

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built as the Dockerfile builds it, from a clean copy of the sources."""
    # A copy: a build/ folder left in the checkout could hand on files deleted since.
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for folder in ("app", "migrations"):
        shutil.copytree(
            ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    wheels = tmp_path_factory.mktemp("wheels")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(source)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return next(wheels.glob("gladshare-*.whl"))


def test_the_wheel_carries_every_migration_and_no_caches(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    scripts = {
        f"app/migrations/{path.relative_to(MIGRATIONS).as_posix()}"
        for path in MIGRATIONS.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert "app/migrations/env.py" in scripts
    assert scripts <= names
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]


def test_the_wheel_carries_every_module_and_file_of_the_app(wheel: Path) -> None:
    """A package missing from pyproject's list would leave its modules out of the wheel."""
    names = set(zipfile.ZipFile(wheel).namelist())
    app = ROOT / "app"
    shipped = {
        path.relative_to(ROOT).as_posix()
        for path in app.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }
    assert shipped - names == set()


def test_gladshare_migrate_runs_from_the_installed_wheel_in_any_folder(
    wheel: Path, tmp_path: Path
) -> None:
    site, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere.mkdir()  # no alembic.ini, no migrations/: only what the wheel brought
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    environ = {k: v for k, v in os.environ.items() if not k.startswith("GLADSHARE_")}
    environ.update(
        PYTHONPATH=str(site),
        GLADSHARE_DATABASE_URL=url,
        GLADSHARE_SECRET_KEY=TEST_SECRET,
        GLADSHARE_VAR_DIR=str(tmp_path / "var"),
    )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import app, app.cli; print(app.__file__); app.cli.main()",
            "migrate",
        ],
        cwd=elsewhere,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    imported_from, said = result.stdout.splitlines()[0], result.stdout.splitlines()[-1]
    assert Path(imported_from).is_relative_to(site)
    assert said == "database is at the newest schema"
    engine = make_engine(url)
    try:
        assert set(SQLModel.metadata.tables) <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
