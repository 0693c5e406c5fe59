"""topic: comms' list of topics, named per language; profiles keep only listed topics

The list starts as the topics that live content items carry (their slug, and an
English name made from it): they are the only topics a profile could ever match
in the feed. Each profile topic is then mapped onto the list: the same slug, or
the same word with or without a plural "s" (career → careers). Anything else is
dropped rather than guessed, because a guessed topic would fill someone's feed
with items they never chose; an emptied profile shows every topic, as before it
was filled in. The downgrade drops the list; the dropped profile topics stay gone.

Revision ID: c4a7e91d2b60
Revises: 8e41b2f6c0d7
Create Date: 2026-12-03 13:45:00
"""

import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "c4a7e91d2b60"
down_revision: str | None = "8e41b2f6c0d7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A copy of app.content.rules' slug rule as it stood: a migration must not change with the code.
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SLUG_MAX_LENGTH = 40

_content = sa.table(
    "content_item",
    sa.column("topics", sa.JSON()),
    sa.column("deleted_at", sa.DateTime(timezone=True)),
)
_profile = sa.table(
    "ambassador_profile", sa.column("employee_id", sa.String()), sa.column("topics", sa.JSON())
)


def upgrade() -> None:
    topic = op.create_table(
        "topic",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_topic")),
    )
    bind = op.get_bind()
    listed = _content_topics(bind)
    now = datetime.now(UTC)
    if bind.dialect.name == "sqlite":
        now = now.replace(tzinfo=None)  # stored as the app stores it there: naive UTC
    first = {"created_at": now, "updated_at": now, "version": 1}
    if listed:
        op.bulk_insert(
            topic, [{"id": slug, "names": {"en": english_name(slug)}, **first} for slug in listed]
        )
    for employee_id, topics in bind.execute(sa.select(_profile.c.employee_id, _profile.c.topics)):
        mapped = mapped_topics(topics or [], listed)
        if mapped != topics:
            bind.execute(
                _profile.update().where(_profile.c.employee_id == employee_id).values(topics=mapped)
            )


def downgrade() -> None:
    op.drop_table("topic")


def _content_topics(bind: sa.Connection) -> list[str]:
    rows = bind.execute(sa.select(_content.c.topics).where(_content.c.deleted_at.is_(None)))
    return sorted({t for (topics,) in rows for t in topics or [] if _is_slug(t)})


def _is_slug(value: object) -> bool:
    return (
        isinstance(value, str) and len(value) <= _SLUG_MAX_LENGTH and bool(_SLUG.fullmatch(value))
    )


def english_name(slug: str) -> str:
    """A first English name for a slug comms can rename later: open-source → Open source."""
    return slug.replace("-", " ").capitalize()


def mapped_topics(topics: Iterable[object], listed: Sequence[str]) -> list[str]:
    """A profile's topics on the list: the same slug or its singular/plural; the rest dropped."""
    by_stem: dict[str, str] = {}
    for slug in listed:
        by_stem.setdefault(slug.removesuffix("s"), slug)
    exact = set(listed)
    mapped = [
        t if t in exact else by_stem.get(t.removesuffix("s"), "")
        for t in topics
        if isinstance(t, str)
    ]
    return list(dict.fromkeys(t for t in mapped if t))
