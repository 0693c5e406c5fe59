"""Rules for content items: safe link targets, topics and share-text lengths.

They raise ValueError with a message fit for a client, so the API schemas can
use them as validators and the UI forms later as well.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections.abc import Callable, Iterable
from urllib.parse import SplitResult, urlsplit, urlunsplit

import regex

from app.formats.hosts import host_name

URL_MAX_LENGTH = 2048
LINK_SCHEMES = ("http", "https")
TOPIC_MAX_COUNT = 20
TOPIC_MAX_LENGTH = 40

_TOPIC = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

# What each network lets a post hold, in its own way of counting (see share_text_length).
SHARE_TEXT_LIMITS: dict[str, int] = {
    "linkedin": 3000,
    "xing": 3000,
    "x": 280,
    "facebook": 3000,
    "mastodon": 500,
    "bluesky": 300,
    "threads": 500,
    "whatsapp": 3000,
    "email": 3000,
}
# Storage bound of any share text, whatever the network counts.
SHARE_TEXT_MAX_CHARACTERS = 3000
SHORTENED_LINK_LENGTH = 23
# A link ends before whitespace; trailing punctuation belongs to the sentence.
_LINK_IN_TEXT = regex.compile(r"https?://[^\s<>\"]+?(?=[.,;:!?'\")\]]*(?:\s|$))", regex.I)
_GRAPHEME = regex.compile(r"\X")
_EMOJI = regex.compile(r"\p{Extended_Pictographic}|\p{Regional_Indicator}")
# twitter-text v3: these code points weigh 1, all others (CJK, emoji …) weigh 2.
_X_LIGHT_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))


def _has_unsafe_characters(value: str) -> bool:
    # Whitespace and control or format characters let a link look like one
    # address and lead to another, so none are accepted anywhere in it.
    return any(ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf") for ch in value)


def _link_host(netloc_host: str) -> str:
    """The host of a link in lowercase ASCII; ValueError unless a host name or IP address."""
    if netloc_host.startswith("["):
        ipaddress.IPv6Address(netloc_host.strip("[]"))
        return netloc_host
    return host_name(netloc_host)


def _split_link(value: str) -> SplitResult:
    if len(value) > URL_MAX_LENGTH:
        raise ValueError(f"a link has at most {URL_MAX_LENGTH} characters")
    if _has_unsafe_characters(value) or "\\" in value:
        raise ValueError("a link must not contain spaces, control characters or backslashes")
    parts = urlsplit(value)
    if parts.scheme.lower() not in LINK_SCHEMES:
        raise ValueError("a link must start with http:// or https://")
    if not value[len(parts.scheme) :].startswith("://") or not parts.netloc:
        raise ValueError("a link must name a host, as in https://example.com/")
    if "@" in parts.netloc:
        raise ValueError("a link must not contain a user name or password")
    return parts


def normalise_link(value: str) -> str:
    """An http(s) link with a host and nothing that could disguise its target; ValueError else."""
    parts = _split_link(value)
    try:
        port = parts.port
        netloc_host = parts.netloc.rsplit(":", 1)[0] if port is not None else parts.netloc
        host = _link_host(netloc_host)
    except ValueError as error:
        raise ValueError(f"the host or port of the link is not valid: {error}") from None
    netloc = host if port is None else f"{host}:{port}"
    return urlunsplit((parts.scheme.lower(), netloc, parts.path, parts.query, parts.fragment))


def link_host(link: str) -> str:
    """The lowercase host of a link that passed normalise_link."""
    return (urlsplit(link).hostname or "").lower()


def host_allowed(link: str, allowed_hosts: Iterable[str]) -> bool:
    """Whether a link may be published; with an allowlist, only its exact hosts qualify.

    Matching is exact and case-insensitive: listing example.com does not admit
    news.example.com, so a forgotten subdomain cannot become an open redirect.
    """
    allowed = {h.strip().lower().removesuffix(".") for h in allowed_hosts if h.strip()}
    return not allowed or link_host(link).removesuffix(".") in allowed


def normalise_topic(value: str) -> str:
    """One topic as a lowercase slug (a-z, 0-9, hyphens); ValueError else."""
    topic = value.strip().lower()
    if len(topic) > TOPIC_MAX_LENGTH or not _TOPIC.fullmatch(topic):
        raise ValueError(
            f"a topic is a slug of a-z, 0-9 and hyphens, at most {TOPIC_MAX_LENGTH} characters"
        )
    return topic


def normalise_topics(values: Iterable[str]) -> list[str]:
    """Slug topics with duplicates dropped and order kept; ValueError when there are too many."""
    topics = list(dict.fromkeys(normalise_topic(v) for v in values))
    if len(topics) > TOPIC_MAX_COUNT:
        raise ValueError(f"at most {TOPIC_MAX_COUNT} topics")
    return topics


def without_links(text: str) -> str:
    """The text with every http(s) link in it replaced by a space."""
    return _LINK_IN_TEXT.sub(" ", text)


def _graphemes(text: str) -> int:
    return len(_GRAPHEME.findall(text))


def _x_weight(cluster: str) -> int:
    if _EMOJI.search(cluster):
        return 2  # a whole emoji sequence, however many code points, weighs 2
    light = (any(lo <= ord(ch) <= hi for lo, hi in _X_LIGHT_RANGES) for ch in cluster)
    return sum(1 if is_light else 2 for is_light in light)


def _x_length(text: str) -> int:
    text = unicodedata.normalize("NFC", text)  # X counts the composed form
    parts = _LINK_IN_TEXT.split(text)
    links = len(_LINK_IN_TEXT.findall(text))
    plain = sum(_x_weight(c) for part in parts for c in _GRAPHEME.findall(part))
    return plain + links * SHORTENED_LINK_LENGTH


def _mastodon_length(text: str) -> int:
    links = len(_LINK_IN_TEXT.findall(text))
    return _graphemes(_LINK_IN_TEXT.sub("", text)) + links * SHORTENED_LINK_LENGTH


_COUNTERS: dict[str, Callable[[str], int]] = {
    "x": _x_length,
    "mastodon": _mastodon_length,
    "bluesky": _graphemes,
    "threads": _graphemes,
}


def share_text_length(network: str, text: str) -> int:
    """The length of a share text as `network` counts it against SHARE_TEXT_LIMITS.

    X weighs characters as twitter-text does and counts every link as 23;
    Mastodon counts graphemes and every link as 23; Bluesky and Threads count
    graphemes (a family emoji is one); the rest count Unicode code points.
    """
    return _COUNTERS.get(network, len)(text)


def share_text_problem(network: str, text: str) -> str | None:
    """Why `text` cannot be the share text for `network`, or None when it can."""
    if not text.strip():
        return f"the share text for {network} is empty"
    if "\x00" in text:
        return f"the share text for {network} contains a NUL character"
    length, limit = share_text_length(network, text), SHARE_TEXT_LIMITS.get(network, 3000)
    if length > limit:
        return f"the share text for {network} counts {length}; {network} allows {limit}"
    if len(text) > SHARE_TEXT_MAX_CHARACTERS:
        return f"the share text for {network} is over {SHARE_TEXT_MAX_CHARACTERS} characters"
    return None
