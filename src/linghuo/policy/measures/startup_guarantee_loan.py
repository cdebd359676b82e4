"""（一）鼓励个体经营发展 and （六）加强财政金融政策支持 — the guaranteed start-up loan (富民创业担保贷款).

"对城镇登记失业人员、就业困难人员、复员转业退役军人等在我市从事个体经营自主创业者和互联网平台就业人员，
购置生产经营必需工具的，可给予最高50万元的富民创业担保贷款及贴息政策支持。" (六) "对符合条件的借款人，
免除反担保要求。"

Readings (policy-catalog.md, "Guaranteed start-up loan"):

- Two groups qualify. The listed groups (城镇登记失业人员、就业困难人员、复员转业退役军人) qualify
  when they run an individual business (从事个体经营自主创业者); internet-platform workers
  (互联网平台就业人员) qualify as such, without being in a listed group. "等" is not widened here:
  another group becomes a new alternative once a rule naming it is found.
- "在我市" is read as applying to both: the work division is in the city. Both must be buying tools the
  business needs.
- The cap is the seed's maximum, lowered by Jiangsu's individual caps by the business's employees
  (苏财金〔2018〕124号: 3 to 5 employees, 6 or more). Below 3 employees parameters.md has no figure: a
  parameter graded unconfirmed, set no higher than the 3-to-5 cap, applies.
- A request above the cap is not a reason to refuse: the person qualifies for a loan up to the cap, and the
  decision says the amount was capped. Without a request (0) the decision gives the cap only.
- The counter-guarantee waiver (六) and the interest subsidy are reported (a note, figures), not gated:
  the bank and the guarantee fund decide them case by case.
"""

from __future__ import annotations

import polars as pl

from linghuo.policy.dsl import Measure
from linghuo.policy.expressions import Facts
from linghuo.policy.facts import BusinessKind, EmploymentForm
from linghuo.policy.parameters import Params

P = "startup_guarantee_loan"

measure = Measure(
    "startup_guarantee_loan",
    clause="一",
    title="富民创业担保贷款",
    title_en="Fumin guaranteed start-up loan",
    amount_is_spending=False,  # the amount is lent by a bank under the guarantee, not paid out
)


# --- who -------------------------------------------------------------------------------------------

target_group = measure.any_of(
    "target_group",
    label="城镇登记失业人员、就业困难人员或复员转业退役军人从事个体经营，或互联网平台就业人员",
    label_en="registered unemployed, certified hard to employ or a veteran running an individual business, "
    "or an internet-platform worker",
)


def runs_individual_business(f: Facts) -> pl.Expr:
    """从事个体经营: the form of work, or the kind of the business the person runs."""
    return (f.employment_form.cast(pl.String) == EmploymentForm.INDIVIDUAL_BUSINESS) | (
        f.business_kind.cast(pl.String) == BusinessKind.INDIVIDUAL_BUSINESS
    ).fill_null(False)


@target_group.alternative(
    "registered_unemployed",
    label="城镇登记失业人员从事个体经营",
    label_en="registered unemployed, running an individual business",
)
def registered_unemployed(f: Facts, p: Params) -> pl.Expr:
    # "对城镇登记失业人员……在我市从事个体经营自主创业者"
    return f.registered_unemployed & runs_individual_business(f)


@target_group.alternative(
    "hard_to_employ",
    label="已认定的就业困难人员从事个体经营",
    label_en="certified hard to employ, running an individual business",
)
def hard_to_employ(f: Facts, p: Params) -> pl.Expr:
    # "就业困难人员……从事个体经营自主创业者"
    return f.hard_to_employ_on(p.on) & runs_individual_business(f)


@target_group.alternative(
    "veteran",
    label="复员转业退役军人从事个体经营",
    label_en="a demobilised or transferred veteran running an individual business",
)
def veteran(f: Facts, p: Params) -> pl.Expr:
    # "复员转业退役军人等……从事个体经营自主创业者"
    return f.veteran & runs_individual_business(f)


@target_group.alternative(
    "platform_worker", label="互联网平台就业人员", label_en="works through an internet platform"
)
def platform_worker(f: Facts, p: Params) -> pl.Expr:
    # "和互联网平台就业人员": a group of its own, whoever they are
    return f.employment_form.cast(pl.String) == EmploymentForm.PLATFORM


@measure.condition("works_in_city", label="在本市就业创业", label_en="works in the city")
def works_in_city(f: Facts, p: Params) -> pl.Expr:
    # "在我市"
    return f.works_in_city


