"""What the browser tests share: the pages to visit, axe-core, console problems, screenshots."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
from fastapi import FastAPI

from app.guides.library import NETWORKS
from tests.support.page_routes import html_routes

if TYPE_CHECKING:
    from collections.abc import Sequence

    from playwright.sync_api import (
        Browser,
        BrowserContext,
        ConsoleMessage,
        Locator,
        Page,
        Route,
        WebError,
    )

ARTIFACTS = Path(__file__).parent.parent / "artifacts"
WIDTHS = (360, 1440)
# Everything that is not the app under test or the OpenID provider: the machine has no
# internet, and the pages must not load anything from elsewhere anyway (content images
# are our own copies), except the networks' share dialogs, which open in their own tab.
OUTSIDE = re.compile(r"^https?://(?!127\.0\.0\.1[:/])")
STATUS_LOGGED = "Failed to load resource: the server responded with a status of"
# Refused changes that htmx swaps in, reason and all (its responseHandling config).
SWAPPED_REFUSALS = tuple(f"{STATUS_LOGGED} {status} " for status in (409, 422))
PIXEL = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>'
AXE_RUN = """async () => {
  const result = await axe.run(document, { resultTypes: ["violations"] });
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      rule: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(" "), why: n.failureSummary })),
    }));
}"""
# What makes a page wider than the window, outside any box that scrolls or clips: first the
# widest run of text that may not wrap (it stretches every box around it), else the deepest
# element sticking out (a fixed width, a wide picture).
WIDEST = """() => {
  const limit = window.innerWidth;
  const clipped = (node) => {
    for (let up = node.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") return true;
    }
    return false;
  };
  const describe = (e, what, right) => {
    const name = e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
      + [...e.classList].map((c) => "." + c).join("");
    return `${name} reaches ${Math.round(right)} px: ${what} in ${e.outerHTML.slice(0, 160)}`;
  };
  let found = null, widest = 0;
  const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let text = texts.nextNode(); text; text = texts.nextNode()) {
    const style = getComputedStyle(text.parentElement);
    // break-word (Pico's default) wraps a long run, but boxes that fit their content still
    // make room for all of it; only anywhere and break-all let them shrink.
    const shrinks = style.overflowWrap === "anywhere" || style.wordBreak === "break-all";
    if (shrinks || clipped(text)) continue;
    for (const run of text.data.matchAll(/\\S+/g)) {
      range.setStart(text, run.index);
      range.setEnd(text, run.index + run[0].length);
      const box = range.getBoundingClientRect();
      if (box.right > limit && box.width > widest) {
        widest = box.width;
        const what = `"${run[0].slice(0, 80)}" (${Math.round(box.width)} px)`;
        found = describe(text.parentElement, what, box.right);
      }
    }
  }
  if (found) return found;
  const out = [...document.body.querySelectorAll("*")].filter((e) =>
    e.getBoundingClientRect().right > limit + 0.5 && !clipped(e));
  const deepest = out.filter((e) => !out.some((other) => other !== e && e.contains(other)));
  if (!deepest.length) return null;
  return describe(deepest[0], "the box", deepest[0].getBoundingClientRect().right);
}"""


@dataclass(frozen=True)
class Site:
    """The demo organisation served on loopback, and a signed-in ambassador per language."""

    url: str
    app: FastAPI
    tokens: dict[str, str]
    content_id: str


def axe_violations(page: Page, axe_source: str) -> list[str]:
    """axe-core's serious and critical violations on the page, one readable line per node."""
    # Evaluated through DevTools, not a <script>: the page's CSP allows no inline script.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source + "\n;undefined")
    found: list[dict[str, Any]] = page.evaluate(AXE_RUN)
    return [
        f"{v['impact']} {v['rule']} ({v['help']}): {node['target']} — {node['why']}"
        for v in found
        for node in v["nodes"]
    ]


def overflows(page: Page) -> bool:
    """Whether the page scrolls sideways (at 360 px, content must fit the width)."""
    return bool(page.evaluate("document.documentElement.scrollWidth > window.innerWidth"))


def widest(page: Page) -> str | None:
    """The element reaching furthest past the window's right edge, described; None if none."""
    found: str | None = page.evaluate(WIDEST)
    return found


