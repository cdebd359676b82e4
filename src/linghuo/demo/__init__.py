"""The demo site: one account of every role, a few organisations and a small synthetic population.

Loading is idempotent: every object is looked up by its natural key (mobile number, credit code,
ID number) before it is created, so running ``linghuo demo`` twice changes nothing.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from stdnum.cn import ric, uscc

from linghuo import personal_data
from linghuo.accounts.models import MemberRole, Role, User
from linghuo.accounts.services import user_get_or_create_demo
from linghuo.collection.models import ContributionRecord, RosterEntry
from linghuo.demo import casework
from linghuo.demo import market as demo_market
from linghuo.registry import services as registry_services
from linghuo.registry.commitment import COMMITMENT_VERSION
from linghuo.registry.models import MembershipKind, MembershipSource, Organisation, OrganisationKind, Person

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
    if count == 0:
        return 0
    from linghuo.demo.population_load import demo_registry_load
    from linghuo.population import generate_persons

    return demo_registry_load(persons=generate_persons(count, seed=seed))


# The demo worker's story (ACCOUNTS[0]): a woman of 44 in 海州区, registered unemployed, certified
# 就业困难人员, now delivering for the demo platform part-time and paying her pension contributions as an
# individual on the minimum base — so "my policies" shows the social-insurance subsidy with its amount.
_WORKER_ID_BASE = "32070619820512302"  # 海州区, born 1982-05-12, sequence 302 (even: female)
_WORKER_MONTHLY_PENSION_FEN = 99_040  # 20 % of the 2025 minimum base 4,952 CNY (parameters.md §3)
_WORKER_MONTHLY_INCOME_FEN = 320_000


def _worker_story_load(today: datetime.date) -> bool:
    account = User.objects.get(mobile_hash=personal_data.lookup_hash(ACCOUNTS[0].mobile))
    if Person.objects.filter(account=account).exists():
        return False
    platform = Organisation.objects.get(uscc=ORGANISATIONS[1].uscc)
    with transaction.atomic():
        submitted = registry_services.worker_register(
            account=account,
            place_kind="work",
            place_division="320706",
            employment_form="platform",
            commitment_version=COMMITMENT_VERSION,
            id_number=_WORKER_ID_BASE + ric.calc_check_digit(_WORKER_ID_BASE + "0"),  # stdnum skips the last
            monthly_income_fen=_WORKER_MONTHLY_INCOME_FEN,
            rng=random.Random(0),  # noqa: S311 — no spot check drawn for the demo worker
        )
        registration, claim = submitted.registration, submitted.claim
        if registration is None or claim is None:  # her ID number is new: a person, registered, pending
            raise RuntimeError("演示劳动者的身份证号码已有人员记录 / the demo worker's ID number is taken")
        person = registration.person
        # She showed her ID card at the 海州区 counter: the district's caseworker confirmed her identity,
        # so "my policies" shows what she receives, not only what she would qualify for.
        caseworker = User.objects.get(mobile_hash=personal_data.lookup_hash(ACCOUNTS[2].mobile))
        registry_services.identity_confirm(actor=caseworker, claim=claim, note="本人持身份证到窗口核验")
        person.refresh_from_db()
        for kind, since in (
            (MembershipKind.UNEMPLOYED_SINCE, datetime.date(2023, 10, 1)),
            (MembershipKind.REGISTERED_UNEMPLOYED, datetime.date(2023, 10, 8)),
            (MembershipKind.HARD_TO_EMPLOY_SINCE, datetime.date(2024, 3, 1)),
        ):
            registry_services.membership_record(
                actor=None,
                person=person,
                kind=kind,
                valid_from=since,
                source=MembershipSource.HRSS_RECORDS,
                evidence_reference="演示数据",
            )
        month = today.replace(day=1)
        RosterEntry.objects.create(
            organisation=platform,
            period=month,
            person=person,
            employment_form="platform",
            work_division="320706",
            monthly_income_fen=_WORKER_MONTHLY_INCOME_FEN,
            social_insurance=True,
            start_date=datetime.date(2024, 3, 15),
        )
        ContributionRecord.objects.bulk_create(
            ContributionRecord(
                person=person,
                month=month,
                insurance_type="enterprise_pension",
                base_fen=_WORKER_MONTHLY_PENSION_FEN * 5,
                paid_fen=_WORKER_MONTHLY_PENSION_FEN,
                minimum_base=True,
            )
            for month in _last_twelve_months(today)
        )
        # in the same transaction, so that the offer her new facts make is the story's, eight weeks ago
        casework.worker_story_walk(person, _demo_staff(), today=today)
    return True


def _demo_staff() -> casework.DemoStaff:
    return casework.staff_of_demo(
        (ACCOUNTS[0].mobile, ACCOUNTS[2].mobile, ACCOUNTS[3].mobile, ACCOUNTS[4].mobile, ACCOUNTS[5].mobile)
    )


def _last_twelve_months(today: datetime.date) -> list[datetime.date]:
    """The first days of this month and the eleven before it (her premiums, paid month by month).

    >>> [f"{m:%Y-%m}" for m in _last_twelve_months(datetime.date(2027, 1, 31))][:2]
    ['2026-02', '2026-03']
    """
    months, month = [], today.replace(day=1)
    for _ in range(12):
        months.append(month)
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return months[::-1]


def _screening_load(today: datetime.date) -> bool:
    """Screen the registry once a day, so the demo shows screening results (none when one exists)."""
    from linghuo.insights.selectors import run_today_exists
    from linghuo.insights.services import ScreeningBusyError, screening_run_create, screening_run_execute

    if run_today_exists(today):
        return False
    try:
        run = screening_run_create(on=today, actor=None)
    except ScreeningBusyError:
        return False
    screening_run_execute(run)
    return True


def _market_load(today: datetime.date) -> bool:
    worker, poster = (User.objects.get(mobile_hash=personal_data.lookup_hash(a.mobile)) for a in ACCOUNTS[:2])
    return demo_market.market_load(
        worker=worker,
        poster=poster,
        agency_uscc=ORGANISATIONS[3].uscc,
        password=DEMO_PASSWORD,
        today=today,
    )


def demo_load(*, persons: int = DEMO_PERSONS, seed: int = DEMO_SEED) -> DemoSummary:
    """Load the demo site's data; a second run finds everything in place and creates nothing."""
    with transaction.atomic():
        organisations = _organisations_load()
        accounts = _accounts_load()
    today = timezone.localdate()
    _worker_story_load(today)
    people = _population_load(persons, seed)
    _market_load(today)
    _screening_load(today)
    casework.queue_work_load(_demo_staff(), today=today)
    return DemoSummary(accounts_created=accounts, organisations_created=organisations, persons_created=people)
