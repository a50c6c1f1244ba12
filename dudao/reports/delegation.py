"""A county passes its share of a task down to its own departments, and takes it back.

The county office of a county government (西平县人民政府) carries the tasks that fall to every county; it
may hand its share on to units directly under the county (`Unit.parent` is the county). Each such unit
gets its own `Assignment` whose `parent` is the county's share, so its liaison finds the task in 我的任务
and the county office reads what it reports. Like `dudao.reports.services`: one transaction with its audit
row, refusals as `ValidationError`s keyed by the form field (`units`), `PermissionDenied` for a caller
without the right.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from dudao.accounts import access
from dudao.accounts.models import User
from dudao.audit.services import record
from dudao.directory.models import Unit
from dudao.plans.models import Assignment


def _refuse(message: str, code: str = "invalid") -> ValidationError:
    return ValidationError({"units": [ValidationError(message, code=code)]})


def delegate(
    assignment: Assignment, units: Iterable[Unit], *, by: User, request: HttpRequest | None = None
) -> list[Assignment]:
    """Pass the county's share `assignment` down to `units`, all or none; returns the new shares."""
    if not access.can_delegate(by, assignment):
        raise PermissionDenied
    chosen = list(dict.fromkeys(units))  # keep the order, drop repeats
    if not chosen:
        raise _refuse(_("请选择要下派的单位。"), "required")
    county = assignment.unit
    for unit in chosen:
        if unit.parent_id != county.pk:
            raise _refuse(
                _("“%(unit)s”不是%(county)s的下属单位，不能下派。") % {"unit": unit, "county": county}
            )
    try:
        with transaction.atomic():
            # Lock the county's share: two delegations of the same share run one after the other.
            Assignment.objects.select_for_update().get(pk=assignment.pk)
            taken = set(
                Assignment.objects.filter(task_id=assignment.task_id, unit__in=chosen).values_list(
                    "unit__name", flat=True
                )
            )
            if taken:
                raise _refuse(
                    _("%(units)s已承担该任务，不能重复下派。") % {"units": "、".join(sorted(taken))},
                    "duplicate",
                )
            created = [
                Assignment.objects.create(
                    task_id=assignment.task_id,
                    unit=unit,
                    role=Assignment.Role.RESPONSIBLE,
                    parent=assignment,
                    printed_name=county.name,
                )
                for unit in chosen
            ]
            record(
                by,
                "assignment.delegate",
                assignment,
                summary=_("将任务“%(task)s”下派至%(units)s")
                % {"task": assignment.task, "units": "、".join(unit.name for unit in chosen)},
                changes={
                    "units": [unit.code for unit in chosen],
                    "assignments": [str(share.pk) for share in created],
                },
                request=request,
            )
    except IntegrityError as clash:  # someone assigned one of the units to the task meanwhile
        raise _refuse(_("所选单位已承担该任务，请刷新后重试。"), "duplicate") from clash
    return created


def withdraw(delegated: Assignment, *, by: User, request: HttpRequest | None = None) -> None:
    """Take back a share the county passed down; refused once the unit has reported on it."""
    parent = delegated.parent
    if parent is None or not access.can_delegate(by, parent):
        raise PermissionDenied
    with transaction.atomic():
        locked = Assignment.objects.select_for_update().select_related("unit", "task").get(pk=delegated.pk)
        if locked.reports.exists():
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: [
                        ValidationError(
                            _("%(unit)s已就该任务报送进展，不能收回。") % {"unit": locked.unit},
                            code="reported",
                        )
                    ]
                }
            )
        record(
            by,
            "assignment.withdraw",
            parent,
            summary=_("收回下派给%(unit)s的任务“%(task)s”") % {"unit": locked.unit, "task": locked.task},
            changes={"unit": locked.unit.code, "assignment": str(locked.pk)},
            request=request,
        )
        locked.delete()
