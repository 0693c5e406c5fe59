"""/api/docs in Chromium: Swagger UI from our own origin, under the strict CSP, offline."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.browser.pages import Site, open_context, snap

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = [pytest.mark.db, pytest.mark.slow]


def test_api_docs_list_the_operations_with_no_error_and_nothing_from_elsewhere(
    chromium: Browser, site: Site
) -> None:
    context, problems, outside = open_context(chromium, site.url)
    page = context.new_page()
    loaded: list[str] = []
    page.on("request", lambda request: loaded.append(request.url))
    page.goto(f"{site.url}/api/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=20_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/content" in paths
    assert "/api/v1/shares" in paths
    assert page.locator(".opblock").count() >= 20
    snap(page, "api-docs")
    context.close()
    assert problems.seen == []  # a CSP refusal would be a console error
    assert outside.requested == []
    assert all(url.startswith(site.url) for url in loaded), loaded
