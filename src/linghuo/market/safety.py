"""What keeps the market safe (十三 免费发布 — free for everyone, and never a way to take a worker's money).

- **Banned content**: a posting that asks the worker for money (押金, 报名费 …: the information zone is
  free, and 《劳动合同法》第九条 forbids asking a worker for money or a guarantee under any name),
  or offers illegal or fraudulent work (刷单, 赌博 …), is refused with the words found and why. The list is
  short on purpose: a word in it is refused everywhere, so it holds only words with no honest use in a gig
  posting; anything subtler goes through the report button to the bureau.
- **Duplicates and spam**: a posting's fingerprint is the SHA-256 of its normalised title, description,
  category and district; the same fingerprint open from the same poster or the same contact phone is a
  duplicate and is refused.
- **Rate limits**: postings per poster and applications per worker, counted in the database over a
  rolling window (every worker process sees the same counts).
- **Reports**: ``REPORTS_TO_HIDE`` distinct reporters take a posting off the market until the bureau
  reviews it.

>>> banned_words("日结工资，需交押金200元")
(('押金', '向劳动者收取费用 / charges the worker a fee'),)
>>> a = fingerprint("保洁 阿姨", "每天 4 小时", "cleaning", "320706")
>>> a == fingerprint("保洁阿姨", "每天４小时", "cleaning", "320706")
True
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata

_FEE = "向劳动者收取费用 / charges the worker a fee"
_ILLEGAL = "违法或欺诈性工作 / illegal or fraudulent work"
BANNED: dict[str, str] = {
    "押金": _FEE,
    "报名费": _FEE,
    "培训费": _FEE,
    "服装费": _FEE,
    "中介费": _FEE,
    "保证金": _FEE,
    "介绍费": _FEE,
    "先交钱": _FEE,
    "刷单": _ILLEGAL,
    "赌博": _ILLEGAL,
    "博彩": _ILLEGAL,
    "裸聊": _ILLEGAL,
    "代孕": _ILLEGAL,
    "套现": _ILLEGAL,
    "洗钱": _ILLEGAL,
    "跑分": _ILLEGAL,
    "卖卡": _ILLEGAL,
}

# Rate limits: at most this many in the rolling window.
POSTINGS_PER_DAY = 20  # per poster account
APPLICATIONS_PER_DAY = 30  # per worker account
WINDOW = dt.timedelta(days=1)
REPORTS_TO_HIDE = 3  # distinct reporters hide a posting until the bureau reviews it
MAX_OPEN_DAYS = 60  # a posting expires at its end date, and at most this many days after it is posted

_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """NFKC (full-width letters and digits become half-width), lower case, no white space."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text)).lower()


def banned_words(*texts: str) -> tuple[tuple[str, str], ...]:
    """The banned words found in ``texts`` (normalised), each with why it is banned, in the list's order."""
    joined = "\n".join(normalise(text) for text in texts)
    return tuple((word, why) for word, why in BANNED.items() if word in joined)


def fingerprint(title: str, description: str, category: str, district: str) -> str:
    """The duplicate key of a posting's content."""
    content = "\x1f".join((normalise(title), normalise(description), category, district))
    return hashlib.sha256(content.encode()).hexdigest()
