"""The guaranteed start-up loan (一): the referral file to the partner bank, the amount capped by the
measure's parameters, the interest subsidy in fen, and the bank's answers reconciled line by line.

Figures: 连政办发〔2021〕50号（一）"可给予最高50万元"; Jiangsu's individual cap 30万 when the business
employs 3 to 5, 50万 when 6 or more (苏财金〔2018〕124号); the interest subsidy 1/2 of the rate from
2024-03-01 (苏财金〔2024〕20号); the one-year LPR 3.00 % from 2025-05-20 (the parameter lpr_one_year);
the subsidy estimated over 36 months (loan_term_months)."""

from __future__ import annotations

import csv
import datetime
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.test import Client

from linghuo import personal_data
from linghuo.benefits.models import Decision, DecisionSource, Entitlement, EntitlementKind
from linghuo.cli import cli
from linghuo.payments import referrals
from linghuo.payments.models import LoanReferral, ReferralStatus
from linghuo.payments.referrals import APPROVED, REFUSED, Answer
from linghuo.payments.services import PaymentError
from tests.accounts.personas import personas_create
from tests.payments.helpers import entitlement, person

pytestmark = pytest.mark.django_db

LOAN = "startup_guarantee_loan"
ON = datetime.date(2025, 6, 1)
WAN = 10_000 * 100  # 1万 yuan in fen


def loan(
    sequence: int, *, requested_fen: int, employees: int, approved_fen: int | None = None
) -> Entitlement:
    """An approved loan entitlement whose decision read the request and the employees."""
    who = person(sequence)
    ent = entitlement(who, LOAN, kind=EntitlementKind.REFERRAL, amount_fen=approved_fen)
    decision = Decision.objects.create(
        person=who,
        measure=LOAN,
        on=datetime.date(2025, 5, 1),
        rules_version="test",
        parameters_digest="test",
        facts={"loan_requested_fen": requested_fen, "business_employees": employees},
        trace={},
        eligible=True,
        amount_fen=approved_fen,
        source=DecisionSource.APPLICATION,
    )
    ent.case.decision = decision
    ent.case.save(update_fields=["decision"])
    return Entitlement.objects.select_related("case__decision").get(pk=ent.pk)


def test_it_caps_an_individual_at_30_wan_with_3_to_5_employees_and_computes_the_subsidy() -> None:
    ent = loan(1, requested_fen=40 * WAN, employees=4)
    terms = referrals.loan_terms(ent, ON)
    assert terms.cap_fen == 30 * WAN
    assert terms.amount_fen == 30 * WAN
    assert terms.amount_capped is True
    assert terms.lpr_bp == 300  # 3.00 %
    # 300,000 yuan × 3.00 % × 1/2 × 36/12 = 13,500 yuan
    assert terms.estimated_subsidy_fen == 13_500 * 100


def test_it_caps_at_the_seeds_50_wan_with_6_employees() -> None:
    ent = loan(1, requested_fen=60 * WAN, employees=6)
    terms = referrals.loan_terms(ent, ON)
    assert (terms.cap_fen, terms.amount_fen, terms.amount_capped) == (50 * WAN, 50 * WAN, True)


def test_it_refers_a_request_within_the_cap_as_asked() -> None:
    ent = loan(1, requested_fen=20 * WAN, employees=4, approved_fen=20 * WAN)
    terms = referrals.loan_terms(ent, ON)
    assert (terms.amount_fen, terms.amount_capped) == (20 * WAN, False)


def test_it_leaves_the_subsidy_unknown_before_the_ratio_was_set() -> None:
    ent = loan(1, requested_fen=20 * WAN, employees=4)
    terms = referrals.loan_terms(ent, datetime.date(2023, 9, 1))
    assert terms.ratio is None
    assert terms.estimated_subsidy_fen is None
    assert "startup_guarantee_loan.interest_subsidy_ratio" in terms.unconfirmed
    assert "startup_guarantee_loan.lpr_one_year" in terms.unconfirmed


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_it_writes_the_referral_file_with_a_control_line_and_refers_each_loan_once() -> None:
    capped = loan(1, requested_fen=40 * WAN, employees=4)
    loan(2, requested_fen=20 * WAN, employees=4, approved_fen=20 * WAN)
    referral_file = referrals.referral_file_create(on=ON)
    assert referral_file is not None
    rows = _rows(referrals.referral_csv(referral_file))
    assert rows[0] == referrals.HEADER
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["id_number"] == personal_data.decrypt(capped.person.id_number_encrypted)
    assert (first["cap"], first["amount"], first["capped"]) == ("300000.00", "300000.00", "Y")
    assert (first["lpr"], first["subsidy_ratio"], first["subsidy_estimate"]) == ("3.00", "1/2", "13500.00")
    assert rows[-1][:3] == ["TOTAL", "2", "500000.00"]
    assert referrals.referral_file_create(on=ON) is None  # nobody is referred twice
    assert LoanReferral.objects.count() == 2


