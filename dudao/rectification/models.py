"""Rectification (整改) of problems found in inspections (督察), closed only with evidence.

The office records each problem an inspection found against the unit that must correct it, with a
deadline; the unit submits what it did with at least one evidence file; the office closes it or returns
it with a reason (back to open). Overdue is a fact of dates, computed, never stored.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dudao.directory.models import Unit
from dudao.reports.models import Evidence


class RectificationStatus(models.TextChoices):
    OPEN = "open", _("整改中")
    SUBMITTED = "submitted", _("待审核")
    CLOSED = "closed", _("已销号")


class Rectification(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    unit = models.ForeignKey(
        Unit, verbose_name=_("整改单位"), on_delete=models.PROTECT, related_name="rectifications"
    )
    source = models.CharField(_("督察名称"), max_length=200)  # e.g. 2018年第三季度法治政府建设督察
    found_on = models.DateField(_("发现日期"))
    problem = models.TextField(_("发现的问题"))
    requirement = models.TextField(_("整改要求"), blank=True)
    deadline = models.DateField(_("整改期限"))
    status = models.CharField(
        _("状态"), max_length=16, choices=RectificationStatus.choices, default=RectificationStatus.OPEN
    )
    response = models.TextField(_("整改情况"), blank=True)
    evidence = models.ManyToManyField(Evidence, blank=True, related_name="rectifications")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(_("退回理由"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    close_note = models.TextField(_("销号意见"), blank=True)

    class Meta:
        verbose_name = _("整改事项")
        verbose_name_plural = _("整改事项")
        ordering = ["deadline", "recorded_at"]
        indexes = [
            # A unit's list and the office list filtered by unit, open ones first.
            models.Index(fields=["unit", "status"], name="rectification_unit_status"),
            # The overdue ones: status = open and deadline < today.
            models.Index(fields=["status", "deadline"], name="rectification_status_due"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.source}"

    def days_late(self, today: datetime.date) -> int:
        """Calendar days past the deadline while the unit has not submitted; 0 otherwise."""
        if self.status != RectificationStatus.OPEN or self.deadline >= today:
            return 0
        return (today - self.deadline).days


class RectificationAction(models.Model):
    """The rectification's history, shown on its page."""

    class Action(models.TextChoices):
        RECORD = "record", _("登记")
        SUBMIT = "submit", _("提交整改情况")
        RETURN = "return", _("退回重新整改")
        CLOSE = "close", _("审核销号")

    rectification = models.ForeignKey(Rectification, on_delete=models.CASCADE, related_name="actions")
    action = models.CharField(max_length=16, choices=Action.choices)
    reason = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.get_action_display()
