"""A province-scale data set for the dashboard benchmark, written with `bulk_create` in seconds.

The shape (at `Scale.province()`, the default):
- a province government with 42 departments and party organs, 16 cities (28 departments each) and
  120 counties, districts and development zones (12 departments each): 2,067 units;
- a liaison and a head for every unit (the governments' county offices in place of liaisons), an office
  administrator in the province's 司法厅, a leader and an auditor: 4,135 people;
- one published plan of 40 tasks in 10 sections. Every task has a lead department and 1–4 co-responsible
  or cooperating departments of the province; 36 tasks also fall to every city and county government
  (各市、县（市、区）人民政府按职责分工分别负责): ~5,000 top-level assignments. About a fifth of the
  counties' shares are passed down to two county departments each (`Assignment.parent`): ~1,700 more;
- twelve monthly periods: monthly obligations for 8 tasks, quarterly ones for 12, quarterly quotas with
  an annual quota fed by logged study sessions for 4 (每季度至少一次、全年不少于4次), half-year and
  year-end deadlines, a dormant event, a start date and an ongoing task for the rest: 194 milestones,
  ~25,000 counted (top-level assignment, milestone) pairs;
- a year of progress reports with their history: approved on time, approved late (some after a return),
  returned and not resubmitted, submitted and waiting, drafts, and missing ones; dates spread through the
  year up to `today` (~23,000 reports, ~68,000 history rows, ~2,100 study sessions).

The year is the twelve months from the first day of the month ten months before `today`, so that `today`
falls in the eleventh month whatever the day the benchmark runs: on 27 November 2026 the plan covers
January to December 2026. Everything is drawn from `random.Random(seed)`, ids included, so one seed and
one `today` give the same data set.
"""

from __future__ import annotations

import datetime
import random
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import models, transaction

from dudao.accounts.models import User
from dudao.directory.models import Unit
from dudao.plans.models import Assignment, Milestone, Plan, Section, Task
from dudao.reports.models import Occurrence, ProgressReport, ReportAction, ReportStatus

PASSWORD = "bench-Pass-2026"  # noqa: S105 - a throw-away benchmark database; printed on purpose
LEADER = "leader"
PROVINCE = "中原省"

