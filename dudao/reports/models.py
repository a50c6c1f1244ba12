"""What units report: progress reports, logged occurrences, and the evidence behind both.

Report once, use everywhere (报一次，多处用): an evidence file, an occurrence or an approved report is
entered once by its unit and referenced — never copied — by supervision, assessment, the annual report
and demonstration-unit evaluation. Workflow state (draft/submitted/approved/returned) lives here;
verdicts (lights, scores) are computed elsewhere from it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dudao.directory.models import Unit
from dudao.plans.models import Assignment, Milestone, Task


class EvidenceFile(models.Model):
    """File content stored once under its SHA-256, outside the web root, through Django's storage API."""

    sha256 = models.CharField(max_length=64, unique=True)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    storage_name = models.CharField(max_length=200)
    previewable = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.sha256[:12]


class Evidence(models.Model):
    """One unit's upload of a file: the unit owns it and may attach it to any of its reports."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    file = models.ForeignKey(EvidenceFile, on_delete=models.PROTECT, related_name="uploads")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="evidence")
    original_name = models.CharField(_("文件名"), max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审核")
    APPROVED = "approved", _("已审核")
    RETURNED = "returned", _("已退回")


class ProgressReport(models.Model):
    """A unit's report on its share of a task, for one milestone or period."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="reports")
    milestone = models.ForeignKey(
        Milestone, on_delete=models.PROTECT, null=True, blank=True, related_name="reports"
    )
    body = models.TextField(_("进展情况"))
    status = models.CharField(
        _("状态"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    version = models.PositiveIntegerField(default=1)  # optimistic locking: every save bumps it
    evidence = models.ManyToManyField(Evidence, blank=True, related_name="reports")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(_("退回理由"), blank=True)

    class Meta:
        verbose_name = _("进展报告")
        verbose_name_plural = _("进展报告")
        ordering = ["-updated_at"]
        indexes = [
            models.Index(fields=["assignment", "status"], name="report_assignment_status"),
            # The default ordering of report lists, and the dashboard's stamp of the data (its MAX).
            models.Index(fields=["updated_at"], name="report_updated"),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} · {self.get_status_display()}"


class ReportAction(models.Model):
    """The report's history, shown to everyone who may see the report: drafted, edited, submitted,
    returned (why), approved."""

    class Action(models.TextChoices):
        CREATE = "create", _("起草")
        EDIT = "edit", _("修改")
        SUBMIT = "submit", _("提交")
        APPROVE = "approve", _("审核通过")
        RETURN = "return", _("退回")

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="actions")
    action = models.CharField(max_length=16, choices=Action.choices)
    reason = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.get_action_display()


class ConsolidatedReport(models.Model):
    """The lead unit's report for a whole task, built on its co-units' approved reports."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="consolidated_reports")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="consolidated_reports")
    milestone = models.ForeignKey(
        Milestone, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    body = models.TextField(_("汇总情况"))
    sources = models.ManyToManyField(ProgressReport, blank=True, related_name="consolidations")
    status = models.CharField(
        _("状态"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    version = models.PositiveIntegerField(default=1)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("汇总报告")
        verbose_name_plural = _("汇总报告")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"{self.task} · {self.unit}"


class Occurrence(models.Model):
    """Something a unit held that counts against a quota: a law study session, a lecture, a class, a meeting."""

    class Kind(models.TextChoices):
        STUDY_SESSION = "study_session", _("领导干部学法")
        LECTURE = "lecture", _("法治专题讲座")
        TRAINING = "training", _("法治培训班")
        SPECIAL_MEETING = "special_meeting", _("法治专题会议")
        OTHER = "other", _("其他")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="occurrences")
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    held_on = models.DateField(_("日期"))
    title = models.CharField(_("主题"), max_length=200)
    participants = models.TextField(_("参加人员"), blank=True)
    participant_count = models.PositiveIntegerField(_("参加人数"), null=True, blank=True)
    milestones = models.ManyToManyField(
        Milestone, blank=True, related_name="occurrences"
    )  # quotas it counts for
    evidence = models.ManyToManyField(Evidence, blank=True, related_name="occurrences")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("活动记录")
        verbose_name_plural = _("活动记录")
        ordering = ["-held_on"]
        indexes = [
            models.Index(fields=["unit", "held_on"], name="occurrence_unit_date"),
            # The dashboard's stamp of the data reads the newest one (MAX).
            models.Index(fields=["recorded_at"], name="occurrence_recorded"),
        ]

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"
