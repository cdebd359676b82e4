from __future__ import annotations

import datetime
import random

import pytest
from django.conf import LazySettings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from linghuo import personal_data
from linghuo.accounts.models import User
from linghuo.audit.models import AuditEntry
from linghuo.registry import commitment, services
from linghuo.registry.models import EmploymentRegistration, Organisation, Person, SpotCheck
from tests.registry.helpers import id_number, person_in, register

pytestmark = pytest.mark.django_db


def _actions() -> list[str]:
    return list(AuditEntry.objects.values_list("action", flat=True))


def test_it_registers_a_person_with_encrypted_id_and_derived_birth_date_and_sex() -> None:
    number = id_number("320721", "19761103", 25)  # an old 赣榆县 card
    person = services.person_register(actor=None, name=" 张  三 ", id_number=number, mobile="138 1234 5678")
    stored = Person.objects.get(pk=person.pk)
    assert stored.name == "张三"  # the one name rule: no spaces between Chinese characters
    assert stored.birth_date == datetime.date(1976, 11, 3)
    assert stored.sex == "male"
    assert stored.hukou_division == "320707"  # the old code's successor
    assert stored.district_code == "320707"
    assert number not in stored.id_number_encrypted
    assert personal_data.decrypt(stored.id_number_encrypted) == number
    assert stored.id_number_hash == personal_data.lookup_hash(number)
    assert stored.id_number_masked == number[:4] + "*" * 10 + number[-4:]
    assert stored.mobile_masked == "138****5678"
    assert "person_registered" in _actions()


def test_it_refuses_the_same_id_number_twice() -> None:
    number = id_number()
    services.person_register(actor=None, name="甲", id_number=number)
    with pytest.raises(ValidationError, match="已登记"):
        services.person_register(actor=None, name="乙", id_number=number.lower())


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "请填写姓名"),
        ({"name": "张3"}, "不应含有数字"),
        ({"mobile": "1234"}, "11位手机号码"),
        ({"hukou_division": "12345"}, "户籍地区划代码"),
        ({"residence_township": "110105001"}, "乡镇（街道）代码"),
        ({"work_division": "110105"}, "不是连云港市的区县代码"),
    ],
)
def test_it_explains_bad_person_details_in_chinese(changes: dict[str, str], message: str) -> None:
    details = {"name": "李四", "id_number": id_number()} | changes
    with pytest.raises(ValidationError, match=message):
        services.person_register(actor=None, **details)  # type: ignore[arg-type]
    assert not Person.objects.exists()


def test_it_updates_a_person_and_moves_them_to_their_new_district() -> None:
    person = person_in("320706")
    services.person_update(actor=None, person=person, work_division="320722", mobile="13911112222")
    person.refresh_from_db()
    assert (person.work_division, person.district_code, person.mobile_masked) == (
        "320722",
        "320722",
        "139****2222",
    )
    assert _actions().count("person_updated") == 1


def test_it_keeps_the_commitment_text_version_and_signature_time(no_spot_checks: None) -> None:
    person = person_in("320706")
    signed = datetime.datetime(2024, 3, 1, 23, 30, tzinfo=datetime.UTC)  # already 2 March in China
    registration = services.registration_create(
        actor=None,
        person=person,
        place_kind="hukou",
        place_division="320705",
        employment_form="individual_business",
        commitment_version=commitment.COMMITMENT_VERSION,
        signed_at=signed,
    )
    stored = EmploymentRegistration.objects.get(pk=registration.pk)
    assert stored.commitment_version == commitment.COMMITMENT_VERSION
    assert "无需再提供" in stored.commitment_text
    assert "第十五条" in stored.commitment_text
    assert stored.signed_at == signed
    assert stored.registered_on == datetime.date(2024, 3, 2)
    assert stored.place_division == "320706"  # 新浦区's successor


def test_it_refuses_an_outdated_commitment_version() -> None:
    with pytest.raises(ValidationError, match="承诺书已更新"):
        services.registration_create(
            actor=None,
            person=person_in("320706"),
            place_kind="work",
            place_division="320706",
            employment_form="platform",
            commitment_version="2019-v0",
        )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"place_kind": "abroad"}, "请选择登记地"),
        ({"place_division": "320500"}, "不是连云港市的区县代码"),
        ({"employment_form": "employee"}, "请选择就业形式"),
        ({"monthly_income_fen": -1}, "月收入"),
        ({"work_township": "320500001"}, "乡镇（街道）代码"),
    ],
)
def test_it_explains_bad_registrations_in_chinese(changes: dict[str, object], message: str) -> None:
    details: dict[str, object] = {
        "place_kind": "work",
        "place_division": "320706",
        "employment_form": "platform",
        "commitment_version": commitment.COMMITMENT_VERSION,
    } | changes
    with pytest.raises(ValidationError, match=message):
        services.registration_create(actor=None, person=person_in("320706"), **details)  # type: ignore[arg-type]


