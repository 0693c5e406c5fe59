"""/studio/analytics on the demo's month: totals, charts with their tables, rankings, the CSV."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import Engine

from app.analytics.reports import summary_report
from app.db import transaction
from app.demo.seed import seed_demo
from app.models import utcnow
from tests.factories.consent import Browser

pytestmark = pytest.mark.db


@pytest.fixture
def demo(engine: Engine) -> None:
    with transaction(engine) as session:
        seed_demo(session=session)


def _totals(page: str) -> dict[str, str]:
    """The page's totals: each figure's name and number."""
    return dict(re.findall(r"<div><dt>([^<]+)</dt>\s*<dd>([^<]+)</dd></div>", page))


def _ranked(page: str, table: str) -> list[str]:
    part = page.split(f'id="{table}"')[1].split("</table>")[0]
    return re.findall(r'href="/studio/content/([^/"]+)/quality"', part)


def test_the_last_30_days_with_totals_charts_and_their_tables(
    client: httpx.Client, comms: Browser, engine: Engine, demo: None
) -> None:
    page = client.get("/studio/analytics")
    assert page.status_code == 200
    with transaction(engine, write=False) as session:
        month = summary_report(session=session, k=5)
    today = utcnow().date()
    assert f'value="{(today - timedelta(days=29)).isoformat()}"' in page.text
    totals = _totals(page.text)
    assert totals["Shares"] == f"{month.totals.shares:,}"
    assert totals["Clicks"] == f"{month.totals.clicks:,}"
    assert page.text.count('role="img"') == 2
    assert page.text.count("<desc id=") == 2
    assert '<title id="days-chart-title">Shares and clicks per day</title>' in page.text
    assert page.text.count("<details>") == 2  # a table beside each chart
    assert "<script" not in page.text.split("</head>")[1]
    assert _ranked(page.text, "ranked-worth")[0] == month.items[0].content_id
    assert 'aria-current="page">Analytics' in page.text


def test_another_period_is_shown_and_named(
    client: httpx.Client, comms: Browser, demo: None
) -> None:
    today = utcnow().date()
    start, end = today - timedelta(days=6), today - timedelta(days=1)
    page = client.get(
        "/studio/analytics", params={"from": start.isoformat(), "to": end.isoformat()}
    )
    assert page.status_code == 200
    day_rows = page.text.split("The numbers per day")[1].split("</table>")[0].count("<tr>")
    assert day_rows == 1 + 6  # the header and six days


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"from": "2026-13-01"}, "Write a day as YYYY-MM-DD"),
        ({"to": "yesterday"}, "Write a day as YYYY-MM-DD"),
        ({"from": "2026-03-02", "to": "2026-03-01"}, "The period ends before it starts"),
        ({"from": "2020-01-01", "to": "2026-01-01"}, "A period covers at most 366 days"),
        ({"from": "0000-01-01"}, "Write a day as YYYY-MM-DD"),
        ({"to": "2026-02-30"}, "Write a day as YYYY-MM-DD"),
    ],
)
def test_a_bad_period_is_a_readable_422(
    client: httpx.Client, comms: Browser, params: dict[str, str], message: str
) -> None:
    page = client.get("/studio/analytics", params=params)
    assert page.status_code == 422
    assert message in page.text
    assert 'aria-invalid="true"' in page.text
    assert client.get("/studio/analytics.csv", params=params).status_code == 422


@pytest.mark.parametrize(
    "params", [{"from": "9999-12-31", "to": "9999-12-31"}, {"to": "0001-01-01"}, {"from": " "}]
)
def test_the_edges_of_the_calendar_are_periods_too(
    client: httpx.Client, comms: Browser, params: dict[str, str]
) -> None:
    page = client.get("/studio/analytics", params=params)
    assert page.status_code == 200
    assert "No item was published, shared or clicked in this period." in page.text
    assert client.get("/studio/analytics.csv", params=params).status_code == 200


def test_the_csv_holds_the_numbers_the_page_shows(
    client: httpx.Client, comms: Browser, demo: None
) -> None:
    today = utcnow().date()
    period = {"from": (today - timedelta(days=13)).isoformat(), "to": today.isoformat()}
    page = client.get("/studio/analytics", params=period).text
    link = re.search(r'href="(/studio/analytics\.csv\?[^"]+)"', page)
    assert link is not None
    download = client.get(link.group(1).replace("&amp;", "&"))
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("text/csv")
    assert "attachment" in download.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(download.text)))
    total = next(row for row in rows if row["section"] == "total")
    assert total["key"] == f"{period['from']}/{period['to']}"
    shown = _totals(page)
    assert f"{int(total['shares']):,}" == shown["Shares"]
    assert f"{int(total['clicks']):,}" == shown["Clicks"]
    assert f"{int(total['previews']):,}" == shown["Link previews"]
    days = [row for row in rows if row["section"] == "day"]
    assert len(days) == 14
    assert sum(int(row["shares"]) for row in days) == int(total["shares"])
    for section, table in (
        ("rank_worth_sharing", "ranked-worth"),
        ("rank_share_rate", "ranked-rate"),
    ):
        assert [row["key"] for row in rows if row["section"] == section] == _ranked(page, table)
