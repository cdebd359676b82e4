"""Chinese working days: published arrangements exact, a year not yet published provisional, never a stop."""

from __future__ import annotations

import datetime as dt

import pytest

from linghuo.policy import workdays


def test_it_follows_the_published_arrangement_of_2026_national_day() -> None:
    # The State Council's 2026 arrangement: 1–7 October off, Saturday 10 October worked.
    assert not workdays.is_working_day(dt.date(2026, 10, 7))
    assert workdays.is_working_day(dt.date(2026, 10, 10))
    assert not workdays.is_working_day(dt.date(2026, 10, 11))
    assert workdays.add_working_days(dt.date(2026, 9, 30), 1) == dt.date(2026, 10, 8)


def test_a_year_not_yet_published_counts_monday_to_friday_unless_asked_to_be_exact() -> None:
    assert not workdays.year_is_published(2027)
    assert workdays.is_working_day(dt.date(2027, 1, 1))  # a Friday; its holiday is unknown here
    assert not workdays.is_working_day(dt.date(2027, 1, 2))
    with pytest.raises(workdays.CalendarDataError, match=r"holidays\.yaml"):
        workdays.is_working_day(dt.date(2027, 1, 1), strict=True)


def test_the_bureau_enters_a_published_year_and_it_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    entered = workdays.parse_arrangements(
        {
            "years": {
                2027: {
                    "source": "国务院办公厅关于2027年部分节假日安排的通知",
                    "holidays": [dt.date(2027, 1, 1)],
                    "workdays": [dt.date(2027, 1, 9)],
                }
            }
        }
    )
    monkeypatch.setattr(workdays, "arrangements", lambda: entered)
    assert workdays.year_is_published(2027)
    assert not workdays.is_working_day(dt.date(2027, 1, 1), strict=True)
    assert workdays.is_working_day(dt.date(2027, 1, 9), strict=True)  # a Saturday worked
    # 31 Dec 2026 (Thu) is the 1st working day after the 30th, 4 Jan (Mon) the 2nd.
    assert workdays.add_working_days(dt.date(2026, 12, 30), 2, strict=True) == dt.date(2027, 1, 4)


def test_an_entry_without_its_notice_or_with_another_years_dates_is_refused() -> None:
    with pytest.raises(ValueError, match="source"):
        workdays.parse_arrangements({"years": {2027: {"holidays": [dt.date(2027, 1, 1)]}}})
    with pytest.raises(ValueError, match="outside the year"):
        workdays.parse_arrangements({"years": {2027: {"source": "x", "holidays": [dt.date(2026, 1, 1)]}}})


def test_the_shipped_file_parses() -> None:
    assert all(a.source for a in workdays.arrangements().values())
