"""Two hires racing for a posting's last place hire exactly one (threads, each with its own connection;
PostgreSQL locks the posting row in ``services.hire``, SQLite's IMMEDIATE transactions serialise the
writers)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
import time_machine
from django.db import connections

from linghuo.accounts.models import User
from linghuo.market import services
from linghuo.market.errors import MarketError
from linghuo.market.models import ApplicationStatus, GigApplication, Posting, PostingStatus
from tests.market.market_helpers import NOW, hired, organisation_member, post, worker

ROUNDS = 5


@pytest.fixture
def clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=True):
        yield


def _race(poster: User, applications: list[GigApplication]) -> tuple[list[MarketError], list[BaseException]]:
    """Hire every one of ``applications`` at once, each in a thread of its own."""
    refused: list[MarketError] = []
    other: list[BaseException] = []
    start = threading.Barrier(len(applications))

    def hire_one(application: GigApplication) -> None:
        try:
            start.wait()
            services.hire(by=poster, application=GigApplication.objects.get(pk=application.pk))
        except MarketError as error:
            refused.append(error)
        except BaseException as error:  # reported to the main thread
            other.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=hire_one, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return refused, other


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("clock")
def test_two_hires_racing_for_the_last_place_hire_exactly_one() -> None:
    poster, firm = organisation_member(1)
    for round_ in range(ROUNDS):
        posting = post(poster, firm, headcount=2, title=f"搬家工{round_}")
        hired(poster, worker(100 + 3 * round_), posting)  # one place left
        racing = [services.apply(by=worker(101 + 3 * round_ + n), posting=posting) for n in range(2)]
        refused, other = _race(poster, racing)
        assert other == []
        assert [error.chinese for error in refused] == ["录用人数已满"]
        statuses = GigApplication.objects.filter(pk__in=[a.pk for a in racing]).values_list(
            "status", flat=True
        )
        assert sorted(statuses) == sorted([ApplicationStatus.HIRED, ApplicationStatus.APPLIED])
        assert GigApplication.objects.filter(posting=posting, status=ApplicationStatus.HIRED).count() == 2
        assert Posting.objects.get(pk=posting.pk).status == PostingStatus.FILLED
