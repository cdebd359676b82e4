"""Dates typed into a form are YYYY-MM-DD between 1900 and 2100, as a date input sends them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from linghuo.insights.forms import WhatIfForm
from linghuo.registry.forms import MembershipEndForm, MembershipForm

LOOSE = ["20261203", "2026-W49-4", "2026/12/03", "2026年12月3日", "2026-1-3", "9999-12-31", "1899-12-31"]


@pytest.mark.parametrize("typed", LOOSE)
def test_it_refuses_a_membership_date_not_written_yyyy_mm_dd_or_out_of_range(typed: str) -> None:
    form = MembershipForm(data={"kind": "dibao", "valid_from": typed, "source": "caseworker_entry"})
    assert not form.is_valid()
    [message] = form.errors["valid_from"]
    assert "YYYY-MM-DD" in message or "超出" in message


@pytest.mark.parametrize("typed", LOOSE)
def test_it_refuses_such_dates_when_a_membership_ends_and_in_the_what_if_form(typed: str) -> None:
    assert "valid_until" in MembershipEndForm(data={"valid_until": typed}).errors
    assert "on" in WhatIfForm(data={"on": typed, "months": "1"}).errors


def test_it_accepts_a_date_as_a_date_input_sends_it() -> None:
    form = MembershipEndForm(data={"valid_until": "2026-12-03"})
    assert form.is_valid()
    assert form.cleaned_data["valid_until"] == dt.date(2026, 12, 3)


def test_it_says_why_in_english_on_an_english_page() -> None:
    with translation.override("en"):
        [message] = MembershipEndForm(data={"valid_until": "20261203"}).errors["valid_until"]
    assert message == "must be a date as YYYY-MM-DD, got '20261203'"


def test_it_shows_the_date_input_with_the_iso_value() -> None:
    html = str(MembershipEndForm(initial={"valid_until": dt.date(2026, 12, 3)})["valid_until"])
    assert 'type="date"' in html
    assert 'value="2026-12-03"' in html