# (province name, city and county name) of each department; party organs are marked.
DEPARTMENTS: tuple[tuple[str, str, str], ...] = (
    ("人民政府办公厅", "人民政府办公室", Unit.Kind.DEPARTMENT),
    ("司法厅", "司法局", Unit.Kind.DEPARTMENT),
    ("发展和改革委员会", "发展和改革委员会", Unit.Kind.DEPARTMENT),
    ("财政厅", "财政局", Unit.Kind.DEPARTMENT),
    ("教育厅", "教育局", Unit.Kind.DEPARTMENT),
    ("公安厅", "公安局", Unit.Kind.DEPARTMENT),
    ("民政厅", "民政局", Unit.Kind.DEPARTMENT),
    ("人力资源和社会保障厅", "人力资源和社会保障局", Unit.Kind.DEPARTMENT),
    ("自然资源厅", "自然资源局", Unit.Kind.DEPARTMENT),
    ("生态环境厅", "生态环境局", Unit.Kind.DEPARTMENT),
    ("住房和城乡建设厅", "住房和城乡建设局", Unit.Kind.DEPARTMENT),
    ("市场监督管理局", "市场监督管理局", Unit.Kind.DEPARTMENT),
    ("卫生健康委员会", "卫生健康委员会", Unit.Kind.DEPARTMENT),
    ("应急管理厅", "应急管理局", Unit.Kind.DEPARTMENT),
    ("委编办", "委编办", Unit.Kind.PARTY),
    ("交通运输厅", "交通运输局", Unit.Kind.DEPARTMENT),
    ("农业农村厅", "农业农村局", Unit.Kind.DEPARTMENT),
    ("水利厅", "水利局", Unit.Kind.DEPARTMENT),
    ("审计厅", "审计局", Unit.Kind.DEPARTMENT),
    ("商务厅", "商务局", Unit.Kind.DEPARTMENT),
    ("文化和旅游厅", "文化广电和旅游局", Unit.Kind.DEPARTMENT),
    ("退役军人事务厅", "退役军人事务局", Unit.Kind.DEPARTMENT),
    ("统计局", "统计局", Unit.Kind.DEPARTMENT),
    ("医疗保障局", "医疗保障局", Unit.Kind.DEPARTMENT),
    ("信访局", "信访局", Unit.Kind.DEPARTMENT),
    ("委组织部", "委组织部", Unit.Kind.PARTY),
    ("工业和信息化厅", "工业和信息化局", Unit.Kind.DEPARTMENT),
    ("科学技术厅", "科学技术局", Unit.Kind.DEPARTMENT),
    ("大数据管理局", "大数据管理局", Unit.Kind.DEPARTMENT),
    ("林业局", "林业局", Unit.Kind.DEPARTMENT),
    ("委宣传部", "委宣传部", Unit.Kind.PARTY),
    ("国有资产监督管理委员会", "国有资产监督管理委员会", Unit.Kind.DEPARTMENT),
    ("地方金融监督管理局", "金融工作局", Unit.Kind.DEPARTMENT),
    ("粮食和物资储备局", "粮食和物资储备局", Unit.Kind.DEPARTMENT),
    ("民族宗教事务委员会", "民族宗教事务局", Unit.Kind.DEPARTMENT),
    ("机关事务管理局", "机关事务管理局", Unit.Kind.DEPARTMENT),
    ("人民防空办公室", "人民防空办公室", Unit.Kind.DEPARTMENT),
    ("体育局", "体育局", Unit.Kind.DEPARTMENT),
    ("乡村振兴局", "乡村振兴局", Unit.Kind.DEPARTMENT),
    ("外事办公室", "外事办公室", Unit.Kind.DEPARTMENT),
    ("委政法委员会", "委政法委员会", Unit.Kind.PARTY),
    ("政务服务和数据管理局", "行政审批服务局", Unit.Kind.DEPARTMENT),
)
CITIES = (
    "安平", "宁远", "长丰", "永和", "清河", "临泉", "丰城", "武宁",
    "泰和", "兴国", "崇仁", "乐安", "宜黄", "金溪", "资溪", "广昌",
)  # fmt: skip
COUNTY_FIRST = "东西南北上下新老大小青白红黄金银石山河湖海江川云"
COUNTY_SECOND = "阳平安宁丰和城林泉源溪峰田庄桥塘湾坪岗陵"
SECTIONS = (
    "依法全面履行政府职能", "完善依法行政制度体系", "推进行政决策科学化民主化法治化",
    "坚持严格规范公正文明执法", "强化对行政权力的制约和监督", "依法有效化解社会矛盾纠纷",
    "全面提高政府工作人员法治思维和依法行政能力", "健全突发事件应对体系",
    "推进数字法治政府建设", "加强法治政府建设组织领导",
)  # fmt: skip
VERBS = ("深化", "推进", "完善", "健全", "规范", "加强", "落实", "开展", "优化", "严格")
OBJECTS = (
    "行政审批制度改革", "重大行政决策程序", "行政执法监督", "规范性文件备案审查", "政务公开工作",
    "行政复议工作", "公共法律服务体系", "领导干部学法制度", "执法人员资格管理", "信用监管机制",
)  # fmt: skip
CN = "一二三四五六七八九十"
# How a unit's report on one milestone stands, once the due date has passed and while it is still open.
PAST_DUE = {"on_time": 55, "late": 12, "returned": 6, "submitted": 5, "draft": 2, "missing": 20}
STILL_OPEN = {"on_time": 15, "submitted": 25, "draft": 5, "returned": 3, "missing": 52}


@dataclass(frozen=True)
class Scale:
    """How big the province is. `province()` is the benchmark; tests use a few units."""

    cities: int
    counties_per_city: tuple[int, ...]  # cycled over the cities
    province_departments: int
    city_departments: int
    county_departments: int
    tasks_per_section: int = 4

    @classmethod
    def province(cls) -> Scale:
        # 120 counties over 16 cities: 8, 7, 8, 7, ...
        return cls(
            cities=16,
            counties_per_city=(8, 7),
            province_departments=len(DEPARTMENTS),
            city_departments=28,
            county_departments=12,
        )

    @classmethod
    def tiny(cls) -> Scale:
        return cls(
            cities=2,
            counties_per_city=(2,),
            province_departments=6,
            city_departments=3,
            county_departments=3,
            tasks_per_section=1,
        )


