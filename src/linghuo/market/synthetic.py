"""Synthetic gig postings for demos, tests and the search benchmark: realistic Chinese titles and
descriptions per trade, Lianyungang's current counties and townships, pay at or above the part-time hourly
minimum wage of the district on the posting's dates (the engine's ``posting_minimum_pay``), dates, time
slots and contacts (phones encrypted as ``services.posting_create`` stores them).

The same seed gives the same postings (``generate``); ``load`` inserts them fast — COPY on PostgreSQL,
``bulk_create`` in chunks elsewhere — the search index following through its triggers. The rows are
written directly, as a bulk load is: no audit entry, no rate limit; every database constraint (the pay
floor among them) still holds.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cache
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from stdnum.cn import uscc as stdnum_uscc

from linghuo import divisions, personal_data
from linghuo.market import categories, safety
from linghuo.market.models import PayUnit, Posting, PostingStatus
from linghuo.policy.measures.posting_minimum_pay import Posting as EnginePosting
from linghuo.policy.measures.posting_minimum_pay import check_posting_pay

# Approximate centres of the counties (latitude, longitude), for coordinates around them.
CENTRES: dict[str, tuple[float, float]] = {
    "320703": (34.7300, 119.3600),  # 连云区
    "320706": (34.5960, 119.1790),  # 海州区
    "320707": (34.8400, 119.1700),  # 赣榆区
    "320722": (34.5420, 118.7520),  # 东海县
    "320723": (34.2840, 119.2560),  # 灌云县
    "320724": (34.0870, 119.3550),  # 灌南县
    "320771": (34.6600, 119.2900),  # 连云港经济技术开发区
}
_DISTRICT_WEIGHTS = {
    "320706": 5,
    "320707": 3,
    "320722": 3,
    "320723": 2,
    "320724": 2,
    "320703": 2,
    "320771": 1,
}

_TITLES: dict[str, tuple[str, ...]] = {
    "cleaning": ("保洁阿姨", "家庭保洁", "日常保洁小时工", "开荒保洁", "家政服务员", "办公室保洁", "钟点工"),
    "nanny": ("月嫂", "育婴师", "住家月嫂", "白班育婴员", "产后护理月嫂", "早教育婴"),
    "repair": ("水电维修工", "家电维修", "空调安装维修", "管道疏通", "上门维修师傅", "电工"),
    "moving": ("搬家师傅", "同城配送员", "外卖骑手", "快递分拣配送", "搬运工", "跑腿配送"),
    "catering": ("餐厅服务员", "后厨帮工", "洗碗工", "烧烤店帮厨", "奶茶店店员", "宴席服务员"),
    "construction": ("装修小工", "瓦工", "木工", "油漆工", "钢筋工", "防水施工"),
    "ride_hailing": ("网约车司机", "代驾司机", "货拉拉司机", "夜班网约车", "顺风车司机"),
    "live_commerce": ("直播带货主播", "直播间场控", "短视频剪辑", "电商客服", "直播助理"),
    "tutoring": ("小学数学家教", "初中英语家教", "高中物理辅导", "钢琴陪练", "作业辅导老师"),
    "care": ("护工", "养老院护理员", "陪诊员", "居家养老护理", "医院陪护"),
    "agriculture": ("采摘工", "蓝莓采摘", "大棚蔬菜工", "茶园采茶", "紫菜养殖帮工", "水产分拣"),
    "logistics": ("仓库理货员", "装卸工", "冷库分拣", "打包员", "叉车司机"),
    "security": ("保安", "商场安检员", "夜班保安", "活动安保", "停车场管理员"),
    "retail": ("超市理货员", "促销员", "收银员", "水果店店员", "商场导购"),
    "manufacturing": ("普工", "电子厂操作工", "包装工", "质检员", "缝纫工", "流水线工人"),
    "design": ("海报设计", "文案策划", "LOGO设计", "PPT美化", "公众号排版"),
    "other": ("展会兼职", "传单派发", "问卷调查员", "活动礼仪", "临时帮工"),
}
_DUTIES: dict[str, tuple[str, ...]] = {
    "cleaning": ("负责客厅、厨房、卫生间的日常清洁", "擦玻璃、拖地、整理衣物", "新房开荒保洁，需自带工具"),
    "nanny": ("照顾新生儿和产妇的饮食起居", "给宝宝洗澡、抚触、辅食制作", "有育婴师证优先"),
    "repair": ("上门维修水管、电路、灯具", "安装热水器、空调、洗衣机", "持电工证，熟悉水电布线"),
    "moving": ("同城搬家、家具拆装", "按订单配送到小区和写字楼", "有电动车或三轮车优先"),
    "catering": ("点餐、上菜、收拾餐桌", "洗菜切配、打扫后厨", "周末和节假日客流大"),
    "construction": ("贴瓷砖、砌墙、刷墙面", "吊顶、铺地板、安装门窗", "有施工经验，能吃苦"),
    "ride_hailing": ("驾龄三年以上，C1驾照", "熟悉市区道路，服务态度好", "车辆由公司提供"),
    "live_commerce": ("协助主播上架商品、回复评论", "拍摄剪辑短视频，会用剪映", "普通话标准，形象好"),
    "tutoring": ("辅导作业、讲解错题", "每周三次，每次两小时", "师范类在校生或在职教师"),
    "care": ("照顾失能老人的日常生活", "协助翻身、喂饭、测量血压", "有护理经验或护士资格证优先"),
    "agriculture": ("采摘、分拣、装箱", "大棚浇水、施肥、除草", "包午饭，按斤计件也可"),
    "logistics": ("货物装卸、上架、盘点", "扫码分拣、打包发货", "能适应夜班"),
    "security": ("门岗值守、巡逻登记", "维持秩序、安全检查", "退伍军人优先"),
    "retail": ("整理货架、补货、清点库存", "新品试吃推广、介绍产品", "节假日促销活动"),
    "manufacturing": ("流水线组装、贴标、装箱", "按工艺要求操作设备", "工作环境干净，有空调"),
    "design": ("设计活动海报和宣传单", "撰写推文和产品文案", "会用PS、AI、Canva"),
    "other": ("展会现场引导、发放资料", "协助活动布置和签到", "形象气质佳"),
}
_EXTRAS = (
    "日结工资，当天结算。",
    "周结，按时发放。",
    "包工作餐。",
    "交通补贴每天10元。",
    "男女不限，年龄18-55岁。",
    "有经验者优先，新手可带。",
    "工作地点近地铁和公交站。",
    "需要健康证。",
    "长期合作，表现好可转正。",
    "有意者请报名后电话联系。",
    "工作时间可以商量。",
    "限本地人员。",
    "（注：雨天顺延）",
    "Wi-Fi、空调、休息室齐全！",
)
_PLACES = ("小区", "写字楼", "商场", "医院", "学校", "农场", "园区", "码头", "酒店", "菜市场")
_SLOTS = ("08:00-12:00", "13:00-17:00", "08:00-17:00", "18:00-22:00", "09:00-18:00", "06:00-10:00", "")
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
_GIVEN = ("先生", "女士", "经理", "师傅", "老师", "主管")
_PHONES = 997  # distinct synthetic contact phones (a prime: they cycle independently of the categories)


@dataclass(frozen=True)
class Poster:
    """The account and organisation the synthetic postings are posted by."""

    user_id: int
    organisation_id: int


@dataclass
class _Contacts:
    encrypted: list[str] = field(default_factory=list)
    masked: list[str] = field(default_factory=list)
    hashes: list[str] = field(default_factory=list)


def synthetic_uscc(serial: int) -> str:
    """A unified social credit code that passes GB 32100's check (registered in 320706).

    >>> from stdnum.cn import uscc
    >>> uscc.is_valid(synthetic_uscc(1))
    True
    """
    body = f"91320706MA{serial:07d}"[:17]
    return body + stdnum_uscc.calc_check_digit(body)


def ensure_poster() -> Poster:
    """The synthetic employer and its administrator, created once (a valid USCC, a member account)."""
    from linghuo.accounts.models import MemberRole, OrganisationMembership, Role, User
    from linghuo.registry.models import Organisation, OrganisationKind

    code = synthetic_uscc(1)
    with transaction.atomic():
        organisation, _ = Organisation.objects.get_or_create(
            uscc=code,
            defaults={
                "name": "连云港合成零工服务有限公司",
                "kind": OrganisationKind.HR_AGENCY,
                "division": "320706",
            },
        )
        membership = (
            OrganisationMembership.objects.filter(organisation=organisation).select_related("user").first()
        )
        if membership is None:
            mobile = "19900000001"
            user = User.objects.filter(mobile_hash=personal_data.lookup_hash(mobile)).first()
            if user is None:
                user = User.objects.create_user(mobile, None, name="合成发布员", role=Role.ORGANISATION)
            membership = OrganisationMembership.objects.create(
                user=user, organisation=organisation, member_role=MemberRole.ADMINISTRATOR
            )
    return Poster(user_id=membership.user_id, organisation_id=organisation.pk)


@cache
def minimum_hourly_fen(district: str, day: dt.date) -> int:
    """The part-time hourly minimum wage of the district on the day (the engine's figure)."""
    return check_posting_pay(EnginePosting(district, day, pay_fen=1, unit="hour")).minimum_hourly_fen


@cache
def _townships(district: str) -> tuple[str, ...]:
    return tuple(t.code for t in divisions.townships_of(district))


def _contacts(seed: int) -> _Contacts:
    rng = random.Random(f"contacts-{seed}")  # noqa: S311 -- reproducible synthetic data, not a secret
    contacts = _Contacts()
    for _ in range(_PHONES):
        phone = "1" + rng.choice("3456789") + "".join(rng.choice("0123456789") for _ in range(9))
        contacts.encrypted.append(personal_data.encrypt(phone))
        contacts.masked.append(personal_data.mask_mobile(phone))
        contacts.hashes.append(personal_data.lookup_hash(phone))
    return contacts


def _text(rng: random.Random, category: str) -> tuple[str, str]:
    trade = rng.choice(_TITLES[category])
    place = rng.choice(_PLACES)
    count = rng.randint(1, 9)
    title = rng.choice(
        (
            f"招{trade}{count}名",
            f"{place}急招{trade}",
            f"{trade}（{rng.choice(('日结', '周结', '长期', '短期', '兼职'))}）",
            f"诚聘{trade}",
            f"{trade}，{place}附近",
        )
    )
    duties = rng.sample(_DUTIES[category], k=rng.randint(1, len(_DUTIES[category])))
    extras = rng.sample(_EXTRAS, k=rng.randint(1, 4))
    description = f"{place}招{trade}{count}人：" + "；".join(duties) + "。" + "".join(extras)
    return title[:60], description[:2000]


def _pay(rng: random.Random, minimum: int) -> dict[str, Any]:
    hourly = minimum + rng.randrange(0, 3001, 50)  # at or above the floor
    unit = rng.choices((PayUnit.HOUR, PayUnit.DAY, PayUnit.PIECE, PayUnit.MONTH), (50, 35, 10, 5))[0]
    if unit == PayUnit.HOUR:
        return {"pay_fen": hourly, "pay_unit": unit, "hours": None, "pieces": None, "hourly_fen": hourly}
    if unit == PayUnit.PIECE:
        hours, pieces = Fraction(rng.choice((4, 8))), rng.choice((20, 40, 100))
        pay = math.ceil(hourly * hours / pieces)
        return {
            "pay_fen": pay,
            "pay_unit": unit,
            "hours": Decimal(int(hours)),
            "pieces": pieces,
            "hourly_fen": math.floor(Fraction(pay * pieces) / hours),
        }
    hours = (
        Fraction(rng.choice((4, 6, 8, 10))) if unit == PayUnit.DAY else Fraction(rng.choice((88, 120, 176)))
    )
    pay = math.ceil(hourly * hours / 100) * 100  # round to the yuan, upwards
    return {
        "pay_fen": pay,
        "pay_unit": unit,
        "hours": Decimal(int(hours)),
        "pieces": None,
        "hourly_fen": math.floor(Fraction(pay) / hours),
    }


def generate(
    count: int, seed: int = 0, *, today: dt.date | None = None, poster: Poster
) -> Iterator[dict[str, Any]]:
    """``count`` postings' field values, the same for the same seed and day; about 9 in 10 are open."""
    day = today if today is not None else timezone.localdate()
    rng = random.Random(seed)  # noqa: S311 -- reproducible synthetic data, not a secret
    contacts = _contacts(seed)
    codes = list(_DISTRICT_WEIGHTS)
    weights = list(_DISTRICT_WEIGHTS.values())
    trades = list(categories.CATEGORIES)
    for n in range(count):
        category = trades[rng.randrange(len(trades))]
        district = rng.choices(codes, weights)[0]
        starts_on = day + dt.timedelta(days=rng.randint(-20, 30))
        ends_on = starts_on + dt.timedelta(days=rng.choice((0, 0, 1, 2, 6, 13, 29, 59)))
        minimum = max(minimum_hourly_fen(district, starts_on), minimum_hourly_fen(district, ends_on))
        title, description = _text(rng, category)
        posted = min(starts_on, day) - dt.timedelta(days=rng.randint(0, 10))
        expires_on = min(ends_on, posted + dt.timedelta(days=safety.MAX_OPEN_DAYS))
        status = rng.choices(
            (PostingStatus.OPEN, PostingStatus.CLOSED, PostingStatus.FILLED, PostingStatus.REMOVED),
            (90, 5, 4, 1),
        )[0]
        if expires_on < day and status == PostingStatus.OPEN:
            status = PostingStatus.EXPIRED
        latitude = longitude = None
        if rng.random() < 0.8:
            centre = CENTRES[district]
            latitude = Decimal(f"{centre[0] + rng.uniform(-0.08, 0.08):.6f}")
            longitude = Decimal(f"{centre[1] + rng.uniform(-0.08, 0.08):.6f}")
        towns = _townships(district)
        phone = n % _PHONES
        yield {
            "poster_id": poster.user_id,
            "organisation_id": poster.organisation_id,
            "poster_person_id": None,
            "title": title,
            "description": description,
            "category": category,
            "district": district,
            "township": rng.choice(towns) if towns and rng.random() < 0.7 else "",
            "latitude": latitude,
            "longitude": longitude,
            **_pay(rng, minimum),
            "minimum_hourly_fen": minimum,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "time_slots": ",".join(sorted(set(rng.sample(_SLOTS, k=rng.randint(1, 2))) - {""})),
            "headcount": rng.randint(1, 20),
            "contact_name": rng.choice(_SURNAMES) + rng.choice(_GIVEN),
            "contact_phone_encrypted": contacts.encrypted[phone],
            "contact_phone_masked": contacts.masked[phone],
            "contact_phone_hash": contacts.hashes[phone],
            "status": status,
            "expires_on": expires_on,
            "fingerprint": safety.fingerprint(title, description, category, district),
            "removed_reason": "违规内容" if status == PostingStatus.REMOVED else "",
        }


_COPY_FIELDS = (
    "poster_id",
    "organisation_id",
    "poster_person_id",
    "title",
    "description",
    "category",
    "district",
    "township",
    "latitude",
    "longitude",
    "pay_fen",
    "pay_unit",
    "hours",
    "pieces",
    "hourly_fen",
    "minimum_hourly_fen",
    "starts_on",
    "ends_on",
    "time_slots",
    "headcount",
    "contact_name",
    "contact_phone_encrypted",
    "contact_phone_masked",
    "contact_phone_hash",
    "status",
    "expires_on",
    "fingerprint",
    "removed_reason",
)


def load(
    count: int,
    seed: int = 0,
    *,
    today: dt.date | None = None,
    poster: Poster | None = None,
    chunk: int = 10_000,
    on_rows: Callable[[int], object] | None = None,
) -> int:
    """Insert ``count`` synthetic postings (committed chunk by chunk); ``on_rows(n)`` after each chunk."""
    who = poster if poster is not None else ensure_poster()
    rows = generate(count, seed, today=today, poster=who)
    done = 0
    while done < count:
        size = min(chunk, count - done)
        batch = [next(rows) for _ in range(size)]
        with transaction.atomic():
            if connection.vendor == "postgresql":
                _copy(batch)
            elif connection.vendor == "sqlite":
                _insert_sqlite(batch)
            else:  # pragma: no cover - the project runs on SQLite and PostgreSQL
                Posting.objects.bulk_create([Posting(**values) for values in batch], batch_size=2000)
        done += size
        if on_rows is not None:
            on_rows(size)
    return done


def _copy(batch: list[dict[str, Any]]) -> None:
    now = timezone.now()
    columns = ", ".join((*_COPY_FIELDS, "created_at", "updated_at"))
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY market_posting ({columns}) FROM STDIN") as copy:
            for values in batch:
                copy.write_row((*(values[name] for name in _COPY_FIELDS), now, now))


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _insert_sqlite(batch: list[dict[str, Any]]) -> None:
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    columns = ", ".join((*_COPY_FIELDS, "created_at", "updated_at"))
    marks = ", ".join(["%s"] * (len(_COPY_FIELDS) + 2))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO market_posting ({columns}) VALUES ({marks})",  # noqa: S608 -- constant names; values are parameters
            [(*(_sqlite_value(values[name]) for name in _COPY_FIELDS), now, now) for values in batch],
        )
