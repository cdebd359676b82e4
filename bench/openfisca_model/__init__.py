"""An independent OpenFisca (46) model of four person measures, to compare linghuo's screening with.

The measures, from the policy catalogue and linghuo's readings of them (``policy/measures/<code>.py``):
social_insurance_subsidy (十二), new_urban_employment (十五), pension_enrollment (十一) and
startup_subsidy_once (一), with the statutory retirement date and the minimum wage they read. Written
the OpenFisca way: one ``Person`` entity, a variable per fact and per reading, vectorised formulas over
NumPy arrays, and the numbers as OpenFisca parameters with their dated values (converted from linghuo's
parameter files: money in fen, a ratio as its numerator and denominator, a keyed value as one child per
key). It decides eligibility and the amount in fen (-1: no amount); it does not give failed conditions.

Facts come from a Polars frame of the facts file's columns: text codes as integers (a division code as
its number, 0 when absent; an employment form or a sex as its index), dates as ``datetime64[D]`` with
``NaT`` when absent (every comparison with ``NaT`` is false, as linghuo's nulls are).

Needs ``openfisca-core`` (``pip install -e '.[bench]'``); only the bench imports this package.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

import numpy as np
import polars as pl
from openfisca_core.entities import build_entity
from openfisca_core.parameters import ParameterNode
from openfisca_core.periods import DAY, ETERNITY
from openfisca_core.simulations import Simulation, SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

from linghuo import divisions
from linghuo.policy.facts import EMPLOYMENT_FORMS, FLEXIBLE_FORMS
from linghuo.policy.parameters import ParameterSet
from linghuo.policy.parameters import load as load_parameters

MEASURES = ("social_insurance_subsidy", "new_urban_employment", "pension_enrollment", "startup_subsidy_once")
PARAMETER_FILES = (*MEASURES, "minimum_wage", "statutory_retirement_date")
NO_AMOUNT = -1
Array = Any  # what OpenFisca hands a formula (NumPy arrays, untyped)

Person = build_entity(key="person", plural="persons", label="A resident", is_person=True)

BOOL_FACTS = (
    "hukou_rural",
    "hmt_residence_permit",
    "registered_unemployed",
    "veteran",
    "college_student",
    "employed_since_leaving_college",
    "business_non_agricultural",
    "startup_subsidy_received",
    "social_insurance_enrolled",
    "receiving_unemployment_benefit",
    "si_base_is_minimum",
    "si_extension_used",
)
INT_FACTS = ("jiangsu_pension_years", "business_employees", "si_subsidy_months_used")
MONEY_FACTS = ("monthly_income_fen", "si_paid_fen")
DATE_FACTS = (
    "birth_date",
    "hard_to_employ_since",
    "college_left_on",
    "business_founded_on",
    "si_first_approved_on",
)
CODE_FACTS = ("hukou_division", "work_division")  # 6-digit codes as integers (0: absent)
# what the model reads of the facts file (the birth date and sex as they are: no ID-number fallback
# here, so the bench's file gives both wherever it gives an ID number)
COLUMNS = (
    "person_id",
    *BOOL_FACTS,
    *INT_FACTS,
    *MONEY_FACTS,
    *DATE_FACTS,
    *CODE_FACTS,
    "employment_form",
    "sex",
)

CITY_CODES = np.array(
    [
        int(divisions.CITY_CODE),
        *(int(c.code) for c in divisions.counties()),
        *map(int, divisions.HISTORICAL_CODES),
    ]
)
SUCCESSORS = {int(old): int(new) for old, (_, new) in divisions.HISTORICAL_CODES.items()}
FLEXIBLE_INDICES = np.array([EMPLOYMENT_FORMS.index(f) for f in FLEXIBLE_FORMS])
JIANGSU = int(divisions.JIANGSU_PREFIX)
MALE, FEMALE = 1, 2
CATEGORIES = ("male", "female_55", "female_50")


# --- parameters: linghuo's dated values as an OpenFisca parameter tree ------------------------------


def _key(key: object) -> str:
    return f"k_{key}"


def _scalar(kind: str, value: Any) -> Any:
    if value is None:
        return NO_AMOUNT
    if kind == "date":
        return value.year * 12 + value.month - 1  # a birth month as one integer
    if kind == "text":
        return CATEGORIES.index(value)
    return int(value)


def _node(kind: str, keyed: bool, values: list[tuple[dt.date, Any]]) -> dict[str, Any]:
    def leaf(pick: Any, scalar: Any = _scalar) -> dict[str, Any]:
        return {"values": {start.isoformat(): {"value": scalar(kind, pick(v))} for start, v in values}}

    if kind == "ratio":
        if keyed:
            keys = {k for _, v in values for k in v}
            return {
                _key(k): {
                    "numerator": leaf(lambda v, k=k: Fraction(v[k]).numerator),
                    "denominator": leaf(lambda v, k=k: Fraction(v[k]).denominator),
                }
                for k in keys
            }
        return {
            "numerator": leaf(lambda v: Fraction(v).numerator),
            "denominator": leaf(lambda v: Fraction(v).denominator),
        }
    if keyed:
        keys = {k for _, v in values for k in v}
        return {_key(k): leaf(lambda v, k=k: v.get(k)) for k in keys}
    return leaf(lambda v: v)


def parameter_tree(parameters: ParameterSet | None = None) -> ParameterNode:
    """The parameters of the four measures and what they read, from linghuo's parameter files."""
    source = parameters if parameters is not None else load_parameters()
    data: dict[str, Any] = {}
    for name, parameter in source.parameters.items():
        group, _, short = name.partition(".")
        if group in PARAMETER_FILES:
            values = [(v.start, v.value) for v in parameter.values]
            data.setdefault(group, {})[short] = _node(parameter.type, parameter.keyed_by is not None, values)
    return ParameterNode("linghuo", data=data)


