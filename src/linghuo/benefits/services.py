"""Benefits' writes: offers, their answers, the casework transitions, entitlements, and what is due.

Every write runs in a transaction, locks the row it changes (``select_for_update``), checks the
declared transition (``benefits.workflow``), who may act (district scope, maker-checker), writes the
case's transition log and an audit entry (``linghuo.audit.services.audit_record``). Errors are
``benefits.errors`` (Chinese and English).
"""

from __future__ import annotations

import calendar
import datetime
import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from linghuo.accounts.access import Permission, user_has_permission, user_may_work_district
from linghuo.accounts.models import User
from linghuo.audit.services import audit_record
from linghuo.benefits import deadlines
from linghuo.benefits.decisions import decision_build
from linghuo.benefits.delivery import (
    DELIVERY,
    INCUBATOR_SUBSIDY,
    NEEDS_BUSINESS,
    OFFERED,
    SOCIAL_INSURANCE_SUBSIDY,
)
from linghuo.benefits.errors import BenefitsError, ConflictError, MakerCheckerError, NotAllowedError
from linghuo.benefits.models import (
    Case,
    CaseOrigin,
    CaseTransition,
    Decision,
    DecisionSource,
    Entitlement,
    EntitlementKind,
    EntitlementStatus,
    Offer,
    OfferStatus,
)
from linghuo.benefits.notify import Notice, notify, notify_many
from linghuo.benefits.publication import disclosure_publish
from linghuo.benefits.workflow import OPEN_STATES, Action, CaseState, transition_for
from linghuo.collection.models import ContributionRecord
from linghuo.insights.facts import SUBSIDISED_INSURANCE_TYPES, facts_frame_on, person_facts_on
from linghuo.insights.models import ScreeningResult, ScreeningRun
from linghuo.policy.engine import evaluate_many, evaluate_one, rules_version
from linghuo.policy.facts import SCHEMA
from linghuo.policy.measures import registry as measure_registry
from linghuo.policy.parameters import load as load_parameters
from linghuo.registry.access import user_may_work_person
from linghuo.registry.models import Organisation, Person
from linghuo.registry.selectors import benefits_may_flow

RUN_CHUNK = 2_000


class BenefitsAction(enum.StrEnum):
    OFFERS_MADE = "benefits.offers_made"
    OFFER_ACCEPTED = "benefits.offer_accepted"
    OFFER_DECLINED = "benefits.offer_declined"
    OFFERS_EXPIRED = "benefits.offers_expired"
    CASE_TRANSITION = "benefits.case_transition"
    CASES_ESCALATED = "benefits.cases_escalated"
    ENTITLEMENT_CREATED = "benefits.entitlement_created"
    ENTITLEMENT_REVOKED = "benefits.entitlement_revoked"


def person_may_receive(person: Person) -> bool:
    """The one place benefits asks whether anything may flow to ``person`` (their identity known to the
    bureau: ``registry.selectors.benefits_may_flow``)."""
    return benefits_may_flow(person)


def _today(now: datetime.datetime | None) -> datetime.date:
    return timezone.localdate(now or timezone.now())


def _title(measure: str) -> tuple[str, str]:
    found = measure_registry().get(measure)
    return (found.title, found.title_en) if found is not None else (measure, measure)


# --- offers ---------------------------------------------------------------------------------------


def _blocked(person_ids: Iterable[int], measures: Sequence[str]) -> set[tuple[int, str]]:
    """(person, measure) pairs that get no new offer: one open already, or a case open or approved."""
    ids = list(person_ids)
    offers = Offer.objects.filter(person_id__in=ids, measure__in=measures, status=OfferStatus.OPEN)
    cases = Case.objects.filter(
        person_id__in=ids, measure__in=measures, state__in=(*OPEN_STATES, CaseState.APPROVED)
    )
    pairs = set(offers.values_list("person_id", "measure"))
    pairs |= set(cases.values_list("person_id", "measure"))
    return pairs


