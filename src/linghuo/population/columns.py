"""The columns of a synthetic population: the rules engine's facts in its order
(:data:`linghuo.policy.facts.FACTS`, which extends policy-catalog.md, "Facts"), then ``name`` and
``township_code``. Enumerations are stored as plain strings; the engine reads them as its enums."""

from __future__ import annotations

import pyarrow as pa

_DATE = pa.date32()

FACT_FIELDS: tuple[pa.Field, ...] = (
    pa.field("person_id", pa.string(), nullable=False),
    pa.field("id_number", pa.string()),
    pa.field("birth_date", _DATE),
    pa.field("sex", pa.string()),
    pa.field("hukou_division", pa.string()),
    pa.field("hukou_rural", pa.bool_()),
    pa.field("hmt_residence_permit", pa.bool_()),
    pa.field("jiangsu_pension_years", pa.int32()),
    pa.field("work_division", pa.string()),
    pa.field("employment_form", pa.string()),
    pa.field("registered_unemployed", pa.bool_()),
    pa.field("hard_to_employ_since", _DATE),
    pa.field("veteran", pa.bool_()),
    pa.field("disabled", pa.bool_()),
    pa.field("dibao", pa.bool_()),
    pa.field("low_income_rural_household", pa.bool_()),
    pa.field("rural_transfer_worker", pa.bool_()),
    pa.field("laid_off_or_transferred", pa.bool_()),
    pa.field("land_expropriated_farmer", pa.bool_()),
    pa.field("zero_employment_household", pa.bool_()),
    pa.field("special_hardship_worker_family", pa.bool_()),
    pa.field("entitled_group_family", pa.bool_()),
    pa.field("unemployed_since", _DATE),
    pa.field("college_student", pa.bool_()),
    pa.field("college_left_on", _DATE),
    pa.field("employed_since_leaving_college", pa.bool_()),
    pa.field("school_leaver_not_continuing", pa.bool_()),
    pa.field("entrepreneurial_intent", pa.bool_()),
    pa.field("public_welfare_post", pa.bool_()),
    pa.field("business_founded_on", _DATE),
    pa.field("business_kind", pa.string()),
    pa.field("business_non_agricultural", pa.bool_()),
    pa.field("business_employees", pa.int32()),
    pa.field("startup_subsidy_received", pa.bool_()),
    pa.field("loan_requested_fen", pa.int64()),
    pa.field("loan_for_tools", pa.bool_()),
    pa.field("monthly_income_fen", pa.int64()),
    pa.field("social_insurance_enrolled", pa.bool_()),
    pa.field("receiving_unemployment_benefit", pa.bool_()),
    pa.field("si_paid_fen", pa.int64()),
    pa.field("si_claim_months", pa.int32()),
    pa.field("si_base_is_minimum", pa.bool_()),
    pa.field("si_subsidy_months_used", pa.int32()),
    pa.field("si_extension_used", pa.bool_()),
    pa.field("si_first_approved_on", _DATE),
    pa.field("flexible_employment_since", _DATE),
    pa.field("in_subsidised_training", pa.bool_()),
    pa.field("pension_months_unpaid_2020", pa.int32()),
    pa.field("temporary_assistance_conditions", pa.bool_()),
    pa.field("freelance_professional", pa.bool_()),
    pa.field("meets_title_conditions", pa.bool_()),
)
EXTRA_FIELDS: tuple[pa.Field, ...] = (
    pa.field("name", pa.string()),  # 姓名
    pa.field("township_code", pa.string()),  # 9-digit NBS code of the township of residence
)

FACT_COLUMNS: tuple[str, ...] = tuple(f.name for f in FACT_FIELDS)
COLUMNS: tuple[str, ...] = FACT_COLUMNS + tuple(f.name for f in EXTRA_FIELDS)
SCHEMA = pa.schema(FACT_FIELDS + EXTRA_FIELDS)
