"""Reminders (催办) before and after due dates, and the in-app notifications they leave."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dudao.plans.models import Assignment, Milestone


class Notification(models.Model):
    """One message in a user's inbox (催办, 督办单, 整改 …); e-mailed too when the user has an address."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("类型"), max_length=40)  # e.g. reminder.due_soon, order.issued
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at"]
        indexes = [
            # the nav badge on every page: count of recipient's rows with read_at IS NULL
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
            # the inbox: a user's rows newest first
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.subject}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class Reminder(models.Model):
    """The log of every reminder sent: automatic ones (`by` empty) and the office's manual 催办."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("临期提醒")
        OVERDUE = "overdue", _("逾期催办")
        MANUAL = "manual", _("人工催办")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reminders")
    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    sent_on = models.DateField(_("日期"))
    sent_at = models.DateTimeField(_("发送时间"), auto_now_add=True)
    recipients = models.TextField(_("接收人"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("催办人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("催办记录")
        verbose_name_plural = _("催办记录")
        ordering = ["-sent_at"]
        constraints = [
            # idempotence: one reminder of a kind per assignment, milestone and day, whoever scans
            models.UniqueConstraint(
                fields=["assignment", "milestone", "kind", "sent_on"], name="reminder_once_a_day"
            ),
        ]
        indexes = [
            # the scan's "when was this last reminded?" lookup
            models.Index(fields=["assignment", "milestone", "kind", "-sent_on"], name="reminder_last"),
            # the log page, newest first, filtered by date
            models.Index(fields=["-sent_on", "-sent_at"], name="reminder_log"),
        ]

    def __str__(self) -> str:
        return f"{self.sent_on} {self.get_kind_display()} · {self.assignment}"


class ScheduledJob(models.Model):
    """When the scheduler last enqueued a periodic job, so that a restarted scheduler does not enqueue
    it again before its interval has passed."""

    path = models.CharField(_("任务"), max_length=200, unique=True)  # dotted path of a django-tasks task
    last_enqueued_at = models.DateTimeField(_("上次排队"))

    class Meta:
        verbose_name = _("定时任务")
        verbose_name_plural = _("定时任务")

    def __str__(self) -> str:
        return self.path
