"""Every write on supervision orders (督办单): issue, answer, return, close, and the scheduled escalation.

Each service is one transaction and writes its audit row inside it; the people concerned are notified
through `dudao.reminders.services.notify` in the same transaction (its e-mails leave on commit). Refusals
are `ValidationError`s keyed by the form field they belong to; a caller without the right raises
`PermissionDenied`, whatever the page offered.

Numbering: an order takes the next number of its year (〔2018〕第1号, 第2号 …) from the year's counter
row, locked with SELECT … FOR UPDATE until the issuing transaction commits, so two offices issuing at the
same moment queue for their numbers instead of both reading the same highest one. The first order of a
year creates the row; two creating it at once meet the primary key, and the loser reads the winner's
row (Django's get_or_create does exactly this). The unique constraint on (year, number) stays as the
backstop. SQLite serialises writers anyway and ignores FOR UPDATE.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import IO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dudao.accounts import access
from dudao.accounts.models import User
from dudao.audit.services import record
from dudao.directory.models import Unit
from dudao.orders.models import OrderAction, OrderNumbering, OrderStatus, SupervisionOrder
from dudao.plans.models import Milestone, Task
from dudao.reminders.services import notify, unit_contacts
from dudao.reports.models import Evidence
from dudao.reports.services import store_uploads


def _refuse(field: str, message: str, code: str = "invalid") -> ValidationError:
    return ValidationError({field: [ValidationError(message, code=code)]})


def _text(value: str | None) -> str:
    return (value or "").strip()


def _office(by: User) -> None:
    if not access.acts_for_office(by):
        raise PermissionDenied


def _lock(order: SupervisionOrder) -> SupervisionOrder:
    return SupervisionOrder.objects.select_for_update().select_related("unit").get(pk=order.pk)


def _url(order: SupervisionOrder) -> str:
    return reverse("orders:detail", args=[order.pk])


def next_number(year: int) -> int:
    """The number the next order of `year` would take, as the issue form announces it (not a promise:
    another order may be issued before this one is)."""
    highest = SupervisionOrder.objects.filter(year=year).aggregate(highest=Max("number"))["highest"]
    return (highest or 0) + 1


def issue_order(
    unit: Unit,
    *,
    task: Task | None,
    milestone: Milestone | None = None,
    reason: str,
    requirement: str = "",
    response_due: datetime.date,
    by: User,
    request: HttpRequest | None = None,
) -> SupervisionOrder:
    """Issue an order to `unit`, numbered within the current year, and notify the unit's liaison and head.

    `task` (optional) must be one the unit carries, `milestone` one of the task's; the response deadline
    must lie after today. Whether it is a working day is the form's warning, not a refusal here.
    """
    _office(by)
    reason = _text(reason)
    if not reason:
        raise _refuse("reason", _("请填写督办理由。"), "required")
    today = timezone.localdate()
    if response_due <= today:
        raise _refuse("response_due", _("办理时限须晚于今天。"))
    # A reformed unit's tasks follow its successor, so 市司法局 may be asked about 法制办's 2018 task.
    carried = Q(unit_id=unit.pk) | Q(unit__successor_id=unit.pk)
    if task is not None and not task.assignments.filter(carried).exists():
        raise _refuse("task", _("%(unit)s未承担所选任务，请重新选择。") % {"unit": unit})
    if milestone is not None and (task is None or milestone.task_id != task.pk):
        raise _refuse("milestone", _("所选时间节点不属于该任务。"))
    with transaction.atomic():
        order = _insert_numbered(
            unit=unit,
            task=task,
            milestone=milestone,
            reason=reason,
            requirement=_text(requirement),
            response_due=response_due,
            issued_by=by,
            issued_at=timezone.now(),
            year=today.year,
        )
        OrderAction.objects.create(order=order, action=OrderAction.Action.ISSUE, by=by)
        record(
            by,
            "order.issue",
            order,
            summary=_("签发督办单%(label)s：%(unit)s") % {"label": order.label, "unit": unit},
            changes={
                "number": order.label,
                "unit": str(unit),
                "task": str(task) if task else "",
                "response_due": response_due.isoformat(),
            },
            request=request,
        )
        notify(
            unit_contacts(unit),
            kind="order.issued",
            subject=_("督办通知：%(label)s") % {"label": order.label},
            body=_("督导办向%(unit)s签发督办单%(label)s，请于%(due)s前答复办理情况。督办理由：%(reason)s")
            % {"unit": unit, "label": order.label, "due": response_due.isoformat(), "reason": reason},
            url=_url(order),
        )
    return order


def _insert_numbered(*, year: int, **fields: object) -> SupervisionOrder:
    """Insert the order with the next number of `year`, holding the year's counter row until commit."""
    counter, _created = OrderNumbering.objects.select_for_update().get_or_create(
        year=year, defaults={"last": next_number(year) - 1}
    )
    counter.last += 1
    counter.save(update_fields=["last"])
    return SupervisionOrder.objects.create(year=year, number=counter.last, **fields)  # type: ignore[arg-type]