def _register_with_township(place_division: str, work_township: str) -> EmploymentRegistration:
    return services.registration_create(
        actor=None,
        person=person_in("320706"),
        place_kind="work",
        place_division=place_division,
        employment_form="platform",
        commitment_version=commitment.COMMITMENT_VERSION,
        work_township=work_township,
    )


def test_it_refuses_a_work_township_outside_the_chosen_district(no_spot_checks: None) -> None:
    # 牛山街道 (320722001) is a township of 东海县, not of 海州区
    with pytest.raises(ValidationError, match="牛山街道属于东海县，不属于所选登记地区县海州区"):
        _register_with_township("320706", "320722001")
    assert not EmploymentRegistration.objects.exists()


@pytest.mark.parametrize("place_division", ["320706", "320705"])  # 新浦区 (320705) is now 海州区
def test_it_accepts_a_work_township_of_the_chosen_district(place_division: str, no_spot_checks: None) -> None:
    registration = _register_with_township(place_division, "320706006")  # 新海街道, 海州区
    assert (registration.place_division, registration.work_township) == ("320706", "320706006")


def test_a_worker_registering_keeps_the_mobile_they_log_in_with(
    personas: dict[str, User], no_spot_checks: None
) -> None:
    worker = personas["worker"]  # logs in with 13900000001
    submitted = services.worker_register(
        account=worker,
        name="王灵工",
        id_number=id_number("320706", "19920202", 33),
        place_kind="work",
        place_division="320706",
        employment_form="platform",
        commitment_version=commitment.COMMITMENT_VERSION,
    )
    assert submitted.registration is not None
    person = submitted.registration.person
    assert person.mobile_masked == "139****0001"
    assert person.mobile_hash == personal_data.lookup_hash("13900000001")


def test_it_allows_one_active_registration_per_person(no_spot_checks: None) -> None:
    person = person_in("320706")
    first = register(person)
    with pytest.raises(ValidationError, match="已有有效的就业登记"):
        register(person)
    services.registration_end(actor=None, registration=first, reason="找到全职工作")
    second = register(person)
    assert second.pk != first.pk
    assert EmploymentRegistration.objects.filter(person=person, ended_on__isnull=True).count() == 1


def test_the_database_refuses_a_second_active_registration(no_spot_checks: None) -> None:
    person = person_in("320706")
    first = register(person)
    first.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        first.save(force_insert=True)


def test_it_ends_a_registration_once_and_not_before_it_began(no_spot_checks: None) -> None:
    registration = register(person_in("320706"))
    with pytest.raises(ValidationError, match="早于登记日期"):
        services.registration_end(
            actor=None,
            registration=registration,
            ended_on=registration.registered_on - datetime.timedelta(days=1),
        )
    services.registration_end(actor=None, registration=registration)
    with pytest.raises(ValidationError, match="已终止"):
        services.registration_end(actor=None, registration=registration)
    assert "employment_registration_ended" in _actions()


@pytest.mark.parametrize(("share", "expected"), [(0.0, 0), (1.0, 6)])
def test_it_draws_none_or_all_at_a_share_of_zero_or_one(
    settings: LazySettings, share: float, expected: int
) -> None:
    settings.LINGHUO_SPOT_CHECK_SHARE = share
    for sequence in range(6):
        register(person_in("320706", sequence=sequence + 1), seed=sequence)
    assert SpotCheck.objects.count() == expected


def test_it_draws_with_the_configured_share_from_the_random_source(settings: LazySettings) -> None:
    settings.LINGHUO_SPOT_CHECK_SHARE = 0.3
    seeded = random.Random(42)
    drawn = [services.spot_check_draw(seeded) for _ in range(2_000)]
    reference = random.Random(42)
    assert drawn == [reference.random() < 0.3 for _ in range(2_000)]
    assert 0.25 < sum(drawn) / len(drawn) < 0.35


def test_it_uses_a_five_percent_share_by_default(settings: LazySettings) -> None:
    if hasattr(settings, "LINGHUO_SPOT_CHECK_SHARE"):
        delattr(settings, "LINGHUO_SPOT_CHECK_SHARE")
    assert services.spot_check_share() == 0.05


def test_a_share_outside_zero_to_one_is_a_configuration_error(settings: LazySettings) -> None:
    settings.LINGHUO_SPOT_CHECK_SHARE = 1.5
    with pytest.raises(ValueError, match="0到1"):
        services.spot_check_draw(random.Random(0))


