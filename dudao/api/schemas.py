"""What the API reads and writes: pydantic schemas, one per shape a client sees.

Ids are the same opaque ids the pages use (UUIDs; unit codes for units); units are named by code
and name, never by database key.
"""

import datetime
import uuid

from ninja import Field, Schema

from dudao.reports.models import Occurrence


class ErrorOut(Schema):
    error: str = Field(..., description="中文错误说明")


class UnitRef(Schema):
    code: str
    name: str


class UnitOut(Schema):
    code: str
    name: str
    kind: str
    kind_display: str = Field(..., alias="get_kind_display")
    level: str
    parent: UnitRef | None = None
    contact_person: str
    contact_phone: str
    successor: UnitRef | None = None
    successor_from: datetime.date | None = None


class PlanOut(Schema):
    id: uuid.UUID
    year: int
    title: str
    notice_title: str
    doc_number: str
    issuer: str
    issued_on: datetime.date | None
    published_at: datetime.datetime


class MilestoneOut(Schema):
    id: uuid.UUID
    kind: str
    text: str
    label: str
    period_start: datetime.date | None
    due: datetime.date | None
    min_count: int | None
    applicable: bool
    active: bool


class AssignmentOut(Schema):
    id: uuid.UUID
    unit: UnitRef
    role: str
    role_display: str = Field(..., alias="get_role_display")
    printed_name: str


class TaskBrief(Schema):
    id: uuid.UUID
    number: str
    title: str


class TaskOut(Schema):
    id: uuid.UUID
    plan_id: uuid.UUID
    section: str | None = None
    number: str
    title: str
    body: str
    subordinate_duty: bool
    assignments: list[AssignmentOut]
    milestones: list[MilestoneOut]

    @staticmethod
    def resolve_section(task: object) -> str | None:
        section = getattr(task, "section", None)
        return str(section) if section is not None else None

    @staticmethod
    def resolve_assignments(task: object) -> list[object]:
        return list(task.assignments.all())  # type: ignore[attr-defined]

    @staticmethod
    def resolve_milestones(task: object) -> list[object]:
        return list(task.milestones.all())  # type: ignore[attr-defined]


class SectionOut(Schema):
    number: str
    title: str
    tasks: list[TaskBrief]


class PlanDetailOut(PlanOut):
    lead_rule: str
    sections: list[SectionOut]
    unsectioned_tasks: list[TaskBrief] = Field(default_factory=list, description="不属于任何部分的任务")


# Reports, consolidated reports, occurrences, evidence ----------------------------------------------------


class EvidenceOut(Schema):
    id: uuid.UUID
    original_name: str
    unit: UnitRef
    size: int = Field(..., alias="file.size")
    content_type: str = Field(..., alias="file.content_type")
    sha256: str = Field(..., alias="file.sha256")
    previewable: bool = Field(..., alias="file.previewable")
    uploaded_at: datetime.datetime


class ReportActionOut(Schema):
    action: str
    action_display: str = Field(..., alias="get_action_display")
    reason: str
    by: str
    at: datetime.datetime

    @staticmethod
    def resolve_by(action: object) -> str:
        return str(action.by)  # type: ignore[attr-defined]


class ReportOut(Schema):
    id: uuid.UUID
    assignment_id: uuid.UUID
    task: TaskBrief = Field(..., alias="assignment.task")
    unit: UnitRef = Field(..., alias="assignment.unit")
    milestone_id: uuid.UUID | None
    body: str
    status: str
    status_display: str = Field(..., alias="get_status_display")
    version: int = Field(..., description="修改、提交时原样带回；他人已修改时返回 409")
    evidence: list[EvidenceOut]
    author: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    submitted_at: datetime.datetime | None
    decided_at: datetime.datetime | None
    return_reason: str
    history: list[ReportActionOut]

    @staticmethod
    def resolve_author(report: object) -> str:
        return str(report.author)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_evidence(report: object) -> list[object]:
        return list(report.evidence.all())  # type: ignore[attr-defined]

    @staticmethod
    def resolve_history(report: object) -> list[object]:
        return list(report.actions.all())  # type: ignore[attr-defined]


class ReportCreateIn(Schema):
    assignment: uuid.UUID = Field(..., description="本单位的任务分工编号（见 /api/v1/tasks/ 的 assignments）")
    milestone: uuid.UUID | None = Field(None, description="对应的时间节点，可不填")
    body: str = Field(..., max_length=20000, description="进展情况")
    evidence: list[uuid.UUID] = Field(default_factory=list, description="本单位已上传的佐证材料编号")


