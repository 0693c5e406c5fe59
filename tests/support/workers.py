"""How the tests are shared out between pytest-xdist's workers (`make test` runs two).

With `--dist loadgroup` each test goes to whichever worker is free, except that the tests of
a module that shares a fixture wider than one test (a served site, a browser, a wheel) stay
together on one worker: that fixture is made once, and its tests run in their written order.
"""

from __future__ import annotations

import os

import pytest

# Set in every worker process by pytest-xdist ("gw0", "gw1", …); absent in a plain run.
IN_WORKER = "PYTEST_XDIST_WORKER" in os.environ
SHARED_SCOPES = {"class", "module", "package"}


def shares_a_fixture(item: pytest.Item) -> bool:
    """Whether the test uses a fixture that lives for its class, module or package."""
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return False
    return any(
        definitions[-1].scope in SHARED_SCOPES for definitions in info.name2fixturedefs.values()
    )


def share_out(items: list[pytest.Item]) -> None:
    """Group the tests of modules with a shared fixture, and put the long ones first."""
    if not IN_WORKER:
        return  # a plain run keeps the written order and has no groups
    for item in items:
        if shares_a_fixture(item):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))
    # xdist hands out the groups, largest first, then single tests in this order: the ones that
    # start real processes go first, so that no worker is left alone with a long one at the end.
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
