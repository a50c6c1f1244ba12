"""Periodic background jobs and the clock that enqueues them (`manage.py run_scheduler`).

Each entry of `PERIODIC_JOBS` is the dotted path of a django-tasks task taking no arguments and how
often to enqueue it. The scheduler only enqueues; `manage.py db_worker` runs. When each job was last
enqueued is kept in the database (`ScheduledJob`), so a restarted scheduler waits out the rest of the
interval instead of enqueuing at once; the row is locked while it is read and moved on, so two
schedulers started by mistake do not both enqueue. Enqueuing a job twice would be harmless anyway: the
reminder scan is idempotent (its log refuses a second reminder of the same kind on the same day).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task

from dudao.reminders.models import ScheduledJob

PERIODIC_JOBS: list[tuple[str, datetime.timedelta]] = [
    # Hourly: the first scan after DUDAO_REMINDER_HOUR on a working day sends; later ones that day find
    # nothing new to send.
    ("dudao.reminders.tasks.send_reminders", datetime.timedelta(hours=1)),
    # Hourly: orders unanswered past their deadline escalate to the leaders; each is escalated once.
    ("dudao.orders.tasks.escalate_orders", datetime.timedelta(hours=1)),
]


@dataclass(frozen=True)
class Tick:
    enqueued: list[str]
    waiting: list[str]

    def __str__(self) -> str:
        return f"enqueued {len(self.enqueued)} ({', '.join(self.enqueued) or '-'}), not yet due {len(self.waiting)}"


def load_jobs(jobs: list[tuple[str, datetime.timedelta]]) -> list[tuple[str, Task, datetime.timedelta]]:
    """Import every job up front, so a misspelt path stops the scheduler at start-up, not at 3 a.m."""
    loaded = []
    for path, interval in jobs:
        job = import_string(path)
        if not isinstance(job, Task):
            raise TypeError(f"{path} is not a django-tasks task (decorate it with @task())")
        loaded.append((path, job, interval))
    return loaded


def tick(jobs: list[tuple[str, Task, datetime.timedelta]], now: datetime.datetime | None = None) -> Tick:
    """Enqueue every job whose interval has passed since it was last enqueued; remember when."""
    now = now or timezone.now()
    enqueued, waiting = [], []
    for path, job, interval in jobs:
        with transaction.atomic():
            row, created = ScheduledJob.objects.select_for_update().get_or_create(
                path=path, defaults={"last_enqueued_at": now}
            )
            if created or now - row.last_enqueued_at >= interval:
                job.enqueue()
                if not created:
                    row.last_enqueued_at = now
                    row.save(update_fields=["last_enqueued_at"])
                enqueued.append(path)
            else:
                waiting.append(path)
    return Tick(enqueued=enqueued, waiting=waiting)
