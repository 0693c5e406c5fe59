"""Comms' topic list as the API sees it: TopicCreate, TopicUpdate, TopicPublic."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)
from pydantic.json_schema import SkipJsonSchema

from app.content.rules import TOPIC_MAX_LENGTH, normalise_topic
from app.models import PublicModel
from app.web.timestamps import Timestamp

# The languages of the UI; tests/content/test_topics.py holds it to app.web.i18n.LANGUAGES.
TopicLanguage = Literal["en", "de", "fr"]
SOURCE_LANGUAGE = "en"
TOPIC_NAME_MAX_LENGTH = 60


def _printable(value: str) -> str:
    # Control and format characters (NUL among them) have no place in a checkbox label.
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in value):
        raise ValueError("must not contain control characters")
    return value


def _english_required(names: Mapping[str, str]) -> Mapping[str, str]:
    if SOURCE_LANGUAGE not in names:
        raise ValueError("needs an English name (en); other languages fall back to it")
    return names


TopicName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=TOPIC_NAME_MAX_LENGTH),
    AfterValidator(_printable),
]
TopicNames = Annotated[
    dict[TopicLanguage, TopicName],
    AfterValidator(_english_required),
    Field(
        description="The name per UI language (en, de, fr), 1–60 characters each. English is "
        "required; a reader whose language has no name sees the English one.",
        examples=[{"en": "Heat pumps", "de": "Wärmepumpen", "fr": "Pompes à chaleur"}],
    ),
]
TopicId = Annotated[
    str,
    AfterValidator(normalise_topic),
    Field(
        description=f"The slug content items carry in `topics` (a-z, 0-9 and hyphens, at most "
        f"{TOPIC_MAX_LENGTH} characters; sent in capitals, it is stored in lowercase). "
        "It never changes.",
        examples=["heat-pumps"],
    ),
]


class TopicCreate(BaseModel):
    """A new entry of the topic list."""

    model_config = ConfigDict(extra="forbid")

    id: TopicId
    names: TopicNames


class TopicUpdate(BaseModel):
    """A change of a topic's names; its id stays."""

    model_config = ConfigDict(extra="forbid")

    names: TopicNames | SkipJsonSchema[None] = Field(
        default=None, description="Replaces the whole map; English is required."
    )

    @field_validator("names", mode="before")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        # Runs only when the client sent names: absent means "unchanged", null is refused.
        if value is None:
            raise ValueError("must not be null")
        return value


class TopicPublic(PublicModel):
    """An entry of the topic list, as clients read it."""

    id: str
    names: dict[str, str]
    created_at: Timestamp
    updated_at: Timestamp
    version: int
