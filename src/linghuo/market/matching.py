"""Matching (十三 "零工市场 … 供需对接"): gigs recommended to a worker, workers recommended to a gig, each
with the reasons it is recommended (匹配原因), in Chinese and in English.

A match is a posting and a worker's profile (``WorkerProfile``). It is found in two steps:

1. **Candidates, in the database** (bounded): open postings not expired (``services.is_open``'s rule)
   whose trade is one of the worker's or whose district is one of theirs; the newest
   ``CANDIDATES`` of them. For a posting, the profiles naming its trade or its district, the
   ``CANDIDATES`` most recently updated. A worker's own postings and the postings they have applied
   to are left out of their gigs; the poster and those who have applied are left out of a posting's
   workers (they are in its applications already).
2. **Scoring, in Python**, by the rules below; the points add up to the score. A candidate with neither
   the trade nor the place in common is dropped. The ``limit`` best come first: highest score, then
   the newest posting (for a worker) or the profile updated last (for a posting).

The rules (points):

- **Trade** (``TRADE``, 40): the posting's category is one of the worker's trades.
- **Skills** (``SKILL`` each, at most ``SKILLS_MAX``): a word of the worker's skills (split at spaces and
  at ``，、,;；/``; words of two characters or more) found in the posting's title or description, both
  normalised as the duplicate check does (``safety.normalise``).
- **Place**: when both the posting and the profile have coordinates, the distance decides (great-circle,
  km): within ``NEAR_KM`` ``NEAR`` points, within ``CLOSE_KM`` ``CLOSE``, within ``REACHABLE_KM``
  ``REACHABLE``, farther none — it is more exact than the district. Otherwise the posting's district
  among the worker's districts gives ``DISTRICT``.
- **Days** (``DAYS``, 10): a date of the posting still ahead (from today to its end) falls on one of the
  worker's weekdays. A profile without days gives none.
- **Hours** (``HOURS``, 10): a time slot of the posting overlaps one of the worker's ("HH:MM-HH:MM"
  slots, comma-separated; a slot ending at or before its start runs past midnight). Either side
  without slots gives none.
- **Pay** (``PAY``, 15): the posting's hourly equivalent (``Posting.hourly_fen``, the figure the pay
  floor checked) is at least the worker's expected hourly pay. A profile without an expected pay
  gives none.

>>> slots_overlap("08:00-12:00,14:00-18:00", "11:30-13:00")
True
>>> slots_overlap("08:00-12:00", "12:00-14:00")
False
>>> round(distance_km(34.60, 119.22, 34.60, 119.32), 1)
9.2
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone, translation

from linghuo import divisions
from linghuo.accounts.models import User
from linghuo.market import categories, safety
from linghuo.market.models import GigApplication, Posting, PostingStatus, WorkerProfile
from linghuo.policy.explain import yuan

TRADE = 40
SKILL, SKILLS_MAX = 5, 15
DISTRICT = 20
NEAR_KM, NEAR = 3, 25
CLOSE_KM, CLOSE = 10, 15
REACHABLE_KM, REACHABLE = 30, 5
DAYS = 10
HOURS = 10
PAY = 15
CANDIDATES = 500  # candidates read from the database for one recommendation
MAX_LIMIT = 100

EARTH_RADIUS_KM = 6371.0088  # the mean radius (IUGG)
_WORDS = re.compile(r"[\s,，、;；/]+")
_SLOT = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]|24):([0-5]\d)$")
_WEEKDAYS_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DAY_MINUTES = 24 * 60


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason for a match: its rule's code, its points, and what it says in both languages."""

    code: str  # trade, skills, district, distance, days, hours, pay
    points: int
    zh: str
    en: str

    def __str__(self) -> str:
        """The reason in the active language (English for ``en``, else Chinese)."""
        return self.en if (translation.get_language() or "zh").startswith("en") else self.zh


