"""How each benefit delivered through casework is given, once a case is approved (issue: the measures
and how each is delivered).

- periodic: the social-insurance subsidy (十二), paid each period from the contribution records up to
  its months (``services.months_due``);
- one-off: the one-time start-up subsidy (一, once per person and per business), the training living
  allowance (九), the incubator construction subsidy (五, to an organisation);
- referral: the guaranteed start-up loan (一) goes to a partner bank, the amount capped by the decision.

Offers are made for these measures only: the other benefits the engine decides (free training places,
registration, the tax relief…) are shown to the person as information until their delivery is defined.
"""

from __future__ import annotations

from linghuo.benefits.models import STARTUP_SUBSIDY, EntitlementKind

SOCIAL_INSURANCE_SUBSIDY = "social_insurance_subsidy"
TRAINING_LIVING_ALLOWANCE = "training_living_allowance"
INCUBATOR_SUBSIDY = "incubator_construction_subsidy"
STARTUP_LOAN = "startup_guarantee_loan"

DELIVERY: dict[str, EntitlementKind] = {
    SOCIAL_INSURANCE_SUBSIDY: EntitlementKind.PERIODIC,
    STARTUP_SUBSIDY: EntitlementKind.ONE_OFF,
    TRAINING_LIVING_ALLOWANCE: EntitlementKind.ONE_OFF,
    INCUBATOR_SUBSIDY: EntitlementKind.ONE_OFF,
    STARTUP_LOAN: EntitlementKind.REFERRAL,
}

# the person measures offered from a screening run or a change of facts (五 is an organisation's)
OFFERED: tuple[str, ...] = (
    SOCIAL_INSURANCE_SUBSIDY,
    STARTUP_SUBSIDY,
    TRAINING_LIVING_ALLOWANCE,
    STARTUP_LOAN,
)

# measures whose approval needs the business the benefit is for (its licence number)
NEEDS_BUSINESS: frozenset[str] = frozenset({STARTUP_SUBSIDY})
