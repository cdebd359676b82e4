"""Registry forms: date fields a browser's date picker accepts, the registration's district and township."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import translation

from linghuo.registry import commitment
from linghuo.registry.forms import MembershipEndForm, RegistrationForm


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_it_fills_the_date_picker_with_an_iso_date(language: str) -> None:
    with translation.override(language):
        html = str(MembershipEndForm(initial={"valid_until": datetime.date(2026, 11, 27)})["valid_until"])
    assert 'value="2026-11-27"' in html
    assert 'type="date"' in html


def _registration(**changes: str) -> RegistrationForm:
    data = {
        "place_kind": "work",
        "place_division": "320706",
        "employment_form": "platform",
        "work_township": "",
        "commitment_version": commitment.COMMITMENT_VERSION,
        "agree": "on",
    } | changes
    return RegistrationForm(data, needs_identity=False)


def test_it_refuses_a_work_township_of_another_district_in_chinese() -> None:
    with translation.override("zh-hans"):
        form = _registration(work_township="320722001")  # 牛山街道, 东海县
        assert not form.is_valid()
        assert form.errors["work_township"] == [
            "所选乡镇（街道）牛山街道属于东海县，不属于所选区县海州区，请重新选择"
        ]


def test_it_explains_the_township_error_in_english_in_english_mode() -> None:
    with translation.override("en"):
        form = _registration(work_township="320722001")
        assert not form.is_valid()
        assert "is not in the chosen district" in form.errors["work_township"][0]


def test_it_accepts_a_work_township_of_the_chosen_district() -> None:
    form = _registration(work_township="320706006")  # 新海街道, 海州区
    assert form.is_valid(), form.errors


def test_each_township_option_names_its_district_for_the_picker() -> None:
    html = str(_registration()["work_township"])
    options = dict(re.findall(r'<option value="(\d{9})" data-county="(\d{6})"', html))
    assert options["320722001"] == "320722"  # 牛山街道, 东海县
    assert options["320706006"] == "320706"  # 新海街道, 海州区
    assert len(options) == 109
