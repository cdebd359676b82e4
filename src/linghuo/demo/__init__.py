"""The demo site: one account of every role, a few organisations and a small synthetic population.

Loading is idempotent: every object is looked up by its natural key (mobile number, credit code,
ID number) before it is created, so running ``linghuo demo`` twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from stdnum.cn import uscc

from linghuo.accounts.models import MemberRole, Role
from linghuo.accounts.services import user_get_or_create_demo
from linghuo.registry.models import Organisation, OrganisationKind

DEMO_PASSWORD = "linghuo-demo-2021"  # noqa: S105 — published demo password, development data only
DEMO_SEED = 20211108
DEMO_PERSONS = 3000


@dataclass(frozen=True, slots=True)
class DemoAccount:
    role: str
    mobile: str
    name: str
    districts: tuple[str, ...] = ()
    organisation_uscc: str | None = None


@dataclass(frozen=True, slots=True)
class DemoOrganisation:
    uscc_base: str  # the first 17 characters; the check character is computed
    name: str
    kind: OrganisationKind
    division: str

    @property
    def uscc(self) -> str:
        return self.uscc_base + uscc.calc_check_digit(self.uscc_base)


ORGANISATIONS = (
    DemoOrganisation("91320706MA1MXK0A0", "连云港海滨家政服务有限公司", OrganisationKind.EMPLOYER, "320706"),
    DemoOrganisation("91320700MA1NB3TL2", "港城同城配送平台有限公司", OrganisationKind.PLATFORM, "320706"),
    DemoOrganisation(
        "52320722MJ0C7H3X4", "东海县职业技能培训学校", OrganisationKind.TRAINING_PROVIDER, "320722"
    ),
    DemoOrganisation(
        "91320707MA1P4R6Y5", "赣榆区众诚人力资源服务有限公司", OrganisationKind.HR_AGENCY, "320707"
    ),
    DemoOrganisation("12320703MB1D9E2F6", "连云区大学生创业孵化基地", OrganisationKind.INCUBATOR, "320703"),
)

ACCOUNTS = (
    DemoAccount(Role.WORKER, "13900000001", "王小梅"),
    DemoAccount(Role.ORGANISATION, "13900000002", "刘建国", organisation_uscc=ORGANISATIONS[1].uscc),
    DemoAccount(Role.CASEWORKER, "13900000003", "陈静（海州区）", districts=("320706",)),
    DemoAccount(Role.CASEWORKER, "13900000004", "周强（东海县）", districts=("320722",)),
    DemoAccount(Role.REVIEWER, "13900000005", "吴敏"),
    DemoAccount(Role.FINANCE, "13900000006", "郑丽"),
    DemoAccount(Role.MANAGER, "13900000007", "孙伟"),
    DemoAccount(Role.ADMIN, "13900000008", "系统管理员"),
)


@dataclass(frozen=True, slots=True)
class DemoSummary:
    accounts_created: int
    organisations_created: int
    persons_created: int


def _organisations_load() -> int:
    created = 0
    for org in ORGANISATIONS:
        _, was_created = Organisation.objects.get_or_create(
            uscc=org.uscc, defaults={"name": org.name, "kind": org.kind, "division": org.division}
        )
        created += was_created
    return created


def _accounts_load() -> int:
    created = 0
    for account in ACCOUNTS:
        organisation = (
            Organisation.objects.get(uscc=account.organisation_uscc) if account.organisation_uscc else None
        )
        _, was_created = user_get_or_create_demo(
            mobile=account.mobile,
            password=DEMO_PASSWORD,
            name=account.name,
            role=account.role,
            district_codes=account.districts,
            organisation=organisation,
            member_role=MemberRole.ADMINISTRATOR,
        )
        created += was_created
    return created


def _population_load(count: int, seed: int) -> int:
    from linghuo.population import generate_persons
    from linghuo.registry.demo import demo_registry_load

    return demo_registry_load(persons=generate_persons(count, seed=seed))


def demo_load(*, persons: int = DEMO_PERSONS, seed: int = DEMO_SEED) -> DemoSummary:
    """Load the demo site's data; a second run finds everything in place and creates nothing."""
    with transaction.atomic():
        organisations = _organisations_load()
        accounts = _accounts_load()
    people = _population_load(persons, seed)
    return DemoSummary(accounts_created=accounts, organisations_created=organisations, persons_created=people)
