"""The platform worker roster (clause 十五): one worker per row, as the bureau publishes it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass

from linghuo.spreadsheets import normalise as n
from linghuo.spreadsheets.schema import Column, RowContext, TableSpec
from linghuo.spreadsheets.vocabulary import EmploymentForm, employment_form_from_text

# A made-up person with a valid check digit; a row carrying it is the template's example, never a worker.
EXAMPLE_ID_NUMBER = "320706199001010019"


@dataclass(frozen=True, slots=True)
class RosterRow:
    """A valid roster row."""

    row_number: int
    name: str
    id_number: str
    mobile: str
    employment_form: EmploymentForm
    work_division: str  # current county code
    monthly_income_fen: int
    social_insurance: bool
    start_date: dt.date
    end_date: dt.date | None


_FORMS = "、".join(f"{f.label}（{f.value}）" for f in EmploymentForm)

ROSTER_COLUMNS = (
    Column("name", "姓名", True, "与身份证一致", "张三"),
    Column(
        "id_number",
        "身份证号",
        True,
        "18位居民身份证号，末位X大小写均可；请把该列设为“文本”，以免Excel丢失末几位",
        EXAMPLE_ID_NUMBER,
        aliases=("身份证号码", "公民身份号码", "证件号码"),
    ),
    Column("mobile", "手机号", True, "11位手机号", "13812345678", aliases=("手机号码", "联系电话")),
    Column("employment_form", "从业形态", True, f"可填写：{_FORMS}", EmploymentForm.PLATFORM.label),
    Column(
        "work_division",
        "工作地区划代码",
        True,
        "连云港市区县代码（6位）：320703连云区、320706海州区、320707赣榆区、320722东海县、"
        "320723灌云县、320724灌南县、320771连云港经济技术开发区；旧代码320705、320721、320822亦可",
        "320706",
        aliases=("工作地区划", "工作地行政区划代码"),
    ),
    Column(
        "monthly_income_fen",
        "月收入（元）",
        True,
        "单位为元，最多两位小数，可写 3000、3,000.00 或 ￥3,000",
        "3,500.00",
        aliases=("月收入",),
    ),
    Column(
        "social_insurance",
        "是否参加社会保险",
        True,
        "是 或 否（也可写 Y/N、1/0）",
        "是",
        aliases=("是否参保", "是否参加社保"),
    ),
    Column(
        "start_date",
        "开始日期",
        True,
        "Excel日期，或写成 2024-03-01、2024/3/1、2024年3月1日、20240301",
        dt.date(2024, 3, 1),
    ),
    Column("end_date", "结束日期", False, "仍在从业的留空；不得早于开始日期", None),
)


def _build(row: RowContext) -> RosterRow | None:
    name = row.value("name", n.parse_name)
    id_number = row.value("id_number", n.parse_id_number)
    mobile = row.value("mobile", n.parse_mobile)
    form = row.value("employment_form", lambda v: employment_form_from_text(n.display_value(v)))
    division = row.value("work_division", n.parse_county_code)
    income = row.value("monthly_income_fen", n.parse_amount_fen)
    insured = row.value("social_insurance", n.parse_yes_no)
    start = row.value("start_date", n.parse_date)
    end = row.value("end_date", n.parse_date)
    if start is not None and end is not None and end < start:
        row.error("end_date", f"结束日期早于开始日期（{start.isoformat()}）")
    if (
        row.failed
        or name is None
        or id_number is None
        or mobile is None
        or form is None
        or division is None
        or income is None
        or insured is None
        or start is None
    ):
        return None
    return RosterRow(row.row_number, name, id_number, mobile, form, division, income, insured, start, end)


def _person(row: RosterRow) -> Hashable:
    return row.id_number


ROSTER: TableSpec[RosterRow] = TableSpec(
    name="平台从业人员名册",
    columns=ROSTER_COLUMNS,
    build=_build,
    duplicate_key=_person,
    duplicate_column="身份证号",
    duplicate_label="同一身份证号",
    example_marker=lambda row: row.id_number == EXAMPLE_ID_NUMBER,
)