def _offer_notice(offer: Offer, person: Person, expires: datetime.date) -> Notice:
    title_zh, title_en = _title(offer.measure)
    return Notice(
        person_id=person.pk,
        mobile_masked=person.mobile_masked,
        kind="offer",
        text_zh=f"【连云港人社】您符合“{title_zh}”条件，请在{expires:%Y年%m月%d日}前登录平台一键确认领取。",
        text_en=f"You qualify for {title_en}. Log in and accept it with one tap by {expires.isoformat()}.",
        offer_id=offer.pk,
    )


def _make_offers_one_by_one(decisions: list[Decision], expires: datetime.date) -> list[Offer]:
    made: list[Offer] = []
    for decision in decisions:
        decision.pk, decision._state.adding = None, True
        try:
            with transaction.atomic():
                decision.save(force_insert=True)
                made.append(
                    Offer.objects.create(
                        person=decision.person,
                        measure=decision.measure,
                        decision=decision,
                        expires_on=expires,
                    )
                )
        except IntegrityError:
            continue  # one open offer per entitlement (benefits_offer_one_open)
    return made


def _make_offers(decisions: list[Decision], *, today: datetime.date) -> list[Offer]:
    """Save ``decisions`` and an open offer of each, in bulk; when a pair got an open offer meanwhile
    (the partial unique index refuses the bulk insert), one by one, leaving that pair out."""
    expires = deadlines.offer_expires_on(today)
    try:
        with transaction.atomic():
            Decision.objects.bulk_create(decisions)
            made = Offer.objects.bulk_create(
                [Offer(person=d.person, measure=d.measure, decision=d, expires_on=expires) for d in decisions]
            )
    except IntegrityError:
        made = _make_offers_one_by_one(decisions, expires)
    notify_many([_offer_notice(offer, offer.person, expires) for offer in made])
    return made


def _offered_bits(run: ScreeningRun) -> dict[int, str]:
    return {i: code for i, code in enumerate(run.measures) if code in OFFERED}


def offers_from_run(run: ScreeningRun, *, today: datetime.date | None = None) -> int:
    """Offers to the people a finished run found newly eligible for an offered benefit (十二 符合即享受).

    Each offer keeps the decision evaluated again from the person's facts on the run's date (the stored
    snapshot); a person whose identity is unconfirmed, who already has an open offer or a case of the
    measure, or whom the rules in force no longer find eligible, gets none. Returns the offers made.
    """
    bits = _offered_bits(run)
    if not bits:
        return 0
    mask = sum(1 << i for i in bits)
    day = today or timezone.localdate()
    params = load_parameters()
    version, digest = rules_version(params), params.digest
    codes = list(bits.values())
    rows = (
        ScreeningResult.objects.filter(run=run)
        .alias(offered=F("newly_eligible").bitand(mask))
        .filter(offered__gt=0)
        .order_by("person_id")
        .values_list("person_id", "newly_eligible")
    )
    made = 0
    last = 0
    while True:
        chunk = list(rows.filter(person_id__gt=last)[:RUN_CHUNK])
        if not chunk:
            break
        last = chunk[-1][0]
        newly = dict(chunk)
        persons = {p.pk: p for p in Person.objects.filter(pk__in=newly) if person_may_receive(p)}
        blocked = _blocked(persons, codes)
        # each measure evaluated only for the persons the run found newly eligible for it and not blocked
        wanted = {
            code: [pk for pk in persons if newly[pk] >> bit & 1 and (pk, code) not in blocked]
            for bit, code in bits.items()
        }
        needed = sorted({pk for pks in wanted.values() for pk in pks})
        if not needed:
            continue
        facts = {
            int(row["person_id"]): {name: row[name] for name in SCHEMA}
            for frame in facts_frame_on(needed, on=run.on)
            for row in frame.iter_rows(named=True)
        }
        decisions: list[Decision] = []
        for code, pks in wanted.items():
            records = [facts[pk] for pk in pks if pk in facts]
            for record, evaluation in zip(
                records, evaluate_many(records, on=run.on, params=params, measures=[code]), strict=True
            ):
                engine = evaluation.decision(code)
                if engine.eligible:
                    person = persons[int(record["person_id"])]
                    decisions.append(
                        decision_build(
                            person,
                            engine,
                            facts=record,
                            on=run.on,
                            rules_version=version,
                            parameters_digest=digest,
                            source=DecisionSource.SCREENING_RUN,
                            run=run,
                        )
                    )
        decisions.sort(key=lambda d: (d.person_id, codes.index(d.measure)))
        with transaction.atomic():
            made += len(_make_offers(decisions, today=day))
    if made:
        audit_record(
            actor=None,
            action=BenefitsAction.OFFERS_MADE,
            object_type="benefits.offer",
            object_id=f"screening_run:{run.pk}",
            changes={"offers": made},
        )
    return made


