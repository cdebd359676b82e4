"""The trade categories of a posting and a worker's profile (工种), a fixed list that grows by adding a line.

The codes are stable (stored on postings and profiles, used by the API, the CLI and the open-data export);
a new trade is added at the end, a code is never renamed or reused.

>>> CATEGORIES["cleaning"].zh
'保洁/家政'
>>> label("nanny", "en")
'Maternity nurse / infant care'
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Category:
    code: str
    zh: str
    en: str


_LIST = (
    Category("cleaning", "保洁/家政", "Cleaning / housekeeping"),
    Category("nanny", "月嫂/育婴", "Maternity nurse / infant care"),
    Category("repair", "维修/水电", "Repairs / plumbing and wiring"),
    Category("moving", "搬家/配送", "Moving / delivery"),
    Category("catering", "餐饮", "Catering"),
    Category("construction", "建筑装修", "Construction / renovation"),
    Category("ride_hailing", "网约车", "Ride-hailing"),
    Category("live_commerce", "直播电商", "Live-stream e-commerce"),
    Category("tutoring", "家教", "Tutoring"),
    Category("care", "护工/养老", "Nursing / elderly care"),
    Category("agriculture", "农业/采摘", "Farm work / harvesting"),
    Category("logistics", "仓储/装卸", "Warehouse / loading"),
    Category("security", "保安/安检", "Security"),
    Category("retail", "商超/促销", "Retail / promotion"),
    Category("manufacturing", "工厂/普工", "Factory work"),
    Category("design", "设计/文案", "Design / copywriting"),
    Category("other", "其他", "Other"),
)
CATEGORIES: dict[str, Category] = {category.code: category for category in _LIST}
CHOICES: list[tuple[str, str]] = [(category.code, category.zh) for category in _LIST]


def label(code: str, language: str = "zh") -> str:
    """The category's name in ``language`` (``zh`` or ``en``); an unknown code is shown as it is."""
    category = CATEGORIES.get(code)
    if category is None:
        return code
    return category.en if language == "en" else category.zh
