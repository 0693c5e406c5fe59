"""The "same words" warning: share texts that read the same across networks or as another
item's, so that the editor can suggest talking points instead. Advice, never a block.

The measure: each text is reduced to its words (Unicode NFKC, case folded, links, the
disclosure and punctuation, emoji and the # of hashtags set aside), and two texts are
compared by the word pairs (bigrams) they share, as a share of the shorter text's
pairs (the overlap coefficient). Word pairs keep what a reader notices: the same
phrases in the same order. A sentence said differently with the same vocabulary shares
few pairs, a translation almost none; a text cut short from another (the X text as the
first sentence of the LinkedIn one) shares all of its own. A plain ratio of characters
(difflib) costs the product of the two lengths per pair and rewards shared boilerplate
("We are hiring! … Apply now") as much as a copied text, so it is not used.

Cost is bounded: at most RECENT_ITEMS other items, the first TEXT_CAP characters of
each text, and each text's pairs are computed once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Literal, NamedTuple

from sqlmodel import Session, col, select

from app.content.rules import without_links
from app.models import ContentItem, ShareText

NEARLY = 0.7  # the share of the shorter text's word pairs found in the other
MIN_PAIRS = 4  # below five words, only the very same words count: "Apply now!" is no copy
TEXT_CAP = 1000
RECENT_ITEMS = 50
_WORD = re.compile(r"\w+")
SameWordsCode = Literal["same_across_networks", "same_as_other_item"]
ADVICE = (
    "When many people post the same words, it reads as if someone told them to: write "
    "talking points instead, so that each person can say it in their own words."
)


@dataclass(frozen=True)
class OtherItem:
    """Another recent item's share texts, to compare against."""

    content_id: str
    title: str
    share_texts: Mapping[str, str]


@dataclass(frozen=True)
class SameWords:
    """Share texts of this item that read the same, among themselves or as another item's."""

    code: SameWordsCode
    networks: tuple[str, ...]  # this item's networks whose texts these are
    identical: bool  # word for word, once case, punctuation and links are set aside
    similarity: float  # the overlap of word pairs, 0 to 1
    other_id: str | None = None
    other_title: str | None = None
    other_network: str | None = None

    @property
    def message(self) -> str:
        """The advice, in English; the studio shows its own translation by `code`."""
        how = "are the same word for word" if self.identical else "read almost the same"
        if self.code == "same_across_networks":
            return f"These texts {how}. {ADVICE}"
        how = "is the same word for word as" if self.identical else "reads almost the same as"
        return f"This text {how} one of “{self.other_title}”. {ADVICE}"


class _Text(NamedTuple):
    words: tuple[str, ...]
    pairs: frozenset[tuple[str, ...]]


def share_words(text: str, *, disclosures: Iterable[str] = ()) -> tuple[str, ...]:
    """The words of a share text as compared: no links, no disclosure, case folded."""
    words = _words(without_links(text[:TEXT_CAP]))
    for disclosure in disclosures:
        if said := _words(disclosure):
            words = _without(words, said)
    return words


def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


def _without(words: tuple[str, ...], said: tuple[str, ...]) -> tuple[str, ...]:
    kept, i, n = [], 0, len(said)
    while i < len(words):
        if words[i : i + n] == said:
            i += n
        else:
            kept.append(words[i])
            i += 1
    return tuple(kept)


def _text(text: str, said: tuple[str, ...]) -> _Text:
    words = share_words(text, disclosures=said)
    return _Text(words, frozenset(words[i : i + 2] for i in range(max(1, len(words) - 1))))


def _score(a: _Text, b: _Text) -> float:
    if a.words == b.words:
        return 1.0
    shorter = min(len(a.pairs), len(b.pairs))
    return 0.0 if shorter < MIN_PAIRS else len(a.pairs & b.pairs) / shorter


def text_similarity(a: str, b: str, *, disclosures: Iterable[str] = ()) -> float:
    """How much two share texts read the same, from 0 (nothing alike) to 1; NEARLY and up
    counts as the same words."""
    said = tuple(disclosures)
    return _score(_text(a, said), _text(b, said))


def same_words(
    *,
    share_texts: Mapping[str, str],
    others: Sequence[OtherItem] = (),
    disclosures: Iterable[str] = (),
) -> list[SameWords]:
    """Texts of this item that read the same across networks or as a recent item's;
    an empty list when every text is its own."""
    said = tuple(disclosures)
    own = {n: t for n, text in share_texts.items() if (t := _text(text, said)).words}
    return _across(own) + _like_others(own, others[:RECENT_ITEMS], said)


def _across(own: Mapping[str, _Text]) -> list[SameWords]:
    groups: dict[str, set[str]] = {n: {n} for n in own}
    for a, b in combinations(own, 2):
        if groups[a] is not groups[b] and _score(own[a], own[b]) >= NEARLY:
            merged = groups[a] | groups[b]
            for network in merged:
                groups[network] = merged
    found = []
    for group in {id(g): g for g in groups.values() if len(g) > 1}.values():
        networks = tuple(n for n in own if n in group)
        lowest = min(_score(own[a], own[b]) for a, b in combinations(networks, 2))
        identical = len({own[n].words for n in networks}) == 1
        found.append(SameWords("same_across_networks", networks, identical, round(lowest, 2)))
    return found


def _like_others(
    own: Mapping[str, _Text], others: Sequence[OtherItem], said: tuple[str, ...]
) -> list[SameWords]:
    found = []
    for other in others:
        theirs = [(n, _text(text, said)) for n, text in other.share_texts.items()]
        close = [
            (score, mine.words == text.words, network, their_network)
            for network, mine in own.items()
            for their_network, text in theirs
            if (score := _score(mine, text)) >= NEARLY
        ]
        if close:
            score, identical, _, their_network = max(close)
            networks = tuple(dict.fromkeys(network for _, _, network, _ in close))
            found.append(
                SameWords(
                    "same_as_other_item",
                    networks,
                    identical,
                    round(score, 2),
                    other.content_id,
                    other.title,
                    their_network,
                )
            )
    return sorted(found, key=lambda f: -f.similarity)


def recent_items(*, session: Session, exclude: str | None = None) -> list[OtherItem]:
    """The share texts of the RECENT_ITEMS newest items (deleted ones aside) but `exclude`."""
    query = select(ContentItem.id, ContentItem.title).where(col(ContentItem.deleted_at).is_(None))
    if exclude is not None:
        query = query.where(ContentItem.id != exclude)
    newest = query.order_by(col(ContentItem.created_at).desc(), col(ContentItem.id).desc())
    items = session.exec(newest.limit(RECENT_ITEMS)).all()
    texts: dict[str, dict[str, str]] = {item_id: {} for item_id, _ in items}
    rows = session.exec(select(ShareText).where(col(ShareText.content_id).in_(list(texts))))
    for row in rows:
        texts[row.content_id][row.network] = row.text
    return [OtherItem(item_id, title, texts[item_id]) for item_id, title in items]
