"""Background work for bulletins, run by the django-tasks database worker (`manage.py db_worker`)."""

from __future__ import annotations

from django_tasks import task

from dudao.bulletins import services


@task()
def generate_bulletin(bulletin_id: str) -> str:
    """Write the draft of the bulletin `bulletin_id` (or mark it failed); returns the status it ended in."""
    bulletin = services.generate(bulletin_id)
    return bulletin.status if bulletin is not None else "skipped"
