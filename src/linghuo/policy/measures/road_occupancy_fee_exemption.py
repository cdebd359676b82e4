"""（四）放宽灵活就业准入限制 — no urban road occupancy fee for approved street trading.

"对经批准占道经营的，免征城市道路占用费，不得额外设置条件变相收费。"

General rule: approved street trading (经批准占道经营) pays no urban road occupancy fee; the approval is
the only condition. Anything else a collector asks before granting it (a deposit, a service charge, a
local hukou, …) is an extra condition the clause forbids: the answer lists it as improper, so that it
can go to the complaints channel, and the exemption stands regardless. Trading without approval is not
exempt under this clause (the fee, if any, is set by other rules).

>>> road_occupancy_fee(approved=True, conditions_imposed=("押金",)).improper_conditions
('押金',)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from linghuo.policy.dsl import PlatformRule


@dataclass(frozen=True, slots=True)
class RoadFeeAnswer:
    exempt: bool
    improper_conditions: tuple[str, ...]  # extra conditions imposed on approved trading
    explanation_zh: str
    explanation_en: str


def road_occupancy_fee(*, approved: bool, conditions_imposed: Sequence[str] = ()) -> RoadFeeAnswer:
    """Whether street trading is exempt from the urban road occupancy fee; improper extra conditions."""
    if not approved:
        return RoadFeeAnswer(
            False,
            (),
            "未经批准占道经营，不适用第（四）条免征城市道路占用费的规定。",
            "Street trading without approval: clause 四's road-occupancy-fee exemption does not apply.",
        )
    improper = tuple(conditions_imposed)
    zh = "经批准占道经营，免征城市道路占用费（第（四）条）。"
    en = "Approved street trading: no urban road occupancy fee (clause 四)."
    if improper:
        zh += f"不得额外设置条件变相收费，以下条件不应设置：{'、'.join(improper)}。"
        en += f" No extra condition may be set as a disguised charge; improper: {', '.join(improper)}."
    return RoadFeeAnswer(True, improper, zh, en)


rule = PlatformRule(
    "road_occupancy_fee_exemption",
    clause="四",
    title="经批准占道经营免征城市道路占用费",
    title_en="No road occupancy fee for approved street trading",
    compute=road_occupancy_fee,
)
