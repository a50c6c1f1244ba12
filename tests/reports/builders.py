"""Builders for reporting tests: a unit's evidence, and its reports driven through the services to a state."""

from __future__ import annotations

from dudao.plans.models import Assignment
from dudao.reports import services
from dudao.reports.models import Evidence, ProgressReport
from tests.reports import files


def evidence_of(
    people: dict, who: str = "liaison_a", name: str = "会议纪要.pdf", data: bytes | None = None
) -> Evidence:
    user = people[who]
    return services.store_evidence(files.upload(name, data or files.pdf(name)), unit=user.unit, by=user)


def report_of(
    people: dict,
    who: str = "liaison_a",
    status: str = "draft",
    *,
    body: str = "已完成清理工作。",
    evidence: tuple = (),
) -> ProgressReport:
    """A report of the liaison's unit on the task's milestone, driven through the services to `status`."""
    liaison = people[who]
    head = people[who.replace("liaison", "head")]
    assignment = Assignment.objects.get(task=people["task"], unit=liaison.unit)
    report = services.save_report(
        assignment, milestone=people["task"].milestones.get(), body=body, evidence=evidence, by=liaison
    )
    if status in ("submitted", "approved", "returned"):
        report = services.submit_report(report, by=liaison)
    if status == "approved":
        report = services.approve_report(report, by=head)
    if status == "returned":
        report = services.return_report(report, by=head, reason="请补充佐证材料。")
    return report