def offers_for_person(
    person: Person,
    *,
    on: datetime.date,
    source: DecisionSource = DecisionSource.FACTS_CHANGE,
    today: datetime.date | None = None,
) -> list[Offer]:
    """Offers after a change of ``person``'s facts (a roster, a contribution record, a caseworker's edit).

    A measure is newly eligible when the engine finds the person eligible on ``on`` and their latest
    stored decision of it (if any) was not eligible; every change of eligibility is stored as a decision.
    """
    if not person_may_receive(person):
        return []
    facts = person_facts_on(person, on=on)
    params = load_parameters()
    evaluation = evaluate_one(facts, on=on, params=params, measures=list(OFFERED))
    version, digest = rules_version(params), params.digest
    blocked = _blocked([person.pk], OFFERED)
    latest: dict[str, bool] = {}
    for measure, eligible in (
        Decision.objects.filter(person=person, measure__in=OFFERED)
        .order_by("pk")
        .values_list("measure", "eligible")
    ):
        latest[measure] = eligible
    to_offer: list[Decision] = []
    with transaction.atomic():
        for code in OFFERED:
            engine = evaluation.decision(code)
            if latest.get(code) == engine.eligible:
                continue
            decision = decision_build(
                person,
                engine,
                facts=facts,
                on=on,
                rules_version=version,
                parameters_digest=digest,
                source=source,
            )
            if engine.eligible and (person.pk, code) not in blocked:
                to_offer.append(decision)
            else:
                decision.save(force_insert=True)
        made = _make_offers(to_offer, today=today or timezone.localdate())
    if made:
        audit_record(actor=None, action=BenefitsAction.OFFERS_MADE, obj=person, changes={"offers": len(made)})
    return made


def _acting_for(user: User | None, person: Person) -> bool:
    """The person themselves (their account), or a caseworker of their district on their behalf."""
    if user is None:
        return False
    if person.account_id is not None and person.account_id == user.pk:
        return user_has_permission(user, Permission.WORKER_SELF_SERVICE)
    return user_may_work_person(user, person)


def _locked_offer(offer: Offer) -> Offer:
    return Offer.objects.select_for_update().select_related("person").get(pk=offer.pk)


def _log(
    case: Case, action: str, source: str, *, by: User | None, at: datetime.datetime, **reasons: str
) -> None:
    CaseTransition.objects.create(
        case=case, action=action, from_state=source, to_state=case.state, by=by, at=at, **reasons
    )
    audit_record(
        actor=by,
        action=BenefitsAction.CASE_TRANSITION,
        obj=case,
        changes={"action": action, "from": source, "to": case.state},
    )


