"""The one-line reasons people gave with their answer: shown only once k people answered.

A reason is shown without its answer's time, its answer's yes or no, or its author, and
the reasons come in a fresh random order on every read: an order by time would let
someone who knows when a colleague answered pick out that colleague's line.
"""

from __future__ import annotations

import random

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.models import Rating

# The order of the lines is new on every read and cannot be replayed from a seed.
_SHUFFLE = random.SystemRandom()


def reasons_of(*, session: Session, content_id: str, k: int) -> list[str] | None:
    """The item's reasons in random order once at least k people answered; None before."""
    answers = session.exec(
        select(func.count()).select_from(Rating).where(col(Rating.content_id) == content_id)
    ).one()
    if int(answers) < k:
        return None
    rows = session.exec(
        select(col(Rating.reason)).where(
            col(Rating.content_id) == content_id, col(Rating.reason).is_not(None)
        )
    ).all()
    reasons = [" ".join(reason.split()) for reason in rows if reason and reason.strip()]
    _SHUFFLE.shuffle(reasons)
    return reasons
