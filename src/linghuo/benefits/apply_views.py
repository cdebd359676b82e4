"""Pages of applications with evidence (一, 九), an evidence file, and an organisation's offers (五).

- ``/benefits/apply/``: the measures a worker applies for (the registry lacks facts they need);
- ``/benefits/apply/<measure>/``: the form asks only the facts the registry lacks and the evidence, runs
  the engine with them and shows the decision clause by clause; an eligible application is submitted;
- ``/benefits/evidence/<pk>/``: one evidence file, to the applicant, the case's caseworkers and reviewers
  (404 for anyone else; every opening audited);
- ``/benefits/organisation/``: a member's organisations' offers (accepted with one tap) and cases.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from linghuo.accounts import access
from linghuo.accounts.access import Permission
from linghuo.benefits import applications, selectors
from linghuo.benefits.errors import BenefitsError
from linghuo.benefits.models import Case, Evidence, OfferStatus, OrganisationOffer
from linghuo.policy.decisions import Decision as EngineDecision
from linghuo.policy.measures import registry
from linghuo.registry.selectors import organisations_of_member
from linghuo.site.language import chinese_or_english


def _title(code: str) -> str:
    found = registry().get(code)
    return chinese_or_english(found.title, found.title_en) if found is not None else code


def _conditions(decision: EngineDecision) -> list[tuple[str, str, bool]]:
    """(label, clause, passed) of each condition, members of an "any of" indented by the caller."""
    return [
        (chinese_or_english(c.label, c.label_en), c.clause, c.passed)
        for c in decision.conditions
        if "." not in c.code
    ]


@access.page_requires(Permission.WORKER_SELF_SERVICE)
def apply_index(request: HttpRequest) -> HttpResponse:
    """The measures applied for here, each with the evidence it needs."""
    items = [(code, _title(code), spec.evidence.label) for code, spec in applications.APPLICATIONS.items()]
    return render(request, "benefits/apply.html", {"items": items})


@access.page_requires(Permission.WORKER_SELF_SERVICE)
def apply_measure(request: HttpRequest, measure: str) -> HttpResponse:
    """The application form: the missing facts and the evidence; on POST, the decision clause by clause."""
    spec = applications.APPLICATIONS.get(measure)
    if spec is None:
        raise Http404("无需在此申请 / not applied for here")
    person = selectors.person_of(request.user)
    today = timezone.localdate()
    asked = applications.missing_facts(person, spec, on=today) if person is not None else ()
    context: dict[str, object] = {
        "measure": measure,
        "title": _title(measure),
        "spec": spec,
        "evidence_label": spec.evidence.label,
        "asked": [(f, chinese_or_english(f.label, f.label_en)) for f in asked],
        "has_person": person is not None,
        "max_mib": applications.evidence_max_bytes() // (1024 * 1024),
        "values": {},
    }
    if request.method == "POST" and person is not None:
        facts = {f.name: request.POST.get(f.name, "") for f in asked}
        context["values"] = {**facts, "business_key": request.POST.get("business_key", "")}
        try:
            result = applications.application_submit(
                person,
                measure,
                by=access.request_user(request),
                facts=facts,
                files=request.FILES.getlist("evidence"),
                business_key=request.POST.get("business_key", ""),
            )
        except BenefitsError as error:
            messages.error(request, chinese_or_english(error.chinese, error.english))
            return render(request, "benefits/apply_form.html", context, status=422)
        context["decision"] = result.decision
        context["conditions"] = _conditions(result.decision)
        context["case"] = result.case
        return render(request, "benefits/apply_result.html", context)
    return render(request, "benefits/apply_form.html", context)


def evidence_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    """One evidence file (an attachment, its type as checked on upload), audited; 404 to anyone who may
    not see it, so its existence is not told either."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    evidence = Evidence.objects.filter(pk=pk).first()
    if evidence is None:
        raise Http404("未找到该材料 / no such evidence")
    try:
        opened = applications.evidence_open(evidence, by=access.request_user(request))
    except BenefitsError:
        raise Http404("未找到该材料 / no such evidence") from None
    response = FileResponse(
        opened, as_attachment=True, filename=evidence.original_name, content_type=evidence.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@access.page_requires(Permission.ORGANISATION_SUBMIT)
def organisation(request: HttpRequest) -> HttpResponse:
    """The member's organisations: open offers with one-tap accept and decline, then their cases."""
    user = access.request_user(request)
    organisations = list(organisations_of_member(user))
    today: datetime.date = timezone.localdate()
    offers = OrganisationOffer.objects.filter(
        organisation__in=organisations, status=OfferStatus.OPEN, expires_on__gte=today
    ).select_related("organisation")
    cases = Case.objects.filter(organisation__in=organisations).select_related("organisation").order_by("-pk")
    context = {
        "organisations": organisations,
        "offers": [(o, _title(o.measure), _yuan(o.amount_max_fen)) for o in offers],
        "cases": [
            (c, _title(c.measure), chinese_or_english(c.rejection_reason_zh, c.rejection_reason_en))
            for c in cases[:50]
        ],
    }
    return render(request, "benefits/apply_organisation.html", context)


def _yuan(fen: int | None) -> str:
    return "" if not fen else f"{fen // 100}.{fen % 100:02d}"


def _member_offer(request: HttpRequest, pk: int) -> OrganisationOffer:
    organisations = organisations_of_member(access.request_user(request))
    offer = OrganisationOffer.objects.filter(pk=pk, organisation__in=organisations).first()
    if offer is None:
        raise Http404("未找到该待遇告知 / no such offer")
    return offer


@require_POST
@access.page_requires(Permission.ORGANISATION_SUBMIT)
def organisation_offer_accept(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _member_offer(request, pk)
    try:
        applications.organisation_offer_accept(offer, by=access.request_user(request))
    except BenefitsError as error:
        messages.error(request, chinese_or_english(error.chinese, error.english))
    else:
        messages.success(
            request, chinese_or_english("已确认，正在办理。", "Accepted: the case is under way.")
        )
    return redirect("benefits:organisation")


@require_POST
@access.page_requires(Permission.ORGANISATION_SUBMIT)
def organisation_offer_decline(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _member_offer(request, pk)
    try:
        applications.organisation_offer_decline(offer, by=access.request_user(request))
    except BenefitsError as error:
        messages.error(request, chinese_or_english(error.chinese, error.english))
    return redirect("benefits:organisation")