def _referred() -> tuple[LoanReferral, LoanReferral]:
    loan(1, requested_fen=40 * WAN, employees=4)
    loan(2, requested_fen=20 * WAN, employees=4, approved_fen=20 * WAN)
    referral_file = referrals.referral_file_create(on=ON)
    assert referral_file is not None
    first, second = referral_file.referrals.order_by("line_no")
    return first, second


def test_it_reconciles_the_banks_answers_line_by_line() -> None:
    first, second = _referred()
    text = referrals.answers_csv(
        [
            (first.reference, Answer(APPROVED, 20 * WAN, 345, datetime.date(2025, 6, 20))),
            (second.reference, Answer(REFUSED, reason="征信记录不符合要求")),
        ]
    )
    result = referrals.answers_reconcile(text)
    assert (result.approved, result.refused, result.problems) == (1, 1, [])
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == ReferralStatus.APPROVED
    # 200,000 yuan lent at 3.45 %: × 1/2 × 3 years = 10,350 yuan
    assert first.subsidy_fen == 10_350 * 100
    assert (second.status, second.bank_reason) == (ReferralStatus.REFUSED, "征信记录不符合要求")
    again = referrals.answers_reconcile(text)
    assert (again.approved, again.refused, again.already) == (0, 0, 2)


def test_it_reports_an_answer_that_contradicts_or_exceeds_the_referral() -> None:
    first, second = _referred()
    referrals.referral_answer(second, Answer(REFUSED, reason="资料不全"))
    text = referrals.answers_csv(
        [
            (first.reference, Answer(APPROVED, 31 * WAN, 345, datetime.date(2025, 6, 20))),
            (second.reference, Answer(APPROVED, 10 * WAN, 345, datetime.date(2025, 6, 20))),
            ("LR20250601001-000099", Answer(REFUSED, reason="x")),
        ]
    )
    result = referrals.answers_reconcile(text)
    assert (result.approved, result.refused, len(result.problems)) == (0, 0, 3)
    first.refresh_from_db()
    assert first.status == ReferralStatus.SENT


def test_it_refuses_an_answer_file_whose_control_line_does_not_match() -> None:
    first, _ = _referred()
    text = referrals.answers_csv([(first.reference, Answer(APPROVED, 20 * WAN, 345, ON))])
    wrong = text.replace("TOTAL,1,200000.00", "TOTAL,1,200000.01")
    with pytest.raises(PaymentError):
        referrals.answers_reconcile(wrong)
    first.refresh_from_db()
    assert first.status == ReferralStatus.SENT


def test_it_takes_the_banks_answer_through_the_api() -> None:
    first, _ = _referred()
    client = Client()
    client.force_login(personas_create()["finance"])
    url = f"/api/v1/payments/referrals/{first.pk}/answer"
    body = {"status": "APPROVED", "amount": "300000", "rate": "3.00", "loan_date": "2025-06-20"}
    response = client.post(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["subsidy_fen"] == 13_500 * 100
    assert client.post(url, json.dumps(body), content_type="application/json").status_code == 200
    refused = {"status": "REFUSED", "reason": "额度已满"}
    assert client.post(url, json.dumps(refused), content_type="application/json").status_code == 409
    too_much = {**body, "amount": "300000.01"}
    second_url = f"/api/v1/payments/referrals/{first.pk + 1}/answer"
    assert client.post(second_url, json.dumps(too_much), content_type="application/json").status_code == 422


def test_it_exports_and_reconciles_through_the_command_line(tmp_path: Path) -> None:
    loan(1, requested_fen=40 * WAN, employees=4)
    out = tmp_path / "referrals.csv"
    exported = CliRunner().invoke(
        cli, ["payments", "referrals-export", "--out", str(out), "--on", "2025-06-01"]
    )
    assert exported.exit_code == 0, exported.output
    rows = _rows(out.read_text(encoding="utf-8"))
    assert rows[-1][:3] == ["TOTAL", "1", "300000.00"]
    answer = tmp_path / "answers.csv"
    answer.write_text(
        referrals.answers_csv([(rows[1][0], Answer(APPROVED, 30 * WAN, 300, datetime.date(2025, 6, 20)))]),
        encoding="utf-8",
    )
    reconciled = CliRunner().invoke(cli, ["payments", "referrals-reconcile", str(answer)])
    assert reconciled.exit_code == 0, reconciled.output
    assert "lent 1" in reconciled.output
    assert LoanReferral.objects.get().subsidy_fen == 13_500 * 100
    again = CliRunner().invoke(cli, ["payments", "referrals-reconcile", str(answer)])
    assert "answered before 1" in again.output