@measure.condition(
    "for_tools",
    label="贷款用于购置生产经营必需工具",
    label_en="the loan buys tools the business needs",
)
def for_tools(f: Facts, p: Params) -> pl.Expr:
    # "购置生产经营必需工具的"
    return f.loan_for_tools


# --- how much --------------------------------------------------------------------------------------


def individual_cap(f: Facts, p: Params) -> pl.Expr:
    """Jiangsu's cap for an individual by the business's employees (苏财金〔2018〕124号)."""
    employees = f.business_employees
    return (
        pl.when(employees >= p.integer(f"{P}.employees_for_top_cap"))
        .then(pl.lit(p.money(f"{P}.individual_cap_employing_6_or_more"), pl.Int64))
        .when(employees >= p.integer(f"{P}.employees_for_middle_cap"))
        .then(pl.lit(p.money(f"{P}.individual_cap_employing_3_to_5"), pl.Int64))
        .otherwise(pl.lit(p.money(f"{P}.individual_cap_employing_fewer_than_3"), pl.Int64))
    )


def cap(f: Facts, p: Params) -> pl.Expr:
    # "可给予最高50万元": the seed's maximum, never exceeded by a provincial cap
    return pl.min_horizontal(individual_cap(f, p), pl.lit(p.money(f"{P}.maximum_loan"), pl.Int64))


@measure.amount_max
def amount_max(f: Facts, p: Params) -> pl.Expr:
    """The largest loan for this person."""
    return cap(f, p)


def granted(f: Facts, p: Params) -> pl.Expr:
    """The amount requested, no more than the cap (null without a request)."""
    return pl.when(f.loan_requested_fen > 0).then(pl.min_horizontal(f.loan_requested_fen, cap(f, p)))


@measure.amount
def amount(f: Facts, p: Params) -> pl.Expr:
    """The amount requested, lowered to the cap when it is above it: a request above it is not refused."""
    return granted(f, p)


@measure.note(
    "amount_capped",
    text="申请额度超过贷款额度上限，按上限核定贷款额度。",
    text_en="The amount requested is above the cap: the loan is set at the cap.",
)
def amount_capped(f: Facts, p: Params) -> pl.Expr:
    # "可给予最高50万元": up to the cap, not refused above it
    return f.loan_requested_fen > cap(f, p)


@measure.figure("requested", label="申请贷款额度", label_en="amount requested")
def requested_figure(f: Facts, p: Params) -> pl.Expr:
    return f.loan_requested_fen


@measure.figure("employees", label="吸纳就业人数", label_en="employees of the business", kind="count")
def employees_figure(f: Facts, p: Params) -> pl.Expr:
    return f.business_employees


# --- counter-guarantee (六) and interest subsidy ---------------------------------------------------


@measure.note(
    "counter_guarantee_waived",
    text="贷款额度不超过一般免除反担保的额度，按第（六）条“对符合条件的借款人，免除反担保要求”，一般无需反担保。",
    text_en="The loan is within the usual counter-guarantee waiver: under measure 6 no "
    "counter-guarantee is normally required.",
)
def counter_guarantee_waived(f: Facts, p: Params) -> pl.Expr:
    # (六) "对符合条件的借款人，免除反担保要求"
    waived_up_to = p.money(f"{P}.counter_guarantee_waived_up_to")
    return (granted(f, p) <= waived_up_to).fill_null(False)


@measure.figure(
    "counter_guarantee_waived_up_to",
    label="一般免除反担保的额度上限",
    label_en="counter-guarantee normally waived up to",
)
def waiver_figure(f: Facts, p: Params) -> pl.Expr:
    return pl.lit(p.money(f"{P}.counter_guarantee_waived_up_to"), pl.Int64)


@measure.figure(
    "interest_subsidy_ratio",
    label="贴息比例（占实际利率）",
    label_en="interest subsidy (share of the rate)",
    kind="ratio",
)
def interest_figure(f: Facts, p: Params) -> pl.Expr:
    # "及贴息政策支持": the ratio in force, or null (and flagged) where it is not known
    name = f"{P}.interest_subsidy_ratio"
    dated = p.parameters[name].at(p.on)
    if dated is None or dated.value is None:
        p.used.add(name)  # cited all the same, so the decision flags it as unconfirmed
        return pl.lit(None, pl.String)
    ratio = p.ratio(name)
    return pl.lit(f"{ratio.numerator}/{ratio.denominator}", pl.String)