def answer_order(
    order: SupervisionOrder,
    *,
    body: str,
    evidence: Iterable[Evidence] = (),
    uploads: Sequence[IO[bytes]] = (),
    by: User,
    request: HttpRequest | None = None,
) -> SupervisionOrder:
    """The unit's liaison or head answers an order that waits for an answer (also after its deadline,
    when it stays on record as escalated). Evidence is optional but recommended; it must be the unit's
    own uploads, and new `uploads` become the unit's evidence in the same transaction."""
    if not access.can_write_unit_work(by, order.unit_id):
        raise PermissionDenied
    body = _text(body)
    if not body:
        raise _refuse("body", _("请填写办理情况。"), "required")
    chosen = list(evidence)
    if any(item.unit_id != order.unit_id for item in chosen):
        raise _refuse("evidence", _("只能使用本单位上传的佐证材料。"))
    with transaction.atomic():
        locked = _lock(order)
        if locked.status != OrderStatus.ISSUED:
            raise ValidationError(_("该督办单已答复或已办结，不能再答复。"), code="state")
        chosen += store_uploads(uploads, unit=locked.unit, by=by, request=request)
        locked.answer, locked.status = body, OrderStatus.ANSWERED
        locked.answered_by, locked.answered_at = by, timezone.now()
        locked.save(update_fields=["answer", "status", "answered_by", "answered_at"])
        locked.evidence.set(chosen)
        OrderAction.objects.create(order=locked, action=OrderAction.Action.ANSWER, by=by)
        record(
            by,
            "order.answer",
            locked,
            summary=_("答复督办单%(label)s") % {"label": locked.label},
            changes={"evidence": sorted(str(item.pk) for item in chosen)},
            request=request,
        )
        notify(
            [locked.issued_by],
            kind="order.answered",
            subject=_("督办单%(label)s已答复") % {"label": locked.label},
            body=_("%(unit)s已答复督办单%(label)s，请审核办结。")
            % {"unit": locked.unit, "label": locked.label},
            url=_url(locked),
        )
    return locked


def close_order(
    order: SupervisionOrder, *, note: str = "", by: User, request: HttpRequest | None = None
) -> SupervisionOrder:
    """The office accepts the unit's answer and closes the order (办结)."""
    _office(by)
    with transaction.atomic():
        locked = _lock(order)
        if locked.status != OrderStatus.ANSWERED:
            raise ValidationError(_("只有已答复的督办单才能办结。"), code="state")
        locked.status, locked.closed_by, locked.closed_at = OrderStatus.CLOSED, by, timezone.now()
        locked.close_note = _text(note)
        locked.save(update_fields=["status", "closed_by", "closed_at", "close_note"])
        OrderAction.objects.create(
            order=locked, action=OrderAction.Action.CLOSE, reason=locked.close_note, by=by
        )
        record(
            by,
            "order.close",
            locked,
            summary=_("办结督办单%(label)s") % {"label": locked.label},
            changes={"note": locked.close_note},
            request=request,
        )
    return locked


def return_order(
    order: SupervisionOrder,
    *,
    reason: str,
    response_due: datetime.date | None = None,
    by: User,
    request: HttpRequest | None = None,
) -> SupervisionOrder:
    """The office sends an answer back for a better one, with a reason: the order waits for an answer
    again. A new response deadline, if given, replaces the old one and lets the order escalate afresh."""
    _office(by)
    reason = _text(reason)
    if not reason:
        raise _refuse("reason", _("请填写退回理由。"), "required")
    if response_due is not None and response_due <= timezone.localdate():
        raise _refuse("response_due", _("办理时限须晚于今天。"))
    with transaction.atomic():
        locked = _lock(order)
        if locked.status != OrderStatus.ANSWERED:
            raise ValidationError(_("只有已答复的督办单才能退回。"), code="state")
        changes: dict[str, str] = {"reason": reason}
        locked.status, locked.return_reason = OrderStatus.ISSUED, reason
        fields = ["status", "return_reason"]
        if response_due is not None and response_due != locked.response_due:
            changes["response_due"] = response_due.isoformat()
            locked.response_due, locked.escalated_at = response_due, None
            fields += ["response_due", "escalated_at"]
        locked.save(update_fields=fields)
        OrderAction.objects.create(order=locked, action=OrderAction.Action.RETURN, reason=reason, by=by)
        record(
            by,
            "order.return",
            locked,
            summary=_("退回督办单%(label)s的答复") % {"label": locked.label},
            changes=changes,
            request=request,
        )
        notify(
            unit_contacts(locked.unit),
            kind="order.returned",
            subject=_("督办单%(label)s的答复被退回") % {"label": locked.label},
            body=_("退回理由：%(reason)s。请于%(due)s前重新答复。")
            % {"reason": reason, "due": locked.response_due.isoformat()},
            url=_url(locked),
        )
    return locked


def escalate_unanswered(today: datetime.date) -> list[SupervisionOrder]:
    """Mark the orders that are newly past their response deadline without an answer, and tell the
    leaders and the office once, in one notification listing them all. Orders escalated before are
    left alone, so running the scan again (or twice the same day) notifies nobody twice."""
    with transaction.atomic():
        newly = list(
            SupervisionOrder.objects.escalated(today)
            .filter(escalated_at__isnull=True)
            .select_for_update()
            .select_related("unit")
            .order_by("year", "number")
        )
        if not newly:
            return []
        now = timezone.now()
        for order in newly:
            order.escalated_at = now
            order.save(update_fields=["escalated_at"])
            OrderAction.objects.create(order=order, action=OrderAction.Action.ESCALATE)
            record(
                None,
                "order.escalate",
                order,
                summary=_("督办单%(label)s逾期未答复，已提交领导督办") % {"label": order.label},
                changes={"response_due": order.response_due.isoformat(), "unit": str(order.unit)},
            )
        recipients = User.objects.filter(
            is_active=True, role__in=(User.Role.LEADER, User.Role.OFFICE_ADMIN)
        ).order_by("pk")
        lines = [
            _("%(label)s %(unit)s，办理时限%(due)s")
            % {"label": order.label, "unit": order.unit, "due": order.response_due.isoformat()}
            for order in newly
        ]
        notify(
            list(recipients),
            kind="order.escalated",
            subject=_("%(count)s份督办单逾期未答复") % {"count": len(newly)},
            body="\n".join([_("以下督办单已过办理时限仍未答复："), *lines]),
            url=reverse("orders:list") + "?state=escalated",
        )
    return newly
