"""The ledger: every posting balances, checked by the database; a key posts once; ``ledger verify``."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner
from django.db import DatabaseError, connection, transaction

from linghuo.cli import cli
from linghuo.payments import guard
from linghuo.payments.ledger import (
    UnbalancedPostingError,
    account_balance,
    bank_account,
    budget_account,
    clearing_account,
    ledger_verify,
    posting_post,
    posting_reverse,
)
from linghuo.payments.models import Line, Posting, PostingState

pytestmark = pytest.mark.django_db


def _sql(sql: str, params: list[Any] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])


def _guard(*, install: bool, deletes: bool = True) -> None:
    for sql in guard.statements(connection.vendor, install=install, deletes=deletes):
        _sql(sql)


@pytest.fixture
def guarded_as_in_production() -> None:
    _guard(install=False)
    _guard(install=True, deletes=True)


def _raw_draft(key: str, amounts: list[int]) -> int:
    """A draft posting with ``amounts`` on the clearing and bank accounts, written in SQL."""
    clearing, bank = clearing_account(), bank_account()
    _sql(
        "INSERT INTO payments_posting (idempotency_key, memo, state, created_at) VALUES (%s, %s, %s, %s)",
        [key, "raw", "draft", "2026-01-05 10:00:00+00:00"],
    )
    posting_id = Posting.objects.get(idempotency_key=key).pk
    for n, amount in enumerate(amounts):
        account = clearing if n % 2 == 0 else bank
        _sql(
            "INSERT INTO payments_line (posting_id, account_id, amount_fen) VALUES (%s, %s, %s)",
            [posting_id, account.pk, amount],
        )
    return posting_id


def _refused(sql: str, params: list[Any]) -> bool:
    try:
        with transaction.atomic():
            _sql(sql, params)
    except DatabaseError:
        return True
    return False


def test_it_posts_a_balanced_posting_once_per_key() -> None:
    budget, clearing = budget_account("social_insurance_subsidy", "320706"), clearing_account()
    first = posting_post("ent:1:2026-01", "社保补贴 2026-01", [(budget, 80000), (clearing, -80000)])
    again = posting_post("ent:1:2026-01", "社保补贴 2026-01", [(budget, 80000), (clearing, -80000)])
    assert first.created
    assert not again.created
    assert again.posting.pk == first.posting.pk
    assert Posting.objects.count() == 1
    assert (account_balance(budget), account_balance(clearing)) == (80000, -80000)


def test_it_refuses_unbalanced_lines_before_the_database() -> None:
    with pytest.raises(UnbalancedPostingError):
        posting_post("k", "m", [(bank_account(), 100), (clearing_account(), -99)])
    assert not Posting.objects.exists()


def test_it_has_the_database_refuse_to_post_an_unbalanced_posting_written_in_sql() -> None:
    posting_id = _raw_draft("raw:1", [10000, -9999])
    assert _refused("UPDATE payments_posting SET state = 'posted' WHERE id = %s", [posting_id])
    assert Posting.objects.get(pk=posting_id).state == PostingState.DRAFT
    # balanced, the same transition is accepted
    _sql(
        "INSERT INTO payments_line (posting_id, account_id, amount_fen) VALUES (%s, %s, %s)",
        [posting_id, bank_account().pk, -1],
    )
    assert not _refused("UPDATE payments_posting SET state = 'posted' WHERE id = %s", [posting_id])


def test_it_has_the_database_refuse_a_posting_without_lines_or_inserted_as_posted() -> None:
    posting_id = _raw_draft("raw:empty", [])
    assert _refused("UPDATE payments_posting SET state = 'posted' WHERE id = %s", [posting_id])
    assert _refused(
        "INSERT INTO payments_posting (idempotency_key, memo, state, created_at) VALUES (%s, %s, %s, %s)",
        ["raw:posted", "raw", "posted", "2026-01-05 10:00:00+00:00"],
    )


def test_it_has_the_database_refuse_changes_to_a_posted_posting_and_its_lines() -> None:
    posted = posting_post("ent:2:2026-02", "m", [(bank_account(), 500), (clearing_account(), -500)]).posting
    line = posted.lines.order_by("pk").first()
    assert line is not None
    assert _refused("UPDATE payments_line SET amount_fen = 900 WHERE id = %s", [line.pk])
    assert _refused(
        "INSERT INTO payments_line (posting_id, account_id, amount_fen) VALUES (%s, %s, %s)",
        [posted.pk, bank_account().pk, 7],
    )
    assert _refused("UPDATE payments_posting SET state = 'draft' WHERE id = %s", [posted.pk])
    assert _refused("UPDATE payments_posting SET memo = 'x' WHERE id = %s", [posted.pk])
    assert sorted(Line.objects.filter(posting=posted).values_list("amount_fen", flat=True)) == [-500, 500]


@pytest.mark.usefixtures("guarded_as_in_production")
def test_it_has_the_database_refuse_deleting_a_posted_posting_or_its_lines() -> None:
    posted = posting_post("ent:3:2026-03", "m", [(bank_account(), 500), (clearing_account(), -500)]).posting
    assert _refused("DELETE FROM payments_line WHERE posting_id = %s", [posted.pk])
    assert _refused("DELETE FROM payments_posting WHERE id = %s", [posted.pk])
    assert Line.objects.filter(posting=posted).count() == 2


def test_it_reverses_a_posting_once_with_the_opposite_signs() -> None:
    bank, clearing = bank_account(), clearing_account()
    original = posting_post("pay:9", "m", [(clearing, 3000), (bank, -3000)]).posting
    first, again = posting_reverse(original, "冲销"), posting_reverse(original, "冲销")
    assert first.created
    assert not again.created
    assert (account_balance(bank), account_balance(clearing)) == (0, 0)
    assert first.posting.reverses_id == original.pk


def test_it_verifies_a_balanced_ledger() -> None:
    posting_post("a", "m", [(bank_account(), 100), (clearing_account(), -100)])
    result = CliRunner().invoke(cli, ["ledger", "verify"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "balanced"


def test_it_names_the_first_unbalanced_posting_when_the_trigger_was_dropped() -> None:
    posting_post("fine", "m", [(bank_account(), 100), (clearing_account(), -100)])
    _guard(install=False)  # as a database administrator could
    bad = _raw_draft("tampered", [2500, -2400])
    _sql("UPDATE payments_posting SET state = 'posted' WHERE id = %s", [bad])
    assert ledger_verify().unbalanced is not None
    result = CliRunner().invoke(cli, ["ledger", "verify"])
    assert result.exit_code == 1
    assert f"posting {bad} (tampered)" in result.output
    assert "100 fen" in result.output
