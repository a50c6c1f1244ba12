"""A task's status in words, from its milestones' lights: what the ledger page and its export show."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.plans.models import Assignment
from dudao.supervision.lights import Light, MilestoneLight

# The order lights are reported in: the worst one a task has is its status.
_SEVERITY: tuple[Light, ...] = ("red", "yellow", "green", "dormant", "done", "na")
_LIGHT_TEXT: Mapping[Light, str | Promise] = {
    "red": gettext_lazy("红灯"),
    "yellow": gettext_lazy("黄灯"),
    "green": gettext_lazy("绿灯"),
    "dormant": gettext_lazy("待激活"),
    "done": gettext_lazy("已完成"),
    "na": gettext_lazy("不适用"),
}


def task_status(lights: Sequence[MilestoneLight]) -> str:
    """`红灯（完成 1/4）`: the worst light of a task's milestones, and how many are done."""
    if not lights:
        return ""
    present = {entry.light for entry in lights}
    worst = next(light for light in _SEVERITY if light in present)
    counted = [entry for entry in lights if entry.light not in ("na", "dormant")]
    done = sum(entry.light == "done" for entry in counted)
    if worst in ("done", "na", "dormant") or not counted:
        return str(_LIGHT_TEXT[worst])
    return _("%(light)s（完成 %(done)d/%(total)d）") % {
        "light": _LIGHT_TEXT[worst],
        "done": done,
        "total": len(counted),
    }


def task_statuses(
    lights_by_assignment: Mapping[uuid.UUID, Sequence[MilestoneLight]], assignments: Iterable[Assignment]
) -> dict[uuid.UUID, str]:
    """Each task's status from the lights of the assignments the viewer may see."""
    per_task: dict[uuid.UUID, list[MilestoneLight]] = {}
    for assignment in assignments:
        per_task.setdefault(assignment.task_id, []).extend(lights_by_assignment.get(assignment.pk, ()))
    return {task_id: task_status(lights) for task_id, lights in per_task.items()}