def offer_accept(offer: Offer, *, by: User | None, now: datetime.datetime | None = None) -> Case:
    """Accept an offer with one tap: the case is created, submitted, with its deadline. Accepting an
    accepted offer again gives the same case (a double tap, a retried request)."""
    at = now or timezone.now()
    with transaction.atomic():
        locked = _locked_offer(offer)
        if not _acting_for(by, locked.person):
            raise NotAllowedError("只能确认本人的待遇告知", "only the person offered may accept it")
        if locked.status == OfferStatus.ACCEPTED:
            return Case.objects.get(offer=locked)
        if locked.status == OfferStatus.OPEN and locked.expires_on < _today(at):
            _expire([locked.pk], at=at)
            locked.status = OfferStatus.EXPIRED
        if locked.status != OfferStatus.OPEN:
            raise ConflictError(
                f"该待遇告知已{OfferStatus(locked.status).label}，不能再确认",
                f"this offer is {locked.status} and can no longer be accepted",
            )
        Offer.objects.filter(pk=locked.pk).update(status=OfferStatus.ACCEPTED, responded_at=at)
        decision = locked.decision
        case = Case.objects.create(
            person=locked.person,
            measure=locked.measure,
            origin=CaseOrigin.OFFER,
            offer=locked,
            decision=decision,
            district=locked.person.district_code,
            submitted_at=at,
            due_on=deadlines.review_due_on(_today(at)),
        )
        _log(case, Action.SUBMIT, "", by=by, at=at)
        audit_record(actor=by, action=BenefitsAction.OFFER_ACCEPTED, obj=locked, changes={"case": case.pk})
    offer.refresh_from_db()
    return case


def offer_decline(offer: Offer, *, by: User | None, now: datetime.datetime | None = None) -> Offer:
    """Decline an open offer (recorded; a later change of facts may offer it again)."""
    at = now or timezone.now()
    with transaction.atomic():
        locked = _locked_offer(offer)
        if not _acting_for(by, locked.person):
            raise NotAllowedError("只能答复本人的待遇告知", "only the person offered may decline it")
        if locked.status == OfferStatus.DECLINED:
            return locked
        if locked.status != OfferStatus.OPEN:
            raise ConflictError(
                f"该待遇告知已{OfferStatus(locked.status).label}", f"this offer is already {locked.status}"
            )
        Offer.objects.filter(pk=locked.pk).update(status=OfferStatus.DECLINED, responded_at=at)
        audit_record(
            actor=by, action=BenefitsAction.OFFER_DECLINED, obj=locked, changes={"status": "declined"}
        )
    offer.refresh_from_db()
    return offer


def _expire(pks: Sequence[int], *, at: datetime.datetime) -> int:
    return Offer.objects.filter(pk__in=pks, status=OfferStatus.OPEN).update(
        status=OfferStatus.EXPIRED, responded_at=at
    )


def offers_expire(*, today: datetime.date, now: datetime.datetime | None = None) -> int:
    """Mark expired every open offer whose ``expires_on`` is before ``today``; returns how many."""
    at = now or timezone.now()
    with transaction.atomic():
        pks = list(
            Offer.objects.filter(status=OfferStatus.OPEN, expires_on__lt=today).values_list("pk", flat=True)
        )
        count = _expire(pks, at=at)
        if count:
            audit_record(
                actor=None,
                action=BenefitsAction.OFFERS_EXPIRED,
                object_type="benefits.offer",
                object_id=f"before:{today.isoformat()}",
                changes={"expired": count},
            )
    return count


def case_apply(
    person: Person,
    measure: str,
    *,
    by: User,
    organisation: Organisation | None = None,
    business_key: str = "",
    facts_added: Mapping[str, Any] | None = None,
    now: datetime.datetime | None = None,
) -> Case:
    """An application without an offer (the rules need facts the registry lacks: a business licence, a
    training certificate): the engine's decision on today's facts is stored with the case, whatever it
    says, and the caseworker checks the evidence. One open or approved case per person and measure.
    ``facts_added``: the facts the applicant gave that the registry lacks (kept in the decision's
    snapshot, so it replays)."""
    at = now or timezone.now()
    if measure not in DELIVERY:
        raise BenefitsError(f"“{measure}”不通过申请办理", f"{measure} is not applied for here")
    if not _acting_for(by, person):
        raise NotAllowedError("只能为本人或本人负责区县的人员申请", "you may only apply for yourself")
    if not person_may_receive(person):
        raise NotAllowedError(
            "身份尚未核实，核实后才能申请待遇", "the identity is not verified yet; apply once it is"
        )
    today = _today(at)
    params = load_parameters()
    facts = {**person_facts_on(person, on=today), **(facts_added or {})}
    engine = evaluate_one(facts, on=today, params=params, measures=[measure]).decision(measure)
    with transaction.atomic():
        if Case.objects.filter(
            person=person, measure=measure, state__in=(*OPEN_STATES, CaseState.APPROVED)
        ).exists():
            raise ConflictError("该待遇已有办理中或已批准的案件", "there is already an open or approved case")
        decision = decision_build(
            person,
            engine,
            facts=facts,
            on=today,
            rules_version=rules_version(params),
            parameters_digest=params.digest,
            source=DecisionSource.APPLICATION,
        )
        decision.save(force_insert=True)
        case = Case.objects.create(
            person=person,
            organisation=organisation,
            measure=measure,
            origin=CaseOrigin.APPLICATION,
            decision=decision,
            district=person.district_code,
            business_key=business_key.strip(),
            submitted_at=at,
            due_on=deadlines.review_due_on(today),
        )
        _log(case, Action.SUBMIT, "", by=by, at=at)
    return case


