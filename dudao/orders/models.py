"""Supervision orders (督办单): issued by the office to a unit, answered, escalated when ignored.

An order is numbered per year as the office numbers its paper ones (〔2018〕第1号): issuers of a year
queue on a locked counter row, and a unique constraint backs it, so two orders can never share a number. Workflow state
(issued/answered/closed) lives on the order; whether it is escalated is a fact of dates (still issued
after its response deadline), and `escalated_at` only records when the leaders were told.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dudao.directory.models import Unit
from dudao.plans.models import Milestone, Task
from dudao.reports.models import Evidence


class OrderStatus(models.TextChoices):
    ISSUED = "issued", _("待答复")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已办结")


class SupervisionOrderQuerySet(models.QuerySet["SupervisionOrder"]):
    def open(self) -> SupervisionOrderQuerySet:
        """Orders not yet closed: waiting for an answer or for the office to accept one."""
        return self.exclude(status=OrderStatus.CLOSED)

    def escalated(self, today: datetime.date) -> SupervisionOrderQuerySet:
        """Orders still waiting for an answer after their response deadline: the leaders' concern."""
        return self.filter(status=OrderStatus.ISSUED, response_due__lt=today)


class SupervisionOrder(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    year = models.PositiveSmallIntegerField(_("年度"))
    number = models.PositiveIntegerField(_("编号"))
    unit = models.ForeignKey(
        Unit, verbose_name=_("受文单位"), on_delete=models.PROTECT, related_name="supervision_orders"
    )
    task = models.ForeignKey(
        Task,
        verbose_name=_("督办任务"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervision_orders",
    )
    milestone = models.ForeignKey(
        Milestone,
        verbose_name=_("时间节点"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("督办理由"))
    requirement = models.TextField(_("督办要求"), blank=True)
    response_due = models.DateField(_("办理时限"))
    status = models.CharField(
        _("状态"), max_length=16, choices=OrderStatus.choices, default=OrderStatus.ISSUED
    )
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(_("签发时间"))
    answer = models.TextField(_("办理情况"), blank=True)
    evidence = models.ManyToManyField(Evidence, blank=True, related_name="supervision_orders")
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(_("退回理由"), blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    close_note = models.TextField(_("办结意见"), blank=True)

    objects = SupervisionOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("督办单")
        verbose_name_plural = _("督办单")
        ordering = ["-year", "-number"]
        constraints = [
            # The paper numbering: 〔2018〕第1号 exists once, whatever happens to the counter.
            models.UniqueConstraint(fields=["year", "number"], name="supervision_order_number_unique"),
        ]
        indexes = [
            # escalated(today) and the scheduled escalation scan: status = issued and response_due < today.
            models.Index(fields=["status", "response_due"], name="order_status_due"),
            # A unit's 督办事项 page and the office list filtered by unit.
            models.Index(fields=["unit", "status"], name="order_unit_status"),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.unit}"

    @property
    def label(self) -> str:
        return gettext("〔%(year)s〕第%(number)s号") % {"year": self.year, "number": self.number}

    def is_escalated(self, today: datetime.date) -> bool:
        return self.status == OrderStatus.ISSUED and self.response_due < today

    def days_overdue(self, today: datetime.date) -> int:
        """Calendar days since the response deadline while no answer is in; 0 otherwise."""
        return (today - self.response_due).days if self.is_escalated(today) else 0


class OrderNumbering(models.Model):
    """The last number given out in a year. Issuing locks this row (SELECT … FOR UPDATE), so concurrent
    issuers of the same year queue for their numbers instead of reading the same highest one."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class OrderAction(models.Model):
    """The order's history, shown on its page: issued, answered, returned (why), closed, escalated."""

    class Action(models.TextChoices):
        ISSUE = "issue", _("签发")
        ANSWER = "answer", _("答复")
        RETURN = "return", _("退回重办")
        CLOSE = "close", _("办结")
        ESCALATE = "escalate", _("逾期未答复，提交领导督办")

    order = models.ForeignKey(SupervisionOrder, on_delete=models.CASCADE, related_name="actions")
    action = models.CharField(max_length=16, choices=Action.choices)
    reason = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )  # empty for the scheduled escalation
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.get_action_display()
