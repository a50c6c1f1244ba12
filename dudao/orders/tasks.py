"""Background work for supervision orders, run by the task queue's worker on the scheduler's beat."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from dudao.orders.services import escalate_unanswered


@task()
def escalate_orders() -> int:
    """Escalate the orders left unanswered past their deadline; returns how many were newly escalated."""
    return len(escalate_unanswered(timezone.localdate()))
