"""The API's exception handlers: every error under /api/ answers JSON in the one documented shape.

The shapes (:class:`ErrorOut`, :class:`ValidationProblem`) and the helper an endpoint documents its
errors with (:func:`errors`) are in :mod:`linghuo.api_errors`, below the apps; they are re-exported
here for the API's own modules. :func:`install` puts the handlers on the project's ``NinjaAPI``:

- a request that does not validate (ninja's ``ValidationError``, a Django ``ValidationError`` left
  unhandled, an ``HttpError`` of 422) → 422 with ``detail`` and ``errors`` (Chinese and English);
- a control character in any input (:mod:`linghuo.api.parser`) → 422;
- a body that is not JSON → 400; not logged in → 401; not allowed (``PermissionDenied``) → 403;
  ``Http404`` → 404; ``Throttled`` → 429; any other ``HttpError`` → its status, ``{"detail": …}``;
- anything else → 500 ``{"detail": "服务器内部错误 / Internal server error"}``, logged with its
  traceback (never Django's HTML error page, never the traceback in the answer).

:func:`document` then gives every operation of a router, in the OpenAPI document, the error statuses it
can answer, each with the shared shape: 500 always; 422 with any parameter; 400 with a body; 401 and 403
behind a login; 404 with a path parameter; and those the endpoint declares itself (413, 429, …).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Router
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from linghuo.api.parser import MESSAGE_EN, MESSAGE_ZH, ControlCharacterError
from linghuo.api_errors import (
    MESSAGE_BAD_REQUEST,
    MESSAGE_FORBIDDEN,
    MESSAGE_INTERNAL,
    MESSAGE_LOGIN_REQUIRED,
    MESSAGE_NOT_FOUND,
    MESSAGE_TOO_MANY,
    ErrorItem,
    ErrorOut,
    ValidationProblem,
    errors,
)
from linghuo.bilingual import SEPARATOR, bilingual

__all__ = [
    "ErrorItem",
    "ErrorOut",
    "ValidationProblem",
    "document",
    "errors",
    "install",
    "problem",
    "validation_items",
]

logger = logging.getLogger("linghuo.api")

# pydantic's error types, in Chinese (the English is pydantic's own message).
_ZH: dict[str, str] = {
    "missing": "缺少此项",
    "extra_forbidden": "不接受此项",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "string_type": "应为文本",
    "string_too_short": "文本太短",
    "string_too_long": "文本太长",
    "string_pattern_mismatch": "格式不正确",
    "string_unicode": "应为有效的 Unicode 文本",
    "date_type": "应为 YYYY-MM-DD 格式的日期",
    "date_parsing": "应为 YYYY-MM-DD 格式的日期",
    "date_from_datetime_parsing": "应为 YYYY-MM-DD 格式的日期",
    "date_from_datetime_inexact": "应为日期而不是时间",
    "datetime_type": "应为日期时间",
    "datetime_parsing": "应为日期时间",
    "greater_than": "数值太小",
    "greater_than_equal": "数值太小",
    "less_than": "数值太大",
    "less_than_equal": "数值太大",
    "list_type": "应为数组",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "model_attributes_type": "应为对象",
    "literal_error": "不是可选的取值",
    "enum": "不是可选的取值",
    "json_invalid": "不是有效的 JSON",
    "json_type": "不是有效的 JSON",
    "value_error": "取值无效",
    "too_long": "项目太多",
    "too_short": "项目太少",
    "union_tag_invalid": "取值无效",
}


def _texts(message: str) -> tuple[str, str]:
    zh, separator, en = message.partition(SEPARATOR)
    return (zh, en) if separator else (message, message)


def validation_items(raw: Iterable[Mapping[str, Any]]) -> list[ErrorItem]:
    """ninja's (pydantic's) validation errors as items in both languages.

    A custom error may carry its Chinese text in its context as ``zh`` (see ``linghuo.api_types``).
    """
    items = []
    for error in raw:
        context = error.get("ctx") or {}
        english = str(error.get("msg", ""))
        chinese = str(context.get("zh") or _ZH.get(str(error.get("type")), "取值无效"))
        items.append(
            ErrorItem(
                loc=[str(part) for part in error.get("loc", ())], message_zh=chinese, message_en=english
            )
        )
    return items


def _summary(items: list[ErrorItem]) -> str:
    if len(items) == 1:
        item = items[0]
        where = ".".join(item.loc[1:] or item.loc)
        prefix = f"{where}：" if where else ""
        prefix_en = f"{where}: " if where else ""
        return bilingual(f"{prefix}{item.message_zh}", f"{prefix_en}{item.message_en}")
    return bilingual(f"请求有 {len(items)} 处错误", f"the request has {len(items)} errors")


def problem(api: NinjaAPI, request: HttpRequest, items: list[ErrorItem]) -> HttpResponse:
    """A 422 answer listing ``items``."""
    body = ValidationProblem(detail=_summary(items), errors=items)
    return api.create_response(request, body.model_dump(), status=422)


def _detail(api: NinjaAPI, request: HttpRequest, status: int, detail: str) -> HttpResponse:
    return api.create_response(request, ErrorOut(detail=detail).model_dump(), status=status)


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def install(api: NinjaAPI) -> None:
    """Put the handlers on ``api`` (replacing ninja's defaults, which answer other shapes)."""

    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return problem(api, request, validation_items(exc.errors))

    def on_django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        items = [ErrorItem(loc=[], message_zh=zh, message_en=en) for zh, en in map(_texts, exc.messages)]
        return problem(api, request, items)

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        message = str(exc)
        if exc.status_code == 422:
            zh, en = _texts(message)
            return problem(api, request, [ErrorItem(loc=[], message_zh=zh, message_en=en)])
        if isinstance(exc.__cause__, ControlCharacterError):  # a parsed body with a control character
            loc = exc.__cause__.loc
            return problem(api, request, [ErrorItem(loc=loc, message_zh=MESSAGE_ZH, message_en=MESSAGE_EN)])
        if exc.status_code == 400 and message.startswith("Cannot parse request body"):
            message = MESSAGE_BAD_REQUEST
        elif isinstance(exc, AuthenticationError) and not _has_chinese(message):
            message = MESSAGE_LOGIN_REQUIRED
        elif isinstance(exc, Throttled) and not _has_chinese(message):
            message = MESSAGE_TOO_MANY
        return _detail(api, request, exc.status_code, message)

    def on_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        message = str(exc)
        return _detail(api, request, 403, message if _has_chinese(message) else MESSAGE_FORBIDDEN)

    def on_missing(request: HttpRequest, exc: Http404) -> HttpResponse:
        message = str(exc)
        return _detail(api, request, 404, message if _has_chinese(message) else MESSAGE_NOT_FOUND)

    def on_unhandled(request: HttpRequest, exc: Exception) -> HttpResponse:
        trace = (type(exc), exc, exc.__traceback__)
        logger.error("Unhandled error in %s %s", request.method, request.path, exc_info=trace)
        return _detail(api, request, 500, MESSAGE_INTERNAL)

    handlers: dict[type[Exception], Callable[[HttpRequest, Any], HttpResponse]] = {
        ValidationError: on_validation,
        DjangoValidationError: on_django_validation,
        HttpError: on_http_error,
        PermissionDenied: on_denied,
        Http404: on_missing,
        Exception: on_unhandled,
    }
    for exception, handler in handlers.items():
        api.add_exception_handler(exception, handler)


def _statuses(operation: Any) -> set[int]:
    """The error statuses an operation can answer, from its parameters and its authentication."""
    sources = {getattr(model, "__ninja_param_source__", "") for model in operation.models}
    statuses = {500}
    if sources:
        statuses.add(422)
    if sources & {"body", "form", "file"}:
        statuses.add(400)
    if operation.auth_callbacks:
        statuses |= {401, 403}
    if "{" in operation.path:
        statuses.add(404)
    return statuses


def document(router: Router) -> None:
    """Document on every operation of ``router`` the errors it can answer, in the one shape.

    Run before the router is mounted (ninja copies the operations then). An operation that declares a
    single status other than 200 and returns a bare body would change its status: that is refused.
    """
    for view in router.path_operations.values():
        for operation in view.operations:
            declared = operation.response_models
            if len(declared) == 1 and next(iter(declared)) not in (200, Ellipsis):
                raise RuntimeError(f"{operation.path}: declare its success status with Status(…)")
            wanted = {status for status in declared if isinstance(status, int) and status >= 400}
            for status, schema in errors(*(_statuses(operation) | wanted)).items():
                declared[status] = operation._create_response_model(schema)
