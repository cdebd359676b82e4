"""Account services: every write is validated, audited, and the demo accounts are idempotent."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from linghuo import personal_data
from linghuo.accounts.models import CaseworkerScope, MemberRole, OrganisationMembership, Role, User
from linghuo.accounts.services import (
    caseworker_scope_set,
    membership_add,
    membership_remove,
    user_create,
    user_get_or_create_demo,
    user_set_role,
)
from linghuo.audit.models import AuditAction, AuditEntry
from linghuo.audit.services import audit_verify
from tests.accounts.personas import employer

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-passphrase-2021"


def _worker(mobile: str = "13812345678") -> User:
    return user_create(mobile=mobile, password=PASSWORD, name="王灵工", role=Role.WORKER)


def _actions() -> list[str]:
    return list(AuditEntry.objects.order_by("sequence").values_list("action", flat=True))


def test_it_creates_an_account_with_the_mobile_encrypted() -> None:
    user = _worker("+86 138-1234-5678")
    assert user.mobile_hash == personal_data.lookup_hash("13812345678")
    assert "13812345678" not in user.mobile_encrypted
    assert user.mobile_masked == "138****5678"
    assert _actions() == [AuditAction.USER_CREATED]


def test_it_keeps_the_mobile_and_name_out_of_the_audit_log() -> None:
    _worker()
    stored = str(list(AuditEntry.objects.values()))
    assert "13812345678" not in stored
    assert "王灵工" not in stored


def test_it_refuses_a_second_account_for_one_mobile() -> None:
    _worker()
    with pytest.raises(ValidationError, match="已注册"):
        _worker("138 1234 5678")


@pytest.mark.parametrize("mobile", ["1381234567", "23812345678", "12812345678", "abc"])
def test_it_refuses_a_malformed_mobile(mobile: str) -> None:
    with pytest.raises(ValidationError, match="11位手机号码"):
        _worker(mobile)


def test_it_refuses_a_weak_password() -> None:
    with pytest.raises(ValidationError):
        user_create(mobile="13812345678", password="12345678", name="甲", role=Role.WORKER)


def test_it_refuses_an_unknown_role() -> None:
    with pytest.raises(ValidationError, match="未知角色"):
        user_create(mobile="13812345678", password=PASSWORD, name="甲", role="superhero")


def test_it_changes_a_role_and_audits_who_did_it() -> None:
    admin = user_create(mobile="13900000008", password=PASSWORD, name="郑管理", role=Role.ADMIN)
    user = _worker()
    user_set_role(actor=admin, user=user, role=Role.REVIEWER)
    user.refresh_from_db()
    assert user.role == Role.REVIEWER
    entry = AuditEntry.objects.get(action=AuditAction.USER_ROLE_CHANGED)
    assert entry.actor == admin
    assert entry.object_id == str(user.pk)


def test_it_records_nothing_when_the_role_stays_the_same() -> None:
    user = _worker()
    user_set_role(actor=None, user=user, role=Role.WORKER)
    assert _actions() == [AuditAction.USER_CREATED]


def test_it_adds_an_organisation_member_once() -> None:
    member = user_create(mobile="13900000002", password=PASSWORD, name="李单位", role=Role.ORGANISATION)
    membership_add(actor=None, user=member, organisation=employer(), member_role=MemberRole.STAFF)
    membership_add(actor=None, user=member, organisation=employer(), member_role=MemberRole.STAFF)
    assert OrganisationMembership.objects.filter(user=member).count() == 1
    assert _actions().count(AuditAction.MEMBERSHIP_ADDED) == 1


def test_it_removes_a_membership_and_audits_it() -> None:
    member = user_create(mobile="13900000002", password=PASSWORD, name="李单位", role=Role.ORGANISATION)
    membership = membership_add(actor=None, user=member, organisation=employer())
    membership_remove(actor=None, membership=membership)
    assert not OrganisationMembership.objects.exists()
    assert _actions()[-1] == AuditAction.MEMBERSHIP_REMOVED


def test_it_refuses_membership_for_a_worker_account() -> None:
    with pytest.raises(ValidationError, match="单位成员"):
        membership_add(actor=None, user=_worker(), organisation=employer())


def test_it_sets_a_caseworkers_districts() -> None:
    caseworker = user_create(mobile="13900000003", password=PASSWORD, name="赵海州", role=Role.CASEWORKER)
    caseworker_scope_set(actor=None, user=caseworker, district_codes=["320706", "320722"])
    caseworker_scope_set(actor=None, user=caseworker, district_codes=["320722", "320723"])
    codes = set(CaseworkerScope.objects.filter(user=caseworker).values_list("district_code", flat=True))
    assert codes == {"320722", "320723"}
    assert _actions().count(AuditAction.CASEWORKER_SCOPE_SET) == 2


@pytest.mark.parametrize("code", ["320799", "320705", "110101", "3207"])
def test_it_refuses_a_district_that_is_not_a_current_lianyungang_county(code: str) -> None:
    caseworker = user_create(mobile="13900000003", password=PASSWORD, name="赵海州", role=Role.CASEWORKER)
    with pytest.raises(ValidationError, match="现行区县代码"):
        caseworker_scope_set(actor=None, user=caseworker, district_codes=[code])
    assert not CaseworkerScope.objects.exists()


def test_it_gives_districts_only_to_caseworkers() -> None:
    with pytest.raises(ValidationError, match="只有经办人员"):
        caseworker_scope_set(actor=None, user=_worker(), district_codes=["320706"])


def test_it_creates_demo_accounts_once() -> None:
    def demo() -> tuple[User, bool]:
        return user_get_or_create_demo(
            mobile="13900000003",
            password="demo",
            name="赵海州",
            role=Role.CASEWORKER,
            district_codes=["320706"],
        )

    first, created = demo()
    entries = AuditEntry.objects.count()
    again, created_again = demo()
    assert created
    assert not created_again
    assert again.pk == first.pk
    assert AuditEntry.objects.count() == entries
    assert User.objects.count() == 1
    assert audit_verify().ok
