"""Import from a link as the API sees it: LinkImportRequest, LinkImportPublic and its warnings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.content.schemas import Link

# What a link card on LinkedIn, X, Mastodon or Bluesky needs and the page lacks. The codes
# are stable, so that the studio can show each in the reader's language.
LinkWarningCode = Literal[
    "no_og_title",
    "no_og_description",
    "no_og_image",
    "image_not_https",
    "image_relative",
    "image_host_not_allowed",
    "page_not_https",
]


@dataclass(frozen=True)
class LinkImport:
    """What a page offers for a new item (title, summary, links, language), and what it lacks."""

    page_url: str
    title: str | None
    summary: str
    url: str
    image_url: str | None
    language: str | None
    warnings: list[tuple[LinkWarningCode, str]] = field(default_factory=list)


class LinkImportRequest(BaseModel):
    """The page to read."""

    model_config = ConfigDict(extra="forbid")

    url: Link


class LinkPrefill(BaseModel):
    """Fields of a new item, named as in ContentCreate; None where the page says nothing."""

    title: str | None = Field(description="og:title, else the page's <title>.")
    summary: str = Field(description='og:description, else <meta name="description">.')
    url: str = Field(description='og:url, else <link rel="canonical">, else the page read.')
    image_url: str | None = Field(description="og:image (its secure_url when there is one).")
    language: str | None = Field(description='The BCP 47 tag of <html lang="…">.')


class LinkWarning(BaseModel):
    """Something a link card will miss; advice, the import still succeeds."""

    code: LinkWarningCode
    message: str


class LinkImportPublic(BaseModel):
    """A prefill for a new item from a web page, and what the page lacks for link cards."""

    page_url: str = Field(description="The page that was read, after redirects.")
    prefill: LinkPrefill
    warnings: list[LinkWarning]

    @classmethod
    def of(cls, found: LinkImport) -> LinkImportPublic:
        """The public form of an import."""
        return cls(
            page_url=found.page_url,
            prefill=LinkPrefill(
                title=found.title,
                summary=found.summary,
                url=found.url,
                image_url=found.image_url,
                language=found.language,
            ),
            warnings=[LinkWarning(code=code, message=text) for code, text in found.warnings],
        )
