"""Keyboard alone: the skip link first, every control reachable with a visible focus, actions."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

from tests.browser.pages import Site, axe_violations, open_context

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.db, pytest.mark.slow]
LINKEDIN_DIALOG = "https://www.linkedin.com/sharing/share-offsite/?url="
# How an element is known across Tab presses: a radio group is one stop, like in the browser.
KEY = """(e) => e.type === "radio"
  ? "radio " + e.name + " in " + [...document.forms].indexOf(e.form)
  : e.dataset.kb"""
CONTROLS = f"""() => {{
  const key = {KEY};
  const all = "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]";
  return [...document.querySelectorAll(all)]
    .filter((e) => e.tabIndex >= 0 && !e.disabled
      && e.checkVisibility({{ visibilityProperty: true }}))
    .map((e, i) => {{ e.dataset.kb = String(i); return {{ key: key(e), html: e.outerHTML }}; }});
}}"""
FOCUSED = f"""() => {{
  const e = document.activeElement, style = getComputedStyle(e);
  if (e === document.body || !e.dataset.kb) return null;
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  return {{ key: ({KEY})(e), html: e.outerHTML, ring: outline || style.boxShadow !== "none" }};
}}"""


def tab_through(page: Page) -> list[dict[str, Any]]:
    """Press Tab from the top of the page until focus leaves it; what got focus, in order."""
    seen: list[dict[str, Any]] = []
    for _ in range(400):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None or (seen and focused["key"] == seen[0]["key"]):
            return seen
        seen.append(focused)
    raise AssertionError("Tab never left the page")


def tab_to(page: Page, selector: str) -> None:
    """Press Tab until the element at `selector` has focus, as a keyboard user would."""
    target = page.locator(selector).first
    for _ in range(400):
        page.keyboard.press("Tab")
        if target.evaluate("(e) => e === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {selector}")


@pytest.fixture
def page(chromium: Browser, site: Site) -> Iterator[Page]:
    """A signed-in ambassador's tab, at phone width."""
    context, problems, _ = open_context(
        chromium, site.url, token=site.tokens["en"], viewport={"width": 360, "height": 800}
    )
    tab = context.new_page()
    yield tab
    context.close()
    assert problems.seen == []


@pytest.mark.parametrize("path", ["/", "/me", "/feed"])
def test_every_control_is_reachable_with_a_visible_focus(page: Page, site: Site, path: str) -> None:
    """Tab from the top: the skip link first, then every control, each with a focus ring."""
    page.goto(site.url + path)
    controls = page.evaluate(CONTROLS)
    reached = tab_through(page)
    assert 'class="gs-skip"' in reached[0]["html"]
    assert [r["html"] for r in reached if not r["ring"]] == []
    keys = {r["key"] for r in reached}
    assert [c["html"] for c in controls if c["key"] not in keys] == []
    assert len(controls) > 5


def test_skip_link_jumps_to_the_content(page: Page, site: Site) -> None:
    """The first Tab shows the skip link on screen; Enter moves on to the main content."""
    page.goto(f"{site.url}/me")
    page.keyboard.press("Tab")
    box = page.locator(".gs-skip").bounding_box()
    assert box is not None
    assert box["y"] >= 0
    page.keyboard.press("Enter")
    assert page.url.endswith("/me#main")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_consent_is_granted_with_the_keyboard(page: Page, site: Site) -> None:
    """Tab to a purpose's button and press Space: the yes is recorded and shown in place."""
    page.goto(f"{site.url}/me")
    tab_to(page, "#consent-recognition-button")
    page.keyboard.press("Space")
    page.locator("#consent-recognition-button", has_text="Stop naming me").wait_for()
    assert page.url == f"{site.url}/me"
    assert "Yes, since" in page.locator("#consent-recognition [role=status]").inner_text()
    assert page.evaluate("document.activeElement.id") == "consent-recognition-button"


def test_share_panel_works_with_the_keyboard(page: Page, site: Site, axe_source: str) -> None:
    """Open the panel with Enter, submit with Enter: the dialog opens, focus lands on the thanks."""
    page.goto(f"{site.url}/feed")
    card = page.locator(".gs-card").first
    tab_to(page, ".gs-card summary")
    page.keyboard.press("Enter")
    assert card.locator("details").get_attribute("open") is not None
    tab_to(page, ".gs-card [data-share-open]")
    with page.context.expect_page() as popup:
        page.keyboard.press("Enter")
    popup.value.wait_for_url(re.compile("linkedin"))
    assert popup.value.url.startswith(LINKEDIN_DIALOG)
    card.locator("[data-share-thanks]").wait_for()
    assert page.evaluate("document.activeElement.hasAttribute('data-share-thanks')")
    assert axe_violations(page, axe_source) == []


def test_rating_works_with_the_keyboard(page: Page, site: Site) -> None:
    """Enter on Yes answers, then the reason is typed and saved; only the person sees it."""
    page.goto(f"{site.url}/feed")
    tab_to(page, ".gs-card .gs-answers button[value=yes]")
    page.keyboard.press("Enter")
    status = page.locator(".gs-card .gs-rating [role=status]").first
    status.filter(has_text="Saved.").wait_for()
    assert "Your answer: yes." in status.inner_text()
    # The block was swapped, and the focus stayed on the answer, now pressed.
    assert page.evaluate("document.activeElement.getAttribute('aria-pressed')") == "true"
    tab_to(page, ".gs-card input[name=reason]")
    page.keyboard.type("Good people, good story")
    with page.expect_response(lambda answer: answer.url.endswith("/rating")):
        page.keyboard.press("Enter")  # in the reason's own form: the reason, not an answer
    reason = page.locator(".gs-card input[name=reason]").first
    assert reason.input_value() == "Good people, good story"
    assert "Your answer: yes." in status.inner_text()
