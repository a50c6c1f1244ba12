"""Notifications and reminders (催办): who is told, what they read, and the daily scan.

`notify()` is the one way any app tells a user something: an inbox row now, an e-mail once the
caller's transaction commits (so a rolled-back write never mails anyone).

`send_reminders()` is the daily scan. On a working day it reads the lights of every assignment of the
current and previous year's plans and
- reminds once (`due_soon`) when a milestone enters its yellow window with nothing submitted;
- reminds (`overdue`) when a milestone is past its due date and not done, again every
  `DUDAO_REMINDER_REPEAT_WORKING_DAYS` working days while it stays so.
A holiday or weekend sends nothing; a 调休 Saturday is a working day. The scan is idempotent: the log
(`Reminder`) is what it checks, and its unique constraint refuses a second row for the same day, so two
scans on one day — a restarted scheduler, the office running the command by hand — send nothing twice.
A county share passed down to its departments (`Assignment.parent`) is reminded to the departments
that hold it, not to the county; a unit reformed away (`Unit.successor`) is reminded through the unit
that carries its work now.

`remind()` is the office's manual 催办 button: any day, at most once a day per assignment and milestone.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dudao.accounts import access
from dudao.accounts.models import User
from dudao.audit.services import record
from dudao.directory.models import Unit
from dudao.plans.models import Assignment, Milestone
from dudao.reminders.models import Notification, Reminder
from dudao.supervision.lights import assignment_lights
from dudao.workdays.calendar import WorkCalendar
from dudao.workdays.services import current_calendar

log = logging.getLogger(__name__)

BATCH = 2000

CONTACT_ROLES = (User.Role.LIAISON, User.Role.COUNTY_OFFICE, User.Role.HEAD)


# Notifications ---------------------------------------------------------------------------------------


def _contacts_query(units: Iterable[Unit | int]) -> list[User]:
    """Active contacts of the units: liaisons first, then county offices, then heads."""
    people = User.objects.filter(unit__in=units, is_active=True, role__in=CONTACT_ROLES).order_by("username")
    return sorted(people, key=lambda user: CONTACT_ROLES.index(user.role))


def unit_contacts(unit: Unit) -> list[User]:
    """The active liaisons and heads of `unit`: the people a reminder or an order is addressed to.

    A county government has no liaison of its own: its county office (县区法治办) acts as one, so it is
    included too.
    """
    return list(_contacts_query([unit]))


def _mail(subject: str, body: str, addresses: list[str]) -> None:
    """One message per address (nobody sees the others' addresses) over one connection."""
    with get_connection() as connection:
        for address in addresses:
            message = EmailMessage(
                subject, body, settings.DEFAULT_FROM_EMAIL, [address], connection=connection
            )
            try:
                message.send()
            except Exception:  # one bad address or a mail server hiccup must not lose the others
                log.exception("e-mail to %s failed", address)


def notify(
    recipients: Iterable[User], *, kind: str, subject: str, body: str, url: str = ""
) -> list[Notification]:
    """Leave `subject`/`body` in each recipient's inbox; e-mail those with an address after commit.

    `kind` is a dotted machine name (`reminder.overdue`, `order.issued`); `url` a site-relative link
    (e-mails make it absolute with `DUDAO_SITE_URL`). A recipient listed twice is told once.
    """
    people = list({user.pk: user for user in recipients}.values())
    subject = subject[:200]
    rows = Notification.objects.bulk_create(
        Notification(recipient=user, kind=kind, subject=subject, body=body, url=url) for user in people
    )
    addresses = [user.email for user in people if user.email]
    if addresses:
        text = f"{body}\n\n{settings.DUDAO_SITE_URL.rstrip('/')}{url}" if url else body
        transaction.on_commit(lambda: _mail(subject, text, addresses))
    return rows


# What a reminder says --------------------------------------------------------------------------------


def _date(day: datetime.date) -> str:
    return _("%(y)d年%(m)d月%(d)d日") % {"y": day.year, "m": day.month, "d": day.day}


def _message(
    assignment: Assignment, milestone: Milestone, kind: str, today: datetime.date, calendar: WorkCalendar
) -> tuple[str, str]:
    """Subject and body of a reminder, in Chinese, naming plan, task, milestone, due date and days."""
    task = assignment.task
    names = {
        "unit": assignment.unit.current(today).name,
        "plan": task.plan.title,
        "number": task.number,
        "title": task.title,
        "label": milestone.label,
    }
    due = milestone.due
    if due is not None and due < today:
        state = _("截止于%(due)s，已逾期 %(days)d 天，尚未完成") % {
            "due": _date(due),
            "days": (today - due).days,
        }
        subject = _("【逾期催办】%(number)s%(title)s：%(label)s") % names
    elif due == today:
        state = _("今日（%(due)s）截止，尚未报送进展") % {"due": _date(due)}
        subject = _("【临期提醒】%(number)s%(title)s：%(label)s") % names
    elif due is not None:
        state = _("截止于%(due)s，距截止还有 %(days)d 天（含今日 %(working)d 个工作日），尚未报送进展") % {
            "due": _date(due),
            "days": (due - today).days,
            "working": calendar.working_days(today, due),
        }
        subject = _("【临期提醒】%(number)s%(title)s：%(label)s") % names
    else:
        state = _("尚未完成")
        subject = _("【催办】%(number)s%(title)s：%(label)s") % names
    if kind == Reminder.Kind.MANUAL:
        subject = _("【督导办催办】%(number)s%(title)s：%(label)s") % names
    body = _(
        "%(unit)s：\n"
        "贵单位承担的《%(plan)s》第%(number)s项任务“%(title)s”，"
        "时间节点“%(label)s”%(state)s。请及时登录督导平台报送进展和佐证材料。"
    ) % {**names, "state": state}
    return subject, body


def _deliver(
    assignment: Assignment,
    milestone: Milestone,
    kind: str,
    today: datetime.date,
    calendar: WorkCalendar,
    recipients: Sequence[User],
    by: User | None,
) -> Reminder:
    """Log one reminder and notify its recipients, inside the caller's transaction.

    Raises IntegrityError when the same reminder was already logged today (another scan won the race).
    """
    reminder = Reminder.objects.create(
        assignment=assignment,
        milestone=milestone,
        kind=kind,
        sent_on=today,
        recipients="、".join(f"{user}（{user.get_role_display()}）" for user in recipients),
        by=by,
    )
    subject, body = _message(assignment, milestone, kind, today, calendar)
    notify(
        recipients,
        kind=f"reminder.{kind}",
        subject=subject,
        body=body,
        url=reverse("reports:task_detail", args=[assignment.pk]),
    )
    return reminder


# The daily scan --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScanSummary:
    day: datetime.date
    working_day: bool
    due_soon: int = 0
    overdue: int = 0
    people: int = 0  # notifications left (one person reminded twice counts twice)
    dry_run: bool = False

    def __str__(self) -> str:
        if not self.working_day:
            return _("%(day)s 不是工作日，未发送催办。") % {"day": self.day.isoformat()}
        text = _("%(day)s：临期提醒 %(due_soon)d 条，逾期催办 %(overdue)d 条，通知 %(people)d 人次。") % {
            "day": self.day.isoformat(),
            "due_soon": self.due_soon,
            "overdue": self.overdue,
            "people": self.people,
        }
        return _("（试运行，未发送）") + text if self.dry_run else text


@dataclass(frozen=True)
class Due:
    """One reminder the scan owes today."""

    assignment: Assignment
    milestone: Milestone
    kind: str


def scanned_assignments(today: datetime.date) -> list[Assignment]:
    """The shares the scan reads: this year's and last year's plans (last year's reach into this one),
    without the county shares passed down — their departments hold them and are reminded instead."""
    return list(
        Assignment.objects.filter(task__plan__year__gte=today.year - 1, delegations__isnull=True)
        .select_related("task__plan", "unit__successor")
        .order_by("task__plan__published_at", "task__order", "unit__sort_order", "pk")
    )


def reminders_due(
    assignments: Sequence[Assignment], today: datetime.date, calendar: WorkCalendar
) -> list[Due]:
    """What the scan owes on `today` (a working day) for these assignments, judged from the log."""
    repeat = settings.DUDAO_REMINDER_REPEAT_WORKING_DAYS
    last: dict[tuple[uuid.UUID, uuid.UUID, str], datetime.date] = {}
    ids = [assignment.pk for assignment in assignments]
    for start in range(0, len(ids), BATCH):  # bounded IN lists: SQLite caps the number of parameters
        last.update(
            ((row["assignment_id"], row["milestone_id"], row["kind"]), row["last"])
            for row in Reminder.objects.filter(
                assignment__in=ids[start : start + BATCH],
                kind__in=[Reminder.Kind.DUE_SOON, Reminder.Kind.OVERDUE],
            )
            .values("assignment_id", "milestone_id", "kind")
            .annotate(last=Max("sent_on"))
            .order_by()
        )
    owed: list[Due] = []
    lights = assignment_lights(assignments, today, calendar=calendar)
    for assignment in assignments:
        for item in lights[assignment.pk]:
            milestone = item.milestone
            key = (assignment.pk, milestone.pk)
            if item.light == "yellow" and (*key, Reminder.Kind.DUE_SOON) not in last:
                owed.append(Due(assignment, milestone, Reminder.Kind.DUE_SOON))
            elif item.light == "red" and milestone.due is not None and milestone.due < today:
                previous = last.get((*key, Reminder.Kind.OVERDUE))
                if previous is None or (
                    previous < today
                    and calendar.working_days(previous + datetime.timedelta(days=1), today) >= repeat
                ):
                    owed.append(Due(assignment, milestone, Reminder.Kind.OVERDUE))
    return owed


def send_reminders(
    today: datetime.date, *, calendar: WorkCalendar | None = None, dry_run: bool = False
) -> ScanSummary:
    """The daily scan (see the module docstring); returns what it sent, or would send with `dry_run`."""
    calendar = calendar or current_calendar()
    if not calendar.is_working_day(today):
        return ScanSummary(day=today, working_day=False, dry_run=dry_run)
    owed = reminders_due(scanned_assignments(today), today, calendar)
    holders = {due.assignment.pk: due.assignment.unit.current(today).pk for due in owed}
    contacts: dict[int, list[User]] = defaultdict(list)
    for user in _contacts_query(set(holders.values())):
        contacts[user.unit_id or 0].append(user)
    counts = {Reminder.Kind.DUE_SOON: 0, Reminder.Kind.OVERDUE: 0}
    people = 0
    for due in owed:
        recipients = contacts[holders[due.assignment.pk]]
        if not dry_run:
            try:
                with transaction.atomic():
                    _deliver(due.assignment, due.milestone, due.kind, today, calendar, recipients, None)
            except IntegrityError:  # a concurrent scan logged it first
                continue
        counts[Reminder.Kind(due.kind)] += 1
        people += len(recipients)
    return ScanSummary(
        day=today,
        working_day=True,
        due_soon=counts[Reminder.Kind.DUE_SOON],
        overdue=counts[Reminder.Kind.OVERDUE],
        people=people,
        dry_run=dry_run,
    )


# The office's manual 催办 ----------------------------------------------------------------------------


def remind(
    assignment: Assignment, milestone: Milestone, *, by: User, request: HttpRequest | None = None
) -> Reminder:
    """The office reminds a unit of one milestone now; refused a second time the same day.

    PermissionDenied unless `by` is an office administrator; ValidationError (Chinese) when the milestone
    is not the assignment's task's, or the unit was already reminded of it today by hand.
    """
    if not access.acts_for_office(by):
        raise PermissionDenied
    if milestone.task_id != assignment.task_id:
        raise ValidationError(_("该时间节点不属于这项任务。"))
    today = timezone.localdate()
    if Reminder.objects.filter(
        assignment=assignment, milestone=milestone, kind=Reminder.Kind.MANUAL, sent_on=today
    ).exists():
        raise ValidationError(_("今天已经就该时间节点催办过%(unit)s，明天再催。") % {"unit": assignment.unit})
    calendar = current_calendar()
    try:
        with transaction.atomic():
            reminder = _deliver(
                assignment,
                milestone,
                Reminder.Kind.MANUAL,
                today,
                calendar,
                unit_contacts(assignment.unit.current(today)),
                by,
            )
            record(
                by,
                "reminder.manual",
                reminder,
                summary=f"催办 {assignment.unit}：{assignment.task.number}{assignment.task.title} · "
                f"{milestone.label}",
                changes={"assignment": str(assignment.pk), "milestone": str(milestone.pk)},
                request=request,
            )
    except IntegrityError as clash:  # a double click that raced the check above
        raise ValidationError(
            _("今天已经就该时间节点催办过%(unit)s，明天再催。") % {"unit": assignment.unit}
        ) from clash
    return reminder


# The inbox -------------------------------------------------------------------------------------------
# Reading a notification changes only the reader's own inbox, so it is not an audited event.


def mark_read(notification: Notification, *, by: User) -> Notification:
    """Mark one of `by`'s notifications read (again marking it keeps the first time)."""
    if notification.recipient_id != by.pk:
        raise PermissionDenied
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def mark_all_read(user: User) -> int:
    """Mark every unread notification of `user` read; returns how many were."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
