"""The demo year: the sample notice re-dated to the current year, and a year of work on it up to today.

`make run` loads the 2018 sample plan, which the acceptance scenarios walk through; by now every one of
its milestones is simply overdue. Beside it the demo publishes the same notice as this year's plan —
2018 becomes the current year and 2019 the next one in the text, the title gains 「（演示）」 and the
文号 a 演示 mark — through the same import, review and publication services as an uploaded notice, so the
parser reads every date afresh. It then replays the year from publication (in April) to yesterday: each
unit's liaison writes and submits reports that the head approves or returns, units log their law study
sessions, lectures, training classes and special meetings, lead units consolidate, a county passes a
task down, and — when those apps are installed — the office issues supervision orders and records
rectifications. Every write goes through the apps' own service functions, so histories and the audit
log are real; while the year is replayed `timezone.now()` answers the simulated moment, so every row
carries the day it was written.

Most units do their work, some of it late, and a handful fall behind (the red units of the dashboard);
the choices come from a random generator seeded by the year, so one day's demo is the same on every
machine. Only days before today are replayed: yellow lights appear only where a real due date is near.
"""

from __future__ import annotations

import bisect
import datetime
import hashlib
import random
import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from unittest import mock

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _

from dudao.accounts.models import User
from dudao.audit.services import record
from dudao.directory import demo
from dudao.directory.models import Unit
from dudao.ingest.units import DirectoryUnit
from dudao.plans.models import Assignment, Milestone, NoticeImport, Plan, Task
from dudao.reports.models import ConsolidatedReport, Occurrence, ProgressReport, ReportStatus
from dudao.workdays.calendar import WorkCalendar

SAMPLE_YEAR = 2018
DEMO_MARK = "（演示）"
_YEARS = re.compile(r"(?<!\d)(2018|2019)(?!\d)")
_DOC_NUMBER = re.compile(r"驻政办(〔\d{4}〕46号)")  # the notice's own 文号, not the ones it cites
_PUBLISHED = (4, 13)  # the Monday after the notice's date, 11 April
_ONE_DAY = datetime.timedelta(days=1)


# --- the plan ------------------------------------------------------------------------------------------


def demo_notice(year: int, path: Path = demo.SAMPLE_NOTICE) -> bytes:
    """The sample notice as if issued in `year`: 2018 → `year` and 2019 → `year + 1` wherever the text
    says so (dates, the 文号, the title), the plan title marked 「（演示）」, the 文号 marked 演示 so that it
    can never clash with a real notice's."""
    text = path.read_text(encoding="utf-8")
    text = _YEARS.sub(lambda m: str(year + int(m.group()) - SAMPLE_YEAR), text)
    text = text.replace("法治政府建设工作安排》", f"法治政府建设工作安排{DEMO_MARK}》")
    text = _DOC_NUMBER.sub(r"驻政办演示\1", text)
    return text.encode("utf-8")


@dataclass(frozen=True)
class DemoPlan:
    """What became of this year's demo plan: published now, found from an earlier run, or failed."""

    status: str  # published | already | failed
    message: str
    plan: Plan | None = None


def publish_demo_year(by: User, *, year: int | None = None) -> DemoPlan:
    """Import, settle and publish this year's demo notice, dated in April; a plan published by an earlier
    run (same text, same digest) is returned as it is."""
    from dudao.plans import services as plans

    year = year or timezone.localdate().year
    data = demo_notice(year)
    name = f"zhumadian-{year}-demo.txt"
    digest = hashlib.sha256(data).hexdigest()
    imports = NoticeImport.objects.filter(sha256=digest)
    published = imports.filter(status=NoticeImport.Status.PUBLISHED).select_related("plan").first()
    if published is not None:
        plan = published.plan  # type: ignore[attr-defined]
        return DemoPlan("already", _("演示年度工作安排已发布过：《%(plan)s》") % {"plan": plan}, plan)
    moment = min(_moment(datetime.date(year, *_PUBLISHED), 9 * 60 + 30), timezone.now())
    try:
        with transaction.atomic(), replaying() as clock:
            clock.moment = moment
            notice_import = imports.filter(status=NoticeImport.Status.REVIEW).first() or plans.start_import(
                data, name, by=by
            )
            clock.moment = moment + datetime.timedelta(minutes=20)
            plans.apply_default_resolutions(notice_import, by=by)
            clock.moment = moment + datetime.timedelta(minutes=45)
            plan = plans.publish(notice_import, by=by)
    except Exception as error:  # the plans app's refusals are ValidationErrors; report any failure plainly
        messages = getattr(error, "messages", None) or [str(error)]
        return DemoPlan("failed", _("演示年度工作安排未能发布：%(reason)s") % {"reason": "；".join(messages)})
    return DemoPlan(
        "published",
        _("演示年度工作安排已发布：《%(plan)s》，%(tasks)s 项任务")
        % {"plan": plan, "tasks": plan.tasks.count()},
        plan,
    )


