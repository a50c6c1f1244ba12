"""Downloads of what the pages show, built from the same scoped querysets."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from dudao.accounts.access import assignments_for, get_visible, plans_for, tasks_for
from dudao.audit.services import record
from dudao.exports.ledger import XLSX_CONTENT_TYPE, ledger_filename, ledger_workbook
from dudao.plans.models import Plan
from dudao.supervision.lights import assignment_lights
from dudao.supervision.status import task_statuses


@login_required
@require_safe
def plan_ledger(request: HttpRequest, plan_id: uuid.UUID) -> HttpResponse:
    """任务台账: office administrators and leaders get every task; a unit gets the tasks it carries."""
    user = request.user
    plan: Plan = get_visible(plans_for(user), plan_id)  # type: ignore[arg-type]
    today = timezone.localdate()
    assignments = list(assignments_for(user).filter(task__plan=plan))  # type: ignore[arg-type]
    statuses = task_statuses(assignment_lights(assignments, today), assignments)
    content = ledger_workbook(plan, tasks_for(user).filter(plan=plan), statuses=statuses)  # type: ignore[arg-type]
    record(
        user,
        "plan.export_ledger",
        plan,
        summary=_("导出任务台账《%(title)s》") % {"title": plan.title},
        request=request,
    )
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=True, filename=ledger_filename(plan, today)) or "attachment"
    )
    response["Cache-Control"] = "private, no-store"
    return response
