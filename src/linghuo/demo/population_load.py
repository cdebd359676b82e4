"""Loading a synthetic population (``linghuo.population``) into the registry for the demo.

Each row (the catalogue's facts plus ``name`` and ``township_code``) becomes a ``Person``; a flexible
worker gets an employment registration on the current commitment, signed on a day between the policy's
date and the day of loading (spread evenly by the row's number), with the row's monthly income declared;
every group, date, count or kind the row holds becomes a ``GroupMembership`` with source
``demo_population``.

Premiums: most registered flexible workers pay their pension premiums as individuals — those the row
marks insured, and of the others a share (``REGISTERED_PAYING_SHARE``: registering with the employment
service goes with enrolling more often than not) — from the month of their registration up to the month of
loading, on the minimum base unless the row says otherwise. These are the agency's
``ContributionRecord`` rows, so the registry's facts show them insured month by month and the statistics
of new urban employment (十五) show people entering flexible work across the months, most of them
counted. Other roster- and contribution-derived facts of the row (``si_paid_fen`` and the like) are not
registry facts and are left out.

Facts without a date of their own hold from the policy's date (2021-11-08), so the demo population is what
it is throughout the policy's life. Loading is idempotent: a person whose ID number is already known is
skipped with everything of theirs.
"""

from __future__ import annotations

import datetime
import random
import zoneinfo
from collections.abc import Iterable, Iterator
from typing import Any

import polars as pl
from django.db import transaction
from django.utils import timezone

from linghuo import divisions, personal_data
from linghuo.audit.services import audit_record
from linghuo.collection.models import ContributionRecord
from linghuo.registry import commitment
from linghuo.registry.identity import person_identity
from linghuo.registry.models import (
    EmploymentForm,
    EmploymentRegistration,
    GroupMembership,
    MembershipKind,
    MembershipSource,
    Person,
    PlaceKind,
    SpotCheck,
)
from linghuo.registry.services import RegistryAction, spot_check_draw

POLICY_DATE = datetime.date(2021, 11, 8)
BATCH = 1_000
REGISTERED_PAYING_SHARE = 0.55  # of the registered flexible workers the row does not mark insured
# Monthly pension premium of a flexible worker: 20 % of the base; the lower base of 2025 is 4,952 CNY
# (parameters.md §3), a base above it 7,428 CNY (150 %). Plausible synthetic amounts, not rules.
_PENSION = "enterprise_pension"
_MINIMUM_BASE_FEN, _ABOVE_MINIMUM_BASE_FEN = 495_200, 742_800
_PENSION_RATE_PERCENT = 20
_SPREAD = 2_654_435_761  # Knuth's multiplicative hash: row numbers spread evenly over the days
_CHINA = zoneinfo.ZoneInfo("Asia/Shanghai")

# Flags: the fact column, and the date column it holds from (else the policy's date).
_FLAGS: tuple[tuple[str, str | None], ...] = (
    ("registered_unemployed", "unemployed_since"),
    ("veteran", None),
    ("disabled", None),
    ("dibao", None),
    ("low_income_rural_household", None),
    ("rural_transfer_worker", None),
    ("laid_off_or_transferred", None),
    ("land_expropriated_farmer", None),
    ("zero_employment_household", None),
    ("special_hardship_worker_family", None),
    ("entitled_group_family", None),
    ("hmt_residence_permit", None),
    ("college_student", None),
    ("employed_since_leaving_college", "college_left_on"),
    ("school_leaver_not_continuing", None),
    ("entrepreneurial_intent", None),
    ("public_welfare_post", None),
    ("business_non_agricultural", "business_founded_on"),
    ("startup_subsidy_received", "business_founded_on"),
    ("loan_for_tools", None),
    ("receiving_unemployment_benefit", None),
    ("si_extension_used", "si_first_approved_on"),
)
_DATES = (
    "hard_to_employ_since",
    "unemployed_since",
    "college_left_on",
    "business_founded_on",
    "si_first_approved_on",
)
# Counts: the fact column, and the date column it holds from.
_NUMBERS: tuple[tuple[str, str | None], ...] = (
    ("jiangsu_pension_years", None),
    ("business_employees", "business_founded_on"),
    ("si_subsidy_months_used", "si_first_approved_on"),
    ("loan_requested_fen", None),
)
_FLEXIBLE = frozenset(EmploymentForm.values)


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _known_hashes(hashes: list[str]) -> set[str]:
    known: set[str] = set()
    for chunk in _chunks(hashes, 900):
        known.update(Person.objects.filter(id_number_hash__in=chunk).values_list("id_number_hash", flat=True))
    return known


