"""Importing rosters and contribution records into the database (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import LazySettings
from openpyxl import load_workbook

from linghuo import personal_data
from linghuo.audit.models import AuditEntry, AuditItem
from linghuo.audit.services import audit_verify
from linghuo.collection.models import ContributionRecord, RosterEntry, Submission, SubmissionStatus
from linghuo.collection.services import CollectionAction, ImportSummary, contributions_import, roster_import
from linghuo.registry.models import Organisation, Person
from linghuo.registry.services import person_register
from linghuo.spreadsheets import FileRejectedError
from tests.collection.files import (
    CONTRIBUTION_HEADERS,
    contribution_row,
    csv_bytes,
    id_number,
    roster_row,
    xlsx,
)

MARCH = dt.date(2024, 3, 1)


def _import(
    organisation: Organisation, content: bytes, filename: str = "名册.xlsx", period: dt.date = MARCH
) -> ImportSummary:
    return roster_import(
        organisation=organisation, period=period, source=content, filename=filename, actor=None
    )


@pytest.mark.django_db
def test_it_keeps_the_good_rows_and_reports_each_bad_one(organisation: Organisation) -> None:
    bad_id = roster_row(3)
    bad_id[1] = str(bad_id[1])[:-1] + ("0" if str(bad_id[1])[-1] != "0" else "1")  # wrong check digit
    bad_income = roster_row(4, income="三千元")
    content = xlsx([roster_row(0), roster_row(1), bad_id, roster_row(2), bad_income], title="3月名册")

    summary = _import(organisation, content)

    assert (summary.accepted, summary.unchanged, summary.rejected) == (3, 0, 2)
    assert RosterEntry.objects.filter(organisation=organisation, period=MARCH).count() == 3
    assert summary.error_report is not None
    assert summary.error_report.is_file()
    sheet = load_workbook(summary.error_report).active
    assert sheet is not None
    reasons = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert any("校验位" in str(r) for r in reasons)
    assert len(reasons) == 2
    submission = Submission.objects.get(pk=summary.submission_id)
    assert (submission.status, submission.created, submission.rejected) == (SubmissionStatus.DONE, 3, 2)


@pytest.mark.django_db
def test_it_creates_people_from_the_roster_with_encrypted_numbers(organisation: Organisation) -> None:
    row = roster_row(7)
    _import(organisation, csv_bytes([row]), "名册.csv")

    person = Person.objects.get(id_number_hash=personal_data.lookup_hash(str(row[1])))
    assert person.id_number_encrypted != row[1]
    assert personal_data.decrypt(person.id_number_encrypted) == row[1]
    assert personal_data.decrypt(person.mobile_encrypted) == row[2]
    assert person.id_number_masked == str(row[1])[:4] + "**********" + str(row[1])[-4:]
    assert (person.name, person.work_division, person.district_code) == ("王芳", "320706", "320706")


@pytest.mark.django_db
def test_it_uses_the_person_already_in_the_registry(organisation: Organisation) -> None:
    row = roster_row(8, name="王芳")
    known = person_register(actor=None, name="王芳芳", id_number=str(row[1]))

    _import(organisation, xlsx([row]))

    assert Person.objects.count() == 1
    assert RosterEntry.objects.get().person_id == known.pk


@pytest.mark.django_db
def test_it_changes_nothing_when_the_same_file_comes_again(organisation: Organisation) -> None:
    content = csv_bytes([roster_row(i) for i in range(5)])
    first = _import(organisation, content, "名册.csv")
    written_by = set(RosterEntry.objects.values_list("submission_id", flat=True))

    again = _import(organisation, content, "名册.csv")

    assert (first.accepted, first.unchanged) == (5, 0)
    assert (again.accepted, again.unchanged, again.rejected, again.error_report) == (0, 5, 0, None)
    assert RosterEntry.objects.count() == 5
    assert Person.objects.count() == 5
    assert set(RosterEntry.objects.values_list("submission_id", flat=True)) == written_by


@pytest.mark.django_db
def test_it_updates_a_changed_row_and_counts_it_changed(organisation: Organisation) -> None:
    _import(organisation, xlsx([roster_row(i) for i in range(3)]))

    again = _import(organisation, xlsx([roster_row(0), roster_row(1, income="4,200.50"), roster_row(2)]))

    assert (again.created, again.updated, again.unchanged, again.accepted) == (0, 1, 2, 1)
    person = Person.objects.get(id_number_hash=personal_data.lookup_hash(str(roster_row(1)[1])))
    assert RosterEntry.objects.get(person=person).monthly_income_fen == 420050


@pytest.mark.django_db
def test_it_keeps_each_month_and_organisation_apart(
    organisation: Organisation, other_organisation: Organisation
) -> None:
    content = xlsx([roster_row(0)])
    _import(organisation, content)
    april = _import(organisation, content, period=dt.date(2024, 4, 1))
    other = _import(other_organisation, content)

    assert (april.accepted, other.accepted) == (1, 1)
    assert RosterEntry.objects.count() == 3
    assert Person.objects.count() == 1


@pytest.mark.django_db
def test_it_records_every_write_in_the_audit_log(organisation: Organisation) -> None:
    summary = _import(organisation, xlsx([roster_row(0), roster_row(1)]))

    entries = AuditEntry.objects.filter(object_id=str(summary.submission_id))
    assert {
        CollectionAction.SUBMISSION_RECEIVED,
        CollectionAction.CHUNK_WRITTEN,
        CollectionAction.SUBMISSION_FINISHED,
    } <= set(entries.values_list("action", flat=True))
    chunk = entries.get(action=CollectionAction.CHUNK_WRITTEN)  # one entry for the chunk's writes
    assert chunk.batch is not None
    items = AuditItem.objects.filter(batch=chunk.batch, object_id=str(summary.submission_id))
    assert sorted(items.values_list("action", flat=True)) == [
        CollectionAction.PERSONS_CREATED,
        CollectionAction.ROSTER_ROWS_WRITTEN,
    ]
    assert chunk.item_count == 2
    assert audit_verify().ok


@pytest.mark.django_db
def test_it_refuses_a_corrupt_xlsx_and_records_why(organisation: Organisation) -> None:
    with pytest.raises(FileRejectedError, match="不是有效的 Excel"):
        _import(organisation, b"PK\x03\x04 this is not a workbook")

    submission = Submission.objects.get()
    assert submission.status == SubmissionStatus.FAILED
    assert "不是有效的 Excel" in submission.failure_message
    assert RosterEntry.objects.count() == 0


@pytest.mark.django_db
def test_it_refuses_a_file_whose_columns_are_not_the_template(organisation: Organisation) -> None:
    headers = ["姓名", "身份证号", "电话", "备注"]
    with pytest.raises(FileRejectedError, match="缺少列") as refused:
        _import(organisation, csv_bytes([["王芳", "x", "y", "z"]], headers=headers), "名册.csv")
    assert "「从业形态」" in refused.value.message
    assert "「电话」" in refused.value.message


@pytest.mark.django_db
def test_it_refuses_an_oversized_file_before_reading_it(
    organisation: Organisation, settings: LazySettings
) -> None:
    settings.LINGHUO_MAX_UPLOAD_BYTES = 1024
    content = csv_bytes([roster_row(i) for i in range(40)])
    assert len(content) > 1024

    with pytest.raises(FileRejectedError, match="文件过大"):
        _import(organisation, content, "名册.csv")
    assert Submission.objects.count() == 0
    assert RosterEntry.objects.count() == 0


@pytest.mark.django_db
def test_its_error_report_never_starts_a_formula(organisation: Organisation) -> None:
    injected = roster_row(0, name='=HYPERLINK("http://evil","点我")')
    summary = _import(organisation, csv_bytes([injected]), "名册.csv")

    assert summary.rejected == 1
    assert summary.error_report is not None
    sheet = load_workbook(summary.error_report).active
    assert sheet is not None
    texts = [c for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert texts
    assert not any(t.startswith(("=", "+", "-", "@")) for t in texts)
    assert any(t.startswith("'=HYPERLINK") for t in texts)


@pytest.mark.django_db
def test_it_rejects_a_repeated_person_in_one_file(organisation: Organisation) -> None:
    summary = _import(organisation, xlsx([roster_row(0), roster_row(0, income="9,000")]))

    assert (summary.accepted, summary.rejected) == (1, 1)
    assert RosterEntry.objects.get().monthly_income_fen == 350000


# --- contribution records ----------------------------------------------------------------------------


def _contributions(content: bytes, filename: str = "缴费.xlsx") -> ImportSummary:
    return contributions_import(source=content, filename=filename, actor=None)


@pytest.mark.django_db
def test_it_imports_contribution_records_and_rejects_bad_ones() -> None:
    bad = contribution_row(9)
    bad[4] = "0"  # a base of zero
    content = xlsx([contribution_row(0), contribution_row(1), bad], headers=CONTRIBUTION_HEADERS)

    summary = _contributions(content)

    assert (summary.accepted, summary.rejected) == (2, 1)
    record = ContributionRecord.objects.order_by("pk").first()
    assert record is not None
    assert (record.month, record.insurance_type, record.base_fen, record.paid_fen, record.minimum_base) == (
        MARCH,
        "enterprise_pension",
        487900,
        97580,
        True,
    )
    assert Person.objects.count() == 2


@pytest.mark.django_db
def test_it_changes_no_contribution_record_twice_and_updates_a_corrected_one() -> None:
    rows = [contribution_row(i) for i in range(3)]
    _contributions(csv_bytes(rows, headers=CONTRIBUTION_HEADERS), "缴费.csv")
    same = _contributions(csv_bytes(rows, headers=CONTRIBUTION_HEADERS), "缴费.csv")
    corrected = _contributions(
        csv_bytes([*rows[:2], contribution_row(2, paid="1,000.00")], headers=CONTRIBUTION_HEADERS), "缴费.csv"
    )

    assert (same.accepted, same.unchanged) == (0, 3)
    assert (corrected.updated, corrected.unchanged) == (1, 2)
    person = Person.objects.get(
        id_number_hash=personal_data.lookup_hash(id_number("320722", dt.date(1985, 6, 3), 2))
    )
    assert ContributionRecord.objects.get(person=person).paid_fen == 100000


@pytest.mark.django_db
def test_it_keeps_the_rows_read_before_a_file_turns_out_damaged(organisation: Organisation) -> None:
    good = csv_bytes([roster_row(i) for i in range(3200)])
    assert len(good) > 256 * 1024  # past the sample the encoding is guessed from
    damaged = good + "王芳,".encode("gb18030") + b"\xff\xfe\xfa\n"

    with pytest.raises(FileRejectedError, match="无法按 CSV 读取"):
        _import(organisation, damaged, "名册.csv")

    submission = Submission.objects.get()
    kept = RosterEntry.objects.count()
    assert kept >= 3000
    assert submission.status == SubmissionStatus.FAILED
    assert f"{kept} 行已保存" in submission.failure_message
