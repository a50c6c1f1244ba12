"""The figures a bulletin reports, read from the plan as of the period's last day.

Completion, the early finishers and the overdue list come from `dudao.supervision.rollup`, the one
place that counts them, so a bulletin never disagrees with the leaders' dashboard for the same date.
Supervision orders are those of the plan (or of its year, when an order names no task) issued by the
period end and still open when the bulletin is generated; an order is marked escalated when it was
still unanswered after its response deadline at the period end.
"""

from __future__ import annotations

import datetime

from django.db.models import Q

from dudao.bulletins.compose import EarlyFigure, Figures, OrderFigure, OverdueFigure, SectionFigure
from dudao.orders.models import OrderStatus, SupervisionOrder
from dudao.plans.models import Plan
from dudao.supervision import rollup


def gather(plan: Plan, start: datetime.date, end: datetime.date) -> Figures:
    # As of the period's last day: what was approved after it does not count as done in this period.
    summary = rollup.plan_rollup(plan, end, as_of_day=True)
    early = rollup.finished_early(plan, start, end)
    overdue = rollup.overdue_items(plan, end, as_of_day=True)
    orders = (
        SupervisionOrder.objects.open()
        .filter(Q(task__plan=plan) | Q(task__isnull=True, year=plan.year), issued_at__date__lte=end)
        .select_related("unit", "task")
        .order_by("year", "number")
    )
    return Figures(
        plan_title=plan.title,
        doc_number=plan.doc_number,
        year=plan.year,
        period_start=start,
        period_end=end,
        overall=summary.overall,
        sections=[SectionFigure(str(section), tally) for section, tally in summary.by_section],
        early=[
            EarlyFigure(str(i.unit), str(i.task), i.milestone.label, i.done_on, i.due, i.task.number)
            for i in early
        ],
        overdue=[
            OverdueFigure(str(i.unit), str(i.task), i.milestone.label, i.due, i.days_late) for i in overdue
        ],
        orders=[
            OrderFigure(
                str(order.label),
                str(order.unit),
                str(order.task) if order.task else "",
                order.response_due,
                order.is_escalated(end),
                order.status == OrderStatus.ANSWERED,
            )
            for order in orders
        ],
    )
