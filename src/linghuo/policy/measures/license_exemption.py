"""（四）放宽灵活就业准入限制 — trading that needs no business licence (无须办理营业执照).

"在政府指定的场所和时间内销售农副产品、日常生活用品，或者个人利用自己的技能从事依法无须取得许可的便民劳务
活动，无须办理营业执照。"

General rule: a market activity is registered and licensed (市场主体登记). Exceptions, either one
sufficing:

- **designated trading**: selling farm produce (农副产品) or daily goods (日常生活用品) at a place *and*
  within the hours the government designates; other goods, or outside the place or the hours, do not qualify;
- **personal-skill services**: a person using their own skill for a convenience service (便民劳务) that the
  law lets anyone do without a permit; a service that needs a permit does not qualify.

Nothing else is asked (no hukou, no registration as a flexible worker): the clause sets no other
condition.

>>> licence_needed(Activity(sells_farm_produce_or_daily_goods=True, at_designated_place=True,
...                         within_designated_hours=True)).licence_required
False
"""

from __future__ import annotations

from dataclasses import dataclass

from linghuo.policy.dsl import PlatformRule


@dataclass(frozen=True, slots=True)
class Activity:
    """What the rule reads of a trading activity (every answer false unless given)."""

    sells_farm_produce_or_daily_goods: bool = False
    at_designated_place: bool = False
    within_designated_hours: bool = False
    personal_skill_convenience_service: bool = False
    permit_required_by_law: bool = False


@dataclass(frozen=True, slots=True)
class LicenceAnswer:
    licence_required: bool
    exemption: str | None  # "designated_trading", "personal_skill_service", or None
    explanation_zh: str
    explanation_en: str


def designated_trading(a: Activity) -> bool:
    """在政府指定的场所和时间内销售农副产品、日常生活用品."""
    return a.sells_farm_produce_or_daily_goods and a.at_designated_place and a.within_designated_hours


def personal_skill_service(a: Activity) -> bool:
    """个人利用自己的技能从事依法无须取得许可的便民劳务活动."""
    return a.personal_skill_convenience_service and not a.permit_required_by_law


def licence_needed(activity: Activity) -> LicenceAnswer:
    """Whether the activity needs a business licence, and under which exception it does not."""
    if designated_trading(activity):
        return LicenceAnswer(
            False,
            "designated_trading",
            "在政府指定的场所和时间内销售农副产品、日常生活用品，无须办理营业执照（第（四）条）。",
            "Selling farm produce or daily goods at a government-designated place and time needs no "
            "business licence (clause 四).",
        )
    if personal_skill_service(activity):
        return LicenceAnswer(
            False,
            "personal_skill_service",
            "个人利用自己的技能从事依法无须取得许可的便民劳务活动，无须办理营业执照（第（四）条）。",
            "A personal-skill convenience service needing no permit by law needs no business licence "
            "(clause 四).",
        )
    return LicenceAnswer(
        True,
        None,
        "不属于第（四）条免办营业执照的情形（指定场所和时间内销售农副产品、日常生活用品，或无须许可的个人"
        "技能便民劳务），应依法办理市场主体登记。",
        "Not one of clause 四's exemptions (farm produce or daily goods at a designated place and time, or "
        "a personal-skill service needing no permit): a business licence is needed.",
    )


rule = PlatformRule(
    "license_exemption",
    clause="四",
    title="免办营业执照的情形",
    title_en="Trading without a business licence",
    compute=licence_needed,
)