class ReportUpdateIn(Schema):
    version: int = Field(..., description="读取报告时得到的 version")
    milestone: uuid.UUID | None = None
    body: str = Field(..., max_length=20000)
    evidence: list[uuid.UUID] | None = Field(None, description="不填则保留原有佐证材料")


class VersionIn(Schema):
    version: int | None = Field(None, description="读取时得到的 version；填写后，他人已修改时返回 409")


class ReturnIn(Schema):
    reason: str = Field(..., max_length=2000, description="退回理由")


class ConsolidatedOut(Schema):
    id: uuid.UUID
    task: TaskBrief
    unit: UnitRef
    body: str
    status: str
    status_display: str = Field(..., alias="get_status_display")
    version: int
    sources: list[uuid.UUID]
    author: str
    updated_at: datetime.datetime
    submitted_at: datetime.datetime | None

    @staticmethod
    def resolve_sources(consolidated: object) -> list[uuid.UUID]:
        return [source.pk for source in consolidated.sources.all()]  # type: ignore[attr-defined]

    @staticmethod
    def resolve_author(consolidated: object) -> str:
        return str(consolidated.author)  # type: ignore[attr-defined]


class ConsolidatedIn(Schema):
    task: uuid.UUID
    body: str = Field(..., max_length=20000, description="汇总情况")
    sources: list[uuid.UUID] = Field(default_factory=list, description="汇总的配合单位已审核报告编号")
    version: int | None = Field(None, description="首次保存不填；再次保存时填读取时得到的 version")


class ConsolidatedSubmitIn(Schema):
    version: int


class OccurrenceOut(Schema):
    id: uuid.UUID
    unit: UnitRef
    kind: str
    kind_display: str = Field(..., alias="get_kind_display")
    held_on: datetime.date
    title: str
    participants: str
    participant_count: int | None
    milestones: list[uuid.UUID]
    evidence: list[EvidenceOut]
    recorded_at: datetime.datetime

    @staticmethod
    def resolve_milestones(occurrence: object) -> list[uuid.UUID]:
        return [milestone.pk for milestone in occurrence.milestones.all()]  # type: ignore[attr-defined]

    @staticmethod
    def resolve_evidence(occurrence: object) -> list[object]:
        return list(occurrence.evidence.all())  # type: ignore[attr-defined]


class OccurrenceIn(Schema):
    kind: Occurrence.Kind = Field(..., description="活动类型")
    held_on: datetime.date
    title: str = Field(..., max_length=200)
    participants: str = ""
    participant_count: int | None = Field(None, ge=0)
    milestones: list[uuid.UUID] = Field(default_factory=list, description="计入的时间节点（有次数要求的）")
    evidence: list[uuid.UUID] = Field(default_factory=list)


class TallyOut(Schema):
    """Counted lights of a set of (assignment, milestone) pairs: done + red + yellow + green = total."""

    total: int
    done: int
    red: int
    yellow: int
    green: int
    rate: float = Field(..., description="完成率 done / total（0–1）")


class SectionTallyOut(Schema):
    number: str
    title: str
    tally: TallyOut


class UnitTallyOut(Schema):
    unit: UnitRef
    tally: TallyOut


class OverdueOut(Schema):
    unit: UnitRef
    task_id: uuid.UUID
    task_number: str
    milestone: str
    due: datetime.date | None
    days_late: int


class RollupOut(Schema):
    plan_id: uuid.UUID
    today: datetime.date
    overall: TallyOut
    sections: list[SectionTallyOut]
    departments: list[UnitTallyOut] = Field(..., description="部门，完成率高者在前")
    governments: list[UnitTallyOut] = Field(..., description="下级政府，完成率高者在前")
    overdue: list[OverdueOut] = Field(..., description="红灯事项，逾期天数多者在前")


class SupervisionOrderOut(Schema):
    id: uuid.UUID
    label: str = Field(..., description="〔2018〕第1号")
    year: int
    number: int
    unit: UnitRef
    task_id: uuid.UUID | None
    reason: str
    requirement: str
    response_due: datetime.date
    status: str
    issued_at: datetime.datetime
    answer: str
    answered_at: datetime.datetime | None
    escalated_at: datetime.datetime | None
    closed_at: datetime.datetime | None
