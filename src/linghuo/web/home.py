"""Each role's home: a few cards above the public home page, each a count (or a state) and a link.

Every count comes from the owning app's selectors, scoped as that app's own pages scope it: a worker's
cards read only their own person and account, an organisation member's only their organisations, a
caseworker's only the districts they are scoped to. Nothing here writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from linghuo.accounts import access
from linghuo.accounts.models import Role, User
from linghuo.benefits import selectors as benefits
from linghuo.benefits.workflow import OPEN_STATES, CaseState
from linghuo.collection import selectors as collection
from linghuo.collection.models import SubmissionStatus
from linghuo.market import selectors as market
from linghuo.market.matching import recommend_gigs
from linghuo.payments import selectors as payments
from linghuo.policy.explain import yuan
from linghuo.registry import selectors as registry
from linghuo.registry.models import Organisation

RECOMMENDED = 5


@dataclass(frozen=True)
class Card:
    """One card: ``key`` names it for the page and its tests; ``count`` is None for a card showing a
    state (``note``) or only a link."""

    key: str
    title: str
    url: str
    count: int | None = None
    note: str = ""
    urgent: bool = False  # something is waiting for the user


@dataclass(frozen=True)
class RosterRow:
    name: str
    id_number_masked: str
    status: str
    social_insurance: bool


@dataclass(frozen=True)
class Roster:
    """An organisation's latest imported roster and the workers it reported, each with their status."""

    organisation: str
    period: dt.date
    accepted: int
    rejected: int
    url: str
    rows: list[RosterRow]


@dataclass(frozen=True)
class RoleHome:
    title: str
    cards: list[Card]
    rosters: list[Roster] = field(default_factory=list)


def _card(key: str, title: str, url: str, count: int | None = None, note: str = "") -> Card:
    return Card(key, title, url, count, note, urgent=bool(count))


def _worker(user: User, today: dt.date) -> RoleHome:
    person = benefits.person_of(user)
    recommended = len(recommend_gigs(user, limit=RECOMMENDED, today=today))
    gigs = [
        _card(
            "gig_applications",
            _("我的零工报名"),
            reverse("market:my_applications"),
            market.applications_under_way(user).count(),
            _("进行中的报名"),
        ),
        Card("recommended_gigs", _("推荐岗位"), reverse("market:search"), recommended, _("按我的求职意向")),
    ]
    if person is None:
        register = Card(
            "registration", _("就业登记"), reverse("registry:me"), note=_("尚未登记：登记后可查看政策和待遇")
        )
        return RoleHome(_("我的主页"), [register, *gigs])
    registration = registry.active_registration(person, on=today)
    paid_count, paid_fen = payments.payments_received(person)
    cards = [
        Card(
            "registration",
            _("就业登记"),
            reverse("registry:me"),
            note=_("已登记（%(date)s）") % {"date": registration.registered_on.isoformat()}
            if registration is not None
            else _("未在登记中"),
        ),
        Card("policies", _("我的政策"), reverse("policies:mine"), note=_("逐条查看我能享受的政策")),
        _card(
            "offers",
            _("待确认的待遇"),
            reverse("benefits:offers"),
            benefits.offers_open_for(person, today=today).count(),
        ),
        Card(
            "applications",
            _("办理中的申请"),
            reverse("benefits:offers"),
            benefits.cases_of(person).filter(state__in=OPEN_STATES).count(),
        ),
        Card(
            "payments",
            _("已到账的补贴"),
            reverse("payments:mine"),
            paid_count,
            _("合计 %(amount)s 元") % {"amount": yuan(paid_fen)},
        ),
        *gigs,
    ]
    return RoleHome(_("我的主页"), cards)


def _roster(organisation: Organisation, today: dt.date) -> Roster | None:
    submission = collection.latest_roster(organisation)
    if submission is None or submission.period is None:
        return None
    rows = [
        RosterRow(
            e.person.name,
            e.person.id_number_masked,
            _("在岗")
            if e.end_date is None or e.end_date >= today
            else _("已离岗（%(date)s）") % {"date": e.end_date.isoformat()},
            e.social_insurance,
        )
        for e in collection.roster_entries_of(organisation, submission.period)
    ]
    url = reverse("collection:submission", args=[submission.pk])
    return Roster(organisation.name, submission.period, submission.accepted, submission.rejected, url, rows)


def _organisation(user: User, today: dt.date) -> RoleHome:
    organisations = list(registry.organisations_of_member(user))
    submissions = [s for o in organisations for s in collection.organisation_submissions(o)]
    unfinished = sum(1 for s in submissions if not s.is_finished)
    failed = sum(1 for s in submissions if s.status == SubmissionStatus.FAILED)
    rosters = [r for r in (_roster(o, today) for o in organisations) if r is not None]
    cards = [
        Card("organisations", _("我的单位"), reverse("registry:organisations"), len(organisations)),
        Card(
            "submissions",
            _("名册上报"),
            reverse("collection:roster_upload"),
            len(submissions),
            _("处理中 %(running)d 份，未能导入 %(failed)d 份") % {"running": unfinished, "failed": failed},
        ),
        Card(
            "postings",
            _("招募中的岗位"),
            reverse("market:my_postings"),
            market.postings_open_of(user, today=today).count(),
        ),
        _card(
            "posting_applications",
            _("待处理的报名"),
            reverse("market:my_postings"),
            market.applications_awaiting_poster(user).count(),
        ),
    ]
    return RoleHome(_("单位主页"), cards, rosters)


