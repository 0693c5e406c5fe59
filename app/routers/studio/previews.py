"""How an item will look on LinkedIn, X, Mastodon and Bluesky, in our own CSS.

Each preview is the post an employee would make from the share panel: the network's
suggested text (else the title), the organisation's disclosure where it fits, and the
short link as that network writes it (LinkedIn's dialog takes the link alone, so the
text stands without it), then a link card from the title, summary, the link's host and
our copy of the image. Nothing of the networks is loaded: no script, font or picture.
The editor refreshes the previews as comms types (POST /studio/previews, htmx); an
item's previews also have a page of their own, which needs no JavaScript.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from app.config import Settings
from app.content.items import content_get
from app.content.rules import SHARE_TEXT_LIMITS, link_host, share_text_length
from app.dependencies import CsrfVisitor, DatabaseDep, RequireRole, SettingsDep, VisitorDep
from app.formats.languages import language_tag
from app.models import ContentItem
from app.routers.studio.drafts import Draft, draft_from_form, draft_of
from app.sharing.panel import share_disclosure, share_text_fits
from app.sharing.shares import LINK_ONLY_DIALOGS
from app.short_links.codes import new_short_code, short_url
from app.web.i18n import NETWORK_LABELS
from app.web.rendering import is_htmx, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(RequireRole("comms"))])
SHOWN = ("linkedin", "x", "mastodon", "bluesky")
# Every short code has one length: a fixed sample counts exactly like the real one.
SAMPLE_CODE = ("Prev1ew" * 4)[: len(new_short_code())]
LINK_SHOWN = 24  # X and Mastodon show a link without its scheme, cut after this many characters


@dataclass(frozen=True)
class LinkCard:
    """The card a network draws for the link: from the item's fields and our image."""

    title: str
    summary: str
    host: str
    image: str | None  # our /images/ path, never anyone else's
    image_pending: bool  # an image_url we have not copied (yet): the card shows none


@dataclass(frozen=True)
class PostPreview:
    """One network's post: its text, the link as written in it, and the room left."""

    network: str
    label: str
    text: str
    link: str | None  # None where the dialog takes the link apart from the text
    length: int
    limit: int

    @property
    def over(self) -> int:
        """How many characters too many (0 when it fits)."""
        return max(0, self.length - self.limit)


@dataclass(frozen=True)
class PreviewsPage:
    """What the previews show, for a stored item (its page) or the form as typed."""

    previews: list[PostPreview]
    card: LinkCard
    item: ContentItem | None = None
    language: str | None = None  # the post's own language, for lang= (None when not a tag)


def _shown_link(link: str) -> str:
    bare = link.split("://", 1)[-1]
    return bare if len(bare) <= LINK_SHOWN else f"{bare[:LINK_SHOWN]}…"


def _language(value: str) -> str | None:
    try:
        return language_tag(value.strip())
    except ValueError:
        return None


def _host(url: str) -> str:
    try:
        return link_host(url.strip())
    except ValueError:
        return ""  # a link still being typed: the card names no host yet


def previews_of(
    *, settings: Settings, draft: Draft, image_key: str | None
) -> tuple[list[PostPreview], LinkCard]:
    """The four networks' posts and the link card for `draft`; any input previews."""
    link = short_url(base_url=settings.base_url, code=SAMPLE_CODE)
    disclosure = share_disclosure(settings=settings, language=draft.language or "en")
    previews = []
    for network in SHOWN:
        text = draft.text(network).strip() or draft.title.strip()
        if disclosure and share_text_fits(
            settings=settings, network=network, text=f"{text}\n\n{disclosure}"
        ):
            text = f"{text}\n\n{disclosure}"
        posted = f"{text} {link}".strip()
        previews.append(
            PostPreview(
                network=network,
                label=NETWORK_LABELS[network],
                text=text,
                link=None if network in LINK_ONLY_DIALOGS else _shown_link(link),
                length=share_text_length(network, posted),
                limit=SHARE_TEXT_LIMITS.get(network, 3000),
            )
        )
    pending = bool(draft.image_url.strip()) and image_key is None
    image = f"/images/{image_key}" if image_key else None
    card = LinkCard(draft.title.strip(), draft.summary.strip(), _host(draft.url), image, pending)
    return previews, card


def _stored(*, session: Session, settings: Settings, content_id: str) -> PreviewsPage:
    """The previews of a stored item, as saved."""
    record = content_get(session=session, content_id=content_id)
    draft = draft_of(record)
    found, card = previews_of(settings=settings, draft=draft, image_key=record.item.image_key)
    return PreviewsPage(found, card, record.item, _language(draft.language))


def _image_key(*, session: Session, content_id: str) -> str | None:
    """Our image of the item, if it has one (a missing item has none)."""
    item = session.get(ContentItem, content_id) if content_id else None
    return item.image_key if item is not None and item.deleted_at is None else None


@router.get("/studio/content/{content_id:item}/previews", response_class=HTMLResponse)
async def studio_previews_get(
    request: Request, visitor: VisitorDep, db: DatabaseDep, settings: SettingsDep, content_id: str
) -> Response:
    """The item's previews on a page of their own (no JavaScript needed)."""
    page = await db.read(_stored, settings=settings, content_id=content_id)
    return render(request, "studio/previews.html", page, visitor=visitor, studio_section="content")


@router.post("/studio/previews", response_class=HTMLResponse)
async def studio_previews_create(
    request: Request, visitor: CsrfVisitor, db: DatabaseDep, settings: SettingsDep
) -> Response:
    """The previews of the editor's form as typed: whatever it holds, they render."""
    form = await request.form()
    draft = draft_from_form(form)
    content_id = str(form.get("content_id", ""))[:40]
    image_key = await db.read(_image_key, content_id=content_id) if content_id else None
    found, card = previews_of(settings=settings, draft=draft, image_key=image_key)
    page = PreviewsPage(found, card, language=_language(draft.language))
    if is_htmx(request):
        fragment = "studio/_previews.html"
        return render(request, fragment, page, visitor=visitor, block="previews_body")
    return render(request, "studio/previews.html", page, visitor=visitor, studio_section="content")