# --- casework -------------------------------------------------------------------------------------


def _may_work(user: User, case: Case) -> bool:
    """A caseworker of the person's district; for an organisation's case (五), of the case's district."""
    if case.organisation_id is not None:
        return user_may_work_district(user, case.district)
    return user_may_work_person(user, case.person)


def _may_check(user: User, case: Case) -> bool:
    """A second check: a caseworker of the case's district, or a reviewer (city-wide)."""
    return _may_work(user, case) or user_has_permission(user, Permission.CASE_REVIEW)


def _locked_case(case: Case) -> Case:
    # only the case row is locked (its decision is an outer join, which PostgreSQL does not lock)
    return Case.objects.select_for_update(of=("self",)).select_related("person", "decision").get(pk=case.pk)


def _reason_required(reason_zh: str, reason_en: str) -> tuple[str, str]:
    zh, en = reason_zh.strip(), reason_en.strip()
    if not zh or not en:
        raise BenefitsError(
            "不予批准须写明理由（中文和英文），理由将告知申请人",
            "a rejection needs a reason, in Chinese and in English; the applicant is shown it",
        )
    return zh, en


def case_prepare(
    case: Case,
    *,
    by: User,
    business_key: str = "",
    amount_fen: int | None = None,
    now: datetime.datetime | None = None,
) -> Case:
    """The maker's first check: evidence seen, the business key and amount confirmed where needed."""
    at = now or timezone.now()
    with transaction.atomic():
        locked = _locked_case(case)
        step = transition_for(Action.PREPARE, locked.state)
        if not _may_work(by, locked):
            raise NotAllowedError("只能经办本人负责区县的案件", "you may only work cases of your districts")
        key = business_key.strip() or locked.business_key
        if locked.measure in NEEDS_BUSINESS and not key:
            raise BenefitsError(
                "一次性创业补贴须填写经营主体的统一社会信用代码（营业执照号）",
                "the one-time start-up subsidy needs the business's licence number",
            )
        if amount_fen is not None and amount_fen < 0:
            raise BenefitsError("核定金额不能为负数", "the amount cannot be negative")
        locked.business_key = key
        if amount_fen is not None:
            locked.amount_fen = amount_fen
        locked.state, locked.prepared_by, locked.prepared_at = step.target, by, at
        locked.save(update_fields=["business_key", "amount_fen", "state", "prepared_by", "prepared_at"])
        _log(locked, step.action, step.source, by=by, at=at)
    return locked


