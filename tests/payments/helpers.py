"""People and approved entitlements for the payments tests (written directly: benefits' services own the
way there; these tests start from an approved entitlement)."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from linghuo.benefits.models import Case, CaseOrigin, Entitlement, EntitlementKind, EntitlementPeriod
from linghuo.benefits.workflow import CaseState
from linghuo.registry.identity import person_identity
from linghuo.registry.models import Person, person_fields
from tests.registry.helpers import id_number, person_in

SHANGHAI = ZoneInfo("Asia/Shanghai")
APPROVED_AT = datetime.datetime(2026, 1, 5, 10, 0, tzinfo=SHANGHAI)
SI_SUBSIDY = "social_insurance_subsidy"  # （十二）
STARTUP = "startup_subsidy_once"  # （一）
TRAINING_ALLOWANCE = "training_living_allowance"  # （九）


def person(sequence: int = 1, district: str = "320706") -> Person:
    return person_in(district, sequence=sequence, name="测试人员")


def people(count: int, district: str = "320706") -> list[Person]:
    """``count`` persons written at once (for batches)."""
    rows = [
        Person(
            **person_fields(
                person_identity(
                    name="测试人员",
                    id_number=id_number(
                        district, f"1988{1 + n // 999 % 12:02d}{1 + n // 11988:02d}", 1 + n % 999
                    ),
                    work_division=district,
                )
            )
        )
        for n in range(1, count + 1)
    ]
    return Person.objects.bulk_create(rows)


def entitlement(
    who: Person,
    measure: str = SI_SUBSIDY,
    *,
    kind: str = EntitlementKind.PERIODIC,
    months_cap: int | None = 36,
    amount_fen: int | None = None,
    business_key: str = "",
    approved_at: datetime.datetime = APPROVED_AT,
) -> Entitlement:
    """An active entitlement of ``who`` from an approved case."""
    case = Case.objects.create(
        person=who,
        measure=measure,
        origin=CaseOrigin.APPLICATION,
        district=who.district_code,
        business_key=business_key,
        state=CaseState.APPROVED,
        submitted_at=approved_at,
    )
    periodic = kind == EntitlementKind.PERIODIC
    return Entitlement.objects.create(
        person=who,
        measure=measure,
        district=who.district_code,
        kind=kind,
        amount_fen=amount_fen,
        months_cap=months_cap if periodic else None,
        period=EntitlementPeriod.MONTHLY if periodic else "",
        case=case,
        approved_at=approved_at,
        business_key=business_key,
    )


def month(year: int, number: int) -> datetime.date:
    return datetime.date(year, number, 1)
