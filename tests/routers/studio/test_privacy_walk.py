"""Every studio page and fragment, on the demo organisation, names nobody.

The walk finds the studio's GET routes in the app (as test_access.py does), so a page
added later is walked too; a path's ids are filled with real demo content and topics.
It signs in as a comms member who is not one of the demo people, so that the header's
"signed in as" is not mistaken for a leak, and checks every demo person's display
name, e-mail address and external id against each answer, as a page and as htmx.

Comms' own words may name a colleague (the demo has an interview with two engineers):
that is content, not data about people. So for a name that content carries, the
item texts are taken out of an answer before the name is looked for; every other
trace is looked for in the whole answer.
"""

from __future__ import annotations

import html
import itertools
import re

import httpx
import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from sqlalchemy import Engine
from sqlmodel import col, select

from app.db import transaction
from app.demo.seed import seed_demo
from app.main import create_app
from app.models import ContentItem, Employee, ShareText, Topic
from tests.factories.consent import sign_in
from tests.routers.studio.conftest import with_roles

pytestmark = pytest.mark.db
# A path parameter's name tells which demo ids fill it; any other id gets a content id.
_ID = re.compile(r"\{([^}:]+)(:[^}]*)?\}")


def _studio_gets() -> list[str]:
    """Every path the studio answers GET on, with its {parameters} left in."""
    paths = []
    for context in iter_route_contexts(create_app().routes):
        route = context.route
        if isinstance(route, APIRoute) and "GET" in (route.methods or set()):
            if route.path == "/studio" or route.path.startswith("/studio/"):
                paths.append(route.path)
    return sorted(set(paths))


def _filled(path: str, ids: dict[str, list[str]]) -> list[str]:
    """The path once for every combination of the demo ids its parameters take."""
    names = [match.group(1) for match in _ID.finditer(path)]
    choices = [ids["topic"] if "topic" in name else ids["content"] for name in names]
    filled = []
    for values in itertools.product(*choices):
        url = path
        for value in values:  # left to right, as the names were found
            url = _ID.sub(value, url, count=1)
        filled.append(url)
    return filled


def _traces(person: Employee) -> list[str]:
    """What would tell who someone is, as text and as HTML writes it."""
    found = [person.display_name, person.external_id, person.id]
    if person.email:
        found.append(person.email)
    return sorted({variant for t in found for variant in (t, html.escape(t))})


def _without(text: str, written: list[str]) -> str:
    """The answer with comms' item texts taken out, as typed and as HTML escapes them."""
    for words in written:
        for variant in {words, html.escape(words), html.escape(words, quote=False)}:
            text = text.replace(variant, "")
    return text


def test_no_studio_page_or_fragment_names_a_demo_person(
    engine: Engine, client: httpx.Client
) -> None:
    with transaction(engine) as session:
        seed_demo(session=session)
    with transaction(engine, write=False) as session:
        people = list(session.exec(select(Employee)).all())
        content = list(session.exec(select(col(ContentItem.id))).all())
        topics = list(session.exec(select(col(Topic.id))).all())
        items = session.exec(select(ContentItem)).all()
        written = [t for i in items for t in (i.title, i.summary, *i.talking_points) if t]
        written += list(session.exec(select(col(ShareText.text))).all())
    walker = with_roles(engine, sign_in(engine, "studio-privacy-walk"), "comms")
    with transaction(engine) as session:
        employee = session.get_one(Employee, walker.employee_id)
        employee.locale, employee.display_name = "en", "Privacy Walker"
    client.cookies.set("gladshare_session", walker.token)
    traces = {trace: person.external_id for person in people for trace in _traces(person)}
    ids = {"content": content, "topic": topics}
    walked = 0
    for path in _studio_gets():
        for url in _filled(path, ids):
            for headers in ({}, {"HX-Request": "true"}):
                answer = client.get(url, headers=headers)
                assert answer.status_code < 500, (url, answer.status_code)
                leaks = [(trace, who) for trace, who in traces.items() if trace in answer.text]
                redacted = _without(answer.text, written) if leaks else ""
                leaks = [(trace, who) for trace, who in leaks if trace in redacted]
                assert not leaks, (url, headers, leaks)
                walked += 1
    assert len(people) >= 20
    assert walked >= 2 * (len(content) + 3)  # the list, topics, analytics and every item's pages
