"""The worker's offers page: the offer found by a run, accepted with one tap, then shown as a case."""

from __future__ import annotations

from django.test import Client

from linghuo.benefits.models import Case, Offer
from linghuo.insights.services import screening_run_create, screening_run_execute
from linghuo.registry.models import Person
from tests.benefits.conftest import own_account
from tests.insights.conftest import ON


def test_a_worker_sees_her_offer_and_accepts_it_with_one_tap(people: dict[str, Person]) -> None:
    screening_run_execute(screening_run_create(on=ON, actor=None))
    person = people["subsidised"]
    client = Client()
    client.force_login(own_account(person))
    page = client.get("/benefits/offers/").content.decode()
    assert "灵活就业社会保险补贴" in page
    assert "一键确认领取" in page
    offer = Offer.objects.get(person=person)
    answer = client.post(f"/benefits/offers/{offer.pk}/accept/")
    assert answer.status_code == 302
    assert Case.objects.filter(offer=offer, state="submitted").count() == 1
    after = client.get("/benefits/offers/").content.decode()
    assert "暂无待确认的待遇" in after
    assert "已受理" in after


def test_the_page_speaks_english_in_english_mode(people: dict[str, Person]) -> None:
    screening_run_execute(screening_run_create(on=ON, actor=None))
    client = Client()
    client.force_login(own_account(people["subsidised"]))
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/benefits/offers/").content.decode()
    assert "Accept with one tap" in page
    assert "Social-insurance subsidy for flexible workers" in page
