"""The guaranteed start-up loan (一): referrals to the partner bank and the bank's answers.

"可给予最高50万元的富民创业担保贷款及贴息政策支持" — the platform lends nothing: an approved entitlement of
kind ``referral`` goes to the partner bank in a **referral file** (CSV, docs/bank-files.md), each line with
the loan amount capped by the measure's parameters on the referral date (the smaller of the seed's maximum
and Jiangsu's individual cap by the business's employees, ``startup_guarantee_loan.*``) and the interest
subsidy estimated in fen: amount × one-year LPR × subsidy ratio × term / 12 months. The bank answers in an
**answer file** (or ``referral_answer`` through the API), line by line: approved with the amount lent (at
most the amount referred), the year's rate and the loan date — the interest subsidy is then computed from
the bank's rate — or refused with its reason. A line answered twice the same way changes nothing; a line
contradicting an earlier answer, naming no referral of ours or breaking the bounds is reported.

A parameter read that is graded unconfirmed (the LPR series, the term, the cap below 3 employees) is
listed on the referral (``unconfirmed``) and shown to finance.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.db import transaction
from django.utils import timezone

from linghuo import personal_data
from linghuo.benefits.models import Entitlement, EntitlementKind, EntitlementStatus
from linghuo.payments.bankfiles import CONTROL, fen_of, yuan
from linghuo.payments.models import LoanReferral, LoanReferralFile, ReferralStatus
from linghuo.payments.services import PaymentError
from linghuo.policy import parameters
from linghuo.policy.measures.startup_guarantee_loan import P

MEASURE = "startup_guarantee_loan"
HEADER = [
    "reference",
    "id_number",
    "name",
    "district",
    "requested",
    "cap",
    "amount",
    "capped",
    "term_months",
    "lpr",
    "subsidy_ratio",
    "subsidy_estimate",
]
ANSWER_HEADER = ["reference", "status", "amount", "rate", "loan_date", "reason"]
APPROVED, REFUSED = "APPROVED", "REFUSED"


def rate_text(bp: int) -> str:
    """Basis points as a percentage with two decimals: ``345`` → ``3.45``.

    >>> rate_text(345), rate_text(300), rate_text(5)
    ('3.45', '3.00', '0.05')
    """
    return f"{bp // 100}.{bp % 100:02d}"


def rate_bp_of(text: str) -> int:
    """A year's rate written as a percentage (``3.45``, two decimals at most) in basis points."""
    whole, _, part = text.strip().removesuffix("%").partition(".")
    if not whole.isdigit() or (part and (not part.isdigit() or len(part) > 2)):
        raise PaymentError(f"利率格式不对（如 3.45）/ not a rate in percent: {text!r}")
    return int(whole) * 100 + int((part or "0").ljust(2, "0"))


