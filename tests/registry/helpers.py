"""Building valid ID numbers and registry records for tests."""

from __future__ import annotations

import datetime
import random

from stdnum.cn import ric

from linghuo.accounts.models import User
from linghuo.registry import commitment, services
from linghuo.registry.models import EmploymentRegistration, IdentityClaim, IdentityClaimStatus, Person


def id_number(area: str = "320706", birth: str = "19900101", sequence: int = 1) -> str:
    """A valid 18-character ID number (check digit by GB 11643 via python-stdnum)."""
    first17 = f"{area}{birth}{sequence:03d}"
    return first17 + ric.calc_check_digit(first17 + "0")


def person_in(
    district: str, *, sequence: int = 1, name: str = "测试人员", account: User | None = None
) -> Person:
    """A person whose registry district is ``district`` (through their work division)."""
    return services.person_register(
        actor=None,
        name=name,
        id_number=id_number(district, "19880808", sequence),
        mobile=f"1380000{sequence:04d}",
        work_division=district,
        account=account,
    )


def register(
    person: Person, *, district: str | None = None, share: float | None = None, seed: int = 0
) -> EmploymentRegistration:
    """A registration at the person's place of work, on the current commitment."""
    return services.registration_create(
        actor=None,
        person=person,
        place_kind="work",
        place_division=district or person.work_division,
        employment_form="platform",
        commitment_version=commitment.COMMITMENT_VERSION,
        monthly_income_fen=350_000,
        rng=random.Random(seed),
    )


ON = datetime.date(2024, 6, 1)


def identity_confirmed(caseworker: User, account: User) -> Person:
    """A caseworker confirms the pending claim of ``account``'s ID number; the person it is linked to."""
    claim = IdentityClaim.objects.get(account=account, status=IdentityClaimStatus.PENDING)
    services.identity_confirm(actor=caseworker, claim=claim, note="本人持身份证到窗口核验")
    return Person.objects.get(account=account)
