"""`manage.py run_scheduler [--once]`: enqueue the periodic jobs (`dudao.reminders.schedule`) when due."""

from __future__ import annotations

import signal
import time
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections

from dudao.reminders.schedule import PERIODIC_JOBS, load_jobs, tick


class Command(BaseCommand):
    help = (
        "Enqueue each periodic job when its interval has passed (the worker, manage.py db_worker, runs "
        "them). --once enqueues what is due and exits; otherwise checks every --poll seconds until stopped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="enqueue what is due now, then exit")
        parser.add_argument(
            "--poll", type=float, default=30.0, help="seconds between checks (default: %(default)s)"
        )

    def handle(self, *args: Any, once: bool, poll: float, **options: Any) -> None:
        if poll <= 0:
            raise CommandError("--poll must be a positive number of seconds")
        try:
            jobs = load_jobs(PERIODIC_JOBS)
        except (ImportError, TypeError) as error:
            raise CommandError(f"PERIODIC_JOBS: {error}") from error
        if once:
            self.stdout.write(f"run_scheduler: {tick(jobs)}")
            return
        self.running = True

        def stop(signum: int, frame: FrameType | None) -> None:
            self.running = False

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(f"run_scheduler: {len(jobs)} periodic job(s), checking every {poll:g} s")
        while self.running:
            close_old_connections()
            result = tick(jobs)
            if result.enqueued:
                self.stdout.write(f"run_scheduler: {result}")
            deadline = time.monotonic() + poll
            while self.running and time.monotonic() < deadline:
                time.sleep(min(1.0, poll))
        self.stdout.write("run_scheduler: stopped")
