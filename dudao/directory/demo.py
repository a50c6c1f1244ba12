"""The demo data behind `make run`: the sample city's directory, one person for every role, and the
sample notice of 2018 imported and published — the cast of SCENARIOS.md, ready to log in.

In 2018 the office (督导办) sat in 市政府法制办公室; the 2018 reform later moved it to 市司法局, which the
directory records as that unit's successor. The demo keeps 2018's arrangement.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.translation import gettext as _

from dudao.accounts.models import User
from dudao.audit.services import record
from dudao.directory.models import Unit

DEFAULT_PASSWORD = "dudao-demo-2018"  # noqa: S105 - demo only, printed on purpose
SAMPLE_NOTICE = Path(settings.BASE_DIR) / "samples" / "zhumadian-2018.txt"
Role = User.Role


@dataclass(frozen=True)
class DemoPerson:
    username: str
    display_name: str
    role: str
    unit_code: str | None


PEOPLE: tuple[DemoPerson, ...] = (
    DemoPerson("wang", "王敏", Role.OFFICE_ADMIN, "zmd-fazhiban"),
    DemoPerson("li", "李明", Role.LIAISON, "zmd-bianban"),
    DemoPerson("zhang", "张华", Role.HEAD, "zmd-bianban"),
    DemoPerson("liu", "刘洋", Role.LIAISON, "zmd-gongshang"),
    DemoPerson("sun", "孙丽", Role.HEAD, "zmd-gongshang"),
    DemoPerson("chen", "陈刚", Role.COUNTY_OFFICE, "zmd-xiping"),
    DemoPerson("zhao", "赵峰", Role.LEADER, "zmd-gov"),
    DemoPerson("qian", "钱进", Role.AUDITOR, None),
)


@dataclass(frozen=True)
class PeopleSummary:
    users: tuple[User, ...]
    created: int

    def __str__(self) -> str:
        return _("演示账号 %(count)s 个（新增 %(created)s 个）") % {
            "count": len(self.users),
            "created": self.created,
        }


def ensure_people(password: str) -> PeopleSummary:
    """Create or reset the demo people: role, unit and name as in `PEOPLE`, password as given (so the
    printed logins always work). The directory must be loaded first. One transaction, one audit row.

    The password is hashed once and the hash shared: PBKDF2 at full strength costs the better part of a
    second, eight times on every `make run`, for a password printed on the screen anyway."""
    encoded = make_password(password)
    units = {u.code: u for u in Unit.objects.filter(code__in=[p.unit_code for p in PEOPLE if p.unit_code])}
    users: list[User] = []
    created = 0
    with transaction.atomic():
        for person in PEOPLE:
            user = User.objects.filter(username=person.username).first()
            if user is None:
                user, created = User(username=person.username), created + 1
            user.display_name, user.role = person.display_name, person.role
            user.unit = units[person.unit_code] if person.unit_code else None
            user.is_active = True
            user.password = encoded
            user.save()
            users.append(user)
        summary = PeopleSummary(tuple(users), created)
        record(
            None,
            "demo.people",
            None,
            summary=str(summary),
            changes={"usernames": [u.username for u in users]},
        )
    return summary


@dataclass(frozen=True)
class NoticeOutcome:
    """What became of the sample notice: published now, published before, or skipped (and why)."""

    status: str  # published | already | skipped | failed
    message: str


def publish_sample(by: User, path: Path = SAMPLE_NOTICE) -> NoticeOutcome:
    """Import the sample notice through the plans app's services, settle every doubt the default way and
    publish it; a notice published before is left alone, an import left under review is reused."""
    try:
        from dudao.plans import services as plans
        from dudao.plans.models import NoticeImport

        start_import: Callable[..., NoticeImport] = plans.start_import
        apply_defaults: Callable[..., NoticeImport] = plans.apply_default_resolutions
        publish: Callable[..., object] = plans.publish
    except (ImportError, AttributeError) as missing:
        return NoticeOutcome(
            "skipped", _("跳过示例通知：计划服务尚未就绪（%(reason)s）") % {"reason": missing}
        )
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    imports = NoticeImport.objects.filter(sha256=digest)
    published = imports.filter(status=NoticeImport.Status.PUBLISHED).select_related("plan").first()
    if published is not None:
        return NoticeOutcome("already", _("示例通知已发布过：《%(plan)s》") % {"plan": published.plan})
    try:
        notice_import = imports.filter(status=NoticeImport.Status.REVIEW).first() or start_import(
            data, path.name, by=by
        )
        apply_defaults(notice_import, by=by)
        plan = publish(notice_import, by=by)
    except Exception as error:  # the plans app's refusals are ValidationErrors; report any failure plainly
        messages = getattr(error, "messages", None) or [str(error)]
        return NoticeOutcome("failed", _("示例通知未能发布：%(reason)s") % {"reason": "；".join(messages)})
    tasks = plan.tasks.count()  # type: ignore[attr-defined]
    return NoticeOutcome(
        "published", _("示例通知已发布：《%(plan)s》，%(tasks)s 项任务") % {"plan": plan, "tasks": tasks}
    )
