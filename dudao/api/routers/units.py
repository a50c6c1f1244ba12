"""The unit directory, read-only: everyone who works in the platform may read it (auditors may not)."""

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.pagination import LimitOffsetPagination, paginate

from dudao.accounts.access import units_for
from dudao.api.auth import current_user
from dudao.api.schemas import ErrorOut, UnitOut
from dudao.directory.models import Unit

router = Router(tags=["单位"])


def _units(request: HttpRequest) -> QuerySet[Unit]:
    return units_for(current_user(request)).select_related("parent", "successor")


@router.get("/", response=list[UnitOut], summary="单位列表", url_name="unit_list")
@paginate(LimitOffsetPagination)
def unit_list(request: HttpRequest, kind: str | None = None, parent: str | None = None) -> QuerySet[Unit]:
    units = _units(request)
    if kind:
        units = units.filter(kind=kind)
    if parent:
        units = units.filter(parent__code=parent)
    return units


@router.get(
    "/{slug:code}",
    response={200: UnitOut, 401: ErrorOut, 404: ErrorOut},
    summary="单位详情",
    url_name="unit_detail",
)
def unit_detail(request: HttpRequest, code: str) -> Unit:
    return get_object_or_404(_units(request), code=code)
