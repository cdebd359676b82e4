"""The ledger's services and selectors: accounts by their code, postings written once, the check.

A posting is written in one transaction: the draft, its lines, then ``posted`` — the database refuses the
last step unless the lines balance (``linghuo.payments.guard``). ``posting_post`` is idempotent on its key:
asked twice (a double click, a retried request, a batch run again, fifty threads at once) it posts once
and returns the posting already made.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from linghuo.payments.models import Account, AccountKind, Line, Posting, PostingState

CLEARING = "clearing:bank"
BANK = "bank:fund"


class UnbalancedPostingError(ValueError):
    """The lines asked for do not sum to zero (refused before the database would refuse them)."""


def budget_code(measure: str, district: str) -> str:
    return f"budget:{measure}:{district}"


def payable_code(person_id: int) -> str:
    return f"payable:{person_id}"


def receivable_code(person_id: int) -> str:
    return f"receivable:{person_id}"


def organisation_payable_code(organisation_id: int) -> str:
    """What is owed to an organisation (五), apart from every person's (``payable:<person>``)."""
    return f"payable:org:{organisation_id}"


def organisation_receivable_code(organisation_id: int) -> str:
    """What an organisation owes back; never netted against later payments (netting is per person)."""
    return f"receivable:org:{organisation_id}"


def account_get(
    code: str,
    kind: str,
    *,
    measure: str = "",
    district: str = "",
    person_id: int | None = None,
    organisation_id: int | None = None,
) -> Account:
    """The account of ``code``, made on first use (concurrent first uses make one)."""
    account = Account.objects.filter(code=code).first()
    if account is not None:
        return account
    try:
        with transaction.atomic():
            return Account.objects.create(
                code=code,
                kind=kind,
                measure=measure,
                district=district,
                person_id=person_id,
                organisation_id=organisation_id,
            )
    except IntegrityError:
        return Account.objects.get(code=code)


def budget_account(measure: str, district: str) -> Account:
    return account_get(budget_code(measure, district), AccountKind.BUDGET, measure=measure, district=district)


def payable_account(person_id: int) -> Account:
    return account_get(payable_code(person_id), AccountKind.PAYABLE, person_id=person_id)


def receivable_account(person_id: int) -> Account:
    return account_get(receivable_code(person_id), AccountKind.RECEIVABLE, person_id=person_id)


def organisation_payable_account(organisation_id: int) -> Account:
    return account_get(
        organisation_payable_code(organisation_id), AccountKind.PAYABLE, organisation_id=organisation_id
    )


def organisation_receivable_account(organisation_id: int) -> Account:
    return account_get(
        organisation_receivable_code(organisation_id),
        AccountKind.RECEIVABLE,
        organisation_id=organisation_id,
    )


def payee_payable_account(person_id: int, organisation_id: int | None) -> Account:
    """The payable of a payment's payee: the organisation's when it has one, else the person's."""
    if organisation_id is not None:
        return organisation_payable_account(organisation_id)
    return payable_account(person_id)


def payee_receivable_account(person_id: int, organisation_id: int | None) -> Account:
    """Where an overpayment is owed back: by the organisation paid, else by the person."""
    if organisation_id is not None:
        return organisation_receivable_account(organisation_id)
    return receivable_account(person_id)


def clearing_account() -> Account:
    return account_get(CLEARING, AccountKind.CLEARING)


def bank_account() -> Account:
    return account_get(BANK, AccountKind.BANK)


@dataclass(frozen=True)
class Posted:
    posting: Posting
    created: bool  # false: the key had been posted already, nothing was written


def posting_post(
    key: str, memo: str, lines: Sequence[tuple[Account, int]], *, reverses: Posting | None = None
) -> Posted:
    """Post ``lines`` (account, signed fen: debit positive) under ``key`` once; a key already posted
    returns its posting unchanged. Lines of zero are left out; the rest must sum to zero."""
    kept = [(account, amount) for account, amount in lines if amount != 0]
    if not kept or sum(amount for _, amount in kept) != 0:
        raise UnbalancedPostingError(f"分录借贷不平衡 / the lines of {key} do not balance: {kept}")
    existing = Posting.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return Posted(existing, created=False)
    try:
        with transaction.atomic():
            posting = Posting.objects.create(idempotency_key=key, memo=memo[:200], reverses=reverses)
            Line.objects.bulk_create(
                Line(posting=posting, account=account, amount_fen=amount) for account, amount in kept
            )
            now = timezone.now()
            Posting.objects.filter(pk=posting.pk).update(state=PostingState.POSTED, posted_at=now)
            posting.state, posting.posted_at = PostingState.POSTED, now
    except IntegrityError:
        # another caller posted the same key first (the unique index made us wait for it)
        existing = Posting.objects.filter(idempotency_key=key).first()
        if existing is None:
            raise
        return Posted(existing, created=False)
    return Posted(posting, created=True)


def posting_reverse(posting: Posting, memo: str) -> Posted:
    """Post the mirror of ``posting`` (every line with the opposite sign), once."""
    lines = [(line.account, -line.amount_fen) for line in posting.lines.select_related("account")]
    return posting_post(f"reverse:{posting.idempotency_key}", memo, lines, reverses=posting)


def account_balance(account: Account | str) -> int:
    """The balance of an account (or of the account of a code), in signed fen over posted postings."""
    lines = Line.objects.filter(posting__state=PostingState.POSTED)
    lines = (
        lines.filter(account=account) if isinstance(account, Account) else lines.filter(account__code=account)
    )
    return int(lines.aggregate(total=Sum("amount_fen"))["total"] or 0)