# --- the clock -----------------------------------------------------------------------------------------


@dataclass
class Clock:
    """The simulated moment `timezone.now()` answers while the demo replays the year."""

    moment: datetime.datetime | None = None
    real_now: Callable[[], datetime.datetime] = timezone.now

    def now(self) -> datetime.datetime:
        return self.moment or self.real_now()


@contextmanager
def replaying() -> Iterator[Clock]:
    """Let `django.utils.timezone.now` answer the clock's moment inside the block.

    The services stamp what they write with `timezone.now()` (auto_now fields, submitted_at, decided_at,
    the audit log), and a demo replayed in November must not claim that every report of the year was
    approved in the same second. Only the single-threaded `load_demo` command uses this; no request
    runs while the clock is replaced.
    """
    clock = Clock(real_now=timezone.now)
    with mock.patch.object(timezone, "now", clock.now):
        yield clock


def _moment(day: datetime.date, minutes: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(minutes // 60, minutes % 60)))


def _calendar() -> WorkCalendar:
    from dudao.workdays.services import current_calendar

    return current_calendar()


# --- the people ------------------------------------------------------------------------------------------

_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢"
)
_GIVEN = (
    "建国海燕志强丽娟晓东文斌春梅国华秀英红霞立新雪梅振华玉兰德明金凤卫东淑珍永刚亚楠"
    "俊杰晓燕宏伟桂兰新民美玲长青素芳建军慧敏宇航佳怡子涵思远雨桐浩然静怡博文欣然梓萱"
)

# County-level departments the demo adds under 西平县, so that its county office has someone to pass a
# task down to (the sample directory lists the city's units and the counties, not the counties' own).
COUNTY_DEPARTMENTS: tuple[DirectoryUnit, ...] = (
    DirectoryUnit(
        id="zmd-xiping-sifa",
        name="西平县司法局",
        aliases=(),
        kind="department",
        level="county",
        parent="zmd-xiping",
    ),
)
_DELEGATING_COUNTY = "zmd-xiping"
_INSPECTED_COUNTY = "zmd-queshan"  # its rectification is closed with evidence


def _name(code: str, role: str) -> str:
    """A stable Chinese name for a unit's liaison or head, different for the two."""
    digest = hashlib.sha256(f"{code}/{role}".encode()).digest()
    given = digest[1] % (len(_GIVEN) // 2) * 2
    return _SURNAMES[digest[0] % len(_SURNAMES)] + _GIVEN[given : given + 2]


@dataclass(frozen=True)
class Staff:
    """Who writes (liaison, or the county office of a county government) and who approves, per unit."""

    writers: dict[int, User]
    heads: dict[int, User]
    created: int


def _writer_role(unit: Unit) -> str:
    governs = unit.level == Unit.Level.COUNTY and unit.kind in (Unit.Kind.GOVERNMENT, Unit.Kind.COMMITTEE)
    return User.Role.COUNTY_OFFICE if governs else User.Role.LIAISON


def ensure_staff(units: Sequence[Unit]) -> Staff:
    """A writer and a head for each unit, reusing the printed demo people where they sit (李明 and 张华
    at 市编办, 陈刚 at 西平县). The others get a stable name and no usable password: they act in the
    replayed year and receive its reminders, but only the printed logins sign in."""
    ids = [unit.pk for unit in units]
    existing = User.objects.filter(unit_id__in=ids, is_active=True).order_by("date_joined", "pk")
    writers: dict[int, User] = {}
    heads: dict[int, User] = {}
    for user in existing:
        if user.role == User.Role.HEAD:
            heads.setdefault(user.unit_id, user)  # type: ignore[arg-type]
        elif user.role in (User.Role.LIAISON, User.Role.COUNTY_OFFICE):
            writers.setdefault(user.unit_id, user)  # type: ignore[arg-type]
    missing: list[User] = []
    unusable = make_password(None)
    for unit in units:
        for role, found in ((_writer_role(unit), writers), (User.Role.HEAD, heads)):
            if unit.pk in found:
                continue
            suffix = "head" if role == User.Role.HEAD else "liaison"
            user = User(
                username=f"{unit.code}-{suffix}",
                display_name=_name(unit.code, suffix),
                role=role,
                unit=unit,
                password=unusable,
            )
            found[unit.pk] = user
            missing.append(user)
    if missing:
        with transaction.atomic():
            User.objects.bulk_create(missing)
            record(
                None,
                "demo.staff",
                None,
                summary=_("演示年度：为 %(units)s 个单位补充经办人 %(count)s 名（不能登录）")
                % {"units": len({user.unit_id for user in missing}), "count": len(missing)},
                changes={"usernames": [user.username for user in missing]},
            )
    return Staff(writers, heads, len(missing))


# --- the year's story ------------------------------------------------------------------------------------

ON_TIME, LATE, FIXED, RETURNED, AWAITING, STALE, DRAFT, MISSING = (
    "on_time",
    "late",
    "fixed",
    "returned",
    "awaiting",
    "stale",
    "draft",
    "missing",
)
STUDY, LECTURE, TRAINING, MEETING = "study", "lecture", "training", "meeting"

# Milestones that only a report can fulfil, and how many units have done those not yet due by late November.
_REPORTED = ("(三)", "(七)", "(十七)", "(三十)")
_EARLY_RATE = {"(三)": 0.85, "(七)": 0.6, "(十七)": 0.7, "(三十)": 0.5}
_ANNUAL_REVIEW_RATE = 0.5  # (十七) 年审, due at year end
_PAST_LATE, _PAST_FIXED = 0.08, 0.05  # of the reports done on milestones already due
_LAGGARDS = 5
# Never among the laggards: the units of the printed people (李明, 陈刚) and the leads of most tasks.
_SPARED = frozenset({"zmd-bianban", "zmd-xiping", "zmd-sifa", "zmd-zfb"})

_BODIES: dict[str, tuple[str, ...]] = {
    "(一)": (
        "本季度梳理衔接国务院、省政府取消下放的行政审批事项{n}项，依申请权力事项网上可办率达到{p}%。",
        "推进“互联网+政务服务”，新增{n}个事项实现全程网办，平均办理时限压缩{p}%。",
    ),
    "(二)": ("完成权责清单动态调整，调整行政职权{n}项；市级证明清单梳理完毕并向社会公布。",),
    "(三)": (
        "自3月1日起按要求试行市场准入负面清单制度，清单外事项一律平等准入，已办理相关事项{n}件。",
        "负面清单制度已在本系统全面试行，组织业务培训{n}场，未发现清单外设置准入条件的情况。",
    ),
    "(七)": (
        "已建立政府法律顾问制度，聘请法律顾问{n}名，本年度参与重大行政决策、合同审查{m}件。",
        "印发《法律顾问工作规则》，明确公职律师{n}名，法律顾问列席党组会议和重大决策论证{m}次。",
    ),
    "(十七)": (
        "完成本季度行政执法证件清理，注销不符合条件的执法证件{n}个，执法人员全部持证上岗。",
        "开展持证人员资格核查，清理调离、退休人员证件{n}个，名单已报市司法局备案。",
    ),
    "(三十)": (
        "公共法律服务实体平台建设进展顺利，已建成乡镇（街道）平台{n}个，覆盖率{p}%。",
        "推进矛盾纠纷多元化解，人民调解组织调处纠纷{m}件，调解成功率{p}%。",
    ),
}
_BODY_DEFAULT = ("按照工作安排扎实推进，已完成阶段性任务，相关材料已整理归档（{n}份）。",)
_RETURN_REASONS = (
    "佐证材料不全，请补充会议纪要或文件扫描件。",
    "进展情况过于笼统，请写明具体措施、数量和完成时间。",
    "报告时间节点选择有误，请核对后重新提交。",
    "数据与上季度报表不一致，请核实后修改。",
)
_STUDY_TOPICS = (
    "《中华人民共和国行政复议法》",
    "《优化营商环境条例》",
    "《中华人民共和国行政处罚法》",
    "《法治政府建设实施纲要（2021—2025年）》",
    "《中华人民共和国民法典》合同编",
    "《重大行政决策程序暂行条例》",
    "《中华人民共和国安全生产法》",
    "《中华人民共和国行政许可法》",
)
_LECTURE_TOPICS = (
    "行政执法“三项制度”解读",
    "行政诉讼败诉案例剖析",
    "习近平法治思想专题辅导",
    "依法决策与风险防控",
)


def _is_yearly(milestone: Milestone) -> bool:
    start, due = milestone.period_start, milestone.due
    return start is not None and due is not None and (due - start).days > 300


def _dated_pdf(title: str) -> bytes:
    """A one-page PDF saying `title` (ASCII): what a scanned certificate or contract stands in for here."""
    stream = f"BT /F1 16 Tf 72 720 Td ({title}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _upload(title: str, name: str) -> ContentFile[bytes]:
    return ContentFile(_dated_pdf(title), name=name)


class _Year:
    """Replays one plan's year. Steps dated today or later are left undone: the demo never runs ahead."""

    def __init__(self, plan: Plan, *, office: User, today: datetime.date, clock: Clock) -> None:
        self.plan, self.office, self.today, self.clock = plan, office, today, clock
        self.year = plan.year
        self.rng = random.Random(plan.year)  # noqa: S311 - a repeatable story, not a secret
        # The working days from a year before the plan's to its year's end and the next year's first
        # quarter, looked up once: the calendar answers one day at a time, and slowly.
        calendar, first = _calendar(), datetime.date(plan.year - 1, 1, 1)
        days = (first + datetime.timedelta(days=n) for n in range(365 * 2 + 120))
        self.workdays = [day for day in days if calendar.is_working_day(day)]
        self.published = timezone.localtime(plan.published_at).date()
        self.shares = list(
            Assignment.objects.filter(task__plan=plan, parent__isnull=True)
            .select_related("unit", "task")
            .order_by("task__order", "unit__sort_order", "unit__code")
        )
        self.tasks = {task.number: task for task in Task.objects.filter(plan=plan)}
        self.milestones: dict[Any, list[Milestone]] = defaultdict(list)
        for milestone in Milestone.objects.filter(task__plan=plan).order_by(
            F("due").asc(nulls_last=True), "label", "text"
        ):
            self.milestones[milestone.task_id].append(milestone)
        self.units = sorted({share.unit for share in self.shares}, key=lambda u: (u.sort_order, u.code))
        self.staff = ensure_staff(self.units)
        self.troubles = self._troubles()

    # time ---------------------------------------------------------------------------------------------

    def working(self, day: datetime.date, offset: int = 0) -> datetime.date:
        """The working day `offset` working days after `day` (before it when negative); for 0, `day`
        itself or the next working day."""
        index = bisect.bisect_left(self.workdays, day) + offset
        return self.workdays[min(max(index, 0), len(self.workdays) - 1)]

    def random_day(self, start: datetime.date, end: datetime.date) -> datetime.date | None:
        """A working day in [start, end], or None when there is none."""
        days = self.workdays[
            bisect.bisect_left(self.workdays, start) : bisect.bisect_right(self.workdays, end)
        ]
        return self.rng.choice(days) if days else None

    def at(self, day: datetime.date, after: datetime.datetime | None = None) -> bool:
        """Set the clock to office hours on `day`, after `after` if that is the same day; False (and the
        step is skipped) when `day` has not come yet."""
        if day >= self.today:
            return False
        minutes = self.rng.randint(8 * 60 + 40, 17 * 60 + 10)
        moment = _moment(day, minutes)
        if after is not None and moment <= after:
            moment = after + datetime.timedelta(minutes=self.rng.randint(4, 50))
        self.clock.moment = moment
        return True

    # who falls behind ---------------------------------------------------------------------------------

    def _troubles(self) -> dict[tuple[str, str, datetime.date | None], str]:
        """The laggards and what each of them leaves undone: (unit code, task or kind, due) → outcome."""
        y = self.year
        candidates = [
            unit.code
            for unit in self.units
            if unit.code not in _SPARED
            and any(share.unit_id == unit.pk for share in self._shares("(三十一)"))
        ]
        self.laggards = self.rng.sample(candidates, min(_LAGGARDS, len(candidates)))
        plan: list[list[tuple[str, datetime.date | None, str]]] = [
            [("(七)", datetime.date(y, 7, 1), LATE), (STUDY, datetime.date(y, 9, 30), MISSING)],
            [("(十七)", datetime.date(y, 9, 30), RETURNED), (STUDY, datetime.date(y, 9, 30), MISSING)],
            [("(十七)", datetime.date(y, 12, 31), RETURNED), (STUDY, datetime.date(y, 9, 30), MISSING)],
            [
                ("(七)", datetime.date(y, 7, 1), MISSING),
                (MEETING, datetime.date(y, 9, 30), MISSING),
                (LECTURE, datetime.date(y, 6, 30), MISSING),
            ],
            [("(十七)", datetime.date(y, 6, 30), STALE), (TRAINING, datetime.date(y, 6, 30), MISSING)],
        ]
        return {
            (code, what, due): outcome
            for code, items in zip(self.laggards, plan, strict=False)
            for what, due, outcome in items
        }

    def _shares(self, number: str) -> list[Assignment]:
        task = self.tasks.get(number)
        return [share for share in self.shares if task is not None and share.task_id == task.pk]

    def outcome(self, share: Assignment, milestone: Milestone | None) -> str:
        due = milestone.due if milestone else None
        trouble = self.troubles.get((share.unit.code, share.task.number, due))
        if trouble:
            return trouble
        if due is not None and due < self.today:
            roll = self.rng.random()
            return LATE if roll < _PAST_LATE else FIXED if roll < _PAST_LATE + _PAST_FIXED else ON_TIME
        rate = _EARLY_RATE.get(share.task.number, 0.5)
        if share.task.number == "(十七)" and milestone is not None and _is_yearly(milestone):
            rate = _ANNUAL_REVIEW_RATE
        roll = self.rng.random()
        return ON_TIME if roll < rate else DRAFT if roll < rate + 0.04 else MISSING

    # reports -------------------------------------------------------------------------------------------

    def body(self, number: str) -> str:
        template = self.rng.choice(_BODIES.get(number, _BODY_DEFAULT))
        return template.format(
            n=self.rng.randint(2, 30), m=self.rng.randint(5, 60), p=self.rng.randint(60, 98)
        )

    def report(
        self,
        share: Assignment,
        milestone: Milestone | None,
        outcome: str,
        *,
        start: datetime.date | None = None,
        on: datetime.date | None = None,
        uploads: Callable[[], list[ContentFile[bytes]]] | None = None,
    ) -> ProgressReport | None:
        """Write one report as `outcome` says: each step on its own working day, none from today on."""
        from dudao.reports import services as reports

        if outcome == MISSING:
            return None
        writer, head = self.staff.writers[share.unit_id], self.staff.heads[share.unit_id]
        due = milestone.due if milestone else None
        first = self.working(max(start or self.published, self.published), 2)
        if outcome == LATE and due is not None:
            submit = self.working(due, self.rng.randint(2, 9))
        elif due is not None and due < self.today:
            submit = self.working(due, -self.rng.randint(5 if outcome == FIXED else 2, 14))
        elif due is not None:
            submit = self.working(self.today, -self.rng.randint(1, 30))
        else:
            submit = self.working(first, self.rng.randint(3, 30))
        submit = on or max(submit, first)
        steps: list[tuple[datetime.date, str]] = [(submit, "save")]
        if outcome != DRAFT:
            steps.append((submit, "submit"))
        if outcome in (ON_TIME, LATE):
            approve = self.working(submit, self.rng.randint(0, 2))
            if outcome == ON_TIME and due is not None and due < self.today and approve > due:
                approve = submit
            steps.append((approve, "approve"))
        elif outcome in (FIXED, RETURNED):
            steps.append((self.working(submit, 1), "return"))
            if outcome == FIXED:
                steps += [
                    (self.working(submit, 2), "revise"),
                    (self.working(submit, 2), "submit"),
                    (self.working(submit, 3), "approve"),
                ]
        number = share.task.number
        found: ProgressReport | None = None
        last: datetime.datetime | None = None
        for day, step in steps:
            if not self.at(day, last):
                break
            last = self.clock.moment
            if step == "save":
                found = reports.save_report(
                    share,
                    milestone=milestone,
                    body=self.body(number),
                    evidence=(),
                    uploads=uploads() if uploads else (),
                    by=writer,
                )
            elif step == "revise" and found is not None:
                found = reports.save_report(
                    share,
                    milestone=milestone,
                    body=found.body + self.rng.choice(("已补充会议纪要。", "已补充具体数据和完成时间。")),
                    evidence=list(found.evidence.all()),
                    report=found,
                    version=found.version,
                    by=writer,
                )
            elif step == "submit" and found is not None:
                found = reports.submit_report(found, by=writer)
            elif step == "approve" and found is not None:
                found = reports.approve_report(found, by=head)
            elif step == "return" and found is not None:
                found = reports.return_report(found, by=head, reason=self.rng.choice(_RETURN_REASONS))
        return found

    def report_on_milestones(self) -> None:
        """Every unit's reports on the milestones only a report fulfils: (三) (七) (十七) (三十)."""
        for number in _REPORTED:
            for share in self._shares(number):
                for milestone in self.milestones[share.task_id]:
                    if not milestone.applicable or not milestone.active:
                        continue
                    outcome = self.outcome(share, milestone)
                    if share.unit.code == "zmd-bianban" and number == "(三)":
                        outcome = FIXED  # 李明's history shows a return and the fix
                    uploads = None
                    if number == "(七)" and milestone.due == datetime.date(self.year, 7, 1):
                        code = share.unit.code

                        def uploads(code: str = code) -> list[ContentFile[bytes]]:
                            return [
                                _upload(f"Legal adviser contract {code} {self.year}", "法律顾问聘用合同.pdf")
                            ]

                    self.report(share, milestone, outcome, start=milestone.period_start, uploads=uploads)

    def report_on_own_tasks(self) -> None:
        """General progress reports: 市编办's own tasks (李明's page) and the co-units of (一), which
        市编办 leads and consolidates."""
        y = self.year
        bianban = [share for share in self.shares if share.unit.code == "zmd-bianban"]
        # (三十八) submitted two working days ago and waiting for 张华; (二十二) a draft from yesterday.
        plan = {
            "(一)": (ON_TIME, self.working(datetime.date(y, 6, 10))),
            "(二)": (ON_TIME, self.working(datetime.date(y, 6, 17))),
            "(三十八)": (AWAITING, self.working(self.today, -2)),
            "(二十二)": (DRAFT, self.working(self.today, -1)),
        }
        for share in bianban:
            if share.task.number in plan:
                outcome, day = plan[share.task.number]
                self.report(share, None, outcome, on=day)
        for share in self._shares("(一)"):
            if share.unit.code in ("zmd-fgw", "zmd-xzfwzx", "zmd-yicheng", "zmd-xiping"):
                self.report(share, None, ON_TIME, start=datetime.date(y, 6, 1))

    # occurrences ---------------------------------------------------------------------------------------

    def counted(self, share: Assignment, kind: str, day: datetime.date) -> list[Milestone]:
        """The share's counted milestones an occurrence of `kind` on `day` counts for."""
        chosen = []
        for milestone in self.milestones[share.task_id]:
            if milestone.min_count is None or not milestone.applicable or milestone.period_start is None:
                continue
            if milestone.due is None or not milestone.period_start <= day <= milestone.due:
                continue
            span = (milestone.due - milestone.period_start).days
            quarterly, yearly = span < 100, span > 300
            if kind == STUDY and not (
                (quarterly and milestone.kind == "periodic") or milestone.min_count == 4
            ):
                continue
            if kind == LECTURE and (quarterly or (yearly and milestone.min_count != 2)):
                continue
            chosen.append(milestone)
        return chosen

    def hold(self, share: Assignment, kind: str, start: datetime.date, end: datetime.date) -> None:
        """The unit holds one occurrence in [start, end] and logs it a few working days later."""
        from dudao.reports import services as reports

        held = self.random_day(start, min(end, self.today - _ONE_DAY))
        if held is None:
            return
        logged = max(self.working(held, self.rng.randint(0, 3)), self.working(self.published, 2))
        if not self.at(logged):
            return
        unit = share.unit
        county = unit.level == Unit.Level.COUNTY
        titles = {
            STUDY: ("政府常务会议学法：" if county else "党组理论学习中心组学法：")
            + self.rng.choice(_STUDY_TOPICS),
            LECTURE: "法治专题讲座：" + self.rng.choice(_LECTURE_TOPICS),
            TRAINING: f"行政执法人员法治专题培训班（{'上' if held.month <= 6 else '下'}半年）",
            MEETING: "专题研究法治政府建设工作会议",
        }
        kinds = {
            STUDY: Occurrence.Kind.STUDY_SESSION,
            LECTURE: Occurrence.Kind.LECTURE,
            TRAINING: Occurrence.Kind.TRAINING,
            MEETING: Occurrence.Kind.SPECIAL_MEETING,
        }
        reports.log_occurrence(
            unit,
            by=self.staff.writers[unit.pk],
            kind=kinds[kind],
            held_on=held,
            title=titles[kind],
            participants="县政府领导班子成员及各部门主要负责人" if county else "单位领导班子成员及中层干部",
            participant_count=self.rng.randint(25, 60) if county else self.rng.randint(12, 35),
            milestones=self.counted(share, kind, held),
        )

    def hold_sessions(self) -> None:
        """学法 each quarter, lectures and training classes each half year, special meetings each quarter."""
        y = self.year
        quarters = [
            (datetime.date(y, m, 1), datetime.date(y, m + 2, 30 if m in (4, 7) else 31))
            for m in (1, 4, 7, 10)
        ]
        halves = [
            (datetime.date(y, 1, 1), datetime.date(y, 6, 30)),
            (datetime.date(y, 7, 1), datetime.date(y, 12, 31)),
        ]
        schedule = [
            ("(三十一)", STUDY, quarters, 0.92),
            ("(三十一)", LECTURE, halves, 0.8),
            ("(三十三)", TRAINING, halves, 0.75),
            ("(三十五)", MEETING, quarters[1:], 0.9),
        ]
        for number, kind, periods, current_rate in schedule:
            for share in self._shares(number):
                for start, end in periods:
                    if self.troubles.get((share.unit.code, kind, end)) == MISSING:
                        continue
                    if end >= self.today and self.rng.random() > current_rate:
                        continue  # not held yet this period
                    self.hold(share, kind, start, end)

    # lead units, counties -----------------------------------------------------------------------------

    def consolidate(self, number: str, milestone_due: datetime.date | None, day: datetime.date) -> None:
        """The lead unit of task `number` consolidates its co-units' reports approved before `day`."""
        from dudao.reports import services as reports

        task = self.tasks.get(number)
        lead = next((s for s in self._shares(number) if s.role == Assignment.Role.LEAD), None)
        day = self.working(day)
        if task is None or lead is None or not self.at(day):
            return
        moment = self.clock.moment
        sources = list(
            ProgressReport.objects.filter(
                assignment__task=task,
                status=ReportStatus.APPROVED,
                decided_at__lt=moment,
                milestone__due=milestone_due,
            )
            .exclude(assignment__unit_id=lead.unit_id)
            .select_related("assignment")
        )
        if not sources:
            return
        writer = self.staff.writers[lead.unit_id]
        consolidated = reports.save_consolidated(
            task,
            by=writer,
            body=_("牵头汇总：%(count)s 个责任单位已报送并经审核，%(task)s 总体按计划推进。")
            % {"count": len(sources), "task": task.title},
            sources=sources,
            version=None,
        )
        if self.at(self.working(day, 1)):
            reports.submit_consolidated(consolidated, by=writer, version=consolidated.version)

    def delegate(self) -> None:
        """西平县 passes its share of (十七) (enforcement certificates) to 西平县司法局, which reports on it."""
        from dudao.reports.delegation import delegate

        county_share = next((s for s in self._shares("(十七)") if s.unit.code == _DELEGATING_COUNTY), None)
        departments = list(
            Unit.objects.filter(parent__code=_DELEGATING_COUNTY, code__in=[u.id for u in COUNTY_DEPARTMENTS])
        )
        if county_share is None or not departments or not self.at(self.working(self.published, 5)):
            return
        created = delegate(county_share, departments, by=self.staff.writers[county_share.unit_id])
        staff = ensure_staff(departments)
        self.staff.writers.update(staff.writers)
        self.staff.heads.update(staff.heads)
        for share in created:
            share.task, share.unit = county_share.task, next(u for u in departments if u.pk == share.unit_id)
            for milestone in self.milestones[share.task_id]:
                if (
                    milestone.applicable
                    and milestone.due is not None
                    and milestone.due <= datetime.date(self.year, 12, 31)
                ):
                    self.report(share, milestone, ON_TIME, start=milestone.period_start)

    # the office ----------------------------------------------------------------------------------------

    def remind(self) -> None:
        """The daily reminder scan, run once: on the last working day before today, early in the morning
        (the scheduler runs it every working day; replaying each day would slow `make run` down)."""
        try:
            from dudao.reminders.services import send_reminders
        except ImportError:
            return
        day = self.working(self.today, -1)
        if day >= self.published:
            self.clock.moment = _moment(day, 7 * 60 + 30)
            send_reminders(day)

    def supervise(self) -> dict[str, int]:
        """Supervision orders and rectifications, when those apps are installed: one order answered, one
        left unanswered past its deadline (escalated), one rectification closed with evidence, one open."""
        done: dict[str, int] = {}
        try:
            from dudao.orders import services as orders
        except ImportError:
            orders = None  # type: ignore[assignment]
        try:
            from dudao.rectification import services as rectification
        except ImportError:
            rectification = None  # type: ignore[assignment]
        units = {unit.code: unit for unit in self.units}
        late, ignoring, open_unit = (
            units[code] for code in (self.laggards[0], self.laggards[1], self.laggards[3])
        )
        if orders is not None and hasattr(orders, "issue_order"):
            done["orders"] = self._orders(orders, late, ignoring)
        if rectification is not None and hasattr(rectification, "record_rectification"):
            done["rectifications"] = self._rectifications(rectification, open_unit)
        return done

    def _orders(self, orders: Any, late: Unit, ignoring: Unit) -> int:
        y = self.year
        issued = 0
        seven, seventeen = self.tasks["(七)"], self.tasks["(十七)"]
        day = self.working(datetime.date(y, 7, 6))
        if self.at(day):
            order = orders.issue_order(
                late,
                task=seven,
                milestone=next(
                    (m for m in self.milestones[seven.pk] if m.due == datetime.date(y, 7, 1)), None
                ),
                reason=_("逾期未报送(七)“今年7月1日前普遍建立政府法律顾问制度”的完成情况。"),
                requirement=_("请于办理时限前报送法律顾问制度建立情况及聘用合同等佐证材料。"),
                response_due=self.working(day, 7),
                by=self.office,
            )
            issued += 1
            if self.at(self.working(day, 5)):
                orders.answer_order(
                    order,
                    body=_("已于近日印发法律顾问工作规则并聘请法律顾问2名，进展报告已补报，聘用合同见附件。"),
                    uploads=[_upload(f"Legal adviser contract {late.code} {y}", "法律顾问聘用合同.pdf")],
                    by=self.staff.writers[late.pk],
                )
        day = self.working(datetime.date(y, 11, 2))
        if self.at(day):
            orders.issue_order(
                ignoring,
                task=seventeen,
                milestone=next(
                    (m for m in self.milestones[seventeen.pk] if m.due == datetime.date(y, 9, 30)), None
                ),
                reason=_("第三季度执法证件清理报告被退回后未重新报送，第三季度领导干部学法未登记。"),
                requirement=_("请补报第三季度执法证件清理情况，并说明学法制度落实情况。"),
                response_due=self.working(day, 10),
                by=self.office,
            )
            issued += 1
            escalate = getattr(orders, "escalate_unanswered", None)
            overdue = self.working(day, 11)
            if escalate is not None and self.at(overdue):
                escalate(overdue)
        return issued

    def _rectifications(self, rectification: Any, open_unit: Unit) -> int:
        y = self.year
        recorded = 0
        inspection = _("%(year)s年第三季度法治政府建设督察") % {"year": y}
        county = next((u for u in self.units if u.code == _INSPECTED_COUNTY), None)
        found = self.working(datetime.date(y, 9, 16))
        if county is not None and self.at(found):
            item = rectification.record_rectification(
                county,
                source=inspection,
                found_on=found,
                problem=_(
                    "抽查行政处罚案卷12卷，其中3卷处罚决定书未告知申请行政复议和提起行政诉讼的途径和期限。"
                ),
                requirement=_("逐卷整改，组织执法人员集中学习《行政处罚法》，建立案卷自查制度。"),
                deadline=datetime.date(y, 10, 30),
                by=self.office,
            )
            recorded += 1
            if self.at(self.working(found, 20)):
                item = rectification.submit_rectification(
                    item,
                    response=_("3卷案卷已补正并重新送达；组织全县执法人员集中培训1次，印发案卷自查制度。"),
                    uploads=[_upload(f"Case files corrected {county.code} {y}", "案卷整改报告.pdf")],
                    by=self.staff.writers[county.pk],
                )
                if self.at(self.working(found, 24)):
                    rectification.close_rectification(item, note=_("整改到位，予以销号。"), by=self.office)
        found = self.working(datetime.date(y, 11, 10))
        if self.at(found):
            rectification.record_rectification(
                open_unit,
                source=_("%(year)s年第四季度法治政府建设督察") % {"year": y},
                found_on=found,
                problem=_("2项重大行政决策事项未经合法性审查即提交集体讨论决定。"),
                requirement=_("补充合法性审查程序，完善重大行政决策目录管理。"),
                deadline=datetime.date(y, 12, 15),
                by=self.office,
            )
            recorded += 1
        return recorded


# --- entry points ---------------------------------------------------------------------------------------


def ensure_county_departments() -> str:
    """Add the county departments the demo's delegation needs (idempotent, through the directory loader)."""
    from dudao.directory.services import load_directory

    return str(load_directory(COUNTY_DEPARTMENTS))


def live_the_year(plan: Plan, *, office: User, today: datetime.date | None = None) -> bool:
    """Replay the plan's year up to yesterday, once: a plan that already has reports is left alone.
    All or nothing, in one transaction. Returns whether anything was replayed."""
    if ProgressReport.objects.filter(assignment__task__plan=plan).exists():
        return False
    today = today or timezone.localdate()
    ensure_county_departments()
    with transaction.atomic(), replaying() as clock:
        year = _Year(plan, office=office, today=today, clock=clock)
        year.delegate()
        year.report_on_milestones()
        year.report_on_own_tasks()
        year.hold_sessions()
        year.consolidate("(一)", None, datetime.date(plan.year, 6, 29))
        year.consolidate("(七)", datetime.date(plan.year, 7, 1), datetime.date(plan.year, 7, 8))
        year.supervise()
        year.remind()
    return True


@dataclass(frozen=True)
class ActivitySummary:
    """The demo year's activity as the database holds it, for `load_demo`'s summary line. Counts keyed by
    the Chinese label of each state; None where the app is not installed."""

    reports: dict[str, int]
    occurrences: int
    consolidated: int
    orders: dict[str, int] | None = None
    escalated: int = 0
    rectifications: dict[str, int] | None = None
    reminders: int | None = None

    def __str__(self) -> str:
        parts = [
            _("进展报告 %(count)s 份（%(states)s）") % _counted(self.reports),
            _("活动记录 %(count)s 次") % {"count": self.occurrences},
            _("汇总报告 %(count)s 份") % {"count": self.consolidated},
        ]
        if self.orders is not None:
            parts.append(
                _("督办单 %(count)s 份（%(states)s，其中逾期未答复 %(escalated)s 份）")
                % {**_counted(self.orders), "escalated": self.escalated}
            )
        if self.rectifications is not None:
            parts.append(_("整改 %(count)s 项（%(states)s）") % _counted(self.rectifications))
        if self.reminders is not None:
            parts.append(_("催办 %(count)s 次") % {"count": self.reminders})
        return "；".join(parts)


def _counted(by_state: dict[str, int]) -> dict[str, Any]:
    states = "、".join(f"{label} {count}" for label, count in by_state.items() if count)
    return {"count": sum(by_state.values()), "states": states or "—"}


def _by_state(rows: Any, choices: Sequence[tuple[str, Any]]) -> dict[str, int]:
    counts = dict(rows.values_list("status").annotate(n=Count("pk")).order_by())
    return {str(label): counts.get(value, 0) for value, label in choices}


def activity_summary(plan: Plan) -> ActivitySummary:
    """What the demo year holds now (reports by state, occurrences, consolidated reports, orders …)."""
    summary = ActivitySummary(
        reports=_by_state(ProgressReport.objects.filter(assignment__task__plan=plan), ReportStatus.choices),
        occurrences=Occurrence.objects.filter(milestones__task__plan=plan).distinct().count(),
        consolidated=ConsolidatedReport.objects.filter(task__plan=plan).count(),
    )
    try:
        from dudao.orders.models import OrderStatus, SupervisionOrder

        orders = SupervisionOrder.objects.filter(task__plan=plan)
        summary = replace(
            summary,
            orders=_by_state(orders, OrderStatus.choices),
            escalated=orders.escalated(timezone.localdate()).count(),
        )
    except ImportError:
        pass
    try:
        from dudao.rectification.models import Rectification, RectificationStatus

        items = Rectification.objects.filter(found_on__year=plan.year)
        summary = replace(summary, rectifications=_by_state(items, RectificationStatus.choices))
    except ImportError:
        pass
    try:
        from dudao.reminders.models import Reminder

        summary = replace(summary, reminders=Reminder.objects.filter(assignment__task__plan=plan).count())
    except ImportError:
        pass
    return summary
