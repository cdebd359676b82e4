"""One language per page: template helpers for texts that come in both languages.

- ``{{ message|one_language }}``: the half of a "中文 / English" message (``linghuo.bilingual``) for the
  page's language;
- ``{% zh_en measure.title measure.title_en %}``: one of the rules engine's pairs;
- ``{{ clause|measure_number }}``: a measure's number as the page's language writes it (十二, 12);
- ``{{ items|list_join }}``, ``{% list_comma %}``, ``{{ aside|parenthesised }}``, ``{% punct "：" %}``:
  the punctuation between the parts of a line, Chinese or English;
- ``{{ name|zh }}``: Chinese that stays Chinese on an English page, marked ``lang="zh"``.

Names, division names and the clauses as published stay Chinese in English; templates mark them with
``lang="zh"`` (``tests/web/test_english_pages.py`` checks that nothing else is Chinese).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from linghuo.bilingual import halves
from linghuo.policy.clauses import all_clauses
from linghuo.site.language import in_active_language, is_english

register = template.Library()


# A run of Chinese inside an English text: from a Chinese character to the last one before a space.
_CHINESE_RUN = re.compile(
    r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef](?:\S*[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef])?"
)


def _english_quoting_chinese(text: str) -> SafeString:
    """An English text (escaped) whose quotations of Chinese (a file name, a column of the template, a
    document cited as a source) are marked ``lang="zh"``."""
    escaped = str(conditional_escape(text))
    return mark_safe(_CHINESE_RUN.sub(lambda m: f'<span lang="zh">{m.group(0)}</span>', escaped))  # noqa: S308


@register.filter(is_safe=True)
def one_language(text: object) -> str:
    """The half of a bilingual message for the active language; any other text as it is.

    The English half of a message may quote Chinese (a file's name, the template's columns): those
    quotations are marked ``lang="zh"``. A text without an English half is shown as it is.
    """
    if text is None:
        return ""
    message = str(text)
    if is_english() and halves(message) is not None:
        return _english_quoting_chinese(in_active_language(message))
    return in_active_language(message)


@register.simple_tag
def zh_en(zh: object, en: object) -> str:
    """``en`` on an English page (when there is one), ``zh`` otherwise; Chinese the English text quotes
    (a document cited as a source) is marked ``lang="zh"``."""
    if is_english() and en:
        return _english_quoting_chinese(str(en))
    return str(zh or "")


@register.filter
def measure_number(number: object) -> str:
    """A measure's number as the text numbers it (一 … 十八), or its index (1 … 18) in English."""
    text = str(number or "")
    if not is_english():
        return text
    for clause in all_clauses():
        if clause.number == text:
            return str(clause.index)
    return text


# Chinese punctuation between the parts of a line, and what English writes instead.
_PUNCTUATION = {"：": ": ", "（": " (", "）": ")", "，": ", ", "；": "; ", "、": ", ", "。": ". "}


@register.simple_tag
def punct(mark: str) -> str:
    """A Chinese punctuation mark between the parts of a line, or its English counterpart in English.

    ``{% punct "（" %}`` is "（" on a Chinese page and " (" on an English one.
    """
    return _PUNCTUATION.get(mark, mark) if is_english() else mark


@register.simple_tag
def list_comma() -> str:
    """The enumeration comma between items of a list: "、" in Chinese, ", " in English."""
    return punct("、")


@register.filter(is_safe=True)
def list_join(items: Iterable[object]) -> SafeString:
    """The items (escaped unless safe) joined with :func:`list_comma`."""
    return mark_safe(list_comma().join(conditional_escape(str(item)) for item in items))  # noqa: S308 - escaped


@register.filter(is_safe=True)
def zh(text: object) -> SafeString:
    """Text that stays Chinese on an English page (a name, a search, a file name), marked ``lang="zh"``;
    for the variables of ``{% blocktranslate %}``, where an element cannot be written around them."""
    return format_html('<span lang="zh">{}</span>', text)


@register.filter(is_safe=True)
def parenthesised(text: object) -> SafeString:
    """An aside in brackets: "（…）" after Chinese, " (…)" in English; escaped unless safe."""
    inner = conditional_escape(str(text))
    return mark_safe(f" ({inner})" if is_english() else f"（{inner}）")  # noqa: S308 - escaped
