"""GET /api/v1/analytics/…: aggregates as API.md has them, and no way to single anyone out."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from app.analytics.rollup import share_counted
from app.db import transaction
from app.models import Employee, Rating, utcnow
from tests.conftest import bearer
from tests.factories.analytics import Person, make_department
from tests.factories.consent import grant_on, publish_all
from tests.factories.feed import make_item
from tests.factories.people import make_employee, make_participant

pytestmark = pytest.mark.db
PROBLEM = "application/problem+json"
TODAY = utcnow().date()
YESTERDAY = TODAY - timedelta(days=1)
BOT = "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)"


@pytest.fixture
def read(client: httpx.Client, make_key: Callable[..., str]) -> Callable[..., Any]:
    """GET an analytics path with an analytics:read key; the JSON of a 200."""
    auth = bearer(make_key("analytics:read"))

    def get(path: str, **params: str) -> Any:
        answer = client.get(f"/api/v1/analytics/{path}", params=params, headers=auth)
        assert answer.status_code == 200, answer.text
        return answer.json()

    return get


@pytest.fixture
def share(client: httpx.Client, make_key: Callable[..., str]) -> Callable[..., dict[str, Any]]:
    """POST /api/v1/shares with a shares:write key, as an intranet does."""
    auth = bearer(make_key("shares:write"))

    def post(content_id: str, network: str, person: Person | None = None) -> dict[str, Any]:
        body = {"content_id": content_id, "network": network}
        if person is not None:
            body["employee_external_id"] = person.external_id
        answer = client.post("/api/v1/shares", json=body, headers=auth)
        assert answer.status_code == 201, answer.text
        return dict(answer.json())

    return post


def eventually(condition: Callable[[], bool], what: str, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"no {what} within {timeout} s"
        time.sleep(0.1)


def test_an_item_and_the_summary_answer_as_api_md_says(
    engine: Engine,
    client: httpx.Client,
    read: Callable[..., Any],
    share: Callable[..., dict[str, Any]],
) -> None:
    with transaction(engine) as session:
        item = make_item(session, title="Halle 3 ist fertig").id
        team = make_department(session, "Montage", 6)
        for n in range(5):
            session.add(Rating(content_id=item, worth_sharing=n != 0))
    links = [share(item, "linkedin", team[0]), share(item, "linkedin", team[1])]
    links.append(share(item, "bluesky"))  # nobody named: no department
    for link in (links[0], links[0], links[2]):
        assert client.get(link["short_url"].removeprefix("http://testserver")).status_code == 302
    client.get(links[1]["short_url"].removeprefix("http://testserver"), headers={"User-Agent": BOT})
    eventually(lambda: read(f"content/{item}")["clicks"] == 3, "clicks")  # written every 0.5 s

    answer = read(f"content/{item}")
    assert {
        "shares", "clicks", "shares_by_network", "clicks_by_network", "ratings", "departments"
    } <= answer.keys()  # fmt: skip
    assert (answer["shares"], answer["clicks"], answer["previews"]) == (3, 3, 1)
    assert answer["shares_by_network"] == {"linkedin": 2, "bluesky": 1}
    assert answer["clicks_by_network"] == {"linkedin": 2, "bluesky": 1}
    assert answer["previews_by_network"] == {"linkedin": 1}
    assert answer["ratings"] == {"count": 5, "worth_sharing": 0.8}
    assert answer["departments"] == [
        {"department": "Montage", "shares": 2}, {"department": "other", "shares": 1}
    ]  # fmt: skip
    assert (answer["from"], answer["to"], answer["k_anonymity"]) == (str(TODAY), str(TODAY), 5)

    summary = read("summary")
    assert summary["totals"] == {"shares": 3, "clicks": 3, "previews": 1}
    assert len(summary["days"]) == 30
    assert summary["days"][-1] == {"day": str(TODAY), "shares": 3, "clicks": 3, "previews": 1}
    assert [(i["content_id"], i["ratings"]) for i in summary["items"]] == [
        (item, {"count": 5, "worth_sharing": 0.8})
    ]
    assert summary["departments"] == answer["departments"]


def test_share_worthiness_is_null_below_k_answers_and_the_document_says_so(
    engine: Engine, client: httpx.Client, read: Callable[..., Any]
) -> None:
    with transaction(engine) as session:
        item = make_item(session).id
        for _ in range(4):
            session.add(Rating(content_id=item, worth_sharing=True))
    assert read(f"content/{item}")["ratings"] == {"count": 4, "worth_sharing": None}
    with transaction(engine) as session:
        session.add(Rating(content_id=item, worth_sharing=False))
    assert read(f"content/{item}")["ratings"] == {"count": 5, "worth_sharing": 0.8}
    document = client.get("/api/v1/openapi.json").json()
    schema = document["components"]["schemas"]["AnalyticsRatings"]["properties"]["worth_sharing"]
    assert "null before" in schema["description"]
    operation = document["paths"]["/api/v1/analytics/content/{content_id}"]["get"]
    assert "null until at least `k_anonymity` people answered" in operation["description"]


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("content/01nothing0000000000000000x", {}, 404),
        ("summary", {"from": "2026-12-04", "to": "2026-12-03"}, 422),
        ("summary", {"from": "2024-01-01", "to": "2025-01-01"}, 422),  # 367 days
        ("summary", {"from": "0001-01-01", "to": "9999-12-31"}, 422),
        ("summary", {"from": "9999-12-31"}, 422),  # starts after today
        ("summary", {"from": "2026-13-01"}, 422),
        ("summary", {"to": "yesterday"}, 422),
        ("summary", {"from": "2026-12-03T00:00:00"}, 422),  # a time, not a day
        ("summary", {"to": "0"}, 422),  # nor seconds since 1970
        ("summary", {"limit": "0"}, 422),
        ("summary", {"order": "most_shares_by_person"}, 422),
        ("content/{item}", {"from": "2026-12-04", "to": "2026-12-01"}, 422),
        ("content/{item}", {"from": "1999-01-01"}, 422),
    ],
)
def test_bad_input_is_a_problem_and_never_a_500(
    engine: Engine,
    client: httpx.Client,
    make_key: Callable[..., str],
    path: str,
    params: dict[str, str],
    status: int,
) -> None:
    with transaction(engine) as session:
        item = make_item(session).id
    answer = client.get(
        f"/api/v1/analytics/{path.format(item=item)}",
        params=params,
        headers=bearer(make_key("analytics:read")),
    )
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == PROBLEM
    assert answer.json()["status"] == status


def test_the_calendars_edges_are_answered(read: Callable[..., Any]) -> None:
    first = read("summary", to="0001-01-01")
    assert (first["from"], len(first["days"])) == ("0001-01-01", 1)
    last = read("summary", **{"from": "9999-12-01", "to": "9999-12-31"})
    assert len(last["days"]) == 31


def groups_of(answer: dict[str, Any]) -> dict[str, int]:
    return {row["department"]: row["shares"] for row in answer["departments"]}


def test_a_department_of_four_never_shows_on_its_own(
    engine: Engine, read: Callable[..., Any], share: Callable[..., dict[str, Any]]
) -> None:
    with transaction(engine) as session:
        items = [make_item(session, title="Tag der offenen Tür").id for _ in range(2)]
        eng = make_department(session, "Entwicklung", 7)
        sales = make_department(session, "Vertrieb", 5)
        legal = make_department(session, "Recht", 4)
        for content_id in items:  # yesterday: the same shares on both items
            for person, count in ((eng[0], 3), (sales[0], 2), (legal[0], 1)):
                for _ in range(count):
                    share_counted(
                        session=session,
                        content_id=content_id,
                        network="linkedin",
                        department=person.department,
                        day=YESTERDAY,
                        k=5,
                    )
    # Today one more share of each: the first item's by someone in legal, the other's in sales.
    share(items[0], "linkedin", legal[1])
    share(items[1], "linkedin", sales[1])

    period = {"from": str(YESTERDAY), "to": str(TODAY)}
    before, after = (read(f"content/{items[0]}", **{"from": str(YESTERDAY), "to": day})
                     for day in (str(YESTERDAY), str(TODAY)))  # fmt: skip
    answers = [before, after, read(f"content/{items[1]}", **period), read("summary", **period)]
    for answer in answers:
        assert "Recht" not in str(answer)
        # The total minus the named groups is "other": legal and sales together, never legal.
        assert groups_of(answer).keys() == {"Entwicklung", "other"}
        named = sum(n for d, n in groups_of(answer).items() if d != "other")
        total = answer["totals"]["shares"] if "totals" in answer else answer["shares"]
        assert total - named == groups_of(answer)["other"] >= 3
    # Two periods that differ by one share from legal differ in "other" only.
    assert groups_of(after) == groups_of(before) | {"other": groups_of(before)["other"] + 1}
    # And that share looks exactly like one from sales.
    same = {key: value for key, value in answers[2].items() if key != "content_id"}
    assert {key: value for key, value in after.items() if key != "content_id"} == same


def test_no_answer_carries_an_identifier_name_or_email(
    engine: Engine, read: Callable[..., Any], share: Callable[..., dict[str, Any]]
) -> None:
    with transaction(engine) as session:
        publish_all(session)
        participant = make_participant(session, make_employee(session))  # with a rating reason
        team = make_department(session, "Qualität", 6)
        # The participant's department has one person: with the next smallest, it is "other".
        team += make_department(session, "Logistik", 5)
        for person in team[:3]:
            grant_on(session, person_row(session, person), "ambassador", "share_attribution")
        item = make_item(session).id
        session.add(Rating(content_id=item, employee_id=team[0].id, worth_sharing=False))
    for person in team[:6]:
        share(item, "xing", person)
    share(participant.content_id, "linkedin", None)
    answers = [
        read(f"content/{item}"),
        read(f"content/{participant.content_id}"),
        read("summary"),
        read("summary", order="share_rate"),
    ]
    text = str(answers).casefold()
    needles = [*participant.needles(), participant.employee_id, participant.subject_key]
    for person in team:
        needles += person.needles()
    assert [needle for needle in needles if needle.casefold() in text] == []
    assert groups_of(answers[0]) == {"Qualität": 6}  # the department is all it says


def person_row(session: Session, person: Person) -> Employee:
    return session.get_one(Employee, person.id)


def test_the_same_answer_on_a_day_with_nothing(read: Callable[..., Any]) -> None:
    empty = read("summary", **{"from": str(date(2026, 1, 1)), "to": str(date(2026, 1, 3))})
    assert empty["totals"] == {"shares": 0, "clicks": 0, "previews": 0}
    assert [day["shares"] for day in empty["days"]] == [0, 0, 0]
    assert (empty["departments"], empty["items"]) == ([], [])