def _entitlement_create(case: Case, *, at: datetime.datetime) -> Entitlement | None:
    kind = DELIVERY.get(case.measure)
    if kind is None:
        return None
    decision = case.decision
    amount = case.amount_fen if case.amount_fen is not None else (decision.amount_fen if decision else None)
    periodic = kind == EntitlementKind.PERIODIC
    period = deadlines.casework_params(_today(at)).text("casework.social_insurance_subsidy_period")
    try:
        with transaction.atomic():
            entitlement = Entitlement.objects.create(
                person=case.person,
                organisation=case.organisation,
                measure=case.measure,
                district=case.district,
                kind=kind,
                amount_fen=None if periodic else amount,
                months_cap=(decision.months if decision and decision.months else 0) if periodic else None,
                period=period if periodic else "",
                case=case,
                approved_at=at,
                business_key=case.business_key,
            )
    except IntegrityError:
        raise ConflictError(
            "一次性创业补贴每人、每个经营主体只能享受一次，已享受过",
            "the one-time start-up subsidy is given once per person and once per business, and was given",
        ) from None
    audit_record(
        actor=None,
        action=BenefitsAction.ENTITLEMENT_CREATED,
        obj=entitlement,
        changes={"case": case.pk, "measure": case.measure, "kind": kind},
    )
    disclosure_publish(entitlement, on=_today(at))  # 公示 from the day of approval
    return entitlement


INCUBATOR_MAXIMUM = "incubator_construction_subsidy.maximum_subsidy"


def _check_within_maximum(case: Case, *, on: datetime.date) -> None:
    """五 "按每家最高20万元给予建设补贴": an incubator's grant is approved only up to the maximum in force
    (the parameter ``incubator_construction_subsidy.maximum_subsidy``)."""
    if case.measure != INCUBATOR_SUBSIDY:
        return
    decision = case.decision
    amount = case.amount_fen if case.amount_fen is not None else (decision.amount_fen if decision else None)
    maximum = load_parameters().at(on).money(INCUBATOR_MAXIMUM)
    if amount is not None and amount > maximum:
        raise BenefitsError(
            f"核定金额超过建设补贴上限（每家最高{maximum // 100}元），不能批准",
            f"the amount is above the construction subsidy's maximum ({maximum // 100} yuan per base)",
        )


def _approve(locked: Case, step_action: str, *, by: User, at: datetime.datetime) -> Case:
    step = transition_for(step_action, locked.state)
    _check_within_maximum(locked, on=_today(at))
    locked.state, locked.approved_by, locked.decided_at = step.target, by, at
    if step.action == Action.RECONSIDER_APPROVE:
        locked.reconsidered_by, locked.reconsidered_at = by, at
    locked.due_on = None
    locked.save(
        update_fields=["state", "approved_by", "decided_at", "reconsidered_by", "reconsidered_at", "due_on"]
    )
    _log(locked, step.action, step.source, by=by, at=at)
    _entitlement_create(locked, at=at)
    title_zh, title_en = _title(locked.measure)
    notify(
        locked.person,
        kind="approved",
        text_zh=f"【连云港人社】您的“{title_zh}”申请已批准。",
        text_en=f"Your {title_en} has been approved.",
    )
    return locked


def _reject(
    locked: Case, step_action: str, *, by: User, reason_zh: str, reason_en: str, at: datetime.datetime
) -> Case:
    step = transition_for(step_action, locked.state)
    zh, en = _reason_required(reason_zh, reason_en)
    if step.action == Action.RECONSIDER_REJECT:
        locked.reconsidered_by, locked.reconsidered_at = by, at
    else:
        locked.rejected_by = by
    locked.state, locked.decided_at, locked.due_on = step.target, at, None
    locked.rejection_reason_zh, locked.rejection_reason_en = zh, en
    locked.save(
        update_fields=[
            "state",
            "rejected_by",
            "decided_at",
            "due_on",
            "rejection_reason_zh",
            "rejection_reason_en",
            "reconsidered_by",
            "reconsidered_at",
        ]
    )
    _log(locked, step.action, step.source, by=by, at=at, reason_zh=zh, reason_en=en)
    title_zh, title_en = _title(locked.measure)
    notify(
        locked.person,
        kind="rejected",
        text_zh=f"【连云港人社】您的“{title_zh}”申请未获批准，理由：{zh}",
        text_en=f"Your {title_en} was not approved. Reason: {en}",
    )
    return locked


