"""Phone width in real Chromium: nothing scrolls sideways, the header is one row with a menu.

At 360 px every page, signed in and out, in English and German, fits the window as it
opens and with every fold-out open; the header is the brand and a Menu disclosure that a
keyboard opens; the tables of /me/data are cards whose cells name their column. At 1440 px
the links stand in the header's one row. Screenshots of the header (closed and open) and of
/me/data go to tests/artifacts/mobile-*.png.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from sqlmodel import select

from app.config import Settings
from app.db import make_engine, transaction
from app.models import Employee
from app.people.web_sessions import session_lookup
from app.sharing.shares import share_create, shareable
from tests.browser.pages import (
    ARTIFACTS,
    Site,
    axe_violations,
    html_pages,
    open_context,
    widest,
)
from tests.factories.feed import make_item

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.db, pytest.mark.slow]
PHONE = {"width": 360, "height": 740}
# A real German compound, a long link and a long code: nothing breaks them but overflow-wrap.
WORD = "Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz"
LINK = f"https://www.lindenhof.example/presse/2025/12/{WORD.lower()}-erklaert-schritt-fuer-schritt"
MENU = {"en": "Menu", "de": "Menü", "fr": "Menu"}
OPEN_ALL = """() => {
  const closed = [...document.querySelectorAll("details:not([open])")];
  closed.forEach((d) => { d.open = true; });
  return closed.length;
}"""
SIDEWAYS = "document.documentElement.scrollWidth - window.innerWidth"
# Each body row's cells: the label shown before the cell, and its column's header.
CELLS = """() => {
  const heads = [...document.querySelectorAll("main table thead th")].map((th) => th.innerText);
  return [...document.querySelectorAll("main table tbody tr")].map((tr) => [...tr.cells].map(
    (td, i) => ({ label: getComputedStyle(td, "::before").content, head: heads[i],
                  text: td.innerText.trim(), display: getComputedStyle(td).display })));
}"""


@pytest.fixture(scope="module")
def long_item(site: Site, module_settings: Settings) -> str:
    """An item whose title, summary and texts hold unbreakable words, shared by each ambassador."""
    engine = make_engine(module_settings.database_url)
    with transaction(engine) as session:
        item = make_item(
            session,
            title=f"Das {WORD}, erklärt",
            summary=f"Alles zum {WORD}: {LINK}",
            url=LINK,
            language="en",
            talking_points=[WORD, LINK[:200]],
            texts={"linkedin": f"{WORD} {LINK}", "mastodon": f"{WORD}!"},
        )
        for token in site.tokens.values():
            web_session = session_lookup(session=session, token=token)
            assert web_session is not None
            employee = session.get(Employee, web_session.employee_id)
            assert employee is not None
            for content_id in (item.id, site.content_id):
                share_create(
                    session=session,
                    settings=module_settings,
                    item=shareable(session=session, content_id=content_id),
                    network="linkedin",
                    employee_external_id=employee.external_id,
                    source="ui",
                )
        assert session.exec(select(Employee)).first() is not None
        content_id = item.id
    engine.dispose()
    return content_id


def sideways(page: Page, state: str) -> list[str]:
    """One line naming the page and its widest element if it scrolls sideways, else none."""
    extra: int = page.evaluate(SIDEWAYS)
    if extra <= 0:
        return []
    return [f"{page.url} ({state}) is {extra} px too wide; widest: {widest(page)}"]


def swagger_ui(page: Page, site: Site) -> list[str]:
    """/api/docs is Swagger UI's page, not ours, but a phone must not scroll it sideways either."""
    page.goto(f"{site.url}/api/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=20_000)
    found = sideways(page, "as it opens")
    page.locator(".opblock-summary").first.click()
    page.locator(".opblock-body").first.wait_for()
    return found + sideways(page, "with an operation open")


def shared_without_script(chromium: Browser, site: Site, token: str, content_id: str) -> list[str]:
    """The thank-you page a share without JavaScript ends on, with its long link."""
    context, problems, _ = open_context(
        chromium, site.url, token=token, viewport=PHONE, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(f"{site.url}/feed/{content_id}")
    page.locator(f"#share-{content_id} summary").click()
    page.locator(f"#share-{content_id} [data-share-open]").click()
    page.wait_for_url(f"{site.url}/feed/{content_id}/shared")
    found = sideways(page, "after a share without JavaScript") + problems.seen
    context.close()
    return found


@pytest.mark.parametrize("signed_in", [False, True], ids=["signed-out", "signed-in"])
@pytest.mark.parametrize("language", ["en", "de", "fr"])
def test_no_page_scrolls_sideways_at_phone_width(
    chromium: Browser, site: Site, long_item: str, language: str, signed_in: bool
) -> None:
    """Every page fits 360 px as it opens and with all its fold-outs (menu, panels, texts) open."""
    token = site.tokens[language] if signed_in else None
    context, problems, _ = open_context(
        chromium, site.url, language=language, token=token, viewport=PHONE
    )
    page = context.new_page()
    paths = [*html_pages(site, token, content_ids=(long_item,)), "/no/such/page"]
    found: list[str] = []
    for path in paths:
        page.goto(site.url + path)
        found += sideways(page, "as it opens")
        if opened := page.evaluate(OPEN_ALL):
            found += sideways(page, f"with its {opened} fold-outs open")
    found += swagger_ui(page, site)
    context.close()
    if token:
        found += shared_without_script(chromium, site, token, long_item)
    assert len(paths) > 8
    assert found + problems.seen == [], "\n".join(found + problems.seen)


def ax_nodes(page: Page) -> list[dict[str, Any]]:
    """What Chromium hands screen readers for the page: role, name and states of each node."""
    cdp = page.context.new_cdp_session(page)
    nodes: list[dict[str, Any]] = cdp.send("Accessibility.getFullAXTree")["nodes"]
    cdp.detach()
    return [
        {
            "role": n["role"]["value"],
            "name": n.get("name", {}).get("value", ""),
            **{p["name"]: p["value"].get("value") for p in n.get("properties", [])},
        }
        for n in nodes
        if not n.get("ignored")
    ]


def cell_names(page: Page) -> list[str]:
    """The names screen readers get for the table cells, sorted."""
    return sorted(n["name"] for n in ax_nodes(page) if n["role"] == "cell")


def menu_node(page: Page, name: str) -> dict[str, Any]:
    """The node for the header's summary: its role, and whether it is expanded."""
    (node,) = [n for n in ax_nodes(page) if n["name"] == name and n["role"] == "DisclosureTriangle"]
    return {"role": node["role"], "expanded": node.get("expanded")}


def press_tab_until(page: Page, selector: str, *, within: str | None = None) -> int:
    """Tab until `selector` has focus (the presses it took); each stop on the way lies `within`."""
    target = page.locator(selector).first
    for presses in range(1, 30):
        page.keyboard.press("Tab")
        if target.evaluate("(e) => e === document.activeElement"):
            return presses
        if within:
            assert page.evaluate(f"document.activeElement.closest({within!r}) !== null")
    raise AssertionError(f"Tab never reached {selector}")


def focus_ring(page: Page) -> bool:
    """Whether the focused element shows an outline or a ring."""
    return bool(
        page.evaluate(
            """() => { const s = getComputedStyle(document.activeElement);
            return (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0)
              || s.boxShadow !== "none"; }"""
        )
    )


def header_rows(page: Page) -> int:
    """How many rows the header's brand, links and buttons take (by their vertical centres)."""
    centres: list[float] = page.evaluate(
        """() => [...document.querySelectorAll(
              "body > header .gs-brand, body > header summary, body > header nav li")]
            .filter((e) => e.checkVisibility())
            .map((e) => { const b = e.getBoundingClientRect(); return b.top + b.height / 2; })"""
    )
    rows: list[float] = []
    for centre in sorted(centres):
        if not rows or centre - rows[-1] > 16:
            rows.append(centre)
    return len(rows)


@pytest.mark.parametrize("language", ["en", "de", "fr"])
def test_the_phone_header_is_one_row_whose_menu_opens_by_keyboard(
    chromium: Browser, axe_source: str, site: Site, language: str
) -> None:
    """Brand and Menu in one row; Enter opens the links (axe-clean in both schemes), Tab
    reaches them, Enter follows one."""
    context, problems, _ = open_context(
        chromium, site.url, language=language, token=site.tokens[language], viewport=PHONE
    )
    page = context.new_page()
    page.goto(f"{site.url}/me")
    header = page.locator("body > header")
    feed = header.locator("nav a[href='/feed']")
    assert (header.bounding_box() or {"height": 0})["height"] <= 80
    assert header_rows(page) == 1
    assert feed.is_hidden()
    assert menu_node(page, MENU[language]) == {"role": "DisclosureTriangle", "expanded": False}
    header.screenshot(path=ARTIFACTS / f"mobile-header-{language}-closed-360.png")

    assert press_tab_until(page, "body > header summary") == 3  # after the skip link and brand
    assert focus_ring(page)
    page.keyboard.press("Enter")
    assert menu_node(page, MENU[language])["expanded"] is True
    assert feed.is_visible()
    assert (header.bounding_box() or {"height": 0})["height"] <= 80  # the panel lies over the page
    page.screenshot(path=ARTIFACTS / f"mobile-header-{language}-open-360.png")
    for scheme in ("light", "dark"):  # the walk sees the menu closed; here it is open
        page.emulate_media(color_scheme=scheme, reduced_motion="reduce")  # no colours mid-fade
        assert axe_violations(page, axe_source) == [], scheme
    press_tab_until(page, "body > header nav a[href='/feed']", within="body > header nav")
    assert focus_ring(page)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site.url}/feed")
    assert page.locator("body > header details").get_attribute("open") is None
    context.close()
    assert problems.seen == []


@pytest.mark.parametrize("signed_in", [False, True], ids=["signed-out", "signed-in"])
@pytest.mark.parametrize("language", ["en", "de", "fr"])
def test_the_wide_header_is_one_row_with_every_link(
    chromium: Browser, site: Site, language: str, signed_in: bool
) -> None:
    """At 1440 px no menu: every link and button stands in the brand's row; at 1024 the menu."""
    token = site.tokens[language] if signed_in else None
    context, problems, _ = open_context(
        chromium, site.url, language=language, token=token, viewport={"width": 1440, "height": 900}
    )
    page = context.new_page()
    page.goto(f"{site.url}/learn")
    header = page.locator("body > header")
    controls = header.locator("nav a, nav button")
    assert header.locator("summary").is_hidden()
    assert controls.count() >= 3  # about, guides, sign in or out, and more when signed in
    assert [c.is_visible() for c in controls.all()] == [True] * controls.count()
    assert header_rows(page) == 1
    who = "in" if signed_in else "out"
    header.screenshot(path=ARTIFACTS / f"mobile-header-{language}-signed-{who}-1440.png")

    page.set_viewport_size({"width": 1024, "height": 900})  # a tablet: the menu again
    assert header_rows(page) == 1
    assert controls.first.is_hidden()
    header.screenshot(path=ARTIFACTS / f"mobile-header-{language}-signed-{who}-closed-1024.png")
    header.locator("summary").click()
    assert controls.first.is_visible()
    page.screenshot(path=ARTIFACTS / f"mobile-header-{language}-signed-{who}-open-1024.png")
    context.close()
    assert problems.seen == []


@pytest.mark.parametrize("language", ["en", "de", "fr"])
def test_my_data_is_cards_on_a_phone_and_a_table_on_a_screen(
    chromium: Browser, site: Site, long_item: str, language: str
) -> None:
    """At 360 px each share is a card whose cells name their column; at 1440 px a table."""
    context, problems, _ = open_context(
        chromium, site.url, language=language, token=site.tokens[language], viewport=PHONE
    )
    page = context.new_page()
    page.goto(f"{site.url}/me/data")
    rows = page.evaluate(CELLS)
    assert len(rows) >= 2
    for row in rows:
        assert [c["label"] for c in row] == [f'"{c["head"]}"' for c in row]
        assert {c["display"] for c in row} == {"grid"}
    # A screen reader reads each cell with its column's name, and still has the table's headers.
    cells = [f"{c['head']} {c['text']}" for row in rows for c in row]
    assert cell_names(page) == sorted(cells)
    assert len([n for n in ax_nodes(page) if n["role"] == "columnheader"]) == len(rows[0])
    page.screenshot(path=ARTIFACTS / f"mobile-me-data-{language}-360.png", full_page=True)

    page.set_viewport_size({"width": 1440, "height": 900})
    rows = page.evaluate(CELLS)
    for row in rows:
        assert {(c["label"], c["display"]) for c in row} == {("none", "table-cell")}
    assert cell_names(page) == sorted(c["text"] for row in rows for c in row)
    assert page.locator("main table thead").is_visible()
    page.screenshot(path=ARTIFACTS / f"mobile-me-data-{language}-1440.png", full_page=True)
    context.close()
    assert problems.seen == []
