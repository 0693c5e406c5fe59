"""What the editor's pages show: the editor, "changed meanwhile" and the delete confirmation."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from sqlmodel import Session

from app.config import Settings
from app.content import items
from app.content.similarity import SameWords, recent_items, same_words
from app.content.topics import TopicMenu, topic_menu
from app.models import KINDS, NETWORKS, ContentItem
from app.routers.studio.drafts import LEADERS, Draft, Problem, draft_of
from app.routers.studio.versions import carried_over, compared, differing, fingerprint
from app.sharing.panel import COUNTING
from app.web.i18n import N_, NETWORK_LABELS, gettext

KIND_LABELS = {
    "article": N_("Article"),
    "job": N_("Job"),
    "event": N_("Event"),
    "video": N_("Video"),
    "photo": N_("Photo"),
    "other": N_("Other"),
}
STATUS_LABELS = {"draft": N_("Draft"), "published": N_("Published"), "archived": N_("Archived")}
# The link import's warnings by their stable code, in words of our own to translate.
IMPORT_WARNINGS = {
    "no_og_title": N_("The page has no og:title: networks may show its <title> or no headline."),
    "no_og_description": N_("The page has no og:description: link cards will show no summary."),
    "no_og_image": N_("The page has no og:image: link cards will show no picture."),
    "image_relative": N_("The page’s og:image is not a full URL: some networks ignore it."),
    "image_not_https": N_("The page’s og:image is not an https link: networks may not show it."),
    "image_host_not_allowed": N_(
        "The page’s image is on a host this installation does not allow for content, "
        "so it is left out."
    ),
    "page_not_https": N_("The page is served over plain http: readers trust https links more."),
}
# The "same words" advice by its code, and whether the words are the very same.
SAME_WORDS = {
    ("same_across_networks", True): N_("The texts for %(networks)s are the same word for word."),
    ("same_across_networks", False): N_("The texts for %(networks)s read almost the same."),
    ("same_as_other_item", True): N_(
        "The text for %(networks)s is the same word for word as one of “%(title)s”."
    ),
    ("same_as_other_item", False): N_(
        "The text for %(networks)s reads almost the same as one of “%(title)s”."
    ),
}
FIELD_LABELS = {
    "title": N_("Title"),
    "summary": N_("Summary"),
    "url": N_("Link"),
    "image_url": N_("Image link"),
    "kind": N_("Kind"),
    "language": N_("Language"),
    "topics": N_("Topics"),
    "talking_points": N_("Talking points"),
    "is_ask": N_("An ask"),
    "publish_at": N_("Publish at"),
    "expires_at": N_("Expires at"),
    "leaders_from": N_("Release to leaders from"),
}


def named_fields(names: Iterable[str]) -> str:
    """Fields or networks named in the page's language, as a list in a sentence."""
    return ", ".join(field_name(name) for name in names)


def field_name(name: str) -> str:
    """A form field's name as the page shows it: a share text by its network."""
    network = name.removeprefix("text_")
    if network in NETWORK_LABELS:
        return gettext(NETWORK_LABELS[network])
    return gettext(FIELD_LABELS.get(name, name))


@dataclass(frozen=True)
class Saved:
    """A save that went through: which item, by which action."""

    content_id: str
    action: str


