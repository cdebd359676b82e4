"""Text clean-up shared by every cell: full-width to half-width, stray and invisible spaces.

>>> to_half_width("３２０７０６（元）ｘ")
'320706(元)x'
>>> squeeze_spaces("  张\u3000 三 ")
'张三'
>>> squeeze_spaces(" Li  Ming ")
'Li Ming'
"""

from __future__ import annotations

import re

# U+FF01..U+FF5E are the full-width forms of ASCII U+0021..U+007E; U+3000 is the ideographic space.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {
    0x3000: 0x20,
    0x00A0: 0x20,  # no-break space
    0x200B: None,  # zero-width space
    0x200C: None,
    0x200D: None,
    0xFEFF: None,  # byte-order mark pasted into a cell
}

_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_SPACE_NEXT_TO_CJK = re.compile(rf"(?<=[{_CJK}·])\s+|\s+(?=[{_CJK}·])")


def to_half_width(text: str) -> str:
    """Full-width letters, digits and punctuation to their ASCII forms; invisible spaces removed."""
    return text.translate(_HALF_WIDTH)


def squeeze_spaces(text: str) -> str:
    """Trim, drop spaces next to Chinese characters, and collapse other runs to one space."""
    text = to_half_width(text).strip()
    text = _SPACE_NEXT_TO_CJK.sub("", text)
    return " ".join(text.split())


def without_spaces(text: str) -> str:
    """Half-width text with every space removed (for codes, numbers and dates)."""
    return "".join(to_half_width(text).split())
