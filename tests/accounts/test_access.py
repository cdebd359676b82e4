"""The access module: district scopes, organisations, and 401/403 answers with Chinese messages."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.test import Client

from linghuo.accounts import access
from linghuo.accounts.access import Permission
from linghuo.accounts.models import Role, User
from linghuo.accounts.services import user_set_role
from linghuo.registry import access as registry_access
from linghuo.registry.models import Organisation, OrganisationKind
from tests.accounts.personas import employer

pytestmark = pytest.mark.django_db


def test_it_scopes_a_caseworker_to_their_district(personas: dict[str, User]) -> None:
    haizhou, donghai = personas["caseworker_320706"], personas["caseworker_320722"]
    assert access.caseworker_may_access_district(haizhou, "320706")
    assert not access.caseworker_may_access_district(haizhou, "320722")
    assert access.caseworker_may_access_district(donghai, "320722")
    assert not access.caseworker_may_access_district(donghai, "320706")


def test_it_counts_a_historical_code_as_its_successor(personas: dict[str, User]) -> None:
    # 新浦区 (320705) merged into 海州区 (320706) in 2014.
    assert access.caseworker_may_access_district(personas["caseworker_320706"], "320705")
    assert not access.caseworker_may_access_district(personas["caseworker_320722"], "320705")


def test_it_counts_a_township_as_its_county(personas: dict[str, User]) -> None:
    assert access.caseworker_may_access_district(personas["caseworker_320706"], "320706001")
    assert not access.caseworker_may_access_district(personas["caseworker_320706"], "320722100")


def test_it_refuses_districts_to_everyone_but_caseworkers_in_caseworker_checks(
    personas: dict[str, User],
) -> None:
    for key in ("worker", "organisation", "reviewer", "manager", "admin"):
        assert not access.caseworker_may_access_district(personas[key], "320706")
    assert not access.caseworker_may_access_district(None, "320706")


def test_it_gives_city_wide_roles_every_district_and_workers_none(personas: dict[str, User]) -> None:
    for key in ("reviewer", "finance", "manager", "admin"):
        assert access.user_may_access_district(personas[key], "320724")
    assert not access.user_may_access_district(personas["worker"], "320706")
    assert not access.user_may_access_district(personas["reviewer"], "999999")


def test_it_forgets_a_scope_when_the_role_changes(personas: dict[str, User]) -> None:
    haizhou = personas["caseworker_320706"]
    user_set_role(actor=personas["admin"], user=haizhou, role=Role.WORKER)
    assert not access.caseworker_may_access_district(haizhou, "320706")


def test_it_lets_members_act_only_for_their_organisation(personas: dict[str, User]) -> None:
    other = Organisation.objects.create(
        uscc="91320700MA1YYYYY0B",
        name="东海培训学校",
        kind=OrganisationKind.TRAINING_PROVIDER,
        division="320722",
    )
    assert registry_access.user_may_act_for_organisation(personas["organisation"], employer())
    assert not registry_access.user_may_act_for_organisation(personas["organisation"], other)
    assert not registry_access.user_may_act_for_organisation(personas["admin"], employer())


def test_it_gives_an_inactive_user_no_permission(personas: dict[str, User]) -> None:
    admin = personas["admin"]
    admin.is_active = False
    assert not access.user_has_permission(admin, Permission.ACCOUNTS_MANAGE)
    assert not access.user_has_permission(admin, Permission.ACCOUNT_VIEW_OWN)


def test_it_gives_every_role_a_row_of_permissions() -> None:
    assert set(access.ROLE_PERMISSIONS) == set(Role)


def _names(statement: ast.Assign | ast.AnnAssign) -> set[str]:
    targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
    return {t.id for t in targets if isinstance(t, ast.Name)}


def _permissions_checked() -> set[str]:
    """The ``Permission`` members the code asks about anywhere, the role table itself left out."""
    source = Path(access.__file__).parents[1]
    used: set[str] = set()
    for path in source.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        table = {
            id(node)
            for statement in tree.body
            if isinstance(statement, ast.AnnAssign | ast.Assign) and "ROLE_PERMISSIONS" in _names(statement)
            for node in ast.walk(statement)
        }
        used |= {
            node.attr
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "Permission"
            and id(node) not in table
        }
    return used


def test_it_has_no_permission_that_nothing_checks() -> None:
    assert {p.name for p in Permission} - _permissions_checked() == set()


def test_it_answers_api_401_in_chinese(client: Client) -> None:
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["detail"] == access.MESSAGE_LOGIN_REQUIRED
    assert "请先登录" in response.json()["detail"]


def test_it_answers_api_403_in_chinese(client: Client, personas: dict[str, User]) -> None:
    client.force_login(personas["worker"])
    response = client.get("/api/v1/audit/verify")
    assert response.status_code == 403
    assert "无权访问" in response.json()["detail"]


def test_it_redirects_an_anonymous_page_request_to_login(client: Client) -> None:
    response = client.get("/accounts/me/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/me/"


def test_it_shows_a_chinese_403_page(client: Client, personas: dict[str, User]) -> None:
    client.force_login(personas["worker"])
    response = client.get("/accounts/users/")
    assert response.status_code == 403
    assert "无权访问" in response.content.decode()


def test_it_shows_the_account_page_with_a_masked_mobile(client: Client, personas: dict[str, User]) -> None:
    client.force_login(personas["caseworker_320706"])
    page = client.get("/accounts/me/").content.decode()
    assert "经办人员" in page
    assert "139****0003" in page
    assert "13900000003" not in page
    assert "320706" in page


def test_it_describes_the_logged_in_account_in_the_api(client: Client, personas: dict[str, User]) -> None:
    client.force_login(personas["organisation"])
    body = client.get("/api/v1/me").json()
    assert body["role"] == "organisation"
    assert body["mobile_masked"] == "139****0002"
    assert body["organisation_ids"] == [employer().pk]
    assert "organisation.submit" in body["permissions"]
