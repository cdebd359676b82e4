"""The API's request parser: ninja's, refusing text with control characters anywhere in the input.

No field of the platform holds a control character (NUL, ESC, …; tab, line feed and carriage return are
text): PostgreSQL cannot even store a NUL, and a name or note with ESC in it is an attack on whoever
reads a log. So a query parameter, form field or JSON string (or key) with one is refused with 422
before any endpoint sees it, whatever the endpoint.
"""

from __future__ import annotations

import json
import re
from typing import Any, cast

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja.errors import ValidationError
from ninja.parser import Parser
from ninja.types import DictStrAny

__all__ = ["MESSAGE_EN", "MESSAGE_ZH", "ControlCharacterError", "TextParser", "control_character_at"]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MESSAGE_ZH = "不能包含控制字符"
MESSAGE_EN = "must not contain control characters"


class ControlCharacterError(ValueError):
    """A JSON body holds a control character at ``loc`` (``["body", "facts", "name"]``)."""

    def __init__(self, loc: list[str]) -> None:
        super().__init__(f"{'.'.join(loc)}: {MESSAGE_EN}")
        self.loc = loc


def control_character_at(value: Any, loc: tuple[str, ...] = ()) -> list[str] | None:
    """Where the first string (or object key) with a control character is in ``value``; None if nowhere.

    >>> control_character_at({"facts": [{"name": "ok"}, {"name": "a\\x00b"}]})
    ['facts', '1', 'name']
    >>> control_character_at({"note": "line one\\nline two\\ttabbed"}) is None
    True
    """
    if isinstance(value, str):
        return list(loc) if _CONTROL.search(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            where = (*loc, str(key))
            if isinstance(key, str) and _CONTROL.search(key):
                return list(where)
            found = control_character_at(item, where)
            if found is not None:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = control_character_at(item, (*loc, str(index)))
            if found is not None:
                return found
    return None


def _error(loc: list[str]) -> ValidationError:
    return ValidationError(
        [{"loc": tuple(loc), "type": "control_character", "msg": MESSAGE_EN, "ctx": {"zh": MESSAGE_ZH}}]
    )


class TextParser(Parser):
    """ninja's JSON and query parser, refusing control characters (see the module)."""

    def parse_body(self, request: HttpRequest) -> DictStrAny:
        data = json.loads(request.body)
        where = control_character_at(data)
        if where is not None:  # ninja turns this into a 400; the API's handler answers 422 (errors.py)
            raise ControlCharacterError(["body", *where])
        return cast(DictStrAny, data)

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> DictStrAny:
        result = super().parse_querydict(data, list_fields, request)
        where = control_character_at({k: v for k, v in result.items() if isinstance(v, str | list)})
        if where is not None:
            raise _error(["query" if data is request.GET else "form", *where])
        return result
