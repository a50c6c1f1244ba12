"""Plans as published: tasks, who carries them (assignments), and when (milestones).

A notice first arrives as a `NoticeImport` (the parsed ledger and the office's decisions on it); only
publication turns it into a `Plan`. Published rows are never overwritten silently: every amendment is
a `PlanChange` with what changed.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dudao.directory.models import Unit


class NoticeImport(models.Model):
    """An uploaded notice under review: the parse result and the office's resolutions of its doubts."""

    class Status(models.TextChoices):
        REVIEW = "review", _("待审核")
        PUBLISHED = "published", _("已发布")
        DISCARDED = "discarded", _("已放弃")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.REVIEW)
    original_name = models.CharField(_("文件名"), max_length=255)
    sha256 = models.CharField(max_length=64)
    source_format = models.CharField(max_length=8)
    source_text = models.TextField(_("原文"))
    parsed = models.JSONField(_("解析结果"))
    # {"units": {verbatim: unit code}, "placeholders": {verbatim: [unit codes]},
    #  "task_placeholders": {task key: {verbatim: [codes]}}, "leads": {task key: unit code},
    #  "subordinate": {level text: true/false}}
    resolutions = models.JSONField(_("审核决定"), default=dict)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("通知导入")
        verbose_name_plural = _("通知导入")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.parsed.get("meta", {}).get("title") or self.original_name


class Plan(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("标题"), max_length=200)
    notice_title = models.CharField(_("通知标题"), max_length=300, blank=True)
    doc_number = models.CharField(_("文号"), max_length=100, blank=True)
    issuer = models.CharField(_("发文机关"), max_length=100, blank=True)
    issued_on = models.DateField(_("成文日期"), null=True, blank=True)
    lead_rule = models.CharField(_("牵头规则"), max_length=300, blank=True)
    source = models.OneToOneField(
        NoticeImport, on_delete=models.PROTECT, related_name="plan", null=True, blank=True
    )
    published_at = models.DateTimeField(_("发布时间"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("工作安排")
        verbose_name_plural = _("工作安排")
        ordering = ["-year", "-published_at"]

    def __str__(self) -> str:
        return self.title


class Section(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    number = models.CharField(_("序号"), max_length=20)
    title = models.CharField(_("标题"), max_length=200)
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "order"], name="section_order_unique")]

    def __str__(self) -> str:
        return f"{self.number}、{self.title}"


class Task(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, null=True, blank=True, related_name="tasks"
    )
    number = models.CharField(_("序号"), max_length=20)  # as printed: (一), 1., ①
    order = models.PositiveIntegerField()
    title = models.CharField(_("任务"), max_length=500)
    body = models.TextField(_("内容"), blank=True)
    subordinate_duty = models.BooleanField(_("县级政府按职责分工负责"), default=False)
    subordinate_level = models.CharField(_("下级政府层级"), max_length=100, blank=True)
    source_start = models.PositiveIntegerField(null=True, blank=True)
    source_end = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("任务")
        verbose_name_plural = _("任务")
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "order"], name="task_order_unique")]

    def __str__(self) -> str:
        return f"{self.number}{self.title}"


class Assignment(models.Model):
    """One unit's share of a task. A county may pass its share down to its own departments (`parent`)."""

    class Role(models.TextChoices):
        LEAD = "lead", _("牵头单位")
        RESPONSIBLE = "responsible", _("责任单位")
        COOPERATING = "cooperating", _("配合单位")
        SUBORDINATE = "subordinate", _("县级政府")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices)
    printed_name = models.CharField(_("通知原文名称"), max_length=100, blank=True)  # history keeps this name
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="delegations"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("任务分工")
        verbose_name_plural = _("任务分工")
        ordering = ["task", "role", "unit__sort_order"]
        constraints = [models.UniqueConstraint(fields=["task", "unit"], name="assignment_task_unit_unique")]
        indexes = [models.Index(fields=["unit", "task"], name="assignment_unit_task")]  # "my tasks"

    def __str__(self) -> str:
        return f"{self.task} · {self.unit} ({self.get_role_display()})"


class Milestone(models.Model):
    """When something is due: a deadline, one obligation per period, an annual quota, or an event."""

    class Kind(models.TextChoices):
        DEADLINE = "deadline", _("截止时间")
        START = "start", _("起始时间")
        PERIODIC = "periodic", _("周期任务")
        QUOTA = "quota", _("年度指标")
        EVENT = "event", _("事件触发")
        ONGOING = "ongoing", _("长期任务")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    text = models.CharField(_("原文"), max_length=200)
    label = models.CharField(_("名称"), max_length=100)  # e.g. 2018年第三季度
    period_start = models.DateField(_("开始"), null=True, blank=True)
    due = models.DateField(_("截止"), null=True, blank=True)
    min_count = models.PositiveSmallIntegerField(_("最少次数"), null=True, blank=True)
    applicable = models.BooleanField(_("适用"), default=True)  # periods that ended before the notice
    active = models.BooleanField(_("已激活"), default=True)  # events stay dormant until activated
    activated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("时间节点")
        verbose_name_plural = _("时间节点")
        ordering = ["task", "due", "label"]
        indexes = [models.Index(fields=["due"], name="milestone_due")]  # reminders and lights scan by date

    def __str__(self) -> str:
        return f"{self.label}({self.text})"


class PlanChange(models.Model):
    """An amendment to a published plan, recorded instead of a silent overwrite."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="changes")
    task = models.ForeignKey(Task, on_delete=models.SET_NULL, null=True, blank=True, related_name="changes")
    summary = models.CharField(_("变更说明"), max_length=300)
    details = models.JSONField(default=dict)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("变更记录")
        verbose_name_plural = _("变更记录")
        ordering = ["-changed_at"]

    def __str__(self) -> str:
        return self.summary