def _caseworker(user: User, today: dt.date) -> RoleHome:
    queue = benefits.queue_for(user)
    cards = [
        _card("queue", _("待办案件"), reverse("benefits:queue"), queue.count()),
        _card("overdue", _("超期案件"), reverse("benefits:queue"), queue.filter(due_on__lt=today).count()),
        _card(
            "spot_checks",
            _("待抽查"),
            reverse("registry:spot_checks"),
            registry.spot_checks_for_caseworker(user).count(),
        ),
        _card(
            "identity_checks",
            _("待核验身份"),
            reverse("registry:identity_checks"),
            registry.identity_claims_for_caseworker(user).count(),
        ),
        _card(
            "disputes",
            _("零工争议"),
            reverse("market:disputes"),
            market.disputes_open_for_caseworker(user).count(),
        ),
        _card(
            "reports",
            _("岗位举报"),
            reverse("market:reports"),
            market.reports_waiting_for_caseworker(user).count(),
        ),
    ]
    return RoleHome(_("经办主页"), cards)


def _reviewer(user: User, today: dt.date) -> RoleHome:
    queue = benefits.queue_for(user)
    cards = [
        _card(
            "prepared",
            _("待复核案件"),
            reverse("benefits:queue"),
            queue.filter(state=CaseState.PREPARED).count(),
        ),
        _card(
            "reconsiderations",
            _("复核申请"),
            reverse("benefits:queue"),
            queue.filter(state=CaseState.RECONSIDERATION).count(),
        ),
        _card(
            "objections", _("公示异议"), reverse("benefits:objections"), benefits.objections_open().count()
        ),
    ]
    return RoleHome(_("复核主页"), cards)


def _finance(user: User, today: dt.date) -> RoleHome:
    cards = [
        _card(
            "never_paid",
            _("尚未发放的已批准待遇"),
            reverse("payments:batches"),
            payments.entitlements_never_paid().count(),
        ),
        _card(
            "batches",
            _("未完成的支付批次"),
            reverse("payments:batches"),
            payments.batches_unfinished().count(),
        ),
        _card("ready", _("待发送银行的支付"), reverse("payments:batches"), payments.payments_ready().count()),
        _card(
            "bank_returns",
            _("待银行回盘"),
            reverse("payments:batches"),
            payments.bank_lines_awaiting_answer().count(),
        ),
        Card("spending", _("支出统计"), reverse("payments:spending")),
    ]
    return RoleHome(_("财务主页"), cards)


def _manager(user: User, today: dt.date) -> RoleHome:
    overdue = benefits.overdue_cases(today=today)
    cards = [
        _card("overdue", _("超期案件"), reverse("benefits:overdue"), overdue.count()),
        _card(
            "escalated",
            _("已上报的超期案件"),
            reverse("benefits:overdue"),
            benefits.escalated_for(user, today=today).count(),
        ),
        Card("dashboard", _("统计看板"), reverse("web:dashboard")),
        Card("statistics", _("统计"), reverse("policies:new_urban_employment"), note=_("新增城镇就业等")),
        Card("spending", _("支出统计"), reverse("payments:spending")),
        Card("screening", _("比对"), reverse("insights:runs")),
        Card("audit", _("审计日志校验"), reverse("web:audit")),
    ]
    return RoleHome(_("管理主页"), cards)


def _admin(user: User, today: dt.date) -> RoleHome:
    counts = {role: User.objects.filter(role=role, is_active=True).count() for role in Role}
    by_role = " · ".join(f"{role.label} {counts[role]}" for role in Role if counts[role])
    cards = [
        Card("users", _("用户和角色"), reverse("accounts:users"), sum(counts.values()), by_role),
        Card("audit", _("审计日志校验"), reverse("web:audit")),
        Card("dashboard", _("统计看板"), reverse("web:dashboard")),
    ]
    return RoleHome(_("系统管理主页"), cards)


HOMES: dict[Role, Callable[[User, dt.date], RoleHome]] = {
    Role.WORKER: _worker,
    Role.ORGANISATION: _organisation,
    Role.CASEWORKER: _caseworker,
    Role.REVIEWER: _reviewer,
    Role.FINANCE: _finance,
    Role.MANAGER: _manager,
    Role.ADMIN: _admin,
}


def role_home(user: access.AnyUser | None, *, today: dt.date) -> RoleHome | None:
    """The home of the logged-in user's role (None for a visitor, who sees the public home only)."""
    account = access.active_user(user)
    if account is None:
        return None
    return HOMES[Role(account.role)](account, today)