# --- helpers over arrays ------------------------------------------------------------------------------


def _day(period: Any) -> np.datetime64:
    return np.datetime64(str(period.start), "D")


def add_months(start: np.ndarray, months: np.ndarray | int) -> Array:
    """``start`` plus whole calendar months, the day clamped to the month's length (NaT stays NaT)."""
    first = start.astype("datetime64[M]")
    day = (start - first.astype("datetime64[D]")).astype(np.int64)
    target = first + np.asarray(months, dtype=np.int64)
    length = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(np.int64)
    return target.astype("datetime64[D]") + np.minimum(day, length - 1)


def _ymd(dates: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    years = dates.astype("datetime64[Y]")
    months = dates.astype("datetime64[M]")
    year = years.astype(np.int64) + 1970
    month = (months - years.astype("datetime64[M]")).astype(np.int64) + 1
    day = (dates - months.astype("datetime64[D]")).astype(np.int64) + 1
    return year, month, day


def whole_years(start: np.ndarray, end: np.ndarray | np.datetime64) -> Array:
    """Whole years from ``start`` to ``end`` (a 29 February's anniversary is 1 March)."""
    s_year, s_month, s_day = _ymd(start)
    e_year, e_month, e_day = _ymd(np.broadcast_to(np.asarray(end, dtype="datetime64[D]"), start.shape))
    not_yet = (e_month * 100 + e_day) < (s_month * 100 + s_day)
    return e_year - s_year - not_yet


def months_between(start: np.datetime64, end: np.ndarray) -> Array:
    """Whole calendar months from ``start`` to ``end`` (0 when ``end`` is not after it)."""
    s_year, s_month, s_day = _ymd(np.asarray([start], dtype="datetime64[D]"))
    e_year, e_month, e_day = _ymd(end)
    months = (e_year * 12 + e_month) - (s_year * 12 + s_month) - (e_day < s_day)
    return np.maximum(months, 0)


def _keyed(node: Any, keys: np.ndarray, default: int) -> Array:
    """A keyed parameter looked up for each key (a chain of selections: a handful of keys)."""
    out = np.full(keys.shape, default, dtype=np.int64)
    for name in node._children:
        if name != "k_default":
            out = np.where(keys == int(name.removeprefix("k_")), node[name], out)
    return out


# --- variables ------------------------------------------------------------------------------------------


def _input(name: str, kind: type, default: Any = None) -> type[Variable]:
    attributes: dict[str, Any] = {
        "value_type": kind,
        "entity": Person,
        "definition_period": ETERNITY,
        "label": name,
    }
    if default is not None:
        attributes["default_value"] = default
    return type(name, (Variable,), attributes)


def _formula(name: str, kind: type, formula: Any) -> type[Variable]:
    attributes = {
        "value_type": kind,
        "entity": Person,
        "definition_period": DAY,
        "label": name,
        "formula": formula,
    }
    return type(name, (Variable,), attributes)


def _eternal(person: Any, name: str) -> Array:
    return person(name, "eternity")


def _work_county(person: Any) -> Array:
    work = _eternal(person, "work_division")
    county = work
    for old, new in SUCCESSORS.items():
        county = np.where(work == old, new, county)
    return county


def flexible_worker(person: Any, period: Any) -> Array:
    return np.isin(_eternal(person, "employment_form"), FLEXIBLE_INDICES)


def works_in_city(person: Any, period: Any) -> Array:
    return np.isin(_eternal(person, "work_division"), CITY_CODES)


def hard_to_employ(person: Any, period: Any) -> Array:
    return _eternal(person, "hard_to_employ_since") <= _day(period)


def minimum_wage_monthly(person: Any, period: Any, parameters: Any) -> Array:
    p = parameters(period).minimum_wage
    tier = _keyed(p.tier, _work_county(person), 0)
    return _keyed(p.monthly, tier, np.iinfo(np.int64).max)  # outside the city: no wage is reached


def retirement_date(person: Any, period: Any, parameters: Any) -> Array:
    p = parameters(period).statutory_retirement_date
    sex = _eternal(person, "sex")
    birth = _eternal(person, "birth_date")
    category = np.where(sex == MALE, 0, np.where(sex == FEMALE, int(p.female_category), -1))

    def by_category(node: Any) -> Array:
        return np.select(
            [category == i for i in range(len(CATEGORIES))], [node[_key(c)] for c in CATEGORIES], 0
        )

    birth_month = birth.astype("datetime64[M]").astype(np.int64) + 1970 * 12
    from_first = birth_month - by_category(p.first_delayed_birth_month)
    step = np.maximum(by_category(p.birth_months_per_month_of_delay), 1)
    delay = np.where(
        from_first >= 0, np.minimum(from_first // step + 1, by_category(p.maximum_delay_months)), 0
    )
    retirement = add_months(birth, by_category(p.original_age_years) * 12 + delay)
    return np.where(category >= 0, retirement, np.datetime64("NaT"))


def nue_eligible(person: Any, period: Any, parameters: Any) -> Array:
    return (
        person("flexible_worker", period)
        & person("works_in_city", period)
        & (_eternal(person, "monthly_income_fen") >= person("minimum_wage_monthly", period))
        & _eternal(person, "social_insurance_enrolled")
    )


def pension_eligible(person: Any, period: Any, parameters: Any) -> Array:
    p = parameters(period).pension_enrollment
    hukou = _eternal(person, "hukou_division")
    hukou_jiangsu = hukou // 10000 == JIANGSU
    work_jiangsu = _eternal(person, "work_division") // 10000 == JIANGSU
    route = (
        hukou_jiangsu
        | (_eternal(person, "hmt_residence_permit") & work_jiangsu)
        | (
            (hukou > 0)
            & ~hukou_jiangsu
            & (_eternal(person, "jiangsu_pension_years") >= p.out_of_province_minimum_years)
        )
    )
    return person("flexible_worker", period) & person("works_in_city", period) & route


def si_unemployed_graduate(person: Any, period: Any, parameters: Any) -> Array:
    p = parameters(period).social_insurance_subsidy
    left = _eternal(person, "college_left_on")
    on = _day(period)
    within = (left <= on) & (whole_years(left, on) < p.graduate_window_years)
    return within & ~_eternal(person, "employed_since_leaving_college")


def si_months_left(person: Any, period: Any, parameters: Any) -> Array:
    p = parameters(period).social_insurance_subsidy
    on = _day(period)
    used = _eternal(person, "si_subsidy_months_used").astype(np.int64)
    extension = np.where(_eternal(person, "si_extension_used"), 0, p.extension_months)
    general = p.hard_to_employ_months + extension - used
    approved = _eternal(person, "si_first_approved_on")
    first = np.where(np.isnat(approved), on, approved)
    retirement = person("retirement_date", period)
    near = add_months(first, p.years_to_retirement_for_until_retirement * 12) > retirement
    months = np.where(near, months_between(on, retirement), general)
    hard = np.where(person("hard_to_employ", period), np.maximum(months, 0), 0)
    graduate = np.where(person("si_unemployed_graduate", period), np.maximum(p.graduate_months - used, 0), 0)
    return np.maximum(hard, graduate)


def si_eligible(person: Any, period: Any, parameters: Any) -> Array:
    return (
        person("flexible_worker", period)
        & (_eternal(person, "si_paid_fen") > 0)
        & (person("hard_to_employ", period) | person("si_unemployed_graduate", period))
        & (person("si_months_left", period) > 0)
        & ~_eternal(person, "receiving_unemployment_benefit")
    )


def si_amount(person: Any, period: Any, parameters: Any) -> Array:
    p = parameters(period).social_insurance_subsidy
    county = _work_county(person)
    on_minimum = _eternal(person, "si_base_is_minimum")

    def ratio(node: Any) -> tuple[np.ndarray, np.ndarray]:
        numerator = _keyed_ratio(node, county, "numerator")
        denominator = _keyed_ratio(node, county, "denominator")
        return numerator, denominator

    low_n, low_d = ratio(p.ratio_on_minimum_base)
    high_n, high_d = ratio(p.ratio_above_minimum_base)
    numerator = np.where(on_minimum, low_n, high_n)
    denominator = np.where(on_minimum, low_d, high_d)
    amount = _eternal(person, "si_paid_fen") * numerator // denominator
    return np.where(person("si_eligible", period), amount, NO_AMOUNT)


def _keyed_ratio(node: Any, county: np.ndarray, part: str) -> Array:
    out = np.full(county.shape, int(node["k_default"][part]), dtype=np.int64)
    for name in node._children:
        if name != "k_default":
            out = np.where(county == int(name.removeprefix("k_")), node[name][part], out)
    return out


def startup_student_route(person: Any, period: Any, parameters: Any) -> Array:
    p = parameters(period).startup_subsidy_once
    left = _eternal(person, "college_left_on")
    founded = _eternal(person, "business_founded_on")
    graduate = (left <= founded) & (whole_years(left, founded) < p.graduate_window_years)
    return _eternal(person, "college_student") | graduate


def startup_student_conditions(person: Any, period: Any, parameters: Any) -> Array:
    p = parameters(period).startup_subsidy_once
    founded = _eternal(person, "business_founded_on")
    operated = add_months(founded, p.students_minimum_months_operating) <= _day(period)
    return (_eternal(person, "business_employees") >= p.students_minimum_other_employees) & operated


def startup_eligible(person: Any, period: Any, parameters: Any) -> Array:
    other = (
        (_eternal(person, "hukou_rural") & _eternal(person, "business_non_agricultural"))
        | _eternal(person, "veteran")
        | _eternal(person, "registered_unemployed")
        | person("hard_to_employ", period)
    )
    student = person("startup_student_route", period)
    requirements = ~student | other | person("startup_student_conditions", period)
    founded = _eternal(person, "business_founded_on") <= _day(period)
    return (student | other) & founded & requirements & ~_eternal(person, "startup_subsidy_received")


def startup_amount(person: Any, period: Any, parameters: Any) -> Array:
    p = parameters(period).startup_subsidy_once
    as_student = person("startup_student_route", period) & person("startup_student_conditions", period)
    amount = np.where(as_student, p.amount_students_and_graduates, p.amount_other_groups)
    return np.where(person("startup_eligible", period), amount, NO_AMOUNT)


def nue_amount(person: Any, period: Any, parameters: Any) -> Array:
    return np.full(person.count, NO_AMOUNT, dtype=np.int64)


OUTPUTS = {
    "social_insurance_subsidy": ("si_eligible", "si_amount"),
    "new_urban_employment": ("nue_eligible", "nue_amount"),
    "pension_enrollment": ("pension_eligible", "nue_amount"),
    "startup_subsidy_once": ("startup_eligible", "startup_amount"),
}


def build_system(parameters: ParameterSet | None = None) -> TaxBenefitSystem:
    """The tax-benefit system: the Person entity, its input and computed variables, the parameters."""
    system = TaxBenefitSystem([Person])
    system.parameters = parameter_tree(parameters)
    inputs = [
        *(_input(n, bool) for n in BOOL_FACTS),
        *(_input(n, int) for n in (*INT_FACTS, *MONEY_FACTS, *CODE_FACTS, "employment_form", "sex")),
        *(_input(n, dt.date) for n in DATE_FACTS),
    ]
    computed = [
        _formula("flexible_worker", bool, flexible_worker),
        _formula("works_in_city", bool, works_in_city),
        _formula("hard_to_employ", bool, hard_to_employ),
        _formula("minimum_wage_monthly", int, minimum_wage_monthly),
        _formula("retirement_date", dt.date, retirement_date),
        _formula("nue_eligible", bool, nue_eligible),
        _formula("nue_amount", int, nue_amount),
        _formula("pension_eligible", bool, pension_eligible),
        _formula("si_unemployed_graduate", bool, si_unemployed_graduate),
        _formula("si_months_left", int, si_months_left),
        _formula("si_eligible", bool, si_eligible),
        _formula("si_amount", int, si_amount),
        _formula("startup_student_route", bool, startup_student_route),
        _formula("startup_student_conditions", bool, startup_student_conditions),
        _formula("startup_eligible", bool, startup_eligible),
        _formula("startup_amount", int, startup_amount),
    ]
    for variable in (*inputs, *computed):
        system.add_variable(variable)
    return system


def inputs(frame: pl.DataFrame) -> dict[str, np.ndarray]:
    """The model's inputs from a frame of the facts file's :data:`COLUMNS` (nulls: false, 0, NaT)."""
    out: dict[str, np.ndarray] = {}
    for name in BOOL_FACTS:
        out[name] = frame[name].fill_null(False).to_numpy()
    for name in (*INT_FACTS, *MONEY_FACTS):
        out[name] = frame[name].fill_null(0).cast(pl.Int64).to_numpy()
    for name in CODE_FACTS:
        out[name] = frame[name].cast(pl.Int64, strict=False).fill_null(0).to_numpy()
    for name in DATE_FACTS:
        out[name] = frame[name].to_numpy().astype("datetime64[D]")
    forms = pl.Series(EMPLOYMENT_FORMS)
    out["employment_form"] = (
        frame["employment_form"]
        .cast(pl.String)
        .replace_strict(forms, range(len(forms)), default=-1)
        .to_numpy()
    )
    out["sex"] = (
        frame["sex"].cast(pl.String).replace_strict(["male", "female"], [MALE, FEMALE], default=0).to_numpy()
    )
    return out


def simulate(system: TaxBenefitSystem, frame: pl.DataFrame, on: dt.date) -> pl.DataFrame:
    """Build the simulation from the frame's columns, compute the four measures: one row per person,
    ``<code>_eligible`` and ``<code>_amount_fen`` (null: no amount)."""
    simulation: Simulation = SimulationBuilder().build_default_simulation(system, frame.height)
    for name, values in inputs(frame).items():
        simulation.set_input(name, "eternity", values)
    day = on.isoformat()
    columns: dict[str, Any] = {"person_id": frame["person_id"]}
    for code, (eligible, amount) in OUTPUTS.items():
        columns[f"{code}_eligible"] = simulation.calculate(eligible, day)
        amounts = simulation.calculate(amount, day)
        columns[f"{code}_amount_fen"] = pl.Series(amounts, dtype=pl.Int64).replace(NO_AMOUNT, None)
    return pl.DataFrame(columns)