def html_pages(site: Site, token: str | None, *, content_ids: Sequence[str] = ()) -> list[str]:
    """The GET routes that answer with an HTML page (or a redirect to one) for this visitor."""
    # An image of ours is a file, not a page: one of the demo's answers with its picture.
    images = sorted(p.name for p in (site.app.state.settings.var_dir / "images").glob("*.*"))
    values = {
        "network": NETWORKS,
        "content_id": (site.content_id, *content_ids),
        "key": tuple(images[:1]),
    }
    cookies = {"gladshare_session": token} if token else {}
    pages = []
    with httpx.Client(base_url=site.url, cookies=cookies) as client:
        for path in html_routes(site.app, values):
            response = client.get(path)
            assert response.status_code < 500, path
            if response.is_redirect or response.headers["content-type"].startswith("text/html"):
                pages.append(path)
    return pages


def header_link(page: Page, name: str) -> Locator:
    """The header's link called `name`, opening the menu first where it is folded (phones)."""
    menu = page.locator("body > header details.gs-menu")
    if menu.locator("> summary").is_visible() and menu.get_attribute("open") is None:
        menu.locator("> summary").click()
    return page.locator("body > header").get_by_role("link", name=name, exact=True)


@dataclass
class Problems:
    """Console errors (CSP refusals among them), uncaught exceptions and failed requests."""

    seen: list[str] = field(default_factory=list)

    def watch(self, context: BrowserContext) -> None:
        """Listen on every page of `context`, popups included."""
        context.on("console", self._console)
        context.on("weberror", self._error)

    def _console(self, message: ConsoleMessage) -> None:
        where = message.page.url if message.page else None
        # An error page's own status (404, 500) is what it should be, not a fault on it.
        own_status = message.text.startswith(STATUS_LOGGED) and message.location["url"] == where
        # A refusal the page shows in place (409, 422) is an answer as well.
        shown = message.text.startswith(SWAPPED_REFUSALS)
        if message.type == "error" and not (own_status or shown):
            self.seen.append(f"console: {message.text} ({where})")

    def _error(self, error: WebError) -> None:
        self.seen.append(f"uncaught: {error.error}")


@dataclass
class Outside:
    """Stands in for the internet: records what the pages asked for and answers locally."""

    requested: list[str] = field(default_factory=list)

    def serve(self, context: BrowserContext) -> None:
        """Answer every request that leaves the machine with a small local response."""
        context.route(OUTSIDE, self._fulfil)

    def _fulfil(self, route: Route) -> None:
        self.requested.append(route.request.url)
        if route.request.resource_type == "image":
            route.fulfill(body=PIXEL, content_type="image/svg+xml")
        else:
            route.fulfill(body="<!doctype html><title>elsewhere</title>", content_type="text/html")


def open_context(
    browser: Browser, url: str, *, language: str = "en", token: str | None = None, **options: Any
) -> tuple[BrowserContext, Problems, Outside]:
    """A fresh context in `language`, signed in with `token`, watched and kept off the internet."""
    context = browser.new_context(
        locale={"en": "en-GB", "de": "de-DE", "fr": "fr-CH"}[language], **options
    )
    if token:
        context.add_cookies([{"name": "gladshare_session", "value": token, "url": url}])
    problems, outside = Problems(), Outside()
    problems.watch(context)
    outside.serve(context)
    return context, problems, outside


def checked(page: Page, axe_source: str, *, name: str, scheme: str = "light") -> list[str]:
    """axe at both widths, sideways scrolling at the narrow one, and a screenshot at each
    (`{name}-{width}.png`, `-dark` added in dark mode); the problems found, one line each."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    dark = "-dark" if scheme == "dark" else ""
    report = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        found = axe_violations(page, axe_source)
        if width == min(WIDTHS) and overflows(page):
            found.append("scrolls sideways")
        report += [f"{name} at {width} px, {scheme}: {line}" for line in found]
        shot = ARTIFACTS / f"{name}-{width}{dark}.png"
        page.screenshot(path=shot, full_page=True, caret="initial")  # "hide": see snap()
    return report


def snap(page: Page, name: str) -> None:
    """Screenshots of the page at both widths, under tests/artifacts/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        # caret="hide" would leave style="" on every field, which htmx then copies onto
        # swapped-in fields with setAttribute: a CSP refusal the app itself never causes.
        page.screenshot(path=ARTIFACTS / f"{name}-{width}.png", full_page=True, caret="initial")
    if size:
        page.set_viewport_size(size)
