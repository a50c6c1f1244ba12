"""The unit directory's pages, for office administrators only: everyone else gets 403, anonymous
visitors the login page. Every view goes through `_require_admin` or `_unit_for`."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from dudao.accounts.access import require
from dudao.directory import services
from dudao.directory.forms import AliasForm, ImportForm, SuccessorForm, UnitForm
from dudao.directory.models import Unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SEARCH_MAX = 100


def _require_admin(request: HttpRequest) -> None:
    """The directory is the office's to keep: office administrators only (403 for everyone else)."""
    require(request.user.is_authenticated and request.user.is_office_admin)  # type: ignore[union-attr]


def _unit_for(request: HttpRequest, code: str) -> Unit:
    """The unit behind a URL, for an office administrator; 403 for others, 404 for an unknown code."""
    _require_admin(request)
    return get_object_or_404(Unit.objects.select_related("parent", "successor"), code=code)


def _by_level(units: Iterable[Unit]) -> list[tuple[str, list[Unit]]]:
    """Units grouped by level, province first; a level without units is left out."""
    groups: dict[str, list[Unit]] = {level: [] for level in Unit.Level.values}
    for unit in units:
        groups.setdefault(unit.level, []).append(unit)
    labels = dict(Unit.Level.choices)
    return [(str(labels.get(level, level)), members) for level, members in groups.items() if members]


@login_required
@require_safe
@vary_on_headers("HX-Request")
def unit_list(request: HttpRequest) -> HttpResponse:
    """All units grouped by level; htmx asks for the table partial alone as the search box is typed in."""
    _require_admin(request)
    query = request.GET.get("q", "").strip()[:SEARCH_MAX]
    units = list(services.units_queryset(query))
    context = {"groups": _by_level(units), "query": query, "total": len(units)}
    template = "directory/_unit_table.html" if request.htmx else "directory/unit_list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def _render_detail(
    request: HttpRequest,
    unit: Unit,
    *,
    alias_form: AliasForm | None = None,
    successor_form: SuccessorForm | None = None,
) -> HttpResponse:
    context = {
        "unit": unit,
        "aliases": unit.aliases.order_by("pk"),
        "children": unit.children.order_by("sort_order", "name"),
        "predecessors": unit.predecessors.order_by("successor_from", "name"),
        "alias_form": alias_form or AliasForm(unit=unit),
        "successor_form": successor_form or SuccessorForm(unit=unit),
    }
    return render(request, "directory/unit_detail.html", context)


@login_required
@require_safe
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _render_detail(request, _unit_for(request, code))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def unit_edit(request: HttpRequest, code: str) -> HttpResponse:
    unit = _unit_for(request, code)
    form = UnitForm(request.POST if request.method == "POST" else None, unit=unit)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_unit(unit, form.cleaned_data, by=request.user, request=request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已保存单位“%(name)s”的修改。") % {"name": unit.name})
            return redirect("directory:detail", code=unit.code)
    return render(request, "directory/unit_edit.html", {"unit": unit, "form": form})


@login_required
@require_POST
def alias_add(request: HttpRequest, code: str) -> HttpResponse:
    unit = _unit_for(request, code)
    form = AliasForm(request.POST, unit=unit)
    if not form.is_valid():
        return _render_detail(request, unit, alias_form=form)
    services.add_alias(unit, form.cleaned_data["name"], by=request.user, request=request)
    messages.success(request, _("已添加别名“%(name)s”。") % {"name": form.cleaned_data["name"]})
    return redirect("directory:detail", code=unit.code)


@login_required
@require_POST
def alias_remove(request: HttpRequest, code: str) -> HttpResponse:
    unit = _unit_for(request, code)
    name = request.POST.get("name", "")
    if services.remove_alias(unit, name, by=request.user, request=request):
        messages.success(request, _("已删除别名“%(name)s”。") % {"name": name})
    return redirect("directory:detail", code=unit.code)


@login_required
@require_POST
def successor_set(request: HttpRequest, code: str) -> HttpResponse:
    unit = _unit_for(request, code)
    form = SuccessorForm(request.POST, unit=unit)
    if not form.is_valid():
        return _render_detail(request, unit, successor_form=form)
    data = form.cleaned_data
    services.set_successor(unit, data["successor"], data["successor_from"], by=request.user, request=request)
    messages.success(request, _("已保存承继关系。"))
    return redirect("directory:detail", code=unit.code)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    """Upload the office's sheet; any bad row rejects the whole file and lists every problem by row."""
    _require_admin(request)
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    result = None
    if request.method == "POST" and form.is_valid():
        result = services.import_directory_xlsx(form.cleaned_data["file"], by=request.user, request=request)
        if result.ok:
            messages.success(request, _("单位名录已导入：%(summary)s。") % {"summary": result.summary})
            return redirect("directory:list")
    return render(request, "directory/import.html", {"form": form, "result": result})


@login_required
@require_safe
def export_download(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    data = services.export_directory(by=request.user, request=request)
    today: datetime.date = timezone.localdate()
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = str(content_disposition_header(True, f"单位名录-{today:%Y%m%d}.xlsx"))
    return response