def _in_city_county(code: str | None) -> str:
    if code and code != divisions.CITY_CODE and divisions.is_in_city(code):
        return divisions.current_county_code(code)
    return ""


def _person(row: dict[str, Any]) -> Person:
    """The person of a row, by the registry's one identity rule (``identity.person_identity``): the birth
    date and sex are read from the ID number, as the generator wrote them; a work place outside the city
    is not recorded."""
    return Person.from_identity(
        person_identity(
            name=str(row["name"]),
            id_number=str(row["id_number"]),
            hukou_division=str(row["hukou_division"]),
            hukou_rural=bool(row["hukou_rural"]),
            residence_township=str(row["township_code"] or ""),
            work_division=_in_city_county(row["work_division"]),
        )
    )


def _signed_at(row: dict[str, Any], today: datetime.date) -> datetime.datetime:
    """A day from the policy's date up to ``today``, spread evenly by the row's number."""
    digits = "".join(ch for ch in str(row["person_id"]) if ch.isdigit()) or "0"
    span = max((today - POLICY_DATE).days + 1, 1)
    day = POLICY_DATE + datetime.timedelta(days=int(digits) * _SPREAD % span)
    return datetime.datetime.combine(day, datetime.time(9, 30), tzinfo=_CHINA)


def _registration(row: dict[str, Any], person: Person, today: datetime.date) -> EmploymentRegistration | None:
    if row["employment_form"] not in _FLEXIBLE:
        return None
    work = _in_city_county(row["work_division"])
    place_kind, division = (PlaceKind.WORK, work) if work else (PlaceKind.RESIDENCE, person.district_code)
    if not division:
        return None
    version, text = commitment.commitment_current()
    signed = _signed_at(row, today)
    return EmploymentRegistration(
        person=person,
        place_kind=place_kind,
        place_division=division,
        employment_form=row["employment_form"],
        monthly_income_fen=row.get("monthly_income_fen"),
        commitment_version=version,
        commitment_text=text,
        signed_at=signed,
        registered_on=signed.astimezone(_CHINA).date(),
    )


def _premiums(
    row: dict[str, Any], registration: EmploymentRegistration, today: datetime.date, rng: random.Random
) -> list[ContributionRecord]:
    """The pension premiums of a registered flexible worker who pays them: every month from the
    registration's up to ``today``'s (none for one who does not)."""
    insured = bool(row.get("social_insurance_enrolled"))
    if not insured and rng.random() >= REGISTERED_PAYING_SHARE:
        return []
    above = insured and row.get("si_base_is_minimum") is False
    base = _ABOVE_MINIMUM_BASE_FEN if above else _MINIMUM_BASE_FEN
    records = []
    month = registration.registered_on.replace(day=1)
    while month <= today:
        records.append(
            ContributionRecord(
                person=registration.person,
                month=month,
                insurance_type=_PENSION,
                base_fen=base,
                paid_fen=base * _PENSION_RATE_PERCENT // 100,
                minimum_base=not above,
            )
        )
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return records


def _membership(person: Person, kind: str, valid_from: datetime.date, **values: Any) -> GroupMembership:
    return GroupMembership(
        person=person,
        kind=kind,
        valid_from=valid_from,
        source=MembershipSource.DEMO_POPULATION,
        evidence_note="演示数据（合成人口）",
        **values,
    )


