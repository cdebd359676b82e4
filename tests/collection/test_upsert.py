"""One upsert for rosters and contribution records: a file sent again with one row corrected and one added
writes only those two, counted ``updated`` and ``created``, and keeps the rest ``unchanged``."""

from __future__ import annotations

import datetime as dt

import pytest

from linghuo.collection.models import ContributionRecord, RosterEntry
from linghuo.collection.services import ImportSummary, contributions_import, roster_import
from linghuo.registry.models import Organisation
from tests.collection.files import CONTRIBUTION_HEADERS, contribution_row, roster_row, xlsx

pytestmark = pytest.mark.django_db


def _rosters(organisation: Organisation, *, corrected: bool, added: bool) -> ImportSummary:
    rows = [roster_row(0), roster_row(1, income="4,200.00" if corrected else "3,500.00")]
    return roster_import(
        organisation=organisation,
        period=dt.date(2024, 3, 1),
        source=xlsx(rows + ([roster_row(2)] if added else [])),
        filename="名册.xlsx",
        actor=None,
    )


def _contributions(organisation: Organisation, *, corrected: bool, added: bool) -> ImportSummary:
    rows = [contribution_row(0), contribution_row(1, paid="1,000.00" if corrected else "975.80")]
    rows += [contribution_row(2)] if added else []
    return contributions_import(
        source=xlsx(rows, headers=CONTRIBUTION_HEADERS), filename="缴费.xlsx", actor=None
    )


IMPORTS = {"rosters": _rosters, "contributions": _contributions}


@pytest.mark.parametrize("kind", IMPORTS)
def test_it_writes_only_the_corrected_and_the_new_row_of_a_file_sent_again(
    kind: str, organisation: Organisation
) -> None:
    send = IMPORTS[kind]
    first = send(organisation, corrected=False, added=False)
    again = send(organisation, corrected=True, added=True)

    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    assert (again.created, again.updated, again.unchanged) == (1, 1, 1)
    if kind == "rosters":
        stored = RosterEntry.objects.order_by("person__birth_date")
        assert [e.monthly_income_fen for e in stored] == [350000, 420000, 350000]
        assert {e.submission_id for e in stored} == {first.submission_id, again.submission_id}
        assert stored[0].submission_id == first.submission_id  # an unchanged row keeps its submission
    else:
        records = ContributionRecord.objects.order_by("person__birth_date")
        assert [r.paid_fen for r in records] == [97580, 100000, 97580]
        assert records[0].submission_id == first.submission_id
        assert records[1].submission_id == again.submission_id


@pytest.mark.parametrize("kind", IMPORTS)
def test_it_changes_nothing_for_the_same_file_sent_again(kind: str, organisation: Organisation) -> None:
    send = IMPORTS[kind]
    send(organisation, corrected=True, added=True)

    again = send(organisation, corrected=True, added=True)

    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
