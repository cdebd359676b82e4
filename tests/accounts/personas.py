"""Shared personas: one account of each role, two caseworkers in different districts.

Every persona logs in with its mobile number and ``PERSONA_PASSWORD``. Fixtures in conftest.py
build them through the account services, as the demo loader does.
"""

from __future__ import annotations

from dataclasses import dataclass

from linghuo.accounts.models import Role, User
from linghuo.accounts.services import user_get_or_create_demo
from linghuo.registry.models import Organisation, OrganisationKind

PERSONA_PASSWORD = "persona-密码-2021"
ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class Persona:
    key: str
    mobile: str
    name: str
    role: Role
    district_codes: tuple[str, ...] = ()


PERSONAS: tuple[Persona, ...] = (
    Persona("worker", "13900000001", "王灵工", Role.WORKER),
    Persona("organisation", "13900000002", "李单位", Role.ORGANISATION),
    Persona("caseworker_320706", "13900000003", "赵海州", Role.CASEWORKER, ("320706",)),
    Persona("caseworker_320722", "13900000004", "钱东海", Role.CASEWORKER, ("320722",)),
    Persona("reviewer", "13900000005", "孙复核", Role.REVIEWER),
    Persona("finance", "13900000006", "周财务", Role.FINANCE),
    Persona("manager", "13900000007", "吴局长", Role.MANAGER),
    Persona("admin", "13900000008", "郑管理", Role.ADMIN),
)
PERSONA_KEYS: tuple[str, ...] = (ANONYMOUS, *(p.key for p in PERSONAS))


def employer() -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(
        uscc="91320700MA1XXXXX0A",
        defaults={"name": "连云港海州快送有限公司", "kind": OrganisationKind.EMPLOYER, "division": "320706"},
    )
    return organisation


def personas_create() -> dict[str, User]:
    """Create (or find) every persona; the organisation member belongs to one employer."""
    users: dict[str, User] = {}
    for persona in PERSONAS:
        user, _ = user_get_or_create_demo(
            mobile=persona.mobile,
            password=PERSONA_PASSWORD,
            name=persona.name,
            role=persona.role,
            district_codes=persona.district_codes,
            organisation=employer() if persona.role == Role.ORGANISATION else None,
        )
        users[persona.key] = user
    return users
