"""Rows of the benefits app for tests that check the database's own limits."""

from __future__ import annotations

import datetime

from django.utils import timezone

from linghuo.benefits.models import Case, CaseOrigin, Decision, DecisionSource, Offer
from linghuo.registry.models import Person

ON = datetime.date(2024, 6, 15)


def stored_decision(person: Person, measure: str = "social_insurance_subsidy") -> Decision:
    return Decision.objects.create(
        person=person,
        measure=measure,
        on=ON,
        rules_version="test",
        parameters_digest="0" * 64,
        facts={},
        trace={"conditions": []},
        eligible=True,
        source=DecisionSource.CASEWORKER,
    )


def open_offer(person: Person, measure: str = "social_insurance_subsidy") -> Offer:
    return Offer.objects.create(
        person=person,
        measure=measure,
        decision=stored_decision(person, measure),
        expires_on=ON + datetime.timedelta(days=30),
    )


def submitted_case(person: Person, measure: str = "social_insurance_subsidy") -> Case:
    return Case.objects.create(
        person=person,
        measure=measure,
        origin=CaseOrigin.APPLICATION,
        district=person.district_code,
        submitted_at=timezone.now(),
    )
