"""`gladshare consent-text publish` as an administrator runs it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import col, select

from app.db import transaction
from app.models import ConsentText
from tests.test_cli import gladshare

pytestmark = pytest.mark.db
TEXT = "Intro line\n\n## Mitmachen als Botschafterin\n\nWenn du zustimmst, …\n"


@pytest.fixture
def text_file(tmp_path: Path) -> Path:
    """A consent text in Markdown whose first heading is not on the first line."""
    path = tmp_path / "ambassador.de.md"
    path.write_text(TEXT, encoding="utf-8")
    return path


def texts(engine: Engine) -> list[tuple[str, int, str, str]]:
    """Every published text as (purpose, version, language, title)."""
    with transaction(engine, write=False) as session:
        rows = session.exec(select(ConsentText).order_by(col(ConsentText.published_at))).all()
        return [(t.purpose, t.version, t.language, t.title) for t in rows]


def test_publish_numbers_versions_and_takes_the_title_from_the_heading(
    database_url: str, engine: Engine, text_file: Path, tmp_path: Path
) -> None:
    args = ("consent-text", "publish", "--purpose", "ambassador", "--file", str(text_file))
    first = gladshare(*args, "--language", "de", database_url=database_url)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "published ambassador consent text version 1 in de"
    english = tmp_path / "en.md"
    english.write_text("No heading here.\n", encoding="utf-8")
    translated = gladshare(
        "consent-text", "publish", "--purpose", "ambassador", "--language", "en",
        "--file", str(english), "--translation", database_url=database_url,
    )  # fmt: skip
    assert translated.returncode == 0, translated.stderr
    second = gladshare(*args, "--language", "de_CH", "--title", "Neu", database_url=database_url)
    assert second.returncode == 0, second.stderr
    assert texts(engine) == [
        ("ambassador", 1, "de", "Mitmachen als Botschafterin"),
        ("ambassador", 1, "en", "ambassador"),
        ("ambassador", 2, "de-CH", "Neu"),
    ]
    with transaction(engine, write=False) as session:
        assert session.exec(select(ConsentText.body)).first() == TEXT


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"--purpose": "marketing"}, "unknown purpose 'marketing'; use one of ambassador"),
        ({"--language": "Deutsch"}, "is not a language tag"),
        ({"--file": "/nonexistent/text.md"}, "cannot read /nonexistent/text.md"),
    ],
)
def test_publish_refuses_with_one_clear_line(
    database_url: str, engine: Engine, text_file: Path, change: dict[str, str], message: str
) -> None:
    options = {"--purpose": "ambassador", "--language": "de", "--file": str(text_file)} | change
    args = [part for option in options.items() for part in option]
    result = gladshare("consent-text", "publish", *args, database_url=database_url)
    assert result.returncode == 2
    assert result.stderr.startswith("gladshare: ")
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert texts(engine) == []
