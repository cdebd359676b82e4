"""The demo's casework: 王小梅's subsidy walked the whole way, and work waiting in every queue.

王小梅 (the demo worker) was told of her social-insurance subsidy (十二) eight weeks before the demo is
loaded, accepted it with one tap, the 海州区 caseworker prepared the case and the reviewer approved it; it
was published (公示), finance paid last month's subsidy in a batch and the bank's return file said paid.
Her phone shows the payment; every step is in the case's log and the audit chain.

Other demo persons' offers, accepted on their behalf at the district counter, leave work in every queue:
cases to prepare in 海州区 and 东海县, prepared cases for the reviewer, an overdue case escalated to the
manager, approved subsidies in their disclosure (公示) for finance's next batch, and an objection to one of
them for the reviewer.

Loading is idempotent: 王小梅's story is walked once, and the queues are filled once.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import transaction
from stdnum.cn import uscc

from linghuo import personal_data
from linghuo.accounts.models import User
from linghuo.benefits import services as benefits
from linghuo.benefits.disclosure import objection_file
from linghuo.benefits.errors import BenefitsError
from linghuo.benefits.models import Case, Decision, Disclosure, Offer, OfferStatus
from linghuo.payments import bankfiles, batches
from linghuo.payments import services as payments
from linghuo.registry.models import EmploymentRegistration, Person

logger = logging.getLogger(__name__)

SHANGHAI = ZoneInfo("Asia/Shanghai")
STORY_WEEKS = 8  # 王小梅 was told of her subsidy this long before the demo was loaded
STORY_REGISTERED = datetime.date(2024, 3, 15)  # the day she started delivering for the platform
WORKER_BANK = ("6214835180000302", "江苏银行连云港分行")  # a demo account number, not a real one


@dataclass(frozen=True, slots=True)
class DemoStaff:
    worker: User
    caseworker_haizhou: User
    caseworker_donghai: User
    reviewer: User
    finance: User


def _account(mobile: str) -> User:
    return User.objects.get(mobile_hash=personal_data.lookup_hash(mobile))


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=SHANGHAI)


def _backdate(offer: Offer, at: datetime.datetime) -> None:
    """The demo's story is told as of its dates: the offer and its decision were made then."""
    Offer.objects.filter(pk=offer.pk).update(created_at=at)
    Decision.objects.filter(pk=offer.decision_id).update(created_at=at)


def _last_month(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    end = today.replace(day=1) - datetime.timedelta(days=1)
    return end.replace(day=1), end


def worker_story_walk(person: Person, staff: DemoStaff, *, today: datetime.date) -> bool:
    """王小梅's subsidy from the offer to the bank's answer (see the module); False when already walked."""
    if Case.objects.filter(person=person).exists():
        return False
    start = today - datetime.timedelta(weeks=STORY_WEEKS)
    # she registered when she started with the platform (the demo loader registers her on the day it runs)
    EmploymentRegistration.objects.filter(person=person, registered_on__gt=STORY_REGISTERED).update(
        registered_on=STORY_REGISTERED, signed_at=_at(STORY_REGISTERED, 10)
    )
    offers = benefits.offers_for_person(person, on=start, today=start)
    offer = next((o for o in offers if o.measure == "social_insurance_subsidy"), None)
    if offer is None:
        raise RuntimeError(
            "演示劳动者没有社会保险补贴的待遇告知 / the demo worker was not offered her subsidy"
        )
    _backdate(offer, _at(start, 9))
    payments.bank_account_set(
        person, number=WORKER_BANK[0], holder_name=person.name, bank_name=WORKER_BANK[1]
    )
    case = benefits.offer_accept(offer, by=staff.worker, now=_at(start, 20))
    case = benefits.case_prepare(
        case, by=staff.caseworker_haizhou, now=_at(start + datetime.timedelta(days=1), 10)
    )
    benefits.case_approve(case, by=staff.reviewer, now=_at(start + datetime.timedelta(days=2), 15))
    first, last = _last_month(today)
    batch = batches.batch_execute(batches.batch_create(period_start=first, period_end=last, by=staff.finance))
    bank_file = bankfiles.file_export(batch, by=staff.finance)
    if bank_file is None:
        logger.warning("the demo batch of %s to %s has nothing to send", first, last)
        return False
    rows = list(bankfiles.file_rows(bank_file))[1:-1]
    answer = bankfiles.return_csv((row[0], bankfiles.fen_of(row[4]), bankfiles.PAID, "") for row in rows)
    bankfiles.return_reconcile(answer)
    return True


def _business_key(offer: Offer) -> str:
    """A demo licence number (an individual business, 92…, of the person's district) for 一's subsidy."""
    if offer.measure != "startup_subsidy_once":
        return ""
    base = f"92{offer.person.district_code}MA{offer.pk:07d}"
    return base + uscc.calc_check_digit(base)


def _queue_work(staff: DemoStaff, *, today: datetime.date) -> int:
    """Accept other persons' open offers at the counter, and move some of them on (see the module)."""
    counter = {"320706": staff.caseworker_haizhou, "320722": staff.caseworker_donghai}
    offers = list(
        Offer.objects.filter(
            status=OfferStatus.OPEN, person__account__isnull=True, person__district_code__in=list(counter)
        )
        .select_related("person")
        .order_by("pk")[:18]
    )
    made = 0
    for n, offer in enumerate(offers):
        caseworker = counter[offer.person.district_code]
        # the first accepted five weeks ago and left there: overdue, escalated to the manager
        at = _at(today - datetime.timedelta(days=35 if n == 0 else 1), 10)
        try:
            case = benefits.offer_accept(offer, by=caseworker, now=at)
            made += 1
            if n % 3 == 0:  # submitted: the district's caseworker prepares it
                continue
            later = at + datetime.timedelta(hours=2)
            case = benefits.case_prepare(case, by=caseworker, business_key=_business_key(offer), now=later)
            if n % 3 == 2:  # approved by the reviewer: in finance's next batch
                benefits.case_approve(case, by=staff.reviewer, now=later + datetime.timedelta(hours=2))
        except BenefitsError as error:  # a rule the demo did not foresee: leave the case where it is
            logger.warning("demo case of offer %s left as it is: %s", offer.pk, error.english)
    benefits.cases_escalate_overdue(today=today)
    _objection_load(today)
    return made


def _objection_load(today: datetime.date) -> None:
    """A neighbour's objection to one subsidy still in its disclosure (公示): the reviewer's to resolve,
    and finance's batch holds that payment meanwhile."""
    disclosure = (
        Disclosure.objects.filter(ends_on__gte=today, entitlement__person__account__isnull=True)
        .order_by("pk")
        .first()
    )
    if disclosure is None:
        return
    objection_file(
        disclosure,
        text="据我所知，此人已于上月在本市一家企业全职就业，并非灵活就业，请核实。",
        contact="13812345678",
        now=_at(today, 9),
    )


def staff_of_demo(mobiles: tuple[str, str, str, str, str]) -> DemoStaff:
    """The demo's accounts by mobile: worker, the two caseworkers, reviewer, finance."""
    worker, haizhou, donghai, reviewer, finance = (_account(m) for m in mobiles)
    return DemoStaff(worker, haizhou, donghai, reviewer, finance)


def queue_work_load(staff: DemoStaff, *, today: datetime.date) -> int:
    """Work in every queue from the day's screening run's offers; 0 when the demo's cases exist."""
    if Case.objects.filter(person__account__isnull=True).exists():
        return 0
    with transaction.atomic():
        return _queue_work(staff, today=today)
