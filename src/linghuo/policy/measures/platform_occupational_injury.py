"""（十一）畅通灵活就业参保渠道 — platforms in the occupational-injury protection pilot take part.

"以互联网平台企业为重点，探索开展平台灵活就业人员职业伤害保障试点，平台企业应当按规定参加。"

An obligation: the decision is ``eligible`` (符合) when the platform complies, and a ``false`` is the flag.
It binds a platform within the pilot (``in_occupational_injury_pilot``: which platforms are in it is set
by the pilot's own rules); a platform outside the pilot complies, and the decision says the duty does not
bind it yet. Commercial cover (人身意外、雇主责任保险) is encouraged ("指导和鼓励"), not required: not tested.
"""

from __future__ import annotations

import polars as pl

from linghuo.policy.dsl import Measure
from linghuo.policy.expressions import Facts
from linghuo.policy.parameters import Params

measure = Measure(
    "platform_occupational_injury",
    clause="十一",
    title="平台企业参加职业伤害保障试点",
    title_en="Platform takes part in the occupational-injury protection pilot",
    kind="organisation",
)


@measure.condition(
    "takes_part_if_in_pilot",
    label="纳入试点的平台企业已按规定参加职业伤害保障",
    label_en="a platform within the pilot takes part as required",
)
def takes_part_if_in_pilot(f: Facts, p: Params) -> pl.Expr:
    # "平台企业应当按规定参加"
    return ~f.in_occupational_injury_pilot | f.takes_part_in_pilot


@measure.note(
    "not_in_pilot",
    text="未纳入职业伤害保障试点，此项义务暂不适用。",
    text_en="Not within the occupational-injury pilot: the duty does not bind it yet.",
)
def not_in_pilot(f: Facts, p: Params) -> pl.Expr:
    return ~f.in_occupational_injury_pilot
