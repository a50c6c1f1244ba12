"""`manage.py send_reminders [--date YYYY-MM-DD] [--dry-run]`: run the reminder scan now, in this process."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from dudao.reminders.services import send_reminders


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--date {value!r}: 日期格式应为 YYYY-MM-DD，例如 2018-06-15") from error


class Command(BaseCommand):
    help = (
        "Send the due-soon and overdue reminders owed on a day (default today). Idempotent: running it "
        "again the same day sends nothing new. Prints a one-line summary."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="the day to scan as, YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--dry-run", action="store_true", help="count what would be sent, send and log nothing"
        )

    def handle(self, *args: Any, date: str | None, dry_run: bool, **options: Any) -> None:
        day = _day(date) if date else timezone.localdate()
        self.stdout.write(str(send_reminders(day, dry_run=dry_run)))
