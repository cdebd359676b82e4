"""Every role against every page and API endpoint of the site.

``MATRIX`` has one row per URL (and method): the path to request and the status each persona
expects. ``test_it_has_a_row_for_every_url`` walks the project's URL resolver and the API's OpenAPI
document and fails when a URL has no row (or a row names a URL that no longer exists): adding a page
or endpoint means adding its row here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest
from django.conf import LazySettings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from linghuo.accounts.models import User
from linghuo.api.root import api
from tests.accounts.personas import ANONYMOUS, PERSONA_KEYS

FORM = "application/x-www-form-urlencoded"


def expect(everyone: int, *, anonymous: int | None = None, **persona: int) -> dict[str, int]:
    """The status for every persona: ``everyone``, except ``anonymous`` and the personas named."""
    statuses = dict.fromkeys(PERSONA_KEYS, everyone)
    if anonymous is not None:
        statuses[ANONYMOUS] = anonymous
    unknown = set(persona) - set(PERSONA_KEYS)
    assert not unknown, f"unknown personas {unknown}"
    statuses.update(persona)
    return statuses


def only(status: int, roles: tuple[str, ...], *, others: int, anonymous: int) -> dict[str, int]:
    """``status`` for the personas in ``roles``, ``others`` for the rest of the logged-in ones."""
    return expect(others, anonymous=anonymous, **dict.fromkeys(roles, status))


@dataclass(frozen=True)
class Row:
    route: str  # the pattern as the resolver spells it, e.g. "accounts/me/" or "api/v1/me"
    statuses: dict[str, int]
    method: str = "GET"
    path: str | None = None  # the URL to request when the route has parameters
    data: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return self.path or "/" + self.route

    @property
    def id(self) -> str:
        return f"{self.method} /{self.route}"


CASEWORKERS = ("caseworker_320706", "caseworker_320722")
SCREENING = (*CASEWORKERS, "manager", "admin")

MATRIX: tuple[Row, ...] = (
    # Public pages
    Row("", expect(200)),
    Row("measures/<str:number>/", expect(200), path="/measures/十二/"),
    Row("calculator/", expect(200)),
    Row("audit/", only(200, ("manager", "admin"), others=403, anonymous=302)),
    Row("i18n/setlang/", expect(302), method="POST", data={"language": "en", "next": "/"}),
    # Accounts
    Row("accounts/login/", expect(302, anonymous=200)),
    Row("accounts/logout/", expect(302), method="POST"),
    Row("accounts/me/", expect(200, anonymous=302)),
    Row("accounts/users/", only(200, ("admin",), others=403, anonymous=302)),
    Row("accounts/signup/", expect(302, anonymous=200)),
    # without a code asked for first it sends back to the first step (logged in: home)
    Row("accounts/signup/confirm/", expect(302), method="POST"),
    # API: system
    Row("api/v1/", expect(200)),
    Row("api/v1/health", expect(200)),
    Row("api/v1/openapi.json", expect(200)),
    Row("api/v1/docs", expect(200)),
    # API: accounts and audit
    Row("api/v1/me", expect(200, anonymous=401)),
    Row("api/v1/audit/verify", only(200, ("manager", "admin"), others=403, anonymous=401)),
    # Registry pages (id 999999 exists nowhere: caseworkers get 404; district isolation with real
    # records is tested in tests/registry/test_district_isolation.py)
    Row("registry/me/", only(200, ("worker",), others=403, anonymous=302)),
    Row("registry/me/register/", only(200, ("worker",), others=403, anonymous=302)),
    Row("registry/me/end/", only(302, ("worker",), others=403, anonymous=302), method="POST"),
    Row("registry/me/reveal/", only(302, ("worker",), others=403, anonymous=302), method="POST"),
    Row("registry/persons/", only(200, CASEWORKERS, others=403, anonymous=302)),
    Row(
        "registry/persons/<int:pk>/",
        only(404, CASEWORKERS, others=403, anonymous=302),
        path="/registry/persons/999999/",
    ),
    Row(
        "registry/persons/<int:pk>/reveal/",
        only(404, CASEWORKERS, others=403, anonymous=302),
        method="POST",
        path="/registry/persons/999999/reveal/",
    ),
    Row(
        "registry/persons/<int:pk>/memberships/new/",
        only(404, CASEWORKERS, others=403, anonymous=302),
        path="/registry/persons/999999/memberships/new/",
    ),
    Row(
        "registry/persons/<int:pk>/memberships/<int:membership_pk>/end/",
        only(404, CASEWORKERS, others=403, anonymous=302),
        method="POST",
        path="/registry/persons/999999/memberships/1/end/",
    ),
    Row("registry/identity-checks/", only(200, CASEWORKERS, others=403, anonymous=302)),
    Row(
        "registry/identity-checks/<int:pk>/confirm/",
        only(404, CASEWORKERS, others=403, anonymous=302),
        method="POST",
        path="/registry/identity-checks/999999/confirm/",
    ),
    Row(
        "registry/identity-checks/<int:pk>/reject/",
        only(404, CASEWORKERS, others=403, anonymous=302),
        method="POST",
        path="/registry/identity-checks/999999/reject/",
    ),
    Row("registry/spot-checks/", only(200, CASEWORKERS, others=403, anonymous=302)),
    Row(
        "registry/spot-checks/<int:pk>/",
        only(404, CASEWORKERS, others=403, anonymous=302),
        path="/registry/spot-checks/999999/",
    ),
    Row("registry/organisations/", only(200, ("organisation",), others=403, anonymous=302)),
    Row(
        "registry/organisations/<int:pk>/",
        only(404, ("organisation",), others=403, anonymous=302),
        path="/registry/organisations/999999/",
    ),
    # Registry and rules engine: my policies, a person's policies, new urban employment (十五)
    Row("registry/my-policies/", only(200, ("worker",), others=403, anonymous=302)),
    Row(
        "registry/persons/<int:pk>/policies/",
        only(404, CASEWORKERS, others=403, anonymous=302),
        path="/registry/persons/999999/policies/",
    ),
    Row(
        "registry/statistics/new-urban-employment/",
        only(200, (*CASEWORKERS, "manager", "admin"), others=403, anonymous=302),
    ),
    Row(
        "registry/statistics/new-urban-employment.xlsx",
        only(200, (*CASEWORKERS, "manager", "admin"), others=403, anonymous=302),
    ),
    # API: the rules engine, a public calculator (access.PUBLIC)
    Row("api/v1/eligibility", expect(422), method="POST"),
    Row("api/v1/measures", expect(200)),
    # API: registry
    Row("api/v1/registry/commitment", expect(200)),
    Row("api/v1/registry/persons", only(200, CASEWORKERS, others=403, anonymous=401)),
    Row(
        "api/v1/registry/persons/<person_id>",
        only(404, CASEWORKERS, others=403, anonymous=401),
        path="/api/v1/registry/persons/999999",
    ),
    Row(
        "api/v1/registry/persons/<person_id>/memberships",
        only(404, CASEWORKERS, others=403, anonymous=401),
        path="/api/v1/registry/persons/999999/memberships",
    ),
    Row(
        "api/v1/registry/persons/<person_id>/memberships",
        only(422, CASEWORKERS, others=403, anonymous=401),
        method="POST",
        path="/api/v1/registry/persons/999999/memberships",
    ),
    Row("api/v1/registry/registrations/mine", only(404, ("worker",), others=403, anonymous=401)),
    Row("api/v1/registry/registrations", only(422, ("worker",), others=403, anonymous=401), method="POST"),
    Row(
        "api/v1/registry/registrations/mine/end",
        only(422, ("worker",), others=403, anonymous=401),
        method="POST",
    ),
    Row("api/v1/registry/organisations/mine", only(200, ("organisation",), others=403, anonymous=401)),
    Row(
        "api/v1/registry/organisations/<organisation_id>",
        only(404, ("organisation",), others=403, anonymous=401),
        path="/api/v1/registry/organisations/999999",
    ),
    # Information collection: rosters and contribution records (id 999999 exists nowhere; who sees a real
    # submission is tested in tests/collection/test_access.py)
    Row("collection/templates/<str:name>", expect(200), path="/collection/templates/roster.xlsx"),
    Row("collection/rosters/", only(200, ("organisation",), others=403, anonymous=302)),
    Row("collection/contributions/", only(200, (*CASEWORKERS, "admin"), others=403, anonymous=302)),
    Row("collection/submissions/", only(200, (*CASEWORKERS, "manager", "admin"), others=403, anonymous=302)),
    Row(
        "collection/submissions/<int:pk>/", expect(404, anonymous=302), path="/collection/submissions/999999/"
    ),
    Row(
        "collection/submissions/<int:pk>/status.json",
        expect(404, anonymous=302),
        path="/collection/submissions/999999/status.json",
    ),
    Row(
        "collection/submissions/<int:pk>/error-report/",
        expect(404, anonymous=302),
        path="/collection/submissions/999999/error-report/",
    ),
    # Insights: registry screening runs (caseworkers see progress and their districts' figures; managers
    # and admins start runs) and the managers' what-if page
    Row("insights/screening/", only(200, SCREENING, others=403, anonymous=302)),
    Row(
        "insights/screening/start/", only(302, ("manager", "admin"), others=403, anonymous=302), method="POST"
    ),
    Row(
        "insights/screening/<int:pk>/",
        only(404, SCREENING, others=403, anonymous=302),
        path="/insights/screening/999999/",
    ),
    Row("insights/what-if/", only(200, ("manager", "admin"), others=403, anonymous=302)),
    Row("insights/what-if.xlsx", only(200, ("manager", "admin"), others=403, anonymous=302), method="POST"),
    Row("insights/dashboard/", only(200, ("manager", "admin"), others=403, anonymous=302)),
    Row("api/v1/screening-runs", only(200, SCREENING, others=403, anonymous=401)),
    Row(
        "api/v1/screening-runs/<run_id>",
        only(404, SCREENING, others=403, anonymous=401),
        path="/api/v1/screening-runs/999999",
    ),
    Row("api/v1/rosters", only(422, ("organisation",), others=403, anonymous=401), method="POST"),
    Row("api/v1/contributions", only(422, (*CASEWORKERS, "admin"), others=403, anonymous=401), method="POST"),
    Row("api/v1/rosters/<submission_id>", expect(404, anonymous=401), path="/api/v1/rosters/999999"),
    Row(
        "api/v1/rosters/<submission_id>/error-report",
        expect(404, anonymous=401),
        path="/api/v1/rosters/999999/error-report",
    ),
    Row(
        "api/v1/contributions/<submission_id>",
        expect(404, anonymous=401),
        path="/api/v1/contributions/999999",
    ),
    Row(
        "api/v1/contributions/<submission_id>/error-report",
        expect(404, anonymous=401),
        path="/api/v1/contributions/999999/error-report",
    ),
    # Benefits pages: the worker's offers with one-tap accept (the worker persona has no registry record)
    Row("benefits/offers/", only(200, ("worker",), others=403, anonymous=302)),
    Row(
        "benefits/offers/<int:pk>/accept/",
        only(404, ("worker",), others=403, anonymous=302),
        method="POST",
        path="/benefits/offers/999999/accept/",
    ),
    Row(
        "benefits/offers/<int:pk>/decline/",
        only(404, ("worker",), others=403, anonymous=302),
        method="POST",
        path="/benefits/offers/999999/decline/",
    ),
    # Public disclosure (公示): anyone reads it and objects (id 999999 exists nowhere: 404); reviewers
    # resolve objections
    Row("benefits/disclosure/", expect(200)),
    Row(
        "benefits/disclosure/<int:pk>/objection/",
        expect(404),
        method="POST",
        path="/benefits/disclosure/999999/objection/",
    ),
    Row("benefits/objections/", only(200, ("reviewer",), others=403, anonymous=302)),
    Row(
        "benefits/objections/<int:pk>/resolve/",
        only(404, ("reviewer",), others=403, anonymous=302),
        method="POST",
        path="/benefits/objections/999999/resolve/",
    ),
    Row(
        "benefits/objections/<int:pk>/contact/",
        only(404, ("reviewer",), others=403, anonymous=302),
        method="POST",
        path="/benefits/objections/999999/contact/",
    ),
    # Casework pages: the caseworkers' and reviewer's queue and a case (id 999999 exists nowhere: 404),
    # the manager's overdue and escalated cases
    Row("benefits/queue/", only(200, (*CASEWORKERS, "reviewer"), others=403, anonymous=302)),
    Row(
        "benefits/cases/<int:pk>/",
        only(404, (*CASEWORKERS, "reviewer"), others=403, anonymous=302),
        path="/benefits/cases/999999/",
    ),
    Row(
        "benefits/cases/<int:pk>/",
        only(404, (*CASEWORKERS, "reviewer"), others=403, anonymous=302),
        method="POST",
        path="/benefits/cases/999999/",
        data={"action": "approve"},
    ),
    Row("benefits/overdue/", only(200, ("manager",), others=403, anonymous=302)),
    # API: benefits — the applicant's offers and cases (the worker persona has no registry record: no
    # offers, 404 for one), the caseworkers' and reviewer's queue and decisions, the manager's overdue cases
    Row("api/v1/benefits/offers", only(200, ("worker",), others=403, anonymous=401)),
    Row(
        "api/v1/benefits/offers/<offer_id>/accept",
        only(404, ("worker",), others=403, anonymous=401),
        method="POST",
        path="/api/v1/benefits/offers/999999/accept",
    ),
    Row(
        "api/v1/benefits/offers/<offer_id>/decline",
        only(404, ("worker",), others=403, anonymous=401),
        method="POST",
        path="/api/v1/benefits/offers/999999/decline",
    ),
    Row("api/v1/benefits/cases/mine", only(200, ("worker",), others=403, anonymous=401)),
    Row(
        "api/v1/benefits/cases/<case_id>/reconsideration",
        only(404, ("worker",), others=403, anonymous=401),
        method="POST",
        path="/api/v1/benefits/cases/999999/reconsideration",
    ),
    Row("api/v1/benefits/queue", only(200, (*CASEWORKERS, "reviewer"), others=403, anonymous=401)),
    Row(
        "api/v1/benefits/cases/<case_id>/prepare",
        only(422, CASEWORKERS, others=403, anonymous=401),
        method="POST",
        path="/api/v1/benefits/cases/999999/prepare",
    ),
    Row(
        "api/v1/benefits/cases/<case_id>/approve",
        only(404, (*CASEWORKERS, "reviewer"), others=403, anonymous=401),
        method="POST",
        path="/api/v1/benefits/cases/999999/approve",
    ),
    Row(
        "api/v1/benefits/cases/<case_id>/reject",
        only(422, (*CASEWORKERS, "reviewer"), others=403, anonymous=401),
        method="POST",
        path="/api/v1/benefits/cases/999999/reject",
    ),
    Row(
        "api/v1/benefits/cases/<case_id>/reconsider",
        only(422, (*CASEWORKERS, "reviewer"), others=403, anonymous=401),
        method="POST",
        path="/api/v1/benefits/cases/999999/reconsider",
    ),
    Row("api/v1/benefits/overdue", only(200, ("manager",), others=403, anonymous=401)),
    # API: public disclosure (公示) and objections (anyone; an empty body is refused with 422)
    Row("api/v1/benefits/disclosure", expect(200)),
    Row(
        "api/v1/benefits/disclosure/<disclosure_id>/objections",
        expect(422),
        method="POST",
        path="/api/v1/benefits/disclosure/999999/objections",
    ),
    # Applications with evidence (一, 九), an evidence file (404 to all but the case's people), and an
    # organisation's offers (五; the organisation persona's offers: none, 404 for one)
    Row("benefits/apply/", only(200, ("worker",), others=403, anonymous=302)),
    Row(
        "benefits/apply/<str:measure>/",
        only(200, ("worker",), others=403, anonymous=302),
        path="/benefits/apply/startup_subsidy_once/",
    ),
    Row("benefits/evidence/<int:pk>/", expect(404, anonymous=302), path="/benefits/evidence/999999/"),
    Row("benefits/organisation/", only(200, ("organisation",), others=403, anonymous=302)),
    Row(
        "benefits/organisation/offers/<int:pk>/accept/",
        only(404, ("organisation",), others=403, anonymous=302),
        method="POST",
        path="/benefits/organisation/offers/999999/accept/",
    ),
    Row(
        "benefits/organisation/offers/<int:pk>/decline/",
        only(404, ("organisation",), others=403, anonymous=302),
        method="POST",
        path="/benefits/organisation/offers/999999/decline/",
    ),
    # API: the social-insurance subsidy's extension (十二), prepared and approved by two people, and an
    # incubator's selection recorded by a caseworker (五)
    Row(
        "api/v1/benefits/entitlements/<entitlement_id>/extension",
        only(422, CASEWORKERS, others=403, anonymous=401),
        method="POST",
        path="/api/v1/benefits/entitlements/999999/extension",
    ),
    Row(
        "api/v1/benefits/extensions/<extension_id>/approve",
        only(404, (*CASEWORKERS, "reviewer"), others=403, anonymous=401),
        method="POST",
        path="/api/v1/benefits/extensions/999999/approve",
    ),
    Row(
        "api/v1/benefits/organisations/<organisation_id>/incubator-selection",
        only(422, CASEWORKERS, others=403, anonymous=401),
        method="POST",
        path="/api/v1/benefits/organisations/999999/incubator-selection",
    ),
    # API: payments (finance)
    Row("api/v1/payments/batches", only(200, ("finance",), others=403, anonymous=401)),
    Row("api/v1/payments/batches", only(422, ("finance",), others=403, anonymous=401), method="POST"),
    Row(
        "api/v1/payments/batches/<batch_id>",
        only(404, ("finance",), others=403, anonymous=401),
        path="/api/v1/payments/batches/999999",
    ),
    Row(
        "api/v1/payments/batches/<batch_id>/files",
        only(404, ("finance",), others=403, anonymous=401),
        method="POST",
        path="/api/v1/payments/batches/999999/files",
    ),
    Row(
        "api/v1/payments/batches/<batch_id>/reconciliation",
        only(404, ("finance",), others=403, anonymous=401),
        path="/api/v1/payments/batches/999999/reconciliation",
    ),
    Row(
        "api/v1/payments/files/<file_id>",
        only(404, ("finance",), others=403, anonymous=401),
        path="/api/v1/payments/files/999999",
    ),
    Row("api/v1/payments/returns", only(422, ("finance",), others=403, anonymous=401), method="POST"),
    Row(
        "api/v1/payments/referrals/<referral_id>/answer",
        only(422, ("finance",), others=403, anonymous=401),
        method="POST",
        path="/api/v1/payments/referrals/999999/answer",
    ),
    # Payments pages (finance) and spending (manager, administrator, finance)
    Row("payments/batches/", only(200, ("finance",), others=403, anonymous=302)),
    Row("payments/batches/", only(200, ("finance",), others=403, anonymous=302), method="POST"),
    Row(
        "payments/batches/<int:pk>/",
        only(404, ("finance",), others=403, anonymous=302),
        path="/payments/batches/999999/",
    ),
    Row(
        "payments/batches/<int:pk>/files/",
        only(404, ("finance",), others=403, anonymous=302),
        method="POST",
        path="/payments/batches/999999/files/",
    ),
    Row(
        "payments/batches/<int:pk>/return/",
        only(404, ("finance",), others=403, anonymous=302),
        method="POST",
        path="/payments/batches/999999/return/",
    ),
    Row(
        "payments/files/<int:pk>/download/",
        only(404, ("finance",), others=403, anonymous=302),
        path="/payments/files/999999/download/",
    ),
    Row(
        "payments/payments/<int:pk>/account/",
        only(404, ("finance",), others=403, anonymous=302),
        method="POST",
        path="/payments/payments/999999/account/",
    ),
    Row(
        "payments/payments/<int:pk>/reverse/",
        only(404, ("finance",), others=403, anonymous=302),
        method="POST",
        path="/payments/payments/999999/reverse/",
    ),
    Row("payments/referrals/files/", only(302, ("finance",), others=403, anonymous=302), method="POST"),
    Row(
        "payments/referrals/files/<int:pk>/download/",
        only(404, ("finance",), others=403, anonymous=302),
        path="/payments/referrals/files/999999/download/",
    ),
    Row("payments/referrals/answers/", only(302, ("finance",), others=403, anonymous=302), method="POST"),
    Row("payments/spending/", only(200, ("finance", "manager", "admin"), others=403, anonymous=302)),
    Row("payments/mine/", only(200, ("worker",), others=403, anonymous=302)),
    Row("payments/mine/account/", only(302, ("worker",), others=403, anonymous=302), method="POST"),
    Row("payments/organisation/account/", only(200, ("organisation",), others=403, anonymous=302)),
    Row(
        "payments/organisation/account/save/",
        only(404, ("organisation",), others=403, anonymous=302),  # not one of the member's organisations
        method="POST",
        data={"organisation": "999999", "number": "6217001234000099887", "bank_name": "建设银行"},
    ),
    # The gig market (十三): anyone searches and reads a posting (id 999999 exists nowhere: 404); workers
    # and organisation members post; workers apply and keep a profile; the two sides of an application
    # act on it (404 to anyone else); caseworkers handle disputes and reports in their districts
    Row("market/", expect(200)),
    Row("market/postings/<int:pk>/", expect(404), path="/market/postings/999999/"),
    Row(
        "market/postings/<int:pk>/apply/",
        only(404, ("worker",), others=403, anonymous=302),
        method="POST",
        path="/market/postings/999999/apply/",
    ),
    Row(
        "market/postings/<int:pk>/report/",
        expect(404, anonymous=302),
        method="POST",
        path="/market/postings/999999/report/",
    ),
    Row(
        "market/postings/<int:pk>/close/",
        only(404, ("worker", "organisation"), others=403, anonymous=302),
        method="POST",
        path="/market/postings/999999/close/",
    ),
    Row("market/post/", only(200, ("worker", "organisation"), others=403, anonymous=302)),
    Row("market/mine/postings/", only(200, ("worker", "organisation"), others=403, anonymous=302)),
    Row("market/mine/applications/", only(200, ("worker",), others=403, anonymous=302)),
    Row("market/profile/", only(200, ("worker",), others=403, anonymous=302)),
    Row("market/applications/<int:pk>/", expect(404, anonymous=302), path="/market/applications/999999/"),
    Row(
        "market/applications/<int:pk>/<slug:action>/",
        expect(404, anonymous=302),
        method="POST",
        path="/market/applications/999999/hire/",
    ),
    Row("market/disputes/", only(200, CASEWORKERS, others=403, anonymous=302)),
    Row(
        "market/disputes/<int:pk>/close/",
        only(404, CASEWORKERS, others=403, anonymous=302),
        method="POST",
        path="/market/disputes/999999/close/",
    ),
    Row("market/reports/", only(200, CASEWORKERS, others=403, anonymous=302)),
    Row(
        "market/reports/<int:pk>/handle/",
        only(404, CASEWORKERS, others=403, anonymous=302),
        method="POST",
        path="/market/reports/999999/handle/",
    ),
    # API: the gig market (an empty form body is refused with 422 where a body is read)
    Row("api/v1/market/postings", expect(200)),
    Row(
        "api/v1/market/postings",
        only(422, ("worker", "organisation"), others=403, anonymous=401),
        method="POST",
    ),
    Row("api/v1/market/postings/<posting_id>", expect(404), path="/api/v1/market/postings/999999"),
    Row(
        "api/v1/market/postings/<posting_id>/close",
        expect(404, anonymous=401),
        method="POST",
        path="/api/v1/market/postings/999999/close",
    ),
    Row(
        "api/v1/market/postings/<posting_id>/contact",
        expect(404, anonymous=401),
        path="/api/v1/market/postings/999999/contact",
    ),
    Row(
        "api/v1/market/postings/<posting_id>/applications",
        expect(404, anonymous=401),
        path="/api/v1/market/postings/999999/applications",
    ),
    Row(
        "api/v1/market/postings/<posting_id>/applications",
        only(422, ("worker",), others=403, anonymous=401),
        method="POST",
        path="/api/v1/market/postings/999999/applications",
    ),
    Row(
        "api/v1/market/postings/<posting_id>/reports",
        expect(422, anonymous=401),
        method="POST",
        path="/api/v1/market/postings/999999/reports",
    ),
    Row("api/v1/market/mine/postings", only(200, ("worker", "organisation"), others=403, anonymous=401)),
    Row("api/v1/market/mine/applications", only(200, ("worker",), others=403, anonymous=401)),
    Row("api/v1/market/profile", only(404, ("worker",), others=403, anonymous=401)),
    Row("api/v1/market/profile", only(422, ("worker",), others=403, anonymous=401), method="PUT"),
    *(
        Row(
            f"api/v1/market/applications/<application_id>/{step}",
            expect(404, anonymous=401),
            method="POST",
            path=f"/api/v1/market/applications/999999/{step}",
        )
        for step in ("hire", "decline", "withdraw")
    ),
    *(
        Row(
            f"api/v1/market/applications/<application_id>/{step}",
            expect(422, anonymous=401),
            method="POST",
            path=f"/api/v1/market/applications/999999/{step}",
        )
        for step in ("confirm", "ratings", "disputes")
    ),
    Row("api/v1/market/disputes", only(200, CASEWORKERS, others=403, anonymous=401)),
    Row(
        "api/v1/market/disputes/<dispute_id>/close",
        only(422, CASEWORKERS, others=403, anonymous=401),
        method="POST",
        path="/api/v1/market/disputes/999999/close",
    ),
    Row("api/v1/market/reports", only(200, CASEWORKERS, others=403, anonymous=401)),
    Row(
        "api/v1/market/reports/<report_id>/handle",
        only(422, CASEWORKERS, others=403, anonymous=401),
        method="POST",
        path="/api/v1/market/reports/999999/handle",
    ),
)


def _walk(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, route)
        else:
            yield route


def site_routes() -> set[str]:
    """Every route of the project's URL configuration, API paths included."""
    return set(_walk(get_resolver().url_patterns))


