"""Test data for employees: a person who has left traces in every corner of gladshare."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, inspect, text
from sqlmodel import Session

from app.consent.ledger import consent_record
from app.models import AmbassadorProfile, Employee, Rating, ShareEvent, ShortLink
from app.people.employees import employee_upsert
from app.people.schemas import EmployeeUpsert
from app.people.web_sessions import session_start
from tests.factories.feed import make_item

DISPLAY_NAME = "Jürgen Groß 🚲"
# A free-text rating reason says whatever the person wrote, so erasure must not keep it.
RATING_REASON = "Passt zu meinem Veloclub in Winterthur"


@dataclass
class Participant:
    """What a test needs to know about the person it created, and to look for afterwards."""

    employee_id: str
    external_id: str
    email: str
    subject_key: str
    session_token: str
    content_id: str
    granted: set[str] = field(default_factory=set)

    def needles(self) -> list[str]:
        """Every form in which this person's identity could sit in a column."""
        escaped = json.dumps(DISPLAY_NAME)[1:-1]
        identity = [self.external_id, self.email, DISPLAY_NAME, escaped, "Groß", "gro\\u00df"]
        return [*identity, RATING_REASON]


def upsert_body(**changes: object) -> dict[str, object]:
    """A valid HR sync body."""
    body: dict[str, object] = {
        "email": f"juergen.gross.{secrets.token_hex(3)}@example.com",
        "display_name": DISPLAY_NAME,
        "department": "Vertrieb",
        "locale": "de-CH",
        "is_leader": False,
        "active": True,
    }
    return body | changes


def make_employee(
    session: Session, external_id: str | None = None, *, is_leader: bool = False
) -> Employee:
    """A freshly synced employee; `is_leader` for one who leads a team (recognition is theirs)."""
    external_id = external_id or f"hr-{secrets.token_hex(4)}"
    data = EmployeeUpsert.model_validate(upsert_body(is_leader=is_leader))
    employee, _ = employee_upsert(session=session, external_id=external_id, data=data)
    return employee


def ledger_entry(
    session: Session, employee: Employee, purpose: str, action: str, *, version: int | None = None
) -> None:
    """A grant on text `version`, read in German, or a withdrawal, written straight to the ledger.

    Unlike consent_grant it needs no published text: the ledger takes what it is given.
    """
    language = "de" if action == "grant" else None
    consent_record(
        session=session,
        employee=employee,
        purpose=purpose,
        action=action,
        source="ui",
        text_version=version,
        text_language=language,
    )


def make_participant(session: Session, employee: Employee) -> Participant:
    """Consents (two granted, one withdrawn), a session, a profile, two shares and a rating."""
    for purpose in ("ambassador", "share_attribution", "recognition"):
        ledger_entry(session, employee, purpose, "grant", version=1)
    ledger_entry(session, employee, "recognition", "withdraw")
    token = session_start(session=session, employee=employee)
    session.add(AmbassadorProfile(employee_id=employee.id, networks=["linkedin", "mastodon"]))
    item = make_item(session)
    for network in ("linkedin", "mastodon"):
        code = secrets.token_urlsafe(12)
        session.add(ShortLink(code=code, content_id=item.id, network=network))
        session.flush()
        session.add(
            ShareEvent(
                content_id=item.id,
                network=network,
                short_code=code,
                employee_id=employee.id,
                department=employee.department,
            )
        )
    session.add(
        Rating(
            content_id=item.id, employee_id=employee.id, worth_sharing=True, reason=RATING_REASON
        )
    )
    session.flush()
    assert employee.subject_key is not None
    assert employee.email is not None
    return Participant(
        employee_id=employee.id,
        external_id=employee.external_id,
        email=employee.email,
        subject_key=employee.subject_key,
        session_token=token,
        content_id=item.id,
        granted={"ambassador", "share_attribution"},
    )


def find_anywhere(engine: Engine, needles: list[str]) -> list[str]:
    """Every table.column, and on SQLite every file, that holds one of `needles` (any case)."""
    lowered = [needle.lower() for needle in needles]
    hits = _find_in_files(engine, lowered)
    with engine.connect() as conn:
        for table in inspect(engine).get_table_names():
            result = conn.execute(text(f'SELECT * FROM "{table}"'))
            columns = list(result.keys())
            for row in result:
                for column, value in zip(columns, row, strict=True):
                    found = value is not None and any(n in str(value).lower() for n in lowered)
                    if found:
                        hits.append(f"{table}.{column}")
    return hits


def _find_in_files(engine: Engine, lowered: list[str]) -> list[str]:
    # The raw bytes, as someone who copied the files would read them: free pages of the
    # database and older page copies in the write-ahead log included.
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database:
        return []
    hits = []
    for path in (Path(database), Path(f"{database}-wal")):
        content = path.read_bytes().lower() if path.exists() else b""
        if any(needle.encode() in content for needle in lowered):
            hits.append(f"file {path.name}")
    return hits
