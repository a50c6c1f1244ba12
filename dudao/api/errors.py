"""One error shape for every failure the API answers: `{"error": "<中文说明>"}`.

Ninja's own exceptions (authentication, validation, HttpError) and Django's (Http404,
PermissionDenied, ValidationError) all come through here, so a client parses one shape only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from dudao.reports.services import Conflict as StaleVersion

# Service refusals that mean "the object is not in the state you think": 409 like a stale version.
_STATE_CODES = frozenset({"locked", "not_submitted", "conflict"})


def error_response(api: NinjaAPI, request: HttpRequest, status: int, message: str) -> HttpResponse:
    return api.create_response(request, {"error": message}, status=status)


def _default_message(status: int) -> str:
    return {
        400: _("请求有误"),
        401: _("未登录或令牌无效"),
        403: _("无权执行此操作"),
        404: _("对象不存在或无权查看"),
        405: _("不支持该请求方法"),
        409: _("数据已被他人修改，请刷新后重试"),
        422: _("请求数据有误"),
        429: _("请求过于频繁，请稍后再试"),
    }.get(status, _("请求失败"))


# Ninja raises some HttpErrors with English text of its own; say them in Chinese.
_NINJA_MESSAGES = {"CSRF check Failed": "CSRF 校验失败，请刷新页面后重试", "Unauthorized": ""}

_PYDANTIC_TYPES = {
    "missing": "缺少必填项",
    "uuid_parsing": "不是有效的编号",
    "uuid_type": "不是有效的编号",
    "int_parsing": "应为整数",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
    "date_parsing": "应为日期（YYYY-MM-DD）",
    "string_too_long": "过长",
    "string_too_short": "不能为空",
    "string_type": "应为文本",
    "enum": "不是可选的值",
    "literal_error": "不是可选的值",
    "json_invalid": "不是有效的 JSON",
    "model_attributes_type": "格式不正确",
    "greater_than_equal": "超出范围",
    "less_than_equal": "超出范围",
}


def validation_message(errors: list[dict[str, Any]]) -> str:
    """`请求数据有误：body.version 缺少必填项；query.limit 超出范围` from ninja's error list."""
    parts = []
    for error in errors:
        where = ".".join(str(part) for part in error.get("loc", ()) if part != "payload")
        what = _PYDANTIC_TYPES.get(error.get("type", ""), "格式不正确")
        parts.append(f"{where} {what}".strip())
    return _("请求数据有误：") + "；".join(parts) if parts else _default_message(422)


def install(api: NinjaAPI) -> None:
    """Replace ninja's `{"detail": …}` handlers with ours."""

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        message = _NINJA_MESSAGES.get(exc.message, exc.message) or _default_message(exc.status_code)
        return error_response(api, request, exc.status_code, message)

    def on_authentication(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return error_response(api, request, 401, _default_message(401))

    def on_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return error_response(api, request, 422, validation_message(exc.errors))

    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(api, request, 404, _default_message(404))

    def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        message = str(exc) or _default_message(403)
        return error_response(api, request, 403, message)

    def on_invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        messages = exc.messages if exc.messages else [_default_message(400)]
        status = 409 if getattr(exc, "code", None) in _STATE_CODES else 400
        return error_response(api, request, status, "；".join(messages))

    def on_stale(request: HttpRequest, exc: StaleVersion) -> HttpResponse:
        return error_response(api, request, 409, "；".join(exc.messages) or _default_message(409))

    handlers: list[tuple[type[Exception], Callable[..., HttpResponse]]] = [
        (HttpError, on_http_error),
        (AuthenticationError, on_authentication),
        (NinjaValidationError, on_validation),
        (Http404, on_not_found),
        (PermissionDenied, on_forbidden),
        (DjangoValidationError, on_invalid),
        (StaleVersion, on_stale),
    ]
    for exception, handler in handlers:
        api.add_exception_handler(exception, handler)