def balances(codes: Iterable[str]) -> dict[str, int]:
    """The balances of the accounts of ``codes`` (accounts never used answer 0)."""
    wanted = list(codes)
    rows = (
        Line.objects.filter(posting__state=PostingState.POSTED, account__code__in=wanted)
        .values("account__code")
        .annotate(total=Sum("amount_fen"))
    )
    found = {row["account__code"]: int(row["total"]) for row in rows}
    return {code: found.get(code, 0) for code in wanted}


@dataclass(frozen=True)
class LedgerCheck:
    checked: int
    unbalanced: Posting | None
    total_fen: int

    @property
    def ok(self) -> bool:
        return self.unbalanced is None and self.total_fen == 0

    def message(self) -> str:
        if self.unbalanced is not None:
            posting = self.unbalanced
            total, count = getattr(posting, "total", None) or 0, getattr(posting, "count", 0)
            return (
                f"不平衡 / unbalanced: posting {posting.pk} ({posting.idempotency_key}) "
                f"sums to {total} fen over {count} lines"
            )
        if self.total_fen != 0:
            return f"不平衡 / unbalanced: the posted lines sum to {self.total_fen} fen"
        return "balanced"


def ledger_verify() -> LedgerCheck:
    """Every posted posting has lines that sum to zero; names the first (by id) that does not."""
    posted = Posting.objects.filter(state=PostingState.POSTED).annotate(
        total=Sum("lines__amount_fen"), count=Count("lines")
    )
    first = posted.filter(Q(count=0) | ~Q(total=0)).order_by("pk").first()
    total = Line.objects.filter(posting__state=PostingState.POSTED).aggregate(total=Sum("amount_fen"))[
        "total"
    ]
    return LedgerCheck(checked=posted.count(), unbalanced=first, total_fen=int(total or 0))


def postings_post_bulk(entries: Sequence[tuple[str, str, Sequence[tuple[Account, int]]]]) -> list[Posting]:
    """Post many new postings at once (a batch, a file, a return file): the same checks as
    ``posting_post`` — each balanced, the database's trigger at the transition to posted — in a few
    statements. The keys must be new: one already posted raises ``IntegrityError`` (the caller, inside its
    transaction, falls back to ``posting_post`` one by one)."""
    if not entries:
        return []
    for key, _, lines in entries:
        kept = [amount for _, amount in lines if amount != 0]
        if not kept or sum(kept) != 0:
            raise UnbalancedPostingError(f"分录借贷不平衡 / the lines of {key} do not balance")
    now = timezone.now()
    with transaction.atomic():
        made = dict(
            _insert(
                "INSERT INTO payments_posting (idempotency_key, memo, state, created_at) VALUES ",
                "(%s, %s, %s, %s)",
                [(key, memo[:200], PostingState.DRAFT, now) for key, memo, _ in entries],
                returning=" RETURNING idempotency_key, id",
            )
        )
        ids = [int(made[key]) for key, _, _ in entries]
        rows = [
            (posting_id, account.pk, amount)
            for posting_id, (_, _, lines) in zip(ids, entries, strict=True)
            for account, amount in lines
            if amount != 0
        ]
        _insert(
            "INSERT INTO payments_line (posting_id, account_id, amount_fen) VALUES ", "(%s, %s, %s)", rows
        )
        for start in range(0, len(ids), 5000):
            Posting.objects.filter(pk__in=ids[start : start + 5000]).update(
                state=PostingState.POSTED, posted_at=now
            )
    postings = [
        Posting(pk=posting_id, idempotency_key=key, memo=memo[:200], created_at=now)
        for posting_id, (key, memo, _) in zip(ids, entries, strict=True)
    ]
    for posting in postings:
        posting.state, posting.posted_at = PostingState.POSTED, now
    return postings


def _insert(
    head: str, row: str, values: Sequence[tuple[Any, ...]], *, returning: str = "", chunk: int = 1000
) -> list[tuple[Any, ...]]:
    """Multi-row INSERTs of ``values`` (SQLite and PostgreSQL), with the ``returning`` columns of the new
    rows. Plain SQL: a batch's hundreds of thousands of postings and lines without a model object each."""
    found: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for start in range(0, len(values), chunk):
            part = values[start : start + chunk]
            cursor.execute(
                head + ", ".join([row] * len(part)) + returning, [v for item in part for v in item]
            )
            if returning:
                found.extend(tuple(r) for r in cursor.fetchall())
    return found


def payable_accounts(person_ids: Iterable[int]) -> dict[int, Account]:
    """The payable accounts of many persons, made where missing."""
    wanted = set(person_ids)
    found: dict[int, Account] = {}

    def look(codes: list[str]) -> None:
        for start in range(0, len(codes), 5000):
            for account in Account.objects.filter(code__in=codes[start : start + 5000]):
                if account.person_id is not None:
                    found[account.person_id] = account

    look([payable_code(i) for i in wanted])
    missing = sorted(wanted - set(found))
    if missing:
        Account.objects.bulk_create(
            [Account(code=payable_code(i), kind=AccountKind.PAYABLE, person_id=i) for i in missing],
            ignore_conflicts=True,
            batch_size=5000,
        )
        look([payable_code(i) for i in missing])
    return found


Payee = tuple[int, int | None]  # (person id, organisation id or None): whom a payment pays


def payee_payables(payees: Iterable[Payee]) -> dict[Payee, Account]:
    """The payable accounts of many payees (a person's, or an organisation's when it has one), made where
    missing."""
    wanted = set(payees)
    persons = payable_accounts({person for person, organisation in wanted if organisation is None})
    found: dict[Payee, Account] = {}
    for person, organisation in wanted:
        found[person, organisation] = (
            persons[person] if organisation is None else organisation_payable_account(organisation)
        )
    return found
