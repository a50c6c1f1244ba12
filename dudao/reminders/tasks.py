"""Background tasks of the reminders app, run by `manage.py db_worker` (django-tasks' database backend)."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from dudao.reminders import services


@task()
def send_reminders() -> dict[str, object]:
    """Today's reminder scan. Idempotent, so the scheduler may enqueue it as often as it likes; before
    `DUDAO_REMINDER_HOUR` it waits for a later run, so that nobody is e-mailed in the night."""
    now = timezone.localtime()
    if now.hour < settings.DUDAO_REMINDER_HOUR:
        return {
            "day": now.date().isoformat(),
            "summary": f"before {settings.DUDAO_REMINDER_HOUR}:00, not sent yet",
        }
    summary = services.send_reminders(now.date())
    return {
        "day": summary.day.isoformat(),
        "working_day": summary.working_day,
        "due_soon": summary.due_soon,
        "overdue": summary.overdue,
        "people": summary.people,
        "summary": str(summary),
    }