def _check_second(locked: Case, by: User) -> None:
    if not _may_check(by, locked):
        raise NotAllowedError("只能审核本人负责区县的案件", "you may only check cases of your districts")
    if locked.prepared_by_id == by.pk:
        raise MakerCheckerError(
            "初审人不能批准或驳回自己初审的案件，须由另一名工作人员审核",
            "the person who prepared a case may not approve or reject it; another person checks it",
        )


def case_approve(case: Case, *, by: User, now: datetime.datetime | None = None) -> Case:
    """The checker approves a prepared case (never its preparer); the entitlement is created."""
    at = now or timezone.now()
    with transaction.atomic():
        locked = _locked_case(case)
        transition_for(Action.APPROVE, locked.state)
        _check_second(locked, by)
        return _approve(locked, Action.APPROVE, by=by, at=at)


def case_reject(
    case: Case, *, by: User, reason_zh: str, reason_en: str, now: datetime.datetime | None = None
) -> Case:
    """The checker rejects a prepared case with a reason in Chinese and English, shown to the applicant."""
    at = now or timezone.now()
    with transaction.atomic():
        locked = _locked_case(case)
        transition_for(Action.REJECT, locked.state)
        _check_second(locked, by)
        return _reject(locked, Action.REJECT, by=by, reason_zh=reason_zh, reason_en=reason_en, at=at)


def case_request_reconsideration(case: Case, *, by: User, now: datetime.datetime | None = None) -> Case:
    """The applicant asks for reconsideration (复核) of a rejection, within the window."""
    at = now or timezone.now()
    with transaction.atomic():
        locked = _locked_case(case)
        step = transition_for(Action.REQUEST_RECONSIDERATION, locked.state)
        person = locked.person
        if person.account_id is None or person.account_id != by.pk:
            raise NotAllowedError(
                "只有申请人本人可以申请复核", "only the applicant may ask for reconsideration"
            )
        if locked.reconsidered_at is not None:
            raise ConflictError("该案件已复核过，不能再次申请复核", "this case was already reconsidered")
        decided = timezone.localdate(locked.decided_at) if locked.decided_at else _today(at)
        last = deadlines.reconsideration_window_ends(decided)
        if _today(at) > last:
            raise ConflictError(
                f"申请复核的期限已于{last:%Y年%m月%d日}届满",
                f"the time to ask for reconsideration ended on {last}",
            )
        locked.state, locked.reconsideration_requested_at = step.target, at
        locked.due_on = deadlines.reconsideration_due_on(_today(at))
        locked.escalated_at = None
        locked.save(update_fields=["state", "reconsideration_requested_at", "due_on", "escalated_at"])
        _log(locked, step.action, step.source, by=by, at=at)
    return locked


def case_reconsider(
    case: Case,
    *,
    by: User,
    approve: bool,
    reason_zh: str = "",
    reason_en: str = "",
    now: datetime.datetime | None = None,
) -> Case:
    """Decide a reconsideration: by someone other than the first decider (and the preparer)."""
    at = now or timezone.now()
    with transaction.atomic():
        locked = _locked_case(case)
        action = Action.RECONSIDER_APPROVE if approve else Action.RECONSIDER_REJECT
        transition_for(action, locked.state)
        _check_second(locked, by)
        if locked.rejected_by_id == by.pk:
            raise MakerCheckerError(
                "复核须由原决定人以外的工作人员办理",
                "a reconsideration is decided by someone other than the first decider",
            )
        if approve:
            return _approve(locked, action, by=by, at=at)
        return _reject(locked, action, by=by, reason_zh=reason_zh, reason_en=reason_en, at=at)


def cases_escalate_overdue(*, today: datetime.date, now: datetime.datetime | None = None) -> int:
    """Flag as escalated (to the manager) every open case past its deadline not yet escalated."""
    at = now or timezone.now()
    with transaction.atomic():
        pks = list(
            Case.objects.filter(
                state__in=OPEN_STATES, due_on__lt=today, escalated_at__isnull=True
            ).values_list("pk", flat=True)
        )
        count = Case.objects.filter(pk__in=pks).update(escalated_at=at)
        if count:
            audit_record(
                actor=None,
                action=BenefitsAction.CASES_ESCALATED,
                object_type="benefits.case",
                object_id=f"overdue:{today.isoformat()}",
                changes={"escalated": count, "cases": ",".join(map(str, pks[:50]))},
            )
    return count


