"""（四） “2个工作日内办结”, counted in Chinese working days."""

from __future__ import annotations

import datetime as dt

import pytest

from linghuo.policy.measures.registration_deadline import CalendarDataError, registration_due


@pytest.mark.parametrize(
    ("filed", "due"),
    [
        ("2024-03-01", "2024-03-05"),  # Friday: Monday and Tuesday
        ("2024-03-04", "2024-03-06"),  # Monday
        ("2024-09-30", "2024-10-09"),  # National Day holiday 1–7 October
        ("2024-10-10", "2024-10-12"),  # Saturday 12 October is a make-up working day
        ("2025-01-24", "2025-01-27"),  # Sunday 26 January 2025 is a make-up working day
        ("2025-01-27", "2025-02-06"),  # Spring Festival 28 January – 4 February
    ],
)
def test_it_counts_two_working_days_after_filing(filed: str, due: str) -> None:
    assert registration_due(dt.date.fromisoformat(filed)) == dt.date.fromisoformat(due)


def test_it_refuses_a_year_the_holiday_calendar_does_not_have() -> None:
    with pytest.raises(CalendarDataError, match="chinesecalendar"):
        registration_due(dt.date(2030, 3, 1))