@dataclass(frozen=True)
class EditorPage:
    """The editor: the draft as shown, the stored item it edits (None for a new one)."""

    draft: Draft
    topics: TopicMenu
    item: ContentItem | None = None  # the stored row: the image and circle panels read it
    version: int = 0  # the version the form was loaded at, which a save must still find
    original: str = ""  # the digest of each field as loaded, for "changed meanwhile"
    advice: Sequence[SameWords] = ()
    errors: Mapping[str, Problem] = field(default_factory=dict)
    notice: str | None = None
    saved: str | None = None
    import_url: str = ""
    import_error: str | None = None
    imported: bool = False
    warnings: tuple[str, ...] = ()
    carried: tuple[str, ...] = ()  # fields taken from your version after "changed meanwhile"
    kinds: tuple[str, ...] = KINDS
    networks: tuple[str, ...] = NETWORKS
    counting: Mapping[str, str] = field(default_factory=lambda: COUNTING)
    leaders: bool = LEADERS
    labels: Mapping[str, str] = field(default_factory=lambda: FIELD_LABELS)
    network_names: Mapping[str, str] = field(default_factory=lambda: NETWORK_LABELS)
    kind_labels: Mapping[str, str] = field(default_factory=lambda: KIND_LABELS)
    status_labels: Mapping[str, str] = field(default_factory=lambda: STATUS_LABELS)
    import_warnings: Mapping[str, str] = field(default_factory=lambda: IMPORT_WARNINGS)
    same_words: Mapping[tuple[str, bool], str] = field(default_factory=lambda: SAME_WORDS)
    field_names: Callable[[Iterable[str]], str] = field(default_factory=lambda: named_fields)

    def carrying(self, yours: Draft, changed: set[str]) -> EditorPage:
        """This stored version with the fields you changed taken from yours, to edit on."""
        merged = carried_over(self.draft, yours, changed)
        taken = tuple(sorted(differing(merged, self.draft)))
        return replace(self, draft=merged, carried=taken)


def _advice(
    *, session: Session, settings: Settings, draft: Draft, content_id: str | None
) -> list[SameWords]:
    others = recent_items(session=session, exclude=content_id)
    said = settings.disclosure.values()
    return same_words(share_texts=draft.share_texts, others=others, disclosures=said)


def editor_page(
    *,
    session: Session,
    settings: Settings,
    content_id: str | None = None,
    draft: Draft | None = None,
    original: str | None = None,
    version: int | None = None,
) -> EditorPage:
    """The editor on `draft` (as typed) or on the stored item, with the "same words" advice."""
    item = None
    if content_id is not None:
        record = items.content_get(session=session, content_id=content_id)
        item, stored = record.item, draft_of(record)
        draft, original = draft or stored, original or fingerprint(stored)
    draft = draft or Draft()
    return EditorPage(
        draft=draft,
        topics=topic_menu(session=session),
        item=item,
        version=version if version is not None else (item.version if item else 0),
        original=original or fingerprint(Draft()),
        advice=_advice(session=session, settings=settings, draft=draft, content_id=content_id),
    )


@dataclass(frozen=True)
class Row:
    """One field side by side: yours and the stored one."""

    name: str
    yours: str
    stored: str
    differs: bool


@dataclass(frozen=True)
class ConflictPage:
    """The item changed since the form was loaded: both versions, and the two ways on."""

    item: ContentItem
    yours: Draft
    rows: Sequence[Row]
    original: str  # as the form carried it: what you had loaded
    action: str
    labels: Mapping[str, str] = field(default_factory=lambda: FIELD_LABELS)
    networks: tuple[str, ...] = NETWORKS
    network_names: Mapping[str, str] = field(default_factory=lambda: NETWORK_LABELS)
    field_name: Callable[[str], str] = field(default_factory=lambda: field_name)
    fields: Callable[[Draft], dict[str, str]] = field(default_factory=lambda: compared)
    kind_labels: Mapping[str, str] = field(default_factory=lambda: KIND_LABELS)


def conflict_page(
    *, session: Session, content_id: str, yours: Draft, original: str, action: str
) -> ConflictPage:
    """Your version beside the stored one, field by field, the differences marked."""
    record = items.content_get(session=session, content_id=content_id)
    mine, theirs = compared(yours), compared(draft_of(record))
    rows = [Row(name, mine[name], theirs[name], mine[name] != theirs[name]) for name in mine]
    shown = [row for row in rows if row.yours or row.stored]
    return ConflictPage(record.item, yours, shown, original, action)


@dataclass(frozen=True)
class DeletePage:
    """The question before a delete; `stale` when the item changed after it was asked."""

    item: ContentItem
    stale: bool = False


def delete_page(*, session: Session, content_id: str) -> DeletePage:
    """Are you sure? For the item as stored now."""
    return DeletePage(items.content_get(session=session, content_id=content_id).item)
