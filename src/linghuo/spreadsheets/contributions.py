"""Contribution records from the social-insurance agency: one person, month and insurance per row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass

from linghuo.spreadsheets import normalise as n
from linghuo.spreadsheets.roster import EXAMPLE_ID_NUMBER
from linghuo.spreadsheets.schema import Column, RowContext, TableSpec
from linghuo.spreadsheets.vocabulary import InsuranceType, insurance_type_from_text


@dataclass(frozen=True, slots=True)
class ContributionRow:
    """A valid contribution record."""

    row_number: int
    name: str
    id_number: str
    period: dt.date  # the month paid for, as its first day
    insurance: InsuranceType
    base_fen: int
    paid_fen: int  # what the person actually paid
    minimum_base: bool  # paid on the minimum base


CONTRIBUTION_COLUMNS = (
    Column("name", "姓名", True, "与身份证一致", "张三"),
    Column(
        "id_number",
        "身份证号",
        True,
        "18位居民身份证号，末位X大小写均可；请把该列设为“文本”",
        EXAMPLE_ID_NUMBER,
        aliases=("身份证号码", "公民身份号码", "证件号码"),
    ),
    Column(
        "period",
        "缴费年月",
        True,
        "写成 2024-03、2024年3月、202403，或任一当月的Excel日期",
        "2024-03",
        aliases=("费款所属期", "所属期"),
    ),
    Column(
        "insurance",
        "险种",
        True,
        "企业职工基本养老保险（可写“养老”）或 职工基本医疗保险（可写“医疗”）",
        "企业职工基本养老保险",
        aliases=("险种类型",),
    ),
    Column("base_fen", "缴费基数（元）", True, "单位为元，最多两位小数，须大于0", "4,879.00"),
    Column(
        "paid_fen",
        "个人实缴金额（元）",
        True,
        "个人实际缴纳的金额，单位为元，最多两位小数",
        "975.80",
        aliases=("个人缴费金额（元）", "实缴金额（元）"),
    ),
    Column("minimum_base", "是否按最低基数缴费", True, "是 或 否（也可写 Y/N、1/0）", "是"),
)


def _build(row: RowContext) -> ContributionRow | None:
    name = row.value("name", n.parse_name)
    id_number = row.value("id_number", n.parse_id_number)
    period = row.value("period", n.parse_year_month)
    insurance = row.value("insurance", lambda v: insurance_type_from_text(n.display_value(v)))
    base = row.value("base_fen", n.parse_amount_fen)
    paid = row.value("paid_fen", n.parse_amount_fen)
    minimum = row.value("minimum_base", n.parse_yes_no)
    if base == 0:
        row.error("base_fen", "缴费基数须大于0")
    if (
        row.failed
        or name is None
        or id_number is None
        or period is None
        or insurance is None
        or base is None
        or paid is None
        or minimum is None
    ):
        return None
    return ContributionRow(row.row_number, name, id_number, period, insurance, base, paid, minimum)


def _person_month_insurance(row: ContributionRow) -> Hashable:
    return (row.id_number, row.period, row.insurance)


CONTRIBUTIONS: TableSpec[ContributionRow] = TableSpec(
    name="社会保险缴费记录",
    columns=CONTRIBUTION_COLUMNS,
    build=_build,
    duplicate_key=_person_month_insurance,
    duplicate_column="身份证号",
    duplicate_label="同一身份证号、缴费年月和险种",
    example_marker=lambda row: row.id_number == EXAMPLE_ID_NUMBER,
)