def revoke_entitlement(
    entitlement: Entitlement, *, by: User, reason: str, now: datetime.datetime | None = None
) -> Entitlement:
    """Revoke an entitlement (payments then recovers what was overpaid). A reason is required."""
    at = now or timezone.now()
    if not reason.strip():
        raise BenefitsError("撤销待遇须写明理由", "a revocation needs a reason")
    with transaction.atomic():
        locked = Entitlement.objects.select_for_update().select_related("person").get(pk=entitlement.pk)
        if not (user_may_work_person(by, locked.person) or user_has_permission(by, Permission.CASE_REVIEW)):
            raise NotAllowedError(
                "只能撤销本人负责区县的待遇", "you may only revoke entitlements of your districts"
            )
        if locked.status == EntitlementStatus.REVOKED:
            return locked
        locked.status, locked.revoked_at, locked.revoked_by = EntitlementStatus.REVOKED, at, by
        locked.revocation_reason = reason.strip()
        locked.save(update_fields=["status", "revoked_at", "revoked_by", "revocation_reason"])
        audit_record(
            actor=by, action=BenefitsAction.ENTITLEMENT_REVOKED, obj=locked, changes={"status": "revoked"}
        )
    return locked


# --- what is due ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DueMonth:
    month: datetime.date  # the month's first day
    amount_fen: int
    reason: str


def _months(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append(day)
        day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return months


def _month_end(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def months_due(
    entitlement: Entitlement,
    period_start: datetime.date,
    period_end: datetime.date,
    months_paid: int | Callable[[Entitlement], int] = 0,
) -> list[DueMonth]:
    """The months of ``period_start``–``period_end`` the social-insurance subsidy (十二) pays, with each
    month's amount from that month's contribution records (pension and medical premiums paid) by the
    engine, while the person still qualifies on the month's last day, up to ``months_cap`` minus the
    months already paid (``months_paid``: a count, or a callable payments gives). A month with no premium
    paid, or in which the person does not qualify (e.g. draws unemployment benefit), is not due.
    """
    if entitlement.kind != EntitlementKind.PERIODIC or entitlement.status != EntitlementStatus.ACTIVE:
        return []
    paid = months_paid(entitlement) if callable(months_paid) else months_paid
    left = (entitlement.months_cap or 0) - paid
    due: list[DueMonth] = []
    params = load_parameters()
    for month in _months(period_start, period_end):
        if left <= len(due):
            break
        premiums = list(
            ContributionRecord.objects.filter(
                person_id=entitlement.person_id,
                month=month,
                insurance_type__in=SUBSIDISED_INSURANCE_TYPES,
                paid_fen__gt=0,
            ).values_list("paid_fen", "minimum_base")
        )
        if not premiums:
            continue
        on = _month_end(month)
        facts: dict[str, Any] = person_facts_on(entitlement.person, on=on)
        facts["si_paid_fen"] = sum(p for p, _ in premiums)
        facts["si_claim_months"] = 1
        facts["si_base_is_minimum"] = all(m for _, m in premiums)
        # months used: those recorded before this entitlement, those paid on it, those due before this one
        facts["si_subsidy_months_used"] = (facts.get("si_subsidy_months_used") or 0) + paid + len(due)
        decision = evaluate_one(facts, on=on, params=params, measures=[SOCIAL_INSURANCE_SUBSIDY]).decision(
            SOCIAL_INSURANCE_SUBSIDY
        )
        if not decision.eligible or not decision.amount_fen:
            continue
        due.append(
            DueMonth(
                month=month,
                amount_fen=decision.amount_fen,
                reason=(
                    f"十二：{month:%Y-%m} 实缴 {facts['si_paid_fen']} 分，"
                    f"按补贴比例计 {decision.amount_fen} 分"
                ),
            )
        )
    return due
