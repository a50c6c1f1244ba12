"""`manage.py load_demo`: the sample city's directory, a demo person for every role, the sample notice
published, and this year's demo plan with a year of work on it — idempotent, so `make run` calls it on
every start."""

from __future__ import annotations

import os
import unicodedata
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from dudao.directory import demo, services
from dudao.web import demo_year


def _width(text: str) -> int:
    """Terminal columns: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def logins_table(users: list[Any], password: str) -> str:
    rows = [("角色", "用户名", "姓名", "单位")]
    rows += [(str(u.get_role_display()), u.username, u.display_name, str(u.unit or "—")) for u in users]
    widths = [max(_width(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join([*lines, f"密码（所有演示账号）：{password}"])


class Command(BaseCommand):
    help = (
        "加载演示数据：示例城市单位名录、各角色演示账号，导入发布2018年示例通知，"
        "并以本年度发布一份演示工作安排、生成截至昨天的一年活动（可重复运行）。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--password", help="演示账号的密码；默认取环境变量 DUDAO_DEMO_PASSWORD，再默认为打印出的密码"
        )
        parser.add_argument(
            "--no-demo-year",
            action="store_true",
            help="不生成本年度的演示工作安排及其一年的活动（只加载名录、账号和2018年示例工作安排）",
        )
        parser.add_argument(
            "--force", action="store_true", help="在 DJANGO_DEBUG 关闭的环境中也运行（会创建公开密码的账号）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "load_demo 会创建密码公开的演示账号，只在开发环境（DJANGO_DEBUG 打开）中运行；确需运行请加 --force"
            )
        password = options["password"] or os.environ.get("DUDAO_DEMO_PASSWORD") or demo.DEFAULT_PASSWORD
        directory = services.load_builtin_directory()
        people = demo.ensure_people(password)
        office_admin = next(u for u in people.users if u.is_office_admin)
        notice = demo.publish_sample(office_admin)
        line = f"load_demo：单位名录{directory}；{people}；{notice.message}"
        self.stdout.write(self.style.SUCCESS(line) if notice.status in ("published", "already") else line)
        if notice.status in ("skipped", "failed"):
            self.stderr.write(notice.message)
        if notice.status in ("published", "already") and not options["no_demo_year"]:
            self._demo_year(office_admin)
        self.stdout.write("")
        self.stdout.write(logins_table(list(people.users), password))

    def _demo_year(self, office_admin: Any) -> None:
        """This year's copy of the sample plan and the year lived on it, summed up on one line."""
        outcome = demo_year.publish_demo_year(office_admin)
        if outcome.plan is None:
            self.stdout.write(outcome.message)
            self.stderr.write(outcome.message)
            return
        try:
            lived = demo_year.live_the_year(outcome.plan, office=office_admin)
        except Exception as error:  # the replay is one transaction: nothing of it stays, the next run retries
            messages = getattr(error, "messages", None) or [repr(error)]
            line = f"{outcome.message}；演示年度活动未能生成：{'；'.join(messages)}"
            self.stdout.write(line)
            self.stderr.write(line)
            return
        summary = demo_year.activity_summary(outcome.plan)
        verb = "演示年度活动已生成" if lived else "演示年度活动已有"
        self.stdout.write(f"{outcome.message}；{verb}：{summary}")
