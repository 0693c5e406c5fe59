"""axe-core in real Chromium on every page: signed out and in, in every language, 360 and 1440 px.

Each walk checks every page twice, once narrow and once wide, in opposite colour
schemes per language, so every page is seen at both widths and in both schemes.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

import pytest

from tests.browser.pages import (
    ARTIFACTS,
    Site,
    axe_violations,
    html_pages,
    open_context,
    overflows,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.db, pytest.mark.slow]
Scheme = Literal["light", "dark"]
# Per language: (width, colour scheme) of its two passes over every page.
PASSES: dict[str, tuple[tuple[int, Scheme], ...]] = {
    "en": ((360, "light"), (1440, "dark")),
    "de": ((360, "dark"), (1440, "light")),
    "fr": ((360, "light"), (1440, "dark")),
}


def walk(chromium: Browser, axe_source: str, site: Site, *, language: str, signed_in: bool) -> str:
    """Every page through axe in both of the language's passes; a report of what failed."""
    token = site.tokens[language] if signed_in else None
    context, problems, _ = open_context(chromium, site.url, language=language, token=token)
    page, report = context.new_page(), []
    paths = [*html_pages(site, token), "/no/such/page"]  # the error page too
    assert "/" in paths
    for width, scheme in PASSES[language]:
        page.set_viewport_size({"width": width, "height": 900})
        page.emulate_media(color_scheme=scheme, reduced_motion="no-preference")
        checked: set[str] = set()
        for path in paths:
            page.goto(site.url + path)
            if page.url in checked:
                continue  # a redirect to a page already checked in this pass
            checked.add(page.url)
            assert page.evaluate("document.documentElement.lang") == language, page.url
            if signed_in:  # to look at: every page in every language, at both widths
                slug = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "landing"
                shot = ARTIFACTS / f"{language}-{slug}-{width}.png"
                page.screenshot(path=shot, full_page=True, caret="initial")
            found = axe_violations(page, axe_source)
            if width == min(w for w, _ in PASSES[language]) and overflows(page):
                found.append(f"scrolls sideways at {width} px")
            report += [f"{page.url} at {width} px, {scheme}: {line}" for line in found]
    context.close()
    return "\n".join(report + problems.seen)


@pytest.mark.parametrize("signed_in", [False, True], ids=["signed-out", "signed-in"])
@pytest.mark.parametrize("language", list(PASSES))
def test_no_serious_violations(
    chromium: Browser, axe_source: str, site: Site, language: str, signed_in: bool
) -> None:
    """Every page a visitor or a signed-in ambassador reaches passes axe, all widths and schemes."""
    report = walk(chromium, axe_source, site, language=language, signed_in=signed_in)
    if report:
        pytest.fail(report, pytrace=False)


def background_brightness(page: Page) -> int:
    """The sum of the page background's red, green and blue (0 black … 765 white)."""
    colour = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    return sum(int(part) for part in re.findall(r"\d+", colour)[:3])


def transition_seconds(page: Page, selector: str) -> float:
    """The longest transition of the element at `selector`, in seconds."""
    durations: str = page.locator(selector).first.evaluate(
        "(e) => getComputedStyle(e).transitionDuration"
    )
    return max(
        float(d[:-2]) / 1000 if d.endswith("ms") else float(d[:-1]) for d in durations.split(",")
    )


def test_colour_scheme_follows_the_system(chromium: Browser, site: Site) -> None:
    """A dark system gets a dark page and a light one a light page."""
    context, problems, _ = open_context(chromium, site.url, token=site.tokens["en"])
    page = context.new_page()
    page.goto(f"{site.url}/me")
    page.emulate_media(color_scheme="light")
    assert background_brightness(page) > 700
    page.emulate_media(color_scheme="dark")
    assert background_brightness(page) < 150
    context.close()
    assert problems.seen == []


def test_reduced_motion_stops_transitions(chromium: Browser, site: Site) -> None:
    """Buttons fade between states, except for people who asked their system for less motion."""
    context, problems, _ = open_context(chromium, site.url)
    page = context.new_page()
    page.goto(site.url)
    button = "main a[role=button]"
    page.emulate_media(reduced_motion="no-preference")
    assert transition_seconds(page, button) >= 0.1
    page.emulate_media(reduced_motion="reduce")
    assert transition_seconds(page, button) < 0.001
    context.close()
    assert problems.seen == []