def _memberships(row: dict[str, Any], person: Person) -> Iterable[GroupMembership]:
    def since(column: str | None) -> datetime.date:
        value = row.get(column) if column else None
        return value if isinstance(value, datetime.date) else POLICY_DATE

    for column, date_column in _FLAGS:
        if row.get(column):
            yield _membership(person, column, since(date_column))
    for column in _DATES:
        if isinstance(row.get(column), datetime.date):
            yield _membership(person, column, row[column])
    for column, date_column in _NUMBERS:
        if row.get(column):
            yield _membership(person, column, since(date_column), value_number=int(row[column]))
    if row.get("business_kind"):
        yield _membership(
            person,
            MembershipKind.BUSINESS_KIND,
            since("business_founded_on"),
            value_text=row["business_kind"],
        )
    if row.get("employment_form") and row["employment_form"] not in _FLEXIBLE:
        yield _membership(
            person, MembershipKind.EMPLOYMENT_FORM, POLICY_DATE, value_text=row["employment_form"]
        )


def demo_registry_load(*, persons: pl.DataFrame, seed: int = 0, today: datetime.date | None = None) -> int:
    """Turn rows of a synthetic population into people, registrations, memberships and premiums; return
    how many people were added (0 when run again on the same rows). Spot checks are drawn with ``seed``;
    ``today`` (the local date by default) is the day of loading: registrations and premiums go up to it."""
    day = today or timezone.localdate()
    rows = [row for row in persons.iter_rows(named=True) if row.get("id_number")]
    hashes = [personal_data.lookup_hash(str(row["id_number"])) for row in rows]
    known = _known_hashes(hashes)
    fresh: dict[str, tuple[dict[str, Any], Person]] = {}
    for row, number_hash in zip(rows, hashes, strict=True):
        if number_hash not in known and number_hash not in fresh:
            fresh[number_hash] = (row, _person(row))
    if not fresh:
        return 0
    rng = random.Random(seed)  # noqa: S311 — a reproducible demo draw, not a secret
    paying = random.Random(seed + 1)  # noqa: S311 — its own stream: the spot checks drawn stay the same
    with transaction.atomic():
        Person.objects.bulk_create([person for _, person in fresh.values()], batch_size=BATCH)
        ids = dict(
            pair
            for chunk in _chunks(list(fresh), 900)
            for pair in Person.objects.filter(id_number_hash__in=chunk).values_list("id_number_hash", "pk")
        )
        registrations: list[EmploymentRegistration] = []
        memberships: list[GroupMembership] = []
        premiums: list[ContributionRecord] = []
        for number_hash, (row, person) in fresh.items():
            person.pk = ids[number_hash]
            registration = _registration(row, person, day)
            if registration is not None:
                registrations.append(registration)
                premiums.extend(_premiums(row, registration, day, paying))
            memberships.extend(_memberships(row, person))
        EmploymentRegistration.objects.bulk_create(registrations, batch_size=BATCH)
        ContributionRecord.objects.bulk_create(premiums, batch_size=BATCH)
        _district_from_registrations(registrations)
        drawn = _draw_spot_checks(registrations, rng)
        GroupMembership.objects.bulk_create(memberships, batch_size=BATCH)
        audit_record(
            actor=None,
            action=RegistryAction.DEMO_LOADED,
            object_type=Person._meta.label_lower,
            changes={
                "persons": len(fresh),
                "registrations": len(registrations),
                "memberships": len(memberships),
                "contributions": len(premiums),
                "spot_checks": drawn,
            },
        )
    return len(fresh)


def _district_from_registrations(registrations: list[EmploymentRegistration]) -> None:
    changed = []
    for registration in registrations:
        person = registration.person
        if person.district_code != registration.place_division:
            person.district_code = registration.place_division
            changed.append(person)
    Person.objects.bulk_update(changed, ["district_code"], batch_size=BATCH)


def _draw_spot_checks(registrations: list[EmploymentRegistration], rng: random.Random) -> int:
    if any(r.pk is None for r in registrations):  # a database that does not return bulk-inserted keys
        saved: dict[int, int] = {}
        people = [r.person_id for r in registrations]
        for start in range(0, len(people), 900):
            saved.update(
                EmploymentRegistration.objects.filter(
                    person_id__in=people[start : start + 900], ended_on__isnull=True
                ).values_list("person_id", "pk")
            )
        for registration in registrations:
            registration.pk = saved[registration.person_id]
    now = timezone.now()
    checks = [SpotCheck(registration_id=r.pk, drawn_at=now) for r in registrations if spot_check_draw(rng)]
    SpotCheck.objects.bulk_create(checks, batch_size=BATCH)
    return len(checks)