@dataclass(frozen=True, slots=True)
class Match:
    """A posting and a worker's profile matched: the score and its reasons (匹配原因), best first."""

    posting: Posting
    profile: WorkerProfile
    score: int
    reasons: tuple[Reason, ...]

    @property
    def posting_id(self) -> int:
        return self.posting.pk

    @property
    def profile_id(self) -> int:
        return self.profile.pk

    @property
    def reasons_zh(self) -> str:
        return "；".join(reason.zh for reason in self.reasons)

    @property
    def reasons_en(self) -> str:
        return "; ".join(reason.en for reason in self.reasons)


def recommend_gigs(user: User, *, limit: int = 10, today: dt.date | None = None) -> list[Match]:
    """The open postings best matching ``user``'s worker profile (none without a profile)."""
    profile = WorkerProfile.objects.filter(account=user).first()
    if profile is None or limit < 1:
        return []
    day = today or timezone.localdate()
    place = Q(category__in=profile.trades) | Q(district__in=profile.districts)
    applied = GigApplication.objects.filter(worker=user).values("posting_id")
    candidates = (
        Posting.objects.filter(place, status=PostingStatus.OPEN, expires_on__gte=day)
        .exclude(poster=user)
        .exclude(pk__in=applied)
        .order_by("-pk")[:CANDIDATES]
    )
    matches = [m for m in (match(p, profile, today=day) for p in candidates) if m is not None]
    matches.sort(key=lambda m: (-m.score, -m.posting.pk))
    return matches[: min(limit, MAX_LIMIT)]


def recommend_workers(posting: Posting, *, limit: int = 10, today: dt.date | None = None) -> list[Match]:
    """The worker profiles best matching ``posting`` (none when it is no longer open)."""
    day = today or timezone.localdate()
    if limit < 1 or posting.status != PostingStatus.OPEN or posting.expires_on < day:
        return []
    # the JSON lists' text holds each code in quotes: the match is exact, on SQLite and PostgreSQL alike
    place = Q(trades__icontains=f'"{posting.category}"') | Q(districts__icontains=f'"{posting.district}"')
    applied = GigApplication.objects.filter(posting=posting).values("worker_id")
    candidates = (
        WorkerProfile.objects.filter(place)
        .exclude(account_id=posting.poster_id)
        .exclude(account_id__in=applied)
        .order_by("-updated_at", "-pk")[:CANDIDATES]
    )
    matches = [m for m in (match(posting, p, today=day) for p in candidates) if m is not None]
    matches.sort(key=lambda m: -m.score)  # stable: of equal scores, the profile updated last first
    return matches[: min(limit, MAX_LIMIT)]


def match(posting: Posting, profile: WorkerProfile, *, today: dt.date) -> Match | None:
    """The score of ``posting`` for ``profile`` and its reasons; None without a trade or place in common."""
    trade = _trade(posting, profile)
    place = _place(posting, profile)
    if trade is None and place is None:
        return None
    found = (
        trade,
        _skills(posting, profile),
        place,
        _days(posting, profile, today),
        _hours(posting, profile),
    )
    reasons = tuple(reason for reason in (*found, _pay(posting, profile)) if reason is not None)
    return Match(posting, profile, sum(reason.points for reason in reasons), reasons)


# ---- the rules ------------------------------------------------------------------------------------------


def _trade(posting: Posting, profile: WorkerProfile) -> Reason | None:
    if posting.category not in profile.trades:
        return None
    zh, en = categories.label(posting.category, "zh"), categories.label(posting.category, "en")
    return Reason("trade", TRADE, f"工种对口：{zh}", f"same trade: {en}")


def skill_words(skills: str) -> list[str]:
    """The words of a profile's skills that are looked for in a posting (two characters or more).

    >>> skill_words("收纳、熨烫 做饭,擦玻璃 a")
    ['收纳', '熨烫', '做饭', '擦玻璃']
    """
    words = (safety.normalise(word) for word in _WORDS.split(skills))
    return list(dict.fromkeys(word for word in words if len(word) >= 2))


def _skills(posting: Posting, profile: WorkerProfile) -> Reason | None:
    text = safety.normalise(f"{posting.title}\n{posting.description}")
    found = [word for word in skill_words(profile.skills) if word in text]
    if not found:
        return None
    points = min(SKILL * len(found), SKILLS_MAX)
    return Reason(
        "skills", points, f"技能相符：{'、'.join(found)}", f"skills in the posting: {', '.join(found)}"
    )


