"""Report periods: whole days, sensible defaults, at most a year, even at the calendar's ends."""

from __future__ import annotations

from datetime import date

import pytest

from app.analytics.periods import MAX_PERIOD_DAYS, TOO_LONG, Period, period_of
from app.errors import Invalid

TODAY = date(2026, 12, 3)


def test_without_dates_a_period_ends_today_and_lasts_its_default() -> None:
    period = period_of(start=None, end=None, today=TODAY, default_days=30)
    assert (period.first, period.last, period.days) == (date(2026, 11, 4), TODAY, 30)
    assert period.each_day()[0] == period.first
    assert period.each_day()[-1] == period.last


def test_a_default_start_waits_for_not_before_and_never_passes_the_end() -> None:
    made = date(2026, 11, 20)
    assert period_of(
        start=None, end=None, today=TODAY, default_days=366, not_before=made
    ) == Period(made, TODAY)
    asked_before = date(2026, 11, 1)
    assert period_of(
        start=None, end=asked_before, today=TODAY, default_days=366, not_before=made
    ) == Period(asked_before, asked_before)


def test_one_day_and_a_whole_year_are_fine() -> None:
    assert period_of(start=TODAY, end=TODAY, today=TODAY, default_days=30).days == 1
    year = period_of(start=date(2024, 1, 1), end=date(2024, 12, 31), today=TODAY, default_days=30)
    assert year.days == MAX_PERIOD_DAYS


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2026, 12, 4), date(2026, 12, 3)),  # ends before it starts
        (date(2026, 12, 4), None),  # starts after today, which is where it ends
        (date(2024, 1, 1), date(2025, 1, 1)),  # 367 days
        (date.min, date.max),
    ],
)
def test_backwards_and_overlong_periods_are_invalid(start: date, end: date | None) -> None:
    with pytest.raises(Invalid) as refused:
        period_of(start=start, end=end, today=TODAY, default_days=30)
    assert refused.value.extra["errors"][0]["loc"] == ["query", "from"]


def test_the_calendars_ends_are_periods_like_any_other() -> None:
    first = period_of(start=None, end=date.min, today=TODAY, default_days=30)
    assert first == Period(date.min, date.min)
    last = period_of(start=None, end=date.max, today=TODAY, default_days=30)
    assert last.days == 30
    assert last.ends().year == 9999


def test_the_message_names_the_limit() -> None:
    assert str(MAX_PERIOD_DAYS) in TOO_LONG
