"""Messages in Chinese and English, and how a page shows one of them.

The project's pure code (the rules engine, the file readers, the services) writes a message for people
as its Chinese text, a slash and its English text: ``"请填写姓名 / a name is required"``. The API and
the command line show both halves; a web page shows the half of its language, through
:func:`in_language` (see ``linghuo.site.language``). The slash that separates the halves is the first one
followed by a space and preceded by a space or a Chinese character or punctuation mark, so ``1/2`` or
``平台就业/新就业形态`` inside the Chinese half never split it.

>>> in_language("请填写姓名 / a name is required", "en")
'a name is required'
>>> in_language("您的角色无权访问此内容。/ Your role may not access this.", "zh-hans")
'您的角色无权访问此内容。'
>>> in_language("不低于1/2，不高于2/3", "en")  # no English half: the text as it is
'不低于1/2，不高于2/3'
"""

from __future__ import annotations

import re

SEPARATOR = " / "
_SEPARATOR = re.compile(r"(?:(?<=\s)|(?<=[^\x00-\x7f]))/\s")


def bilingual(zh: str, en: str) -> str:
    """One message in both languages, as the API and the command line show it."""
    return f"{zh}{SEPARATOR}{en}"


def halves(text: str) -> tuple[str, str] | None:
    """The Chinese and English halves of a bilingual message, or ``None`` for a text in one language.

    >>> halves("文件过大（3 MB）。 / File too large (3 MB).")
    ('文件过大（3 MB）。', 'File too large (3 MB).')
    >>> halves("平台就业/新就业形态") is None
    True
    """
    match = _SEPARATOR.search(text)
    if match is None:
        return None
    zh, en = text[: match.start()].strip(), text[match.end() :].strip()
    if not zh or not en:
        return None
    return zh, en


def in_language(text: str, language: str) -> str:
    """The half of a bilingual message for ``language`` (English for ``en…``, else Chinese)."""
    found = halves(text)
    if found is None:
        return text
    return found[1] if language.lower().startswith("en") else found[0]
