"""One language per mode: every page in English shows no Chinese outside names and quoted policy text.

The rule the pages follow: Chinese shown in English mode (people's and organisations' names, division
names, the clauses as published) is inside an element marked ``lang="zh…"``. The walk logs in as every
role of the demo site, asks for every page of the URL resolver with rows to show, and a few forms with
errors, and reads the visible text (and the attributes a reader sees) outside such elements.

In Chinese mode the same errors are Chinese only, without the English gloss the API and CLI keep.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
import time_machine
from django.conf import LazySettings, settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Min, Q
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from linghuo.accounts.models import Role, User
from linghuo.benefits.models import Case
from linghuo.collection.models import Submission
from linghuo.demo import DEMO_PASSWORD, demo_load
from linghuo.insights.models import ScreeningRun
from linghuo.market.models import GigApplication, Posting
from linghuo.payments.models import PaymentBatch
from linghuo.registry.models import (
    GroupMembership,
    MembershipKind,
    MembershipSource,
    Organisation,
    Person,
    SpotCheck,
)
from linghuo.registry.services import membership_record, spot_check_record
from tests.accounts.personas import personas_create
from tests.collection.files import CONTRIBUTION_HEADERS, contribution_row, roster_row, xlsx
from tests.registry.helpers import id_number

NOW = datetime.datetime(2025, 6, 16, 10, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# CJK ideographs, radicals, kana, CJK punctuation (、。〔〕「」) and full-width forms (（）：，).
_CJK = (
    ("\u2e80", "\u2fdf"),
    ("\u3000", "\u30ff"),
    ("\u3400", "\u4dbf"),
    ("\u4e00", "\u9fff"),
    ("\uf900", "\ufaff"),
    ("\uff00", "\uffef"),
)
_VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()  # noqa: SIM905
)
_SHOWN_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt", "data-label")


def is_cjk(character: str) -> bool:
    return any(low <= character <= high for low, high in _CJK)


def has_cjk(text: str) -> bool:
    return any(is_cjk(c) for c in text)


class VisibleText(HTMLParser):
    """The text a reader of a page sees (and hears), leaving out elements marked ``lang="zh…"``,
    scripts and styles; also the attributes shown as tooltips, placeholders, labels or button text.

    The ``<title>`` cannot mark a part of itself: it may repeat Chinese the page marks elsewhere (the
    person's name of the heading)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # open elements: (tag, hidden)
        self.parts: list[str] = []
        self.marked: set[str] = set()  # texts inside lang="zh…" elements
        self.title = ""

    @property
    def hidden(self) -> bool:
        return any(hidden for _, hidden in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        hidden = (attributes.get("lang") or "").lower().startswith("zh") or tag in ("script", "style")
        if not (hidden or self.hidden):
            for name in _SHOWN_ATTRIBUTES:
                if attributes.get(name):
                    self.parts.append(f"[{name}] {attributes[name]}")
            if tag in ("input", "button") and attributes.get("type") in ("submit", "button", "reset"):
                self.parts.append(f"[value] {attributes.get('value') or ''}")
        if tag not in _VOID:
            self.stack.append((tag, hidden))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        if not data.strip():
            return
        if self.stack and self.stack[-1][0] == "title":
            self.title += data
        elif self.hidden:
            if not any(tag in ("script", "style") for tag, _ in self.stack):
                self.marked.add(data.strip())
        else:
            self.parts.append(data.strip())

    def title_unmarked(self) -> str:
        """The title without the texts the page marks as Chinese."""
        title = self.title
        for text in sorted(self.marked, key=len, reverse=True):
            title = title.replace(text, "")
        return title.strip()


def chinese_outside_lang_zh(html: str) -> list[str]:
    """Each visible text (or shown attribute) with a CJK character outside a ``lang="zh…"`` element."""
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return [part for part in (f"[title] {parser.title_unmarked()}", *parser.parts) if has_cjk(part)]


def test_it_finds_chinese_outside_elements_marked_chinese() -> None:
    html = (
        '<p>Name: <span lang="zh">王芳</span> <b lang="zh-Hans">海州区<i>新浦</i></b> ok</p>'
        '<input type="submit" value="提交"><img alt="图"><p title="说明">fine</p>'
        "<script>var s = '脚本';</script><p>状态：<br>done</p><td data-label='金额'>1</td>"
    )
    assert chinese_outside_lang_zh(html) == [
        "[value] 提交",
        "[alt] 图",
        "[title] 说明",
        "状态：",
        "[data-label] 金额",
    ]
    assert chinese_outside_lang_zh('<p lang="zh">（不填）<span>、</span></p><p>(none), done.</p>') == []


def test_it_lets_the_title_repeat_what_the_page_marks_chinese() -> None:
    page = '<title>{} · Person</title><h1 lang="zh">王芳</h1>'
    assert chinese_outside_lang_zh(page.format("王芳")) == []
    assert chinese_outside_lang_zh(page.format("王芳 · 人员")) == ["[title] · 人员 · Person"]


# --- the site with rows on every page -------------------------------------------------------------------


@dataclass
class Site:
    # by role; "caseworker_2" is the second caseworker, "newcomer" a worker not yet registered
    accounts: dict[str, User]
    persons: dict[str, list[Person]]  # by caseworker key: people of their districts
    spot_checks: list[SpotCheck]
    organisation: Organisation
    roster: Submission
    failed_roster: Submission
    contributions: Submission
    run: ScreeningRun


def _login(user: User | None) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    return client


def _upload(client: Client, url: str, name: str, content: bytes, **data: str) -> Submission:
    response = client.post(url, {**data, "file": SimpleUploadedFile(name, content, content_type=XLSX)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Submission.objects.order_by("-pk").first()  # type: ignore[return-value]


def _site_build() -> Site:
    demo_load(persons=60, seed=20211108)
    accounts = {user.role: user for user in User.objects.order_by("-pk")}
    caseworkers = list(User.objects.filter(role=Role.CASEWORKER).order_by("pk"))
    accounts["caseworker"], accounts["caseworker_2"] = caseworkers
    accounts["newcomer"] = User.objects.create_user(
        "13900000099", DEMO_PASSWORD, name="新用户", role=Role.WORKER
    )
    worker = Person.objects.get(account=accounts[Role.WORKER])
    membership_record(
        actor=accounts["caseworker"],
        person=worker,
        kind=MembershipKind.LOAN_REQUESTED_FEN,
        valid_from=datetime.date(2025, 5, 1),
        value_number=15_000_000,
        source=MembershipSource.CASEWORKER_ENTRY,
        evidence_reference="DK-2025-001",
    )
    membership_record(
        actor=accounts["caseworker"],
        person=worker,
        kind=MembershipKind.EMPLOYMENT_FORM,
        valid_from=datetime.date(2020, 1, 1),
        valid_until=datetime.date(2021, 1, 1),
        value_text="employee",
        source=MembershipSource.HRSS_RECORDS,
    )
    checks = list(
        SpotCheck.objects.filter(registration__place_division__in=_districts(accounts["caseworker"]))
        .select_related("registration__person")
        .order_by("pk")
    )
    assert len(checks) >= 2, "the demo should draw spot checks in the caseworker's district"
    spot_check_record(
        actor=accounts["caseworker"], spot_check=checks[0], outcome="discrepancy", note="地址不符"
    )
    organisation = Organisation.objects.get(memberships__user=accounts[Role.ORGANISATION])
    member = _login(accounts[Role.ORGANISATION])
    bad = roster_row(2, income="三千")
    bad[1] = "320706199001011234"  # a wrong check digit
    roster = _upload(
        member,
        "/collection/rosters/",
        "名册.xlsx",
        xlsx([roster_row(1), bad]),
        organisation=str(organisation.pk),
        period="2025-05",
    )
    failed_roster = _upload(
        member,
        "/collection/rosters/",
        "空表.xlsx",
        xlsx([], headers=["姓名", "其他"]),
        organisation=str(organisation.pk),
        period="2025-04",
    )
    contributions = _upload(
        _login(accounts["caseworker"]),
        "/collection/contributions/",
        "缴费.xlsx",
        xlsx([contribution_row(1), contribution_row(2, paid="-1")], headers=CONTRIBUTION_HEADERS),
    )
    persons = {
        key: list(Person.objects.filter(district_code__in=_districts(accounts[key])).order_by("pk"))
        for key in ("caseworker", "caseworker_2")
    }
    return Site(
        accounts=accounts,
        persons=persons,
        spot_checks=checks,
        organisation=organisation,
        roster=roster,
        failed_roster=failed_roster,
        contributions=contributions,
        run=ScreeningRun.objects.order_by("-pk").first(),  # type: ignore[arg-type]
    )


def _districts(user: User) -> list[str]:
    return list(user.district_scopes.values_list("district_code", flat=True))


@pytest.fixture
def personas(db: None) -> dict[str, User]:
    return personas_create()


@pytest.fixture
def site(db: None, settings: LazySettings, tmp_path: Path) -> Iterator[Site]:
    settings.LINGHUO_SCREENING_IN_BACKGROUND = False
    settings.LINGHUO_IMPORT_IN_BACKGROUND = False
    settings.LINGHUO_SPOT_CHECK_SHARE = 1.0
    settings.DATA_DIR = tmp_path
    with time_machine.travel(NOW, tick=False):
        yield _site_build()


# --- every page, for every role ---------------------------------------------------------------------------

# Routes that answer with a file, JSON or a redirect, not a page; POST-only actions are asked for below.
NOT_PAGES = {
    "collection/templates/<str:name>": "a template file",
    "collection/submissions/<int:pk>/status.json": "JSON for the progress bar",
    "collection/submissions/<int:pk>/error-report/": "an .xlsx file",
    "registry/statistics/new-urban-employment.xlsx": "an .xlsx file",
    "insights/what-if.xlsx": "an .xlsx file (POST)",
    "insights/screening/start/": "POST, redirects",
    "i18n/setlang/": "POST, redirects",
    "accounts/logout/": "POST, redirects",
    "registry/me/end/": "POST, redirects",
    "registry/me/reveal/": "POST, asked for below",
    "registry/persons/<int:pk>/reveal/": "POST, asked for below",
    "registry/persons/<int:pk>/memberships/<int:membership_pk>/end/": "POST, asked for below",
    "registry/identity-checks/<int:pk>/confirm/": "POST, redirects",
    "registry/identity-checks/<int:pk>/reject/": "POST, redirects",
    "benefits/offers/<int:pk>/accept/": "POST, redirects",
    "benefits/offers/<int:pk>/decline/": "POST, redirects",
    "benefits/evidence/<int:pk>/": "a PDF, JPEG or PNG file",
    "benefits/organisation/offers/<int:pk>/accept/": "POST, redirects",
    "benefits/organisation/offers/<int:pk>/decline/": "POST, redirects",
    "benefits/disclosure/<int:pk>/objection/": "POST, redirects",
    "benefits/objections/<int:pk>/resolve/": "POST, redirects",
    "benefits/objections/<int:pk>/contact/": "POST, the objections page (tests/benefits/test_disclosure.py)",
    "payments/batches/<int:pk>/files/": "POST, redirects",
    "payments/batches/<int:pk>/return/": "POST, redirects",
    "payments/files/<int:pk>/download/": "a CSV file",
    "payments/payments/<int:pk>/account/": "POST, redirects",
    "payments/payments/<int:pk>/reverse/": "POST, redirects",
    "payments/referrals/files/": "POST, redirects",
    "payments/referrals/files/<int:pk>/download/": "a CSV file",
    "payments/referrals/answers/": "POST, redirects",
    "payments/mine/account/": "POST, redirects",
    "payments/organisation/account/save/": "POST, redirects",
    "market/postings/<int:pk>/apply/": "POST, redirects",
    "market/postings/<int:pk>/report/": "POST, redirects",
    "market/postings/<int:pk>/close/": "POST, redirects",
    "market/applications/<int:pk>/<slug:action>/": "POST, redirects",
    "market/disputes/<int:pk>/close/": "POST, redirects",
    "market/reports/<int:pk>/handle/": "POST, redirects",
}


def _paths(site: Site, key: str) -> dict[str, list[str]]:
    """For each page route, the URLs ``key`` asks for (real rows of theirs, or of others')."""
    own = site.persons.get(key) or site.persons["caseworker"]
    worker = Person.objects.get(account=site.accounts[Role.WORKER])
    people = [worker, *own[:4], *own[-2:]] if worker in own else [*own[:4], *own[-2:]]
    measures = ["一", "十二", "十五"] if key != "anonymous" else [str(i) for i in range(1, 19)]
    return {
        "": ["/"],
        "measures/<str:number>/": [f"/measures/{m}/" for m in measures],
        "calculator/": ["/calculator/"],
        "audit/": ["/audit/"],
        "accounts/login/": ["/accounts/login/", "/accounts/login/?next=/registry/me/"],
        "accounts/me/": ["/accounts/me/"],
        "accounts/users/": ["/accounts/users/"],
        "accounts/signup/": ["/accounts/signup/"],
        "accounts/signup/confirm/": ["/accounts/signup/confirm/"],  # its form: tests/accounts/test_signup.py
        "registry/me/": ["/registry/me/"],
        "registry/me/register/": ["/registry/me/register/"],
        "registry/persons/": ["/registry/persons/", "/registry/persons/?q=王", "/registry/persons/?q=nobody"],
        "registry/persons/<int:pk>/": [f"/registry/persons/{p.pk}/" for p in people],
        "registry/persons/<int:pk>/memberships/new/": [f"/registry/persons/{people[0].pk}/memberships/new/"],
        "registry/persons/<int:pk>/policies/": [f"/registry/persons/{p.pk}/policies/" for p in people[:3]],
        "registry/identity-checks/": ["/registry/identity-checks/", "/registry/identity-checks/?all=1"],
        "registry/spot-checks/": ["/registry/spot-checks/", "/registry/spot-checks/?all=1"],
        "registry/spot-checks/<int:pk>/": [f"/registry/spot-checks/{c.pk}/" for c in site.spot_checks[:3]],
        "registry/organisations/": ["/registry/organisations/"],
        "registry/organisations/<int:pk>/": [f"/registry/organisations/{site.organisation.pk}/"],
        "registry/my-policies/": ["/registry/my-policies/"],
        "registry/statistics/new-urban-employment/": [
            "/registry/statistics/new-urban-employment/",
            "/registry/statistics/new-urban-employment/?from=2025-06&to=2025-01",
        ],
        "collection/rosters/": ["/collection/rosters/"],
        "collection/contributions/": ["/collection/contributions/"],
        "collection/submissions/": ["/collection/submissions/"],
        "collection/submissions/<int:pk>/": [
            f"/collection/submissions/{s.pk}/" for s in (site.roster, site.failed_roster, site.contributions)
        ],
        "insights/screening/": ["/insights/screening/"],
        "insights/screening/<int:pk>/": [f"/insights/screening/{site.run.pk}/"],
        "insights/what-if/": ["/insights/what-if/"],
        "insights/dashboard/": ["/insights/dashboard/", "/insights/dashboard/?start=2025-06&end=2025-01"],
        "benefits/offers/": ["/benefits/offers/"],
        "benefits/queue/": ["/benefits/queue/"],
        "benefits/cases/<int:pk>/": [f"/benefits/cases/{pk}/" for pk in _case_per_state()],
        "benefits/overdue/": ["/benefits/overdue/"],
        "benefits/apply/": ["/benefits/apply/"],
        "benefits/apply/<str:measure>/": [
            "/benefits/apply/startup_subsidy_once/",
            "/benefits/apply/training_living_allowance/",
        ],
        "benefits/organisation/": ["/benefits/organisation/"],
        "benefits/disclosure/": ["/benefits/disclosure/"],
        "benefits/objections/": ["/benefits/objections/"],
        "payments/batches/": ["/payments/batches/"],
        "payments/batches/<int:pk>/": [
            f"/payments/batches/{pk}/"
            for pk in PaymentBatch.objects.order_by("pk").values_list("pk", flat=True)[:2]
        ],
        "payments/spending/": ["/payments/spending/"],
        "payments/mine/": ["/payments/mine/"],
        "payments/organisation/account/": ["/payments/organisation/account/"],
        "market/": ["/market/", "/market/?q=配送&order=nearest", "/market/?q=保洁&min_yuan=x&page=2"],
        "market/postings/<int:pk>/": [f"/market/postings/{pk}/" for pk in _market_postings(site, key)],
        "market/post/": ["/market/post/"],
        "market/mine/postings/": ["/market/mine/postings/"],
        "market/mine/applications/": ["/market/mine/applications/"],
        "market/profile/": ["/market/profile/"],
        "market/applications/<int:pk>/": [
            f"/market/applications/{pk}/" for pk in _gig_application_per_state()
        ],
        "market/disputes/": ["/market/disputes/", "/market/disputes/?status=closed"],
        "market/reports/": ["/market/reports/", "/market/reports/?status=handled"],
    }


def _market_postings(site: Site, key: str) -> list[int]:
    """A few postings of the demo's market: the newest, and the ones the visitor applied to or posted."""
    user = site.accounts.get(key)
    mine = (
        Posting.objects.filter(Q(poster=user) | Q(applications__worker=user))
        if user
        else Posting.objects.none()
    )
    newest = Posting.objects.order_by("-pk").values_list("pk", flat=True)[:2]
    return sorted({*newest, *mine.values_list("pk", flat=True)[:4]})


def _gig_application_per_state() -> list[int]:
    """The first gig application of each state the demo's market has (its pages to both sides)."""
    firsts = GigApplication.objects.values("status").annotate(first=Min("pk")).order_by("first")
    return [row["first"] for row in firsts]


def _case_per_state() -> list[int]:
    """The first case of each state the demo has (the casework pages of each)."""
    firsts = Case.objects.values("state").annotate(first=Min("pk")).order_by("first")
    return [row["first"] for row in firsts]


def _routes(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, route)
        else:
            yield route


def page_routes() -> set[str]:
    """Every route of the site that is not the API, a file, JSON or a POST-only action."""
    return {
        r for r in _routes(get_resolver().url_patterns) if not r.startswith("api/") and r not in NOT_PAGES
    }


def _chinese_on(client: Client, who: str, url: str, *, method: str = "GET", data: object = None) -> list[str]:
    response = client.post(url, data or {}) if method == "POST" else client.get(url)
    if response.status_code in (301, 302) or not response["Content-Type"].startswith("text/html"):
        return []
    html = response.content.decode()
    assert '<html lang="en">' in html, (who, url)
    return [
        f"{who} {method} {url} [{response.status_code}]: {text[:160]}"
        for text in chinese_outside_lang_zh(html)
    ]


def test_it_knows_the_urls_of_every_page(site: Site) -> None:
    assert sorted(page_routes() - set(_paths(site, "worker"))) == [], "a new page: add its URLs to _paths"


WHO = (
    "anonymous",
    "worker",
    "newcomer",
    "organisation",
    "caseworker",
    "caseworker_2",
    "reviewer",
    "finance",
    "manager",
    "admin",
)


def _visitors(site: Site) -> Iterator[tuple[str, Client]]:
    for key in WHO:
        yield key, _login(None if key == "anonymous" else site.accounts[key])


def test_it_shows_every_page_in_english_to_every_role(site: Site) -> None:
    found: list[str] = []
    routes = page_routes()
    for key, client in _visitors(site):
        paths = _paths(site, key)
        for route in sorted(routes):
            for url in paths[route]:
                found += _chinese_on(client, key, url)
    assert found == []


def _form_posts(site: Site) -> Iterator[tuple[str, str, dict[str, object]]]:
    """Forms sent with mistakes (and the POST-only pages that answer with a page), by whom."""
    worker = Person.objects.get(account=site.accounts[Role.WORKER])
    membership = GroupMembership.objects.filter(person=worker).order_by("pk").first()
    assert membership is not None
    person = site.persons["caseworker"][0]
    pending = site.spot_checks[1]
    yield "anonymous", "/accounts/login/", {"username": "13900000001", "password": "wrong-password"}
    yield "anonymous", "/accounts/login/", {"username": "139", "password": ""}
    yield "anonymous", "/calculator/", {"shown": "si_paid_fen", "si_paid_fen": "abc"}
    yield "anonymous", "/calculator/", {"shown": "employment_form", "employment_form": "part_time"}
    yield "anonymous", "/accounts/signup/", {"mobile": "139"}
    yield "newcomer", "/registry/me/register/", {}
    yield (
        "newcomer",
        "/registry/me/register/",
        {
            "name": "新用户",
            "id_number": "320706199001011234",
            "place_kind": "work",
            "place_division": "320706",
            "employment_form": "platform",
            "monthly_income_yuan": "-5",
            "commitment_version": "v0",
            "agree": "on",
        },
    )
    yield (
        "newcomer",
        "/registry/me/register/",
        {
            "name": "新用户",
            "id_number": id_number("110101", "19900101", 7),
            "place_kind": "work",
            "place_division": "320706",
            "employment_form": "platform",
            "commitment_version": "v0",
            "agree": "on",
        },
    )
    yield "worker", "/registry/me/reveal/", {}
    yield "caseworker", f"/registry/persons/{worker.pk}/reveal/", {}
    yield "caseworker", f"/registry/persons/{person.pk}/memberships/new/", {}
    yield (
        "caseworker",
        f"/registry/persons/{person.pk}/memberships/new/",
        {
            "kind": "business_kind",
            "valid_from": "2025-01-01",
            "value_text": "employee",
            "source": "caseworker_entry",
        },
    )
    yield (
        "caseworker",
        f"/registry/persons/{worker.pk}/memberships/{membership.pk}/end/",
        {"valid_until": "2000-01-01"},
    )
    yield "caseworker", f"/registry/spot-checks/{pending.pk}/", {"outcome": "discrepancy", "note": ""}
    yield "caseworker", f"/registry/spot-checks/{pending.pk}/", {}
    yield (
        "organisation",
        "/collection/rosters/",
        {
            "organisation": str(site.organisation.pk),
            "period": "2025-13",
            "file": SimpleUploadedFile("a.txt", b"x"),
        },
    )
    yield (
        "organisation",
        "/collection/rosters/",
        {
            "organisation": str(site.organisation.pk),
            "period": "2025-05",
            "file": SimpleUploadedFile("a.txt", b"x"),
        },
    )
    yield "caseworker", "/collection/contributions/", {}
    prepared = Case.objects.filter(state="prepared").order_by("pk").first()
    if prepared is not None:
        yield "reviewer", f"/benefits/cases/{prepared.pk}/", {"action": "reject", "reason_zh": ""}
        yield "reviewer", f"/benefits/cases/{prepared.pk}/", {"action": "prepare"}
    gig: dict[str, object] = {
        "title": "家庭保洁",
        "description": "日常保洁",
        "category": "cleaning",
        "district": "320706",
        "pay_yuan": "1.00",
        "pay_unit": "hour",
        "starts_on": "2025-06-17",
        "ends_on": "2025-06-20",
        "headcount": "1",
        "contact_name": "张女士",
        "contact_phone": "13912345678",
        "organisation": str(site.organisation.pk),
    }
    yield "organisation", "/market/post/", gig  # below the minimum wage: the engine's figures
    yield "organisation", "/market/post/", {**gig, "pay_yuan": "30", "description": "需交押金"}
    yield "organisation", "/market/post/", {**gig, "pay_yuan": ""}
    yield "worker", "/market/post/", {**gig, "pay_yuan": "30", "organisation": ""}
    yield "worker", "/market/profile/", {"districts": ["320706"]}
    yield "manager", "/insights/what-if/", {"on": "2019-01-01", "months": "0"}
    yield "manager", "/insights/what-if/", {"on": "2025-06-16", "months": "1"}
    ratio = "social_insurance_subsidy.ratio_on_minimum_base[default]"
    yield "manager", "/insights/what-if/", {"on": "2025-06-16", "months": "2", ratio: "1/2"}
    yield (
        "manager",
        "/insights/what-if/",
        {"on": "2025-06-16", "months": "1", "district": "320706", ratio: "1/2"},
    )


def test_it_shows_forms_with_mistakes_in_english(site: Site) -> None:
    found: list[str] = []
    for key, url, data in _form_posts(site):
        found += _chinese_on(
            _login(None if key == "anonymous" else site.accounts[key]), key, url, method="POST", data=data
        )
    assert found == []


# --- Chinese mode: errors in Chinese only ----------------------------------------------------------------


def _errors_of(html: str) -> list[str]:
    """The texts of the page's error messages (elements with role="alert" or class *error*)."""

    class Errors(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.depth = 0
            self.texts: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            a = dict(attrs)
            opens = self.depth or a.get("role") == "alert" or "error" in (a.get("class") or "")
            if opens and tag not in _VOID:
                self.depth += 1

        def handle_endtag(self, tag: str) -> None:
            if self.depth:
                self.depth -= 1

        def handle_data(self, data: str) -> None:
            if self.depth and data.strip():
                self.texts.append(data.strip())

    parser = Errors()
    parser.feed(html)
    return parser.texts


def _chinese_only(texts: list[str]) -> None:
    assert texts, "the page shows an error"
    for text in texts:
        assert has_cjk(text), text
        assert " / " not in text, text
        assert not any(
            word.isascii() and word.isalpha() and len(word) > 3 for word in text.replace("/", " ").split()
        ), text


def test_it_shows_a_login_form_error_in_chinese_only(db: None) -> None:
    response = Client().post("/accounts/login/", {"username": "139", "password": "x"})
    html = response.content.decode()
    assert "手机号" in html
    _chinese_only(_errors_of(html))


def test_it_shows_a_refused_identity_number_in_chinese_only(personas: dict[str, User]) -> None:
    client = Client()
    client.force_login(personas["worker"])
    response = client.post(
        "/registry/me/register/",
        {
            "name": "王灵工",
            "id_number": "320706199001011234",
            "place_kind": "work",
            "place_division": "320706",
            "employment_form": "platform",
            "commitment_version": "v0",
            "agree": "on",
        },
    )
    html = response.content.decode()
    assert "身份证" in html
    _chinese_only(_errors_of(html))


def test_it_refuses_an_upload_in_chinese_only(
    personas: dict[str, User], settings: LazySettings, tmp_path: Path
) -> None:
    settings.DATA_DIR = tmp_path
    client = Client()
    client.force_login(personas["organisation"])
    organisation = Organisation.objects.get(memberships__user=personas["organisation"])
    response = client.post(
        "/collection/rosters/",
        {
            "organisation": str(organisation.pk),
            "period": "2025-05",
            "file": SimpleUploadedFile("名册.txt", b"x"),
        },
    )
    assert response.status_code == 200
    _chinese_only(_errors_of(response.content.decode()))


def test_it_shows_a_statistics_error_in_chinese_only(personas: dict[str, User]) -> None:
    client = Client()
    client.force_login(personas["manager"])
    response = client.get("/registry/statistics/new-urban-employment/?from=2025-06&to=2025-01")
    assert response.status_code == 400
    _chinese_only(_errors_of(response.content.decode()))
