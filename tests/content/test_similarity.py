"""The "same words" warning: what counts as the same or nearly the same text, and what not."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from app.content.similarity import (
    NEARLY,
    RECENT_ITEMS,
    TEXT_CAP,
    OtherItem,
    recent_items,
    same_words,
    text_similarity,
)
from app.db import transaction
from app.models import NETWORKS, utcnow
from tests.factories.feed import make_item

PLANT = "We are opening a new plant in Leipzig with 300 jobs. Proud of the team!"

# Pairs that read the same to someone who sees both posts, and why.
NEARLY_THE_SAME = {
    "other case, punctuation, emoji, link": (
        PLANT,
        "we are opening a NEW plant in Leipzig with 300 jobs – proud of the team 🎉 https://gs.example/s/a1",
    ),
    "a word changed, a hashtag added": (
        PLANT,
        "We're opening a new plant in Leipzig with 300 jobs. So proud of the team! #leipzig",
    ),
    "one text cut short from the other": (
        PLANT + " It took two years of planning, and every department helped. Read more here:",
        PLANT,
    ),
    "one word swapped": (
        "Our new plant in Leipzig opens today: 300 jobs and a lot of solar power.",
        "Our new plant in Leipzig opens today: 300 jobs and plenty of solar power.",
    ),
}
# Pairs that do not, although they share a subject or phrases.
NOT_THE_SAME = {
    "the same news, reworded": (
        PLANT,
        "Leipzig gets our newest plant: 300 people will work there, and I'm proud of the team "
        "that made it happen.",
    ),
    "a different language": (
        PLANT,
        "Wir eröffnen ein neues Werk in Leipzig mit 300 Arbeitsplätzen. Stolz auf das Team!",
    ),
    "the same topic, other sentences": (
        "Our Leipzig plant runs on solar power from today.",
        "Solar power from our own roofs now runs the Leipzig plant.",
    ),
    "a job template, other city and role": (
        "We are hiring! Join our team in Berlin as a Senior Developer. Apply now:",
        "We are hiring! Join our team in Munich as a Product Manager. Apply now:",
    ),
    "a short text inside a longer one": ("Join us!", "Join us today!"),
}


@pytest.mark.parametrize(("a", "b"), NEARLY_THE_SAME.values(), ids=NEARLY_THE_SAME.keys())
def test_these_read_nearly_the_same(a: str, b: str) -> None:
    assert text_similarity(a, b) >= NEARLY
    assert text_similarity(b, a) >= NEARLY


@pytest.mark.parametrize(("a", "b"), NOT_THE_SAME.values(), ids=NOT_THE_SAME.keys())
def test_these_do_not(a: str, b: str) -> None:
    assert text_similarity(a, b) < NEARLY


def test_short_texts_count_only_when_they_are_the_very_same_words() -> None:
    assert text_similarity("Apply now!", "apply now 🎉") == 1.0
    assert text_similarity("Apply now!", "Apply today!") == 0.0


def test_the_disclosure_does_not_make_texts_alike_or_different() -> None:
    disclosure = "#ad – I work at Example GmbH"
    with_it = f"{PLANT}\n\n{disclosure}"
    texts = {"linkedin": with_it, "x": PLANT}
    (set_aside,) = same_words(share_texts=texts, disclosures=[disclosure])
    (counted,) = same_words(share_texts=texts)
    assert (set_aside.identical, counted.identical) == (True, False)
    # Two short texts alike only in their disclosure are not alike.
    one, other = f"Big news! {disclosure}", f"Come and see. {disclosure}"
    assert text_similarity(one, other, disclosures=[disclosure]) == 0.0
    assert text_similarity(one, other) >= NEARLY


def test_identical_texts_across_networks_are_one_finding_with_advice() -> None:
    texts = {
        "linkedin": PLANT,
        "x": PLANT + " https://gs.example/s/x",
        "mastodon": PLANT.upper(),
        "bluesky": NOT_THE_SAME["the same news, reworded"][1],
    }
    (finding,) = same_words(share_texts=texts)
    assert finding.code == "same_across_networks"
    assert finding.networks == ("linkedin", "x", "mastodon")
    assert (finding.identical, finding.similarity) == (True, 1.0)
    assert "same word for word" in finding.message
    assert "talking points" in finding.message


def test_nearly_the_same_texts_across_networks_are_flagged_as_such() -> None:
    a, b = NEARLY_THE_SAME["a word changed, a hashtag added"]
    (finding,) = same_words(share_texts={"linkedin": a, "x": b})
    assert finding.networks == ("linkedin", "x")
    assert not finding.identical
    assert NEARLY <= finding.similarity < 1.0
    assert "read almost the same" in finding.message


def test_texts_written_for_each_network_get_no_advice() -> None:
    texts = {"linkedin": PLANT, "x": NOT_THE_SAME["the same news, reworded"][1]}
    texts["mastodon"] = NOT_THE_SAME["a different language"][1]
    assert same_words(share_texts=texts) == []
    assert same_words(share_texts={}) == []
    assert same_words(share_texts={"linkedin": "https://only.example/a-link"}) == []


def test_a_text_like_another_item_s_names_that_item_closest_first() -> None:
    others = [
        OtherItem("01OLD", "Last year's plant", {"linkedin": "Nothing alike at all, truly."}),
        OtherItem("01NEAR", "Solar in Leipzig", {"x": NEARLY_THE_SAME["one word swapped"][1]}),
        OtherItem("01SAME", "Plant opening", {"linkedin": "Hi!", "mastodon": PLANT}),
    ]
    texts = {"linkedin": PLANT, "x": NEARLY_THE_SAME["one word swapped"][0]}
    found = same_words(share_texts=texts, others=others)
    assert [(f.other_id, f.networks, f.other_network, f.identical) for f in found] == [
        ("01SAME", ("linkedin",), "mastodon", True),
        ("01NEAR", ("x",), "x", False),
    ]
    assert all(f.code == "same_as_other_item" for f in found)
    assert "“Plant opening”" in found[0].message


def test_only_the_recent_items_given_first_are_compared() -> None:
    unlike = [OtherItem(f"01N{n}", f"Item {n}", {"x": f"Item {n} is unlike."}) for n in range(60)]
    late = OtherItem("01LATE", "Past the bound", {"linkedin": PLANT})
    assert same_words(share_texts={"linkedin": PLANT}, others=[*unlike, late]) == []
    found = same_words(share_texts={"linkedin": PLANT}, others=[late, *unlike])
    assert [f.other_id for f in found] == ["01LATE"]


def test_only_the_first_characters_of_a_text_are_compared() -> None:
    start = "word " * (TEXT_CAP // 5)
    assert text_similarity(start + "one ending", start + "quite another ending") == 1.0


def test_the_cost_is_bounded_by_items_and_text_length() -> None:
    """Every network's longest text against the most items compared: well under a second."""

    # 600 words (3000 characters, the longest a share text may be) of a 997-word vocabulary.
    texts = [" ".join(f"w{(n * 7 + i) % 997}" for i in range(600)) for n in range(101)]
    others = [
        OtherItem(
            str(n), f"Item {n}", {net: texts[(n + k) % 101] for k, net in enumerate(NETWORKS)}
        )
        for n in range(RECENT_ITEMS * 20)
    ]
    started = time.monotonic()
    same_words(share_texts=dict(zip(NETWORKS, texts, strict=False)), others=others)
    # Without the bounds, this takes seconds.
    assert time.monotonic() - started < 1.0


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """One transaction for the whole test."""
    with transaction(engine) as session:
        yield session


@pytest.mark.db
def test_recent_items_are_the_newest_not_deleted_but_this_one(session: Session) -> None:
    now = utcnow()
    items = [
        make_item(
            session,
            title=f"Item {n}",
            created_at=now - timedelta(minutes=n),
            texts={"linkedin": f"Text {n}"},
        )
        for n in range(RECENT_ITEMS + 3)
    ]
    items[1].deleted_at = now
    session.add(items[1])
    session.flush()
    found = recent_items(session=session, exclude=items[0].id)
    assert len(found) == RECENT_ITEMS
    assert [o.title for o in found[:3]] == ["Item 2", "Item 3", "Item 4"]
    assert found[0].share_texts == {"linkedin": "Text 2"}
    assert f"Item {RECENT_ITEMS + 2}" not in {o.title for o in found}