def _point(place: Posting | WorkerProfile) -> tuple[float, float] | None:
    if place.latitude is None or place.longitude is None:
        return None
    return float(place.latitude), float(place.longitude)


def _place(posting: Posting, profile: WorkerProfile) -> Reason | None:
    here, there = _point(posting), _point(profile)
    if here is not None and there is not None:
        return _distance(distance_km(*here, *there))
    if posting.district not in profile.districts:
        return None
    name = divisions.district_name(posting.district) or posting.district
    return Reason(
        "district",
        DISTRICT,
        f"区县相符：{name}",
        f"in district {posting.district} ({name}), one of the worker's",
    )


def distance_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """The great-circle distance in km between two points (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def _distance(km: float) -> Reason | None:
    bands = ((NEAR_KM, NEAR), (CLOSE_KM, CLOSE), (REACHABLE_KM, REACHABLE))
    points = next((points for limit, points in bands if km <= limit), 0)
    if points == 0:
        return None
    return Reason("distance", points, f"距离约{km:.1f}公里", f"about {km:.1f} km away")


def _days(posting: Posting, profile: WorkerProfile, today: dt.date) -> Reason | None:
    wanted = set(profile.days)
    day = max(posting.starts_on, today)
    for _ in range(7):  # a week holds every weekday
        if day > posting.ends_on:
            return None
        if day.isoweekday() in wanted:
            weekday = day.isoweekday() - 1
            return Reason(
                "days",
                DAYS,
                f"{day.month}月{day.day}日（{_WEEKDAYS_ZH[weekday]}）可工作",
                f"available on {_WEEKDAYS_EN[weekday]} {day.isoformat()}",
            )
        day += dt.timedelta(days=1)
    return None


def parse_slots(text: str) -> list[tuple[int, int]]:
    """Time slots "HH:MM-HH:MM,…" as (start, end) minutes of the day; a slot past midnight is split in
    two; a slot not written so is left out.

    >>> parse_slots("08:00-12:00, 22:00-02:00, lunch")
    [(480, 720), (1320, 1440), (0, 120)]
    """
    slots = []
    for part in text.split(","):
        found = _SLOT.match(part.strip())
        if found is None:
            continue
        start = int(found[1]) * 60 + int(found[2])
        end = min(int(found[3]) * 60 + int(found[4]), _DAY_MINUTES)
        if end > start:
            slots.append((start, end))
        else:
            slots += [(start, _DAY_MINUTES), (0, end)] if end else [(start, _DAY_MINUTES)]
    return slots


def _overlap(first: Iterable[tuple[int, int]], second: list[tuple[int, int]]) -> tuple[int, int] | None:
    for start, end in first:
        for other_start, other_end in second:
            low, high = max(start, other_start), min(end, other_end)
            if high > low:
                return low, high
    return None


def slots_overlap(first: str, second: str) -> bool:
    """Whether two texts of time slots share a moment (touching ends do not)."""
    return _overlap(parse_slots(first), parse_slots(second)) is not None


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _hours(posting: Posting, profile: WorkerProfile) -> Reason | None:
    shared = _overlap(parse_slots(posting.time_slots), parse_slots(profile.time_slots))
    if shared is None:
        return None
    span = f"{_clock(shared[0])}-{_clock(shared[1])}"
    return Reason("hours", HOURS, f"时段重合：{span}", f"hours overlap: {span}")


def _pay(posting: Posting, profile: WorkerProfile) -> Reason | None:
    expected = profile.expected_hourly_fen
    if expected is None or posting.hourly_fen < expected:
        return None
    return Reason(
        "pay",
        PAY,
        f"折合每小时{yuan(posting.hourly_fen)}元，不低于期望的{yuan(expected)}元",
        f"CNY {yuan(posting.hourly_fen)} an hour, at least the CNY {yuan(expected)} expected",
    )
