"""What waits for the signed-in user: the to-do list at the top of the workbench (待办事项).

Each entry is a count of things that need this user's action and a link to the list that holds them,
read through the same scoped querysets as those lists, so the number and the list always agree.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dudao.accounts import access
from dudao.accounts.models import User
from dudao.bulletins.models import BulletinStatus
from dudao.orders.models import OrderStatus
from dudao.rectification.models import RectificationStatus
from dudao.reports.models import ReportStatus
from dudao.supervision.lights import assignment_lights


@dataclass(frozen=True)
class Todo:
    label: str | Promise
    count: int
    url: str
    urgent: bool = False  # overdue or escalated: shown in red


def _orders(user: User, today: datetime.date) -> dict[str, int]:
    escalated = Q(status=OrderStatus.ISSUED, response_due__lt=today)
    return access.supervision_orders_for(user).aggregate(
        issued=Count("pk", filter=Q(status=OrderStatus.ISSUED)),
        answered=Count("pk", filter=Q(status=OrderStatus.ANSWERED)),
        escalated=Count("pk", filter=escalated),
    )


def _rectifications(user: User, today: datetime.date) -> dict[str, int]:
    return access.rectifications_for(user).aggregate(
        open=Count("pk", filter=Q(status=RectificationStatus.OPEN)),
        submitted=Count("pk", filter=Q(status=RectificationStatus.SUBMITTED)),
        overdue=Count("pk", filter=Q(status=RectificationStatus.OPEN, deadline__lt=today)),
    )


def _office(user: User, today: datetime.date) -> list[Todo]:
    orders, rectifications = _orders(user, today), _rectifications(user, today)
    drafts = access.bulletins_for(user).filter(status=BulletinStatus.DRAFT).count()
    order_list, rectification_list = reverse("orders:list"), reverse("rectification:list")
    return [
        Todo(_("逾期未答复的督办单"), orders["escalated"], f"{order_list}?state=escalated", urgent=True),
        Todo(_("已答复、待办结的督办单"), orders["answered"], f"{order_list}?state=answered"),
        Todo(_("逾期未整改的问题"), rectifications["overdue"], f"{rectification_list}?state=overdue", True),
        Todo(_("已提交、待销号的整改"), rectifications["submitted"], f"{rectification_list}?state=submitted"),
        Todo(_("未签发的通报草稿"), drafts, reverse("bulletins:list")),
    ]


def _leader(user: User, today: datetime.date) -> list[Todo]:
    escalated = _orders(user, today)["escalated"]
    return [
        Todo(_("逾期未答复的督办单"), escalated, f"{reverse('orders:list')}?state=escalated", urgent=True)
    ]


def _unit(user: User, today: datetime.date) -> list[Todo]:
    orders, rectifications = _orders(user, today), _rectifications(user, today)
    own_reports = access.reports_for(user).filter(assignment__unit_id__in=access.unit_ids(user))
    reports = own_reports.aggregate(
        submitted=Count("pk", filter=Q(status=ReportStatus.SUBMITTED)),
        returned=Count("pk", filter=Q(status=ReportStatus.RETURNED)),
    )
    my_tasks = reverse("reports:my_tasks")
    this_year = list(access.my_assignments_for(user).filter(task__plan__year=today.year))
    lights = assignment_lights(this_year, today)
    red = sum(item.light == "red" for items in lights.values() for item in items)
    yellow = sum(item.light == "yellow" for items in lights.values() for item in items)
    todos = [
        Todo(_("本年度红灯事项（逾期或被退回）"), red, my_tasks, urgent=True),
        Todo(_("本年度黄灯事项（临近期限）"), yellow, my_tasks),
        Todo(
            _("待答复的督办单"),
            orders["issued"],
            f"{reverse('orders:list')}?state=issued",
            urgent=orders["escalated"] > 0,
        ),
        Todo(
            _("整改中的问题"),
            rectifications["open"],
            f"{reverse('rectification:list')}?state=open",
            urgent=rectifications["overdue"] > 0,
        ),
        Todo(_("被退回、待修改的进展报告"), reports["returned"], my_tasks, urgent=True),
    ]
    if user.role == User.Role.HEAD:  # heads sign reports off
        todos.append(Todo(_("待审核的进展报告"), reports["submitted"], my_tasks))
    return todos


def todos_for(user: User, today: datetime.date) -> list[Todo]:
    """The user's waiting work, in the order it should be done; entries with nothing waiting left out."""
    if not user.is_active:
        return []
    if user.is_office_admin:
        todos = _office(user, today)
    elif user.role == User.Role.LEADER:
        todos = _leader(user, today)
    elif user.role in User.UNIT_ROLES:
        todos = _unit(user, today)
    else:
        todos = []
    # Unread notifications are not counted here: the page shows the menu badge's count, one query.
    return [todo for todo in todos if todo.count]
