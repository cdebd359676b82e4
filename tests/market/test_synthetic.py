"""Synthetic postings (issue 12's demo data and benchmark): realistic per trade, current counties, pay at or
above the part-time hourly minimum wage of the district on the posting's dates, contacts encrypted, the same
for the same seed, and loaded in bulk within every database constraint."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from stdnum.cn import uscc as stdnum_uscc

from linghuo import divisions, personal_data
from linghuo.accounts.models import OrganisationMembership
from linghuo.market import categories, safety, synthetic
from linghuo.market.models import Posting, PostingStatus
from linghuo.policy.measures.posting_minimum_pay import Posting as EnginePosting
from linghuo.policy.measures.posting_minimum_pay import check_posting_pay

TODAY = dt.date(2026, 12, 8)
POSTER = synthetic.Poster(user_id=1, organisation_id=1)
_ENGINE_UNIT = {"hour": "hour", "day": "day", "piece": "piece", "month": "total"}


def _generated(count: int = 600, seed: int = 1) -> list[dict[str, object]]:
    return list(synthetic.generate(count, seed, today=TODAY, poster=POSTER))


def _comparable(values: dict[str, object]) -> dict[str, object]:
    # the encrypted phone differs each time it is encrypted (Fernet): compare what it stands for
    return {k: v for k, v in values.items() if k != "contact_phone_encrypted"}


def test_the_same_seed_gives_the_same_postings_and_another_seed_others() -> None:
    assert [_comparable(v) for v in _generated(200, 5)] == [_comparable(v) for v in _generated(200, 5)]
    assert [v["title"] for v in _generated(200, 5)] != [v["title"] for v in _generated(200, 6)]


def test_pay_is_never_below_the_hourly_minimum_of_the_district_on_its_dates() -> None:
    units = set()
    for values in _generated():
        units.add(values["pay_unit"])
        hours = values["hours"]
        for day in (values["starts_on"], values["ends_on"]):
            assert isinstance(day, dt.date)
            check = check_posting_pay(
                EnginePosting(
                    str(values["district"]),
                    day,
                    pay_fen=int(str(values["pay_fen"])),
                    unit=_ENGINE_UNIT[str(values["pay_unit"])],  # type: ignore[arg-type]
                    hours=None if hours is None else Fraction(str(hours)),
                    pieces=values["pieces"],  # type: ignore[arg-type]
                )
            )
            assert check.meets_minimum, values
            assert int(str(values["hourly_fen"])) == check.hourly_equivalent_fen
            assert int(str(values["minimum_hourly_fen"])) >= check.minimum_hourly_fen
    assert units == {"hour", "day", "piece", "month"}


def test_places_trades_texts_and_dates_are_valid() -> None:
    rows = _generated()
    for values in rows:
        district, township = str(values["district"]), str(values["township"])
        assert divisions.is_current_county(district)
        assert township == "" or divisions.township(township).county_code == district
        assert values["category"] in categories.CATEGORIES
        title, description = str(values["title"]), str(values["description"])
        assert 2 <= len(title) <= 60
        assert 1 <= len(description) <= 2000
        assert safety.banned_words(title, description) == ()
        assert values["fingerprint"] == safety.fingerprint(
            title, description, str(values["category"]), district
        )
        starts_on, ends_on, expires_on = values["starts_on"], values["ends_on"], values["expires_on"]
        assert isinstance(starts_on, dt.date)
        assert isinstance(ends_on, dt.date)
        assert isinstance(expires_on, dt.date)
        assert starts_on <= ends_on
        assert expires_on <= ends_on
        assert values["status"] != PostingStatus.OPEN or expires_on >= TODAY
    assert {values["district"] for values in rows} == {county.code for county in divisions.counties()}
    assert {values["category"] for values in rows} == set(categories.CATEGORIES)
    assert {values["status"] for values in rows} >= {"open", "closed", "expired"}
    # realistic per trade: a cleaning posting speaks of cleaning, a maternity-nurse posting of infants
    cleaning = [str(v["title"]) + str(v["description"]) for v in rows if v["category"] == "cleaning"]
    nanny = [str(v["title"]) + str(v["description"]) for v in rows if v["category"] == "nanny"]
    assert all(any(word in text for word in ("保洁", "家政", "钟点工")) for text in cleaning)
    assert all(any(word in text for word in ("月嫂", "育婴", "新生儿", "宝宝")) for text in nanny)


def test_contact_phones_are_stored_encrypted_masked_and_hashed() -> None:
    for values in _generated(50):
        phone = personal_data.decrypt(str(values["contact_phone_encrypted"]))
        assert phone.isdigit()
        assert len(phone) == 11
        assert phone.startswith("1")
        assert values["contact_phone_masked"] == personal_data.mask_mobile(phone)
        assert values["contact_phone_hash"] == personal_data.lookup_hash(phone)
        assert phone not in str(values["contact_phone_masked"])


@pytest.mark.django_db
def test_the_poster_is_a_verified_organisation_created_once() -> None:
    first = synthetic.ensure_poster()
    again = synthetic.ensure_poster()
    assert first == again
    membership = OrganisationMembership.objects.select_related("organisation").get(user_id=first.user_id)
    assert membership.organisation_id == first.organisation_id
    assert stdnum_uscc.is_valid(membership.organisation.uscc)


@pytest.mark.django_db
def test_a_bulk_load_stores_every_posting_within_the_database_constraints() -> None:
    reported: list[int] = []
    assert synthetic.load(250, seed=9, today=TODAY, chunk=100, on_rows=reported.append) == 250
    assert reported == [100, 100, 50]
    stored = list(Posting.objects.order_by("id").values_list("title", "hourly_fen", "minimum_hourly_fen"))
    assert [title for title, _, _ in stored] == [
        v["title"] for v in synthetic.generate(250, 9, today=TODAY, poster=POSTER)
    ]
    assert all(hourly >= minimum for _, hourly, minimum in stored)
    assert Posting.objects.filter(organisation__isnull=False, poster_person__isnull=True).count() == 250
