"""Rosters, contributions, work evidence and dated registrations for the facts and statistics tests."""

from __future__ import annotations

import datetime

from django.utils import timezone

from linghuo.collection.models import ContributionRecord, RosterEntry
from linghuo.registry import commitment, services
from linghuo.registry.models import (
    EmploymentRegistration,
    Organisation,
    OrganisationKind,
    Person,
    WorkEvidence,
    WorkEvidenceSource,
)


def platform(number: int = 1, division: str = "320706") -> Organisation:
    """A platform organisation (a valid-looking unified social credit code is not checked here)."""
    organisation, _ = Organisation.objects.get_or_create(
        uscc=f"91320700MA1PLAT{number:02d}X",
        defaults={"name": f"平台{number}", "kind": OrganisationKind.PLATFORM, "division": division},
    )
    return organisation


def roster(
    person: Person,
    *,
    period: datetime.date,
    income_fen: int,
    insured: bool = True,
    organisation: Organisation | None = None,
    form: str = "platform",
    division: str = "320706",
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> RosterEntry:
    return RosterEntry.objects.create(
        organisation=organisation or platform(),
        period=period,
        person=person,
        employment_form=form,
        work_division=division,
        monthly_income_fen=income_fen,
        social_insurance=insured,
        start_date=start or datetime.date(2021, 12, 1),
        end_date=end,
    )


def contribution(
    person: Person, *, month: datetime.date, kind: str, paid_fen: int, minimum: bool = True
) -> ContributionRecord:
    return ContributionRecord.objects.create(
        person=person,
        month=month,
        insurance_type=kind,
        base_fen=400_000,
        paid_fen=paid_fen,
        minimum_base=minimum,
    )


def register_on(
    person: Person,
    day: datetime.date,
    *,
    form: str = "platform",
    income_fen: int | None = 350_000,
    place_kind: str = "work",
    division: str = "320706",
) -> EmploymentRegistration:
    """A registration signed at noon on ``day`` (so registered on that day)."""
    signed = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    return services.registration_create(
        actor=None,
        person=person,
        place_kind=place_kind,
        place_division=division,
        employment_form=form,
        commitment_version=commitment.COMMITMENT_VERSION,
        monthly_income_fen=income_fen,
        signed_at=signed,
    )


def end_on(registration: EmploymentRegistration, day: datetime.date) -> None:
    """End a registration on ``day`` (from that day no longer in force)."""
    services.registration_end(actor=None, registration=registration, ended_on=day, reason="测试")


def work_evidence(
    person: Person,
    *,
    started: datetime.date,
    ended: datetime.date,
    income_fen: int,
    division: str = "320706",
    form: str = "part_time",
    reference: str | None = None,
) -> WorkEvidence:
    """A completed gig as the market records it (``market.services`` on both sides' confirmation)."""
    return WorkEvidence.objects.create(
        person=person,
        source=WorkEvidenceSource.GIG_MARKET,
        reference=reference or f"application:{WorkEvidence.objects.count() + 1}",
        employment_form=form,
        work_division=division,
        started_on=started,
        ended_on=ended,
        income_fen=income_fen,
    )
