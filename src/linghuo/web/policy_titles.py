"""The policy's part and measure titles, marked for translation so the English interface can show them.

The clauses' full text is published in Chinese only and is shown as published; these titles are the
only policy words the English interface translates (see ``locale/en/LC_MESSAGES/django.po``).
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

DOCUMENT_TITLE = gettext_noop("关于支持多渠道灵活就业的若干措施")

PART_TITLES = (
    gettext_noop("拓宽灵活就业渠道"),
    gettext_noop("优化灵活就业环境"),
    gettext_noop("提升灵活就业质量"),
    gettext_noop("保障灵活就业权益"),
    gettext_noop("加强灵活就业服务"),
    gettext_noop("强化工作推进实施"),
)

MEASURE_TITLES = (
    gettext_noop("鼓励个体经营发展"),
    gettext_noop("增加非全日制就业机会"),
    gettext_noop("支持发展新就业形态"),
    gettext_noop("放宽灵活就业准入限制"),
    gettext_noop("提供低成本场地支持"),
    gettext_noop("加强财政金融政策支持"),
    gettext_noop("深入开展针对性培训"),
    gettext_noop("加强培训载体建设"),
    gettext_noop("扩大培训补贴范围"),
    gettext_noop("规范灵活就业劳动关系"),
    gettext_noop("畅通灵活就业参保渠道"),
    gettext_noop("落实灵活就业社保补贴"),
    gettext_noop("优化人力资源服务"),
    gettext_noop("帮扶困难灵活就业人员"),
    gettext_noop("强化灵活就业登记监测"),
    gettext_noop("加强组织领导"),
    gettext_noop("加强激励督导"),
    gettext_noop("加强舆论引导"),
)
