"""Test data for analytics: departments of a given size, and people who can be found again."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlmodel import Session

from app.models import Employee


@dataclass(frozen=True)
class Person:
    """Everything that identifies someone, to look for in an answer that must not name them."""

    id: str
    external_id: str
    display_name: str
    email: str
    department: str

    def needles(self) -> list[str]:
        """The forms in which this person could show up."""
        return [self.id, self.external_id, self.display_name, self.email]


def make_department(session: Session, name: str, size: int) -> list[Person]:
    """`size` active people in department `name`, each with a distinctive name and email."""
    people = []
    for n in range(size):
        tag = secrets.token_hex(3)
        employee = Employee(
            external_id=f"hr-{name.lower().replace(' ', '-')}-{n}-{tag}",
            display_name=f"Zuzanna {name} Nowak-{tag}",
            email=f"zuzanna.{tag}@example.com",
            department=name,
        )
        session.add(employee)
        session.flush()
        assert employee.email is not None
        people.append(
            Person(employee.id, employee.external_id, employee.display_name, employee.email, name)
        )
    return people
