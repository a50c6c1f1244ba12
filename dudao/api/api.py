"""The JSON API: `/api/v1/…` for data, `/api/docs` and `/api/openapi.json` for its description.

The API is mounted at `/api/` so that ninja's own docs and schema views land exactly on
`/api/docs` and `/api/openapi.json`; every router sits under the `v1/` prefix, so a future `v2`
can live beside it with the same docs.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from dudao.api import errors
from dudao.api.auth import ActiveSessionAuth, TokenAuth
from dudao.api.routers import consolidated, evidence, occurrences, plans, reports, supervision, tasks, units

API_VERSION_PREFIX = "v1/"


class Utf8JSONRenderer(JSONRenderer):
    """Chinese text as itself rather than `\\uXXXX` escapes: half the bytes, and readable in a terminal."""

    json_dumps_params: dict[str, Any] = {"ensure_ascii": False}  # noqa: RUF012 - ninja's own attribute


api = NinjaAPI(
    urls_namespace="api",
    title="Dudao API",
    version="1",
    description=(
        "法治政府建设网络督导平台的 JSON 接口。用个人 API 令牌认证（`Authorization: Bearer <令牌>`，"
        "在“API 令牌”页面创建），浏览器中也可用登录会话。权限与网页完全相同：只能看到本单位的任务和报告。"
        '所有错误都以 `{"error": "中文说明"}` 返回。'
    ),
    openapi_url="/openapi.json",
    docs_url="/docs",
    auth=[TokenAuth(), ActiveSessionAuth()],
    renderer=Utf8JSONRenderer(),
)
errors.install(api)

api.add_router(f"{API_VERSION_PREFIX}units", units.router)
api.add_router(f"{API_VERSION_PREFIX}plans", plans.router)
api.add_router(f"{API_VERSION_PREFIX}tasks", tasks.router)
api.add_router(f"{API_VERSION_PREFIX}reports", reports.router)
api.add_router(f"{API_VERSION_PREFIX}consolidated", consolidated.router)
api.add_router(f"{API_VERSION_PREFIX}occurrences", occurrences.router)
api.add_router(f"{API_VERSION_PREFIX}evidence", evidence.router)
api.add_router(f"{API_VERSION_PREFIX}supervision", supervision.router)


def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Any other path under /api/: the same error shape as the API's own 404."""
    return JsonResponse({"error": _("接口不存在")}, status=404, json_dumps_params={"ensure_ascii": False})