def test_a_worker_without_a_person_record_creates_one_while_registering(personas: dict[str, User]) -> None:
    worker = personas["worker"]
    registration = services.worker_register(
        account=worker,
        name="王灵工",
        id_number=id_number("320722", "19950505", 7),
        place_kind="residence",
        place_division="320722",
        employment_form="part_time",
        commitment_version=commitment.COMMITMENT_VERSION,
    ).registration
    assert registration is not None
    assert registration.person.account == worker
    assert registration.person.district_code == "320722"
    assert registration.created_by == worker


def test_a_failed_registration_leaves_no_person_behind(personas: dict[str, User]) -> None:
    with pytest.raises(ValidationError):
        services.worker_register(
            account=personas["worker"],
            name="王灵工",
            id_number=id_number(),
            place_kind="work",
            place_division="320706",
            employment_form="nonsense",
            commitment_version=commitment.COMMITMENT_VERSION,
        )
    assert not Person.objects.exists()


def test_a_caseworker_records_a_spot_check_of_their_district_only(
    settings: LazySettings, personas: dict[str, User]
) -> None:
    settings.LINGHUO_SPOT_CHECK_SHARE = 1.0
    check = register(person_in("320722")).spot_check
    with pytest.raises(PermissionDenied):
        services.spot_check_record(actor=personas["caseworker_320706"], spot_check=check, outcome="confirmed")
    with pytest.raises(ValidationError, match="说明不符之处"):
        services.spot_check_record(
            actor=personas["caseworker_320722"], spot_check=check, outcome="discrepancy"
        )
    services.spot_check_record(
        actor=personas["caseworker_320722"],
        spot_check=check,
        outcome="discrepancy",
        note="实际未从事平台配送",
    )
    check.refresh_from_db()
    assert (check.outcome, check.note, check.recorded_by) == (
        "discrepancy",
        "实际未从事平台配送",
        personas["caseworker_320722"],
    )
    assert "spot_check_recorded" in _actions()


def test_it_records_a_membership_with_its_evidence_and_audits_it(personas: dict[str, User]) -> None:
    person = person_in("320706")
    membership = services.membership_record(
        actor=personas["caseworker_320706"],
        person=person,
        kind="hard_to_employ_since",
        valid_from=datetime.date(2022, 4, 1),
        source="caseworker_entry",
        evidence_reference="海人社困字〔2022〕18号",
    )
    assert membership.fact_value == datetime.date(2022, 4, 1)
    assert membership.recorded_by == personas["caseworker_320706"]
    entry = AuditEntry.objects.get(action="group_membership_recorded")
    assert entry.actor == personas["caseworker_320706"]
    assert "evidence_reference" in entry.changed_fields


def test_a_caseworker_cannot_record_for_a_person_of_another_district(personas: dict[str, User]) -> None:
    with pytest.raises(PermissionDenied):
        services.membership_record(
            actor=personas["caseworker_320706"],
            person=person_in("320722"),
            kind="veteran",
            valid_from=datetime.date(2022, 1, 1),
            source="veterans_affairs_exchange",
        )


@pytest.mark.parametrize(
    ("details", "message"),
    [
        ({"kind": "astronaut"}, "未知的人员类别"),
        ({"source": "rumour"}, "未知的信息来源"),
        ({"valid_until": datetime.date(2020, 1, 1)}, "截止日期不能早于起始日期"),
        ({"kind": "business_employees"}, "不小于0的数值"),
        ({"kind": "business_kind", "value_text": "farm"}, "取值应为"),
    ],
)
def test_it_explains_bad_memberships_in_chinese(details: dict[str, object], message: str) -> None:
    values: dict[str, object] = {
        "kind": "veteran",
        "valid_from": datetime.date(2021, 1, 1),
        "source": "self_declared",
    }
    with pytest.raises(ValidationError, match=message):
        services.membership_record(actor=None, person=person_in("320706"), **(values | details))  # type: ignore[arg-type]


def test_it_registers_an_organisation_with_a_valid_credit_code_only() -> None:
    with pytest.raises(ValidationError, match="校验位不正确"):
        services.organisation_register(
            actor=None, uscc="91320700MA1XXXXX0A", name="海州快送", kind="platform", division="320706"
        )
    organisation = services.organisation_register(
        actor=None, uscc=" 91320700ma1xxxxx0w ", name="海州快送", kind="platform", division="320705"
    )
    assert Organisation.objects.get(pk=organisation.pk).uscc == "91320700MA1XXXXX0W"
    assert organisation.division == "320706"
    with pytest.raises(ValidationError, match="已登记"):
        services.organisation_register(
            actor=None, uscc="91320700MA1XXXXX0W", name="海州快送", kind="platform", division="320706"
        )
    assert "organisation_registered" in _actions()
