"""The organisation's disclosure: suggested in the share panel in the post's language."""

from __future__ import annotations

import html
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import Engine

from app.config import Settings
from app.main import create_app
from tests.conftest import serving
from tests.routers.ui.test_feed import item, reader, share, shares, texts

pytestmark = pytest.mark.db
__all__ = ["texts"]  # the fixture, used by name
DISCLOSURE = {"de": "Ich arbeite bei Lindenhof", "en": "#LindenhofTeam"}
WHY = "§ 5a UWG"


@pytest.fixture
def disclosing(settings: Settings) -> Iterator[httpx.Client]:
    """The app with a disclosure configured for German and English."""
    app = create_app(settings.model_copy(update={"disclosure": DISCLOSURE}))
    with serving(app) as base_url, httpx.Client(base_url=base_url) as client:
        yield client


def _textarea(page: str) -> str:
    start = page.index("data-share-text")
    return html.unescape(page[page.index(">", start) + 1 : page.index("</textarea>", start)])


@pytest.mark.usefixtures("texts")
def test_the_disclosure_is_appended_in_the_posts_language_and_explained(
    disclosing: httpx.Client, engine: Engine
) -> None:
    browser = reader(engine, "ambassador", networks=["linkedin", "x"])
    german = item(engine, texts={"linkedin": "Schaut mal 👀", "x": "Neu in Kassel"})
    page = disclosing.get(f"/feed/{german.id}", headers=browser.cookie).text
    assert _textarea(page) == "Schaut mal 👀\n\nIch arbeite bei Lindenhof"
    assert 'data-text="Neu in Kassel\n\nIch arbeite bei Lindenhof"' in page
    assert WHY in html.unescape(page)
    english = item(engine, language="en-GB", texts={"linkedin": "Have a look"})
    page = disclosing.get(f"/feed/{english.id}", headers=browser.cookie).text
    assert _textarea(page) == "Have a look\n\n#LindenhofTeam"
    french = item(engine, language="fr", texts={"linkedin": "Regardez"})
    page = disclosing.get(f"/feed/{french.id}", headers=browser.cookie).text
    assert _textarea(page) == "Regardez"  # none configured for French: nothing added
    assert WHY not in html.unescape(page)


@pytest.mark.usefixtures("texts")
def test_the_person_may_remove_or_change_it(disclosing: httpx.Client, engine: Engine) -> None:
    browser = reader(engine, "ambassador", networks=["linkedin"])
    shared = item(engine, texts={"linkedin": "Schaut mal 👀"})
    done = share(disclosing, browser, shared.id, text="Schaut mal 👀")  # removed
    assert done.status_code == 200
    assert len(shares(engine)) == 1
    assert "Lindenhof" not in html.unescape(done.text)
    other = item(engine, texts={"linkedin": "Neu"})
    changed = share(disclosing, browser, other.id, text="Neu. Ich arbeite dort seit 2019.")
    assert "Neu. Ich arbeite dort seit 2019." in html.unescape(changed.text)


@pytest.mark.usefixtures("texts")
def test_it_is_left_out_where_it_would_not_fit_the_network(
    disclosing: httpx.Client, engine: Engine
) -> None:
    browser = reader(engine, "ambassador", networks=["x"])
    full = "Ä" * 250  # with the link, X has no room left for the disclosure
    shared = item(engine, texts={"x": full})
    page = disclosing.get(f"/feed/{shared.id}", headers=browser.cookie).text
    assert _textarea(page) == full
    assert WHY not in html.unescape(page)


@pytest.mark.usefixtures("texts")
def test_without_a_configured_disclosure_nothing_is_added(
    client: httpx.Client, engine: Engine
) -> None:
    browser = reader(engine, "ambassador", networks=["linkedin"])
    shared = item(engine, texts={"linkedin": "Schaut mal 👀"})
    page = client.get(f"/feed/{shared.id}", headers=browser.cookie).text
    assert _textarea(page) == "Schaut mal 👀"
    assert WHY not in html.unescape(page)


@pytest.mark.parametrize(
    "value",
    [
        '{"deutsch!": "Ich arbeite hier"}',
        '{"de": ""}',
        '{"de": "' + "x" * 101 + '"}',
        '{"de": "zwei\\nZeilen"}',
        "not json",
    ],
)
def test_a_bad_disclosure_setting_is_refused_at_start(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GLADSHARE_DISCLOSURE", value)
    with pytest.raises(ValueError, match=r"disclosure|language|JSON|json"):
        Settings()


def test_the_disclosure_setting_is_read_as_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GLADSHARE_DISCLOSURE", '{"DE": " Ich arbeite bei Lindenhof "}')
    assert Settings().disclosure == {"de": "Ich arbeite bei Lindenhof"}
