"""The header: the platform's name, login for visitors, the user's name and a POST logout when logged in."""

from __future__ import annotations

import pytest
from django.test import Client

from linghuo.accounts.models import User


def test_it_shows_a_login_link_to_a_visitor(client: Client) -> None:
    html = client.get("/").content.decode()
    assert 'href="/accounts/login/"' in html
    assert "/accounts/logout/" not in html


@pytest.mark.django_db
def test_it_shows_the_users_name_and_a_post_logout_with_csrf(client: Client) -> None:
    user = User.objects.create_user("13912345678", "correct horse 7", name="王小明")
    client.force_login(user)
    html = client.get("/").content.decode()
    assert '<span class="nav-user" lang="zh">王小明</span>' in html
    form = html[html.index('<form class="logout"') :]
    form = form[: form.index("</form>")]
    assert 'action="/accounts/logout/"' in form
    assert 'method="post"' in form
    assert 'name="csrfmiddlewaretoken"' in form
    assert 'href="/accounts/login/"' not in html
