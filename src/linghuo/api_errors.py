"""The one error shape of the HTTP API, for every endpoint and every status.

- 422 (the request does not validate): ``{"detail": "<中文> / <English>", "errors": [{"loc": [...],
  "message_zh": "…", "message_en": "…"}]}`` — :class:`ValidationProblem`;
- any other error (400, 401, 403, 404, 413, 429, 500): ``{"detail": "<中文> / <English>"}``
  — :class:`ErrorOut`.

An endpoint documents the errors it can answer with :func:`errors`, next to its success response:
``response={200: PersonOut, **errors(401, 403, 404, 422)}`` (500 is always added: the API's safety net
answers any unhandled error so). The exception handlers that give every error this shape are installed
on the API by :mod:`linghuo.api.errors`.

This module sits below the apps (it imports none of them), so every app's ``api.py`` can use it.

>>> sorted(errors(404, 422).items(), key=lambda item: item[0])  # doctest: +NORMALIZE_WHITESPACE
[(404, <class 'linghuo.api_errors.ErrorOut'>), (422, <class 'linghuo.api_errors.ValidationProblem'>),
 (500, <class 'linghuo.api_errors.ErrorOut'>)]
"""

from __future__ import annotations

from ninja import Schema

from linghuo.bilingual import bilingual

__all__ = [
    "MESSAGE_BAD_REQUEST",
    "MESSAGE_FORBIDDEN",
    "MESSAGE_INTERNAL",
    "MESSAGE_LOGIN_REQUIRED",
    "MESSAGE_NOT_FOUND",
    "MESSAGE_TOO_MANY",
    "ErrorItem",
    "ErrorOut",
    "ValidationProblem",
    "errors",
]

MESSAGE_BAD_REQUEST = bilingual("请求体不是有效的 JSON", "the request body is not valid JSON")
MESSAGE_LOGIN_REQUIRED = bilingual("请先登录。", "Log in first.")
MESSAGE_FORBIDDEN = bilingual("您的角色无权访问此内容。", "Your role may not access this.")
MESSAGE_NOT_FOUND = bilingual("未找到", "Not found")
MESSAGE_TOO_MANY = bilingual("请求过于频繁，请稍后再试", "Too many requests, try again later")
MESSAGE_INTERNAL = bilingual("服务器内部错误", "Internal server error")


class ErrorItem(Schema):
    """One reason a request was refused: where (``["query", "offset"]``) and why, in both languages."""

    loc: list[str]
    message_zh: str
    message_en: str


class ErrorOut(Schema):
    """Any error but a refused input (401, 403, 404, 429, 500, …): ``detail`` in Chinese / English."""

    detail: str


class ValidationProblem(Schema):
    """A refused input (422): a summary in ``detail`` and every reason in ``errors``."""

    detail: str
    errors: list[ErrorItem]


def errors(*statuses: int) -> dict[int, type[Schema]]:
    """The ``response`` entries of an endpoint's error statuses (500 always among them)."""
    return {status: ValidationProblem if status == 422 else ErrorOut for status in (*statuses, 500)}