def api_operations() -> set[tuple[str, str]]:
    """Every (method, route) of the API's OpenAPI document."""
    schema = api.get_openapi_schema()
    return {
        (method.upper(), path.lstrip("/").replace("{", "<").replace("}", ">"))
        for path, operations in schema["paths"].items()
        for method in operations
    }


def test_it_has_a_row_for_every_url() -> None:
    rows = {row.route for row in MATRIX}
    routes = site_routes()
    assert sorted(routes - rows) == [], "URLs without a row in the role matrix: add them to MATRIX"
    assert sorted(rows - routes) == [], "rows for URLs that no longer exist: remove them from MATRIX"


def test_it_has_a_row_for_every_api_operation() -> None:
    rows = {(row.method, row.route) for row in MATRIX}
    missing = sorted(op for op in api_operations() if op not in rows)
    assert missing == [], "API operations without a row in the role matrix"


def test_it_names_every_persona_in_every_row() -> None:
    for row in MATRIX:
        assert set(row.statuses) == set(PERSONA_KEYS), row.id


@pytest.fixture(autouse=True)
def _screening_in_the_request(settings: LazySettings) -> None:
    settings.LINGHUO_SCREENING_IN_BACKGROUND = False  # a started run finishes before the next persona asks


@pytest.mark.django_db
@pytest.mark.parametrize("row", MATRIX, ids=lambda row: row.id)
def test_it_answers_each_persona_as_the_matrix_says(row: Row, personas: dict[str, User]) -> None:
    answers: dict[str, int] = {}
    for key in PERSONA_KEYS:
        client = Client()
        if key != ANONYMOUS:
            client.force_login(personas[key])
        response = client.generic(row.method, row.url, data=urlencode(row.data), content_type=FORM)
        answers[key] = response.status_code
        if response.status_code in (401, 403) and row.route.startswith("api/"):
            assert any("\u4e00" <= ch <= "\u9fff" for ch in response.json()["detail"]), (row.id, key)
        if (
            key == ANONYMOUS
            and response.status_code == 302
            and row.statuses[key] == 302
            and row.method == "GET"
        ):
            assert response["Location"].startswith("/accounts/login/"), row.id
    assert answers == row.statuses