@dataclass(frozen=True)
class Generated:
    plan: Plan
    leader: User
    today: datetime.date
    counts: dict[str, int]
    unit_sample: list[str]  # unit codes for the unit page: the lead departments, cities, counties


def _cn(n: int) -> str:
    if n <= 10:
        return CN[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN[tens - 1]) + "十" + (CN[ones - 1] if ones else "")


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _month_end(first: datetime.date) -> datetime.date:
    return _add_months(first, 1) - datetime.timedelta(days=1)


@contextmanager
def _given_times(*fields: tuple[type[models.Model], str]) -> Iterator[None]:
    """Let `bulk_create` keep the timestamps we spread over the year instead of stamping "now" on
    `auto_now`/`auto_now_add` fields (the benchmark only: the product never backdates)."""
    saved = []
    for model, name in fields:
        field: Any = model._meta.get_field(name)
        saved.append((field, field.auto_now, field.auto_now_add))
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


class _Builder:
    def __init__(self, rng: random.Random, scale: Scale, today: datetime.date) -> None:
        self.rng = rng
        self.scale = scale
        self.today = today
        self.zone = ZoneInfo(settings.TIME_ZONE)
        self.start = _add_months(today.replace(day=1), -10)
        self.end = _month_end(_add_months(self.start, 11))
        self.units: list[Unit] = []
        self.province_departments: list[Unit] = []
        self.governments: list[Unit] = []  # cities and counties: 各市、县（市、区）人民政府
        self.county_departments: dict[int, list[Unit]] = {}  # county pk → its departments
        self.users: list[User] = []
        self.author: dict[int, User] = {}  # unit pk → who writes its reports
        self.approver: dict[int, User] = {}
        self.written: list[ProgressReport] = []
        self.actions: list[ReportAction] = []

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def moment(self, day: datetime.date) -> datetime.datetime:
        """A time in office hours on `day`, local time."""
        minutes = self.rng.randint(8 * 60 + 30, 17 * 60 + 30)
        return datetime.datetime.combine(day, datetime.time(minutes // 60, minutes % 60), tzinfo=self.zone)

    # --- directory and people -------------------------------------------------------------------

    def directory(self) -> None:
        scale, units = self.scale, self.units
        order = iter(range(1, 1_000_000))

        def unit(code: str, name: str, kind: str, level: str, parent: Unit | None) -> Unit:
            row = Unit(code=code, name=name, kind=kind, level=level, parent=parent, sort_order=next(order))
            units.append(row)
            return row

        province = unit("prov", f"{PROVINCE}人民政府", Unit.Kind.GOVERNMENT, Unit.Level.PROVINCE, None)
        Unit.objects.bulk_create([province])
        units.clear()
        self.province = province

        for i, entry in enumerate(DEPARTMENTS[: scale.province_departments]):
            name = f"中共{PROVINCE}{entry[0]}" if entry[2] == Unit.Kind.PARTY else f"{PROVINCE}{entry[0]}"
            self.province_departments.append(
                unit(f"prov-d{i + 1:02d}", name, entry[2], Unit.Level.PROVINCE, province)
            )
        cities = [
            unit(
                f"c{i + 1:02d}",
                f"{CITIES[i % len(CITIES)]}市人民政府",
                Unit.Kind.GOVERNMENT,
                Unit.Level.CITY,
                province,
            )
            for i in range(scale.cities)
        ]
        Unit.objects.bulk_create(units)
        units.clear()
        names = (a + b for a in COUNTY_FIRST for b in COUNTY_SECOND if a != b)
        counties: list[Unit] = []
        for c, city in enumerate(cities):
            city_name = city.name.removesuffix("人民政府")
            for i, entry in enumerate(DEPARTMENTS[: scale.city_departments]):
                name = (
                    f"中共{city_name}{entry[1]}" if entry[2] == Unit.Kind.PARTY else f"{city_name}{entry[1]}"
                )
                unit(f"{city.code}-d{i + 1:02d}", name, entry[2], Unit.Level.CITY, city)
            for k in range(scale.counties_per_city[c % len(scale.counties_per_city)]):
                if k == 0:  # each city has its development zone
                    county = unit(
                        f"{city.code}-k{k + 1:02d}",
                        f"{city_name}经济技术开发区管理委员会",
                        Unit.Kind.COMMITTEE,
                        Unit.Level.COUNTY,
                        city,
                    )
                else:
                    suffix = "区" if k <= 2 else "县"  # the first two are the city's districts
                    county = unit(
                        f"{city.code}-k{k + 1:02d}",
                        f"{next(names)}{suffix}人民政府",
                        Unit.Kind.GOVERNMENT,
                        Unit.Level.COUNTY,
                        city,
                    )
                counties.append(county)
        Unit.objects.bulk_create(units)
        units.clear()
        for county in counties:
            area = county.name.removesuffix("人民政府").removesuffix("管理委员会")
            self.county_departments[county.pk] = [
                unit(
                    f"{county.code}-d{i + 1:02d}",
                    f"{area}{entry[1]}",
                    Unit.Kind.DEPARTMENT,
                    Unit.Level.COUNTY,
                    county,
                )
                for i, entry in enumerate(
                    e for e in DEPARTMENTS[: scale.county_departments + 2] if e[2] != Unit.Kind.PARTY
                )
                if i < scale.county_departments
            ]
        Unit.objects.bulk_create(units)
        self.governments = cities + counties
        self.all_units = Unit.objects.count()

    def people(self) -> None:
        password = make_password(PASSWORD)  # one hash for everyone: hashing 4,000 passwords takes minutes
        users = self.users

        def person(username: str, role: str, unit: Unit | None, name: str) -> User:
            row = User(username=username, role=role, unit=unit, display_name=name, password=password)
            users.append(row)
            return row

        justice = self.province_departments[1] if len(self.province_departments) > 1 else self.province
        self.office_admin = person("office", User.Role.OFFICE_ADMIN, justice, "王敏")
        self.leader = person(LEADER, User.Role.LEADER, self.province, "赵峰")
        person("auditor", User.Role.AUDITOR, None, "钱进")
        for unit in Unit.objects.filter(parent__isnull=False).order_by("sort_order"):
            government = unit.kind in (Unit.Kind.GOVERNMENT, Unit.Kind.COMMITTEE)
            role = User.Role.COUNTY_OFFICE if government else User.Role.LIAISON
            self.author[unit.pk] = person(f"{unit.code}-{role}", role, unit, f"{unit.name[:8]}联络员")
            self.approver[unit.pk] = person(
                f"{unit.code}-head", User.Role.HEAD, unit, f"{unit.name[:8]}负责人"
            )
        User.objects.bulk_create(users)
        # bulk_create sets the pks on PostgreSQL and SQLite alike; reload to be sure on both.
        by_name = {u.username: u for u in User.objects.all()}
        self.office_admin, self.leader = by_name["office"], by_name[LEADER]
        for mapping in (self.author, self.approver):
            for unit_pk, user in mapping.items():
                mapping[unit_pk] = by_name[user.username]

    # --- the plan ---------------------------------------------------------------------------------

    def plan(self) -> Plan:
        issued_on = self.start + datetime.timedelta(days=40)  # in the second month, as notices are
        plan = Plan.objects.create(
            id=self.uuid(),
            year=self.end.year,
            title=f"{PROVINCE}{self.end.year}年度法治政府建设工作要点",
            notice_title=f"{PROVINCE}人民政府办公厅关于印发《{PROVINCE}{self.end.year}年度法治政府建设工作要点》的通知",
            doc_number=f"中政办〔{self.end.year}〕{self.rng.randint(1, 40)}号",
            issuer=f"{PROVINCE}人民政府办公厅",
            issued_on=issued_on,
            lead_rule="责任单位排名第一的为牵头单位",
            published_at=self.moment(issued_on),
            published_by=self.office_admin,
        )
        sections = [
            Section(plan=plan, number=_cn(i + 1), title=title, order=i + 1)
            for i, title in enumerate(SECTIONS)
        ]
        Section.objects.bulk_create(sections)
        tasks: list[Task] = []
        for section in sections:
            for _ in range(self.scale.tasks_per_section):
                n = len(tasks) + 1
                tasks.append(
                    Task(
                        id=self.uuid(),
                        plan=plan,
                        section=section,
                        number=f"({_cn(n)})",
                        order=n,
                        title=f"{self.rng.choice(VERBS)}{self.rng.choice(OBJECTS)}",
                        body="坚持问题导向,细化工作措施,明确责任分工,确保各项任务按期完成。",
                        subordinate_duty=n % 10 != 0,  # 36 of 40, as in the sample notice
                        subordinate_level="各市、县（市、区）人民政府" if n % 10 else "",
                    )
                )
        Task.objects.bulk_create(tasks)
        self.tasks = tasks
        self.milestones = {task.pk: self._milestones(task, n) for n, task in enumerate(tasks)}
        Milestone.objects.bulk_create([m for ms in self.milestones.values() for m in ms])
        return plan

    def _milestone(
        self,
        task: Task,
        kind: str,
        text: str,
        label: str,
        start: datetime.date | None,
        due: datetime.date | None,
        **extra: Any,
    ) -> Milestone:
        issued_on = self.start + datetime.timedelta(days=40)
        return Milestone(
            id=self.uuid(),
            task=task,
            kind=kind,
            text=text,
            label=label,
            period_start=start,
            due=due,
            applicable=due is None or due >= issued_on,
            **extra,
        )

    def _periods(self, months: int) -> list[tuple[datetime.date, datetime.date]]:
        return [
            (_add_months(self.start, i), _month_end(_add_months(self.start, i + months - 1)))
            for i in range(0, 12, months)
        ]

    def _milestones(self, task: Task, n: int) -> list[Milestone]:
        """The schedule of task number n (0-based), by its place in each ten."""
        kind = n % 10
        K = Milestone.Kind
        m = self._milestone
        if kind in (0, 5):
            return [
                m(task, K.PERIODIC, "每月", f"{start.year}年{start.month}月", start, end)
                for start, end in self._periods(1)
            ]
        if kind in (1, 6, 8):
            return [
                m(task, K.PERIODIC, "每季度", f"{start.year}年{start.month}—{end.month}月", start, end)
                for start, end in self._periods(3)
            ]
        if kind == 2:
            quarters = [
                m(task, K.PERIODIC, "每季度至少一次", f"{s.year}年{s.month}—{e.month}月", s, e, min_count=1)
                for s, e in self._periods(3)
            ]
            return [
                *quarters,
                m(task, K.QUOTA, "全年不少于4次", f"{self.end.year}年度", self.start, self.end, min_count=4),
            ]
        if kind in (3, 7):
            half = _month_end(_add_months(self.start, 5))
            return [
                m(task, K.DEADLINE, "6月底前", f"{half:%Y-%m-%d}", None, half),
                m(task, K.DEADLINE, "年底前", f"{self.end:%Y-%m-%d}", None, self.end),
            ]
        if kind == 4:
            return [
                m(task, K.PERIODIC, "每半年至少1次", f"{s.year}年{s.month}—{e.month}月", s, e)
                for s, e in self._periods(6)
            ]
        if n % 40 == 9:  # waits for a regulation that has not come out
            return [m(task, K.EVENT, "待《条例》出台后", "条例出台后", None, None, active=False)]
        if n % 40 == 19:  # the event happened; the office set a date
            due = _month_end(_add_months(self.start, 7))
            return [m(task, K.EVENT, "待《条例》出台后三个月内", f"{due:%Y-%m-%d}", None, due)]
        if n % 40 == 29:
            return [
                m(task, K.START, "从今年3月1日起", "起始", _add_months(self.start, 2), None),
                m(task, K.DEADLINE, "年内", f"{self.end:%Y-%m-%d}", None, self.end),
            ]
        return [
            m(task, K.ONGOING, "长期坚持", "长期", None, None),
            m(task, K.DEADLINE, "年底前", f"{self.end:%Y-%m-%d}", None, self.end),
        ]

    def assignments(self) -> None:
        rng, Role = self.rng, Assignment.Role
        departments = self.province_departments
        top: list[Assignment] = []
        passed: list[Assignment] = []
        for task in self.tasks:
            chosen = rng.sample(departments, min(len(departments), rng.randint(2, 5)))
            roles = [Role.LEAD] + [
                rng.choice((Role.RESPONSIBLE, Role.RESPONSIBLE, Role.COOPERATING)) for _ in chosen[1:]
            ]
            top += [
                Assignment(id=self.uuid(), task=task, unit=unit, role=role, printed_name=unit.name)
                for unit, role in zip(chosen, roles, strict=True)
            ]
            if not task.subordinate_duty:
                continue
            for government in self.governments:
                share = Assignment(
                    id=self.uuid(),
                    task=task,
                    unit=government,
                    role=Role.SUBORDINATE,
                    printed_name=task.subordinate_level,
                )
                top.append(share)
                below = self.county_departments.get(government.pk, [])
                if below and rng.random() < 0.2:  # the county passes its share down to two departments
                    passed += [
                        Assignment(
                            id=self.uuid(),
                            task=task,
                            unit=unit,
                            role=Role.RESPONSIBLE,
                            parent=share,
                            printed_name=government.name,
                        )
                        for unit in rng.sample(below, min(2, len(below)))
                    ]
        for row in top + passed:
            row.created_at = self.moment(self.start + datetime.timedelta(days=40))
        with _given_times((Assignment, "created_at")):
            Assignment.objects.bulk_create(top, batch_size=2000)
            Assignment.objects.bulk_create(passed, batch_size=2000)
        self.top_assignments, self.passed_assignments = top, passed

    # --- a year of reports ------------------------------------------------------------------------

    def write_reports(self) -> None:
        for assignment in self.top_assignments + self.passed_assignments:
            for milestone in self.milestones[assignment.task_id]:
                if milestone.applicable and milestone.active and milestone.kind != Milestone.Kind.QUOTA:
                    self._report(assignment, milestone)
        with _given_times(
            (ProgressReport, "created_at"), (ProgressReport, "updated_at"), (ReportAction, "at")
        ):
            ProgressReport.objects.bulk_create(self.written, batch_size=2000)
            ReportAction.objects.bulk_create(self.actions, batch_size=5000)

    def _report(self, assignment: Assignment, milestone: Milestone) -> None:
        """Draw the state of one unit's report on one milestone; append the report and its history."""
        rng, today = self.rng, self.today
        due = milestone.due or self.end
        opens = milestone.period_start or (due - datetime.timedelta(days=60))
        opens = max(opens, self.start + datetime.timedelta(days=40))
        if opens > today:
            return
        odds = PAST_DUE if due < today else STILL_OPEN
        state = rng.choices(list(odds), weights=list(odds.values()))[0]
        if state == "missing":
            return
        author, head = self.author[assignment.unit_id], self.approver[assignment.unit_id]
        last = min(today, due)
        span = max((last - opens).days, 0)
        written = opens + datetime.timedelta(days=rng.randint(0, span))
        created = self.moment(written)
        report = ProgressReport(
            id=self.uuid(),
            assignment=assignment,
            milestone=milestone,
            author=author,
            body=f"{milestone.label}：已按要求推进{assignment.task.title[:20]}，形成阶段性成果。",
            created_at=created,
            updated_at=created,
        )
        history = [(ReportAction.Action.CREATE, author, created, "")]
        if state == "draft":
            report.status = ReportStatus.DRAFT
        elif state in ("on_time", "submitted", "returned"):
            submitted = created + datetime.timedelta(hours=rng.randint(1, 72))
            report.submitted_at = submitted
            history.append((ReportAction.Action.SUBMIT, author, submitted, ""))
            decided = submitted + datetime.timedelta(hours=rng.randint(2, 96))
            if state == "submitted" or decided.date() > today:
                report.status = ReportStatus.SUBMITTED
            elif state == "returned":
                report.status, report.return_reason = (
                    ReportStatus.RETURNED,
                    "佐证材料不全，请补充后重新提交。",
                )
                report.decided_by, report.decided_at = head, decided
                history.append((ReportAction.Action.RETURN, head, decided, report.return_reason))
            else:
                report.status, report.decided_by, report.decided_at = ReportStatus.APPROVED, head, decided
                history.append((ReportAction.Action.APPROVE, head, decided, ""))
        else:  # approved late, half of them after a first return
            first = self.moment(min(today, due + datetime.timedelta(days=rng.randint(1, 45))))
            if first.date() > today:
                return
            report.created_at = first - datetime.timedelta(days=1)
            history = [(ReportAction.Action.CREATE, author, report.created_at, "")]
            history.append((ReportAction.Action.SUBMIT, author, first, ""))
            moment = first
            if rng.random() < 0.5:
                moment += datetime.timedelta(days=rng.randint(1, 5))
                history.append((ReportAction.Action.RETURN, head, moment, "请补充数据。"))
                moment += datetime.timedelta(days=rng.randint(1, 5))
                history += [
                    (ReportAction.Action.EDIT, author, moment, ""),
                    (ReportAction.Action.SUBMIT, author, moment, ""),
                ]
                report.version = 3
            report.submitted_at = moment
            moment += datetime.timedelta(days=rng.randint(0, 4), hours=2)
            if moment.date() > today:
                report.status = ReportStatus.SUBMITTED
            else:
                report.status, report.decided_by, report.decided_at = ReportStatus.APPROVED, head, moment
                history.append((ReportAction.Action.APPROVE, head, moment, ""))
        report.updated_at = max(at for _, _, at, _ in history)
        self.written.append(report)
        self.actions += [
            ReportAction(report=report, action=action, by=by, at=at, reason=reason)
            for action, by, at, reason in history
        ]

    def occurrences(self) -> int:
        """Study sessions for the quota tasks: most units hold one a quarter, some two, some none."""
        rng = self.rng
        held: list[Occurrence] = []
        links: list[Any] = []
        through = Occurrence.milestones.through
        for assignment in self.top_assignments:
            milestones = self.milestones[assignment.task_id]
            counted = [m for m in milestones if m.min_count is not None]
            if not counted:
                continue
            annual = next((m for m in counted if m.kind == Milestone.Kind.QUOTA), None)
            for quarter in (m for m in counted if m.kind == Milestone.Kind.PERIODIC):
                start, end = quarter.period_start or self.start, min(quarter.due or self.end, self.today)
                if start > end:
                    continue
                draw = rng.random()
                times = 0 if draw < 0.2 else 2 if draw > 0.85 else 1
                for _ in range(times):
                    day = start + datetime.timedelta(days=rng.randint(0, (end - start).days))
                    row = Occurrence(
                        id=self.uuid(),
                        unit_id=assignment.unit_id,
                        kind=Occurrence.Kind.STUDY_SESSION,
                        held_on=day,
                        title="领导干部集体学法",
                        participant_count=rng.randint(8, 40),
                        recorded_by=self.author[assignment.unit_id],
                        recorded_at=self.moment(day),
                    )
                    held.append(row)
                    links += [
                        through(occurrence_id=row.pk, milestone_id=m.pk) for m in (quarter, annual) if m
                    ]
        with _given_times((Occurrence, "recorded_at")):
            Occurrence.objects.bulk_create(held, batch_size=2000)
        through.objects.bulk_create(links, batch_size=5000)
        return len(held)


def generate(
    *, seed: int = 2018, today: datetime.date | None = None, scale: Scale | None = None
) -> Generated:
    """Fill an empty, migrated database with the data set (see the module docstring); one transaction."""
    from django.utils import timezone

    today = today or timezone.localdate()
    builder = _Builder(random.Random(seed), scale or Scale.province(), today)
    with transaction.atomic():
        builder.directory()
        builder.people()
        plan = builder.plan()
        builder.assignments()
        builder.write_reports()
        occurrences = builder.occurrences()
    statuses = dict.fromkeys(ReportStatus.values, 0)
    for report in builder.written:
        statuses[report.status] += 1
    counts = {
        "units": builder.all_units,
        "users": len(builder.users),
        "tasks": len(builder.tasks),
        "milestones": sum(len(ms) for ms in builder.milestones.values()),
        "assignments": len(builder.top_assignments),
        "passed down": len(builder.passed_assignments),
        "counted pairs": sum(
            len([m for m in builder.milestones[a.task_id] if m.applicable and m.active])
            for a in builder.top_assignments
        ),
        "reports": len(builder.written),
        **{f"  {status}": n for status, n in statuses.items()},
        "report actions": len(builder.actions),
        "occurrences": occurrences,
    }
    lead = [a.unit.code for a in builder.top_assignments if a.role == Assignment.Role.LEAD]
    sample = _unit_sample(lead, builder.governments)
    return Generated(plan=plan, leader=builder.leader, today=today, counts=counts, unit_sample=sample)


def _unit_sample(lead_codes: Sequence[str], governments: Sequence[Unit]) -> list[str]:
    """Units whose page the benchmark opens in turn: the busiest lead departments, every city, a few counties."""
    busiest = sorted(set(lead_codes), key=lambda code: (-lead_codes.count(code), code))[:4]
    cities = [g.code for g in governments if g.level == Unit.Level.CITY]
    counties = [g.code for g in governments if g.level == Unit.Level.COUNTY][::10]
    return busiest + cities[:8] + counties[:8]
