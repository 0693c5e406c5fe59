"""Periods of whole UTC days that a report covers: bounded, so no answer reads unbounded data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from app.errors import Invalid
from app.web.i18n import N_

# A year, leap day included: the longest period one answer covers.
MAX_PERIOD_DAYS = 366
# The summary's period when none is asked for: the last 30 days, today included.
DEFAULT_SUMMARY_DAYS = 30
ENDS_BEFORE_IT_STARTS = N_("The period ends before it starts: “from” must not be after “to”.")
TOO_LONG = N_("A period covers at most 366 days; ask for a shorter one.")


@dataclass(frozen=True)
class Period:
    """From `first` to `last`, both included."""

    first: date
    last: date

    @property
    def days(self) -> int:
        """How many days it covers."""
        return (self.last - self.first).days + 1

    def each_day(self) -> list[date]:
        """Every day of it, in order."""
        return [self.first + timedelta(days=n) for n in range(self.days)]

    def starts(self) -> datetime:
        """The first instant of it (UTC)."""
        return datetime.combine(self.first, time.min, tzinfo=UTC)

    def ends(self) -> datetime:
        """The instant after it (UTC): midnight after its last day, or the end of time."""
        if self.last == date.max:
            return datetime.max.replace(tzinfo=UTC)
        return datetime.combine(self.last + timedelta(days=1), time.min, tzinfo=UTC)


def days_before(day: date, days: int) -> date:
    """`days` days before `day`, or the first day there is."""
    return date.fromordinal(max(1, day.toordinal() - days))


def period_of(
    *,
    start: date | None,
    end: date | None,
    today: date,
    default_days: int,
    not_before: date = date.min,
) -> Period:
    """The period asked for: a missing end is today; a missing start makes it `default_days`
    long, starting no earlier than `not_before` (and no later than its end).

    Invalid (422) when it ends before it starts or covers more than MAX_PERIOD_DAYS.
    """
    last = today if end is None else end
    if start is None:
        start = min(max(days_before(last, default_days - 1), not_before), last)
    if start > last:
        raise Invalid(ENDS_BEFORE_IT_STARTS, errors=[_issue("from", ENDS_BEFORE_IT_STARTS)])
    period = Period(start, last)
    if period.days > MAX_PERIOD_DAYS:
        raise Invalid(TOO_LONG, errors=[_issue("from", TOO_LONG)])
    return period


def _issue(name: str, msg: str) -> dict[str, object]:
    return {"loc": ["query", name], "msg": msg}