def _half_up(value: Fraction) -> int:
    return int((value * 2 + 1) // 2)


def interest_subsidy_fen(amount_fen: int, rate_bp: int, ratio: Fraction, term_months: int) -> int:
    """The interest subsidy over the term: simple interest on the whole amount at the year's rate, the
    subsidised share of it, rounded half up to the fen.

    >>> interest_subsidy_fen(30_000_000, 300, Fraction(1, 2), 36)  # 30万 at 3.00 %, half, 3 years
    1350000
    """
    return _half_up(Fraction(amount_fen) * Fraction(rate_bp, 10_000) * ratio * Fraction(term_months, 12))


@dataclass(frozen=True)
class LoanTerms:
    """What the parameters in force on ``on`` give a referral."""

    requested_fen: int
    cap_fen: int
    amount_fen: int
    amount_capped: bool
    term_months: int
    lpr_bp: int
    ratio: Fraction | None  # None: the ratio in force is not known
    estimated_subsidy_fen: int | None
    unconfirmed: tuple[str, ...]


def _number(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def loan_terms(entitlement: Entitlement, on: datetime.date) -> LoanTerms:
    """The capped amount and the estimated interest subsidy of ``entitlement`` on ``on``: the request and
    the business's employees from the stored decision's facts (the approved amount when no request)."""
    params = parameters.load().at(on)
    decision = entitlement.case.decision if entitlement.case_id else None
    facts: dict[str, Any] = dict(decision.facts or {}) if decision is not None else {}
    employees = _number(facts.get("business_employees"))
    if employees >= params.integer(f"{P}.employees_for_top_cap"):
        individual = params.money(f"{P}.individual_cap_employing_6_or_more")
    elif employees >= params.integer(f"{P}.employees_for_middle_cap"):
        individual = params.money(f"{P}.individual_cap_employing_3_to_5")
    else:
        individual = params.money(f"{P}.individual_cap_employing_fewer_than_3")
    cap = min(individual, params.money(f"{P}.maximum_loan"))
    requested = _number(facts.get("loan_requested_fen")) or int(entitlement.amount_fen or 0)
    approved = int(entitlement.amount_fen or 0) or requested or cap
    amount = min(approved, cap)
    term = params.integer(f"{P}.loan_term_months")
    lpr = params.ratio(f"{P}.lpr_one_year")
    lpr_bp = _half_up(lpr * 10_000)
    dated_ratio = params.parameters[f"{P}.interest_subsidy_ratio"].at(on)
    params.used.add(f"{P}.interest_subsidy_ratio")
    ratio = None if dated_ratio is None or dated_ratio.value is None else Fraction(dated_ratio.value)
    estimate = None if ratio is None else interest_subsidy_fen(amount, lpr_bp, ratio, term)
    unconfirmed = tuple(
        sorted(
            name
            for name in params.used
            if (dated := params.parameters[name].at(on)) is not None and dated.confidence == "unconfirmed"
        )
    )
    return LoanTerms(
        requested_fen=requested,
        cap_fen=cap,
        amount_fen=amount,
        amount_capped=requested > cap,
        term_months=term,
        lpr_bp=lpr_bp,
        ratio=ratio,
        estimated_subsidy_fen=estimate,
        unconfirmed=unconfirmed,
    )


def referrals_due() -> Any:
    """Active referral entitlements of the loan not yet referred."""
    return (
        Entitlement.objects.filter(
            kind=EntitlementKind.REFERRAL,
            measure=MEASURE,
            status=EntitlementStatus.ACTIVE,
            loan_referral__isnull=True,
        )
        .select_related("case__decision")
        .order_by("pk")
    )


def _file_name(on: datetime.date) -> str:
    sequence = LoanReferralFile.objects.filter(name__startswith=f"LR{on:%Y%m%d}").count() + 1
    return f"LR{on:%Y%m%d}{sequence:03d}"


def referral_file_create(*, on: datetime.date | None = None, by: Any = None) -> LoanReferralFile | None:
    """A new referral file of every active loan entitlement not referred yet (None when there is none).
    Each entitlement is referred once (a unique constraint): a file made twice refers nobody twice."""
    day = on or timezone.localdate()
    with transaction.atomic():
        due = list(referrals_due().select_for_update(of=("self",)))
        terms = [(entitlement, loan_terms(entitlement, day)) for entitlement in due]
        terms = [(e, t) for e, t in terms if t.amount_fen > 0]
        if not terms:
            return None
        referral_file = LoanReferralFile.objects.create(
            name=_file_name(day),
            line_count=len(terms),
            total_fen=sum(t.amount_fen for _, t in terms),
            on=day,
            created_by=by,
        )
        LoanReferral.objects.bulk_create(
            LoanReferral(
                entitlement=entitlement,
                person_id=entitlement.person_id,
                district=entitlement.district,
                file=referral_file,
                line_no=n,
                requested_fen=t.requested_fen,
                cap_fen=t.cap_fen,
                amount_fen=t.amount_fen,
                amount_capped=t.amount_capped,
                term_months=t.term_months,
                lpr_bp=t.lpr_bp,
                subsidy_ratio="" if t.ratio is None else f"{t.ratio.numerator}/{t.ratio.denominator}",
                estimated_subsidy_fen=t.estimated_subsidy_fen,
                unconfirmed=list(t.unconfirmed),
            )
            for n, (entitlement, t) in enumerate(terms, start=1)
        )
    return referral_file


def referral_rows(referral_file: LoanReferralFile) -> Iterator[list[str]]:
    """The rows of the referral file: header, one per referral (ID number in clear), control line."""
    yield HEADER
    count = total = 0
    for referral in referral_file.referrals.select_related("person").order_by("line_no"):
        count, total = count + 1, total + referral.amount_fen
        estimate = referral.estimated_subsidy_fen
        yield [
            f"{referral_file.name}-{referral.line_no:06d}",
            personal_data.decrypt(referral.person.id_number_encrypted),
            referral.person.name,
            referral.district,
            yuan(referral.requested_fen),
            yuan(referral.cap_fen),
            yuan(referral.amount_fen),
            "Y" if referral.amount_capped else "N",
            str(referral.term_months),
            rate_text(referral.lpr_bp),
            referral.subsidy_ratio,
            "" if estimate is None else yuan(estimate),
        ]
    yield [CONTROL, str(count), yuan(total), *[""] * (len(HEADER) - 3)]


def referral_csv(referral_file: LoanReferralFile) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(referral_rows(referral_file))
    return out.getvalue()


@dataclass(frozen=True)
class Answer:
    """The bank's answer to one referral."""

    status: str  # APPROVED or REFUSED
    amount_fen: int = 0
    rate_bp: int = 0
    loan_date: datetime.date | None = None
    reason: str = ""


@dataclass
class AnswerResult:
    approved: int = 0
    refused: int = 0
    already: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _check(referral: LoanReferral, answer: Answer) -> None:
    if answer.status == REFUSED:
        return
    if answer.status != APPROVED:
        raise PaymentError(f"状态应为 APPROVED 或 REFUSED / status {answer.status!r}")
    if not 0 < answer.amount_fen <= referral.amount_fen:
        raise PaymentError(
            f"放款金额须大于0且不超过转介额度 {yuan(referral.amount_fen)} 元 / "
            f"the amount lent must be positive and at most the {yuan(referral.amount_fen)} yuan referred"
        )
    if not 0 < answer.rate_bp < 10_000:
        raise PaymentError("贷款年利率须大于0 / the rate must be above 0")
    if answer.loan_date is None:
        raise PaymentError("缺少放款日期 / the loan date is missing")


def _same(referral: LoanReferral, answer: Answer) -> bool:
    if answer.status == REFUSED:
        return referral.status == ReferralStatus.REFUSED
    return (
        referral.status == ReferralStatus.APPROVED
        and referral.approved_fen == answer.amount_fen
        and referral.rate_bp == answer.rate_bp
        and referral.loan_date == answer.loan_date
    )


def referral_answer(referral: LoanReferral, answer: Answer) -> tuple[LoanReferral, bool]:
    """Record the bank's answer to ``referral`` (the interest subsidy computed from the bank's rate);
    returns the referral and whether it changed. The same answer again changes nothing; another answer
    after the first is refused."""
    _check(referral, answer)
    with transaction.atomic():
        locked = LoanReferral.objects.select_for_update().get(pk=referral.pk)
        if locked.status != ReferralStatus.SENT:
            if _same(locked, answer):
                return locked, False
            raise PaymentError(
                "银行已答复过此转介，答复不一致 / the bank answered this referral before, otherwise"
            )
        locked.answered_at = timezone.now()
        if answer.status == APPROVED:
            ratio = Fraction(locked.subsidy_ratio) if locked.subsidy_ratio else None
            locked.status = ReferralStatus.APPROVED
            locked.approved_fen, locked.rate_bp, locked.loan_date = (
                answer.amount_fen,
                answer.rate_bp,
                answer.loan_date,
            )
            locked.subsidy_fen = (
                None
                if ratio is None
                else interest_subsidy_fen(answer.amount_fen, answer.rate_bp, ratio, locked.term_months)
            )
        else:
            locked.status = ReferralStatus.REFUSED
            locked.bank_reason = (answer.reason.strip() or "银行未说明原因 / no reason given")[:200]
        locked.save()
    return locked, True


def _answer_of(row: list[str]) -> Answer:
    cells = [*(cell.strip() for cell in row), "", "", "", "", ""]
    status = cells[1].upper()
    if status == REFUSED:
        return Answer(REFUSED, reason=cells[5])
    if status != APPROVED:
        raise PaymentError(f"状态应为 APPROVED 或 REFUSED / status {cells[1]!r}")
    try:
        loan_date = datetime.date.fromisoformat(cells[4])
    except ValueError:
        raise PaymentError(f"放款日期格式应为 YYYY-MM-DD / not a date: {cells[4]!r}") from None
    return Answer(APPROVED, amount_fen=fen_of(cells[2]), rate_bp=rate_bp_of(cells[3]), loan_date=loan_date)


def answers_reconcile(text: str) -> AnswerResult:
    """Reconcile the bank's answer file line by line (docs/bank-files.md); a wrong header or control line
    refuses the whole file."""
    rows = [r for r in csv.reader(io.StringIO(text.lstrip("\ufeff"))) if any(c.strip() for c in r)]
    if not rows or [c.strip().lower() for c in rows[0][: len(ANSWER_HEADER)]] != ANSWER_HEADER:
        raise PaymentError(
            f"答复文件首行应为 {','.join(ANSWER_HEADER)} / "
            f"the answer file starts with {','.join(ANSWER_HEADER)}"
        )
    body = rows[1:]
    if not body or body[-1][0].strip() != CONTROL:
        raise PaymentError("答复文件缺少合计行 / the answer file has no control line (TOTAL,count,amount)")
    control, details = body[-1], body[:-1]
    try:
        lent = sum(
            fen_of(r[2]) for r in details if len(r) > 2 and r[1].strip().upper() == APPROVED and r[2].strip()
        )
        matches = len(control) >= 3 and control[1].strip() == str(len(details)) and fen_of(control[2]) == lent
    except PaymentError:
        matches = False
    if not matches:
        raise PaymentError(
            "答复文件合计行与明细不符（笔数、放款总额）/ the control line does not match the lines"
        )
    result = AnswerResult()
    for number, row in enumerate(details, start=2):
        reference = row[0].strip()
        name, _, line_no = reference.rpartition("-")
        referral = (
            LoanReferral.objects.filter(file__name=name, line_no=int(line_no)).first()
            if line_no.isdigit()
            else None
        )
        if referral is None:
            result.problems.append(f"第{number}行：未知编号 {reference} / line {number}: unknown reference")
            continue
        try:
            answered, changed = referral_answer(referral, _answer_of(row))
        except PaymentError as error:
            result.problems.append(f"第{number}行：{error} / line {number}")
            continue
        if not changed:
            result.already += 1
        elif answered.status == ReferralStatus.APPROVED:
            result.approved += 1
        else:
            result.refused += 1
    return result


def answers_csv(answers: list[tuple[str, Answer]]) -> str:
    """An answer file as the bank writes it (for tests and the demo)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(ANSWER_HEADER)
    total = 0
    for reference, answer in answers:
        approved = answer.status == APPROVED
        total += answer.amount_fen if approved else 0
        writer.writerow(
            [
                reference,
                answer.status,
                yuan(answer.amount_fen) if approved else "",
                rate_text(answer.rate_bp) if approved else "",
                answer.loan_date.isoformat() if approved and answer.loan_date else "",
                answer.reason,
            ]
        )
    writer.writerow([CONTROL, str(len(answers)), yuan(total), "", "", ""])
    return out.getvalue()
