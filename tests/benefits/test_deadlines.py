"""Deadlines count Chinese working days: holidays off, make-up working days on (chinesecalendar)."""

from __future__ import annotations

import datetime

from linghuo.benefits import deadlines


def test_it_skips_the_national_day_holiday_and_counts_the_saturday_make_up_day() -> None:
    # 2026: 国庆 and its bridge days are 1–7 October; Saturday 10 October is a working day (调休上班)
    submitted = datetime.date(2026, 9, 30)
    assert deadlines.add_working_days(submitted, 1) == datetime.date(2026, 10, 8)
    assert deadlines.add_working_days(submitted, 2) == datetime.date(2026, 10, 9)
    assert deadlines.add_working_days(submitted, 3) == datetime.date(2026, 10, 10)
    assert deadlines.add_working_days(submitted, 4) == datetime.date(2026, 10, 12)


def test_it_counts_the_working_days_between_two_dates_across_the_holiday() -> None:
    assert deadlines.working_days_after(datetime.date(2026, 9, 30), datetime.date(2026, 10, 12)) == 4


def test_the_review_deadline_is_the_parameter_in_working_days() -> None:
    days = deadlines.casework_params(datetime.date(2026, 9, 30)).integer("casework.review_working_days")
    assert days == 15
    # 15 working days from 30 September 2026: 8, 9, 10 (Sat), 12–16, 19–23, 26, 27 October
    assert deadlines.review_due_on(datetime.date(2026, 9, 30)) == datetime.date(2026, 10, 27)


def test_every_casework_parameter_names_its_source() -> None:
    parameters = deadlines.casework_parameters()
    for name, parameter in parameters.parameters.items():
        assert name.startswith("casework.")
        assert all(str(v.reference).strip() for v in parameter.values), name


def test_a_deadline_in_a_year_not_yet_published_counts_weekdays_and_says_it_is_provisional() -> None:
    # 2027's arrangement is not in the calendar: casework goes on, Monday to Friday, flagged as such.
    submitted = datetime.date(2026, 12, 30)  # a Wednesday; 31 Dec is a Thursday, 1 Jan 2027 a Friday
    due = deadlines.add_working_days(submitted, 5)
    assert due == datetime.date(2027, 1, 6)
    assert deadlines.is_provisional(submitted, due)
    assert not deadlines.is_provisional(datetime.date(2026, 9, 30), datetime.date(2026, 10, 10))


def test_a_case_says_when_its_deadline_is_provisional() -> None:
    from linghuo.benefits.models import Case

    assert Case(due_on=datetime.date(2027, 1, 6)).due_on_provisional
    assert not Case(due_on=datetime.date(2026, 10, 10)).due_on_provisional
    assert not Case(due_on=None).due_on_provisional
