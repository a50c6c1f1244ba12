"""Progress bulletins (通报): generated for a period from a plan's figures, edited, issued as Word files.

A bulletin's text lives in `content`, an ordered list of blocks (heading, paragraph, table) that the
generator writes and the office edits before issuing; issued content is frozen. Bulletins are
numbered per year as the office numbers its paper ones (2018年第3期), held unique by a constraint.
Edits are optimistically locked on `version`.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dudao.plans.models import Plan

# How long a generation may stay queued or running before the page offers to start it again.
STUCK_AFTER = datetime.timedelta(minutes=10)


class BulletinStatus(models.TextChoices):
    GENERATING = "generating", _("生成中")
    DRAFT = "draft", _("草稿")
    ISSUED = "issued", _("已印发")
    FAILED = "failed", _("生成失败")


class Bulletin(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(
        Plan, verbose_name=_("工作安排"), on_delete=models.PROTECT, related_name="bulletins"
    )
    year = models.PositiveSmallIntegerField(_("年度"))  # the plan's year, copied: the numbering runs per year
    number = models.PositiveIntegerField(_("期号"))
    period_start = models.DateField(_("统计起始日"))
    period_end = models.DateField(_("统计截止日"))
    title = models.CharField(_("标题"), max_length=200)
    issuer = models.CharField(_("发文单位"), max_length=100, blank=True)  # printed above the date at the end
    status = models.CharField(
        _("状态"), max_length=16, choices=BulletinStatus.choices, default=BulletinStatus.GENERATING
    )
    # [{"kind": "heading"|"paragraph", "text": str} | {"kind": "table", "caption": str,
    #   "header": [str], "rows": [[str]]}], in reading order.
    content = models.JSONField(_("正文"), default=list, blank=True)
    error = models.TextField(_("失败原因"), blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("申请生成时间"))
    generated_at = models.DateTimeField(_("生成时间"), null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    edited_at = models.DateTimeField(_("修改时间"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    issued_at = models.DateTimeField(_("印发时间"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("通报")
        verbose_name_plural = _("通报")
        ordering = ["-year", "-number"]
        constraints = [
            # The paper numbering: 2018年第3期 exists once; creation retries on a collision.
            models.UniqueConstraint(fields=["year", "number"], name="bulletin_number_unique"),
            models.CheckConstraint(
                name="bulletin_period_order", condition=models.Q(period_end__gte=models.F("period_start"))
            ),
            models.CheckConstraint(
                name="bulletin_status_valid",
                condition=models.Q(status__in=["generating", "draft", "issued", "failed"]),
            ),
            models.CheckConstraint(
                name="bulletin_issued_has_issuer",
                condition=~models.Q(status="issued") | models.Q(issued_at__isnull=False),
            ),
        ]
        indexes = [
            # Readers' list: issued bulletins, newest first (status = issued order by year, number).
            models.Index(fields=["status", "-year", "-number"], name="bulletin_status_number"),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.title}"

    @property
    def label(self) -> str:
        return gettext("%(year)s年第%(number)s期") % {"year": self.year, "number": self.number}

    @property
    def is_editable(self) -> bool:
        return self.status == BulletinStatus.DRAFT

    def is_stuck(self, now: datetime.datetime) -> bool:
        """Still generating long after it was asked for: the worker is down or the job was lost."""
        return self.status == BulletinStatus.GENERATING and now - self.requested_at > STUCK_AFTER

    def blocks(self) -> list[dict[str, Any]]:
        return list(self.content or [])
