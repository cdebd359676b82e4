"""Date fields render the ISO value a browser's date picker accepts, in Chinese as in English."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from linghuo.registry.forms import MembershipEndForm


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_it_fills_the_date_picker_with_an_iso_date(language: str) -> None:
    with translation.override(language):
        html = str(MembershipEndForm(initial={"valid_until": datetime.date(2026, 11, 27)})["valid_until"])
    assert 'value="2026-11-27"' in html
    assert 'type="date"' in html
