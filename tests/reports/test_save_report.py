"""save_report: liaisons draft and edit their unit's reports; two editors never overwrite each other."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dudao.audit.models import AuditEvent
from dudao.plans.models import Assignment, Milestone
from dudao.reports.models import ProgressReport, ReportAction, ReportStatus
from dudao.reports.services import Conflict, save_report
from tests.factories import make_task
from tests.reports import files
from tests.reports.builders import evidence_of, report_of


def test_liaison_a_drafts_a_report_with_evidence(
    people: dict, assignment_a: Assignment, milestone: Milestone
) -> None:
    minutes = evidence_of(people)

    report = save_report(
        assignment_a, milestone=milestone, body="  已印发清单。 ", evidence=[minutes], by=people["liaison_a"]
    )

    assert report.status == ReportStatus.DRAFT
    assert report.version == 1
    assert report.body == "已印发清单。"
    assert report.author == people["liaison_a"]
    assert list(report.evidence.all()) == [minutes]
    assert [a.action for a in report.actions.all()] == [ReportAction.Action.CREATE]
    assert AuditEvent.objects.filter(event="report.create", object_id=str(report.pk)).count() == 1


def test_new_uploads_become_the_units_evidence_and_are_attached(
    people: dict, assignment_a: Assignment
) -> None:
    report = save_report(
        assignment_a,
        milestone=None,
        body="进展",
        evidence=[],
        uploads=[files.upload("照片.png", files.png())],
        by=people["liaison_a"],
    )

    (photo,) = report.evidence.all()
    assert photo.unit == people["unit_a"]
    assert photo.original_name == "照片.png"


def test_a_refused_upload_saves_nothing_and_names_the_file(people: dict, assignment_a: Assignment) -> None:
    with pytest.raises(ValidationError) as caught:
        save_report(
            assignment_a,
            milestone=None,
            body="进展",
            evidence=[],
            uploads=[files.upload("病毒.pdf", b"MZ\x90\x00")],
            by=people["liaison_a"],
        )

    assert caught.value.message_dict["new_files"][0].startswith("“病毒.pdf”：不支持该文件类型")
    assert not ProgressReport.objects.exists()


def test_an_edit_bumps_the_version_and_records_what_changed(people: dict, assignment_a: Assignment) -> None:
    report = report_of(people, body="初稿")

    edited = save_report(
        assignment_a,
        milestone=None,
        body="修改稿",
        evidence=[],
        by=people["liaison_a"],
        version=1,
        report=report,
    )

    assert edited.version == 2
    assert edited.body == "修改稿"
    assert edited.milestone is None
    event = AuditEvent.objects.get(event="report.update")
    assert event.changes["body"] == {"before": "初稿", "after": "修改稿"}
    assert [a.action for a in edited.actions.all()] == ["create", "edit"]


def test_a_stale_version_is_refused_and_nothing_is_overwritten(
    people: dict, assignment_a: Assignment
) -> None:
    report = report_of(people, body="初稿")
    save_report(
        assignment_a,
        milestone=None,
        body="李的修改",
        evidence=[],
        by=people["liaison_a"],
        version=1,
        report=report,
    )

    with pytest.raises(Conflict) as caught:
        save_report(
            assignment_a,
            milestone=None,
            body="张的修改",
            evidence=[],
            by=people["head_a"],
            version=1,
            report=report,
        )

    assert caught.value.messages == ["该报告已被他人修改，请刷新后再编辑"]
    report.refresh_from_db()
    assert report.body == "李的修改"
    assert report.version == 2


def test_a_stale_object_without_a_version_is_refused_too(people: dict, assignment_a: Assignment) -> None:
    loaded = report_of(people, body="初稿")
    save_report(
        assignment_a,
        milestone=None,
        body="新",
        evidence=[],
        by=people["liaison_a"],
        report=ProgressReport.objects.get(),
    )

    with pytest.raises(Conflict):
        save_report(
            assignment_a, milestone=None, body="旧页面", evidence=[], by=people["liaison_a"], report=loaded
        )


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_submitted_and_approved_reports_cannot_be_edited(
    people: dict, assignment_a: Assignment, status: str
) -> None:
    report = report_of(people, status=status)

    with pytest.raises(ValidationError) as caught:
        save_report(
            assignment_a, milestone=None, body="改", evidence=[], by=people["liaison_a"], report=report
        )

    assert caught.value.messages == ["报告已提交或已审核，不能再修改。"]


def test_a_returned_report_can_be_edited(people: dict, assignment_a: Assignment) -> None:
    report = report_of(people, status="returned")

    edited = save_report(
        assignment_a, milestone=None, body="已补充", evidence=[], by=people["liaison_a"], report=report
    )

    assert edited.status == ReportStatus.RETURNED  # until it is resubmitted
    assert edited.body == "已补充"


def test_an_empty_body_is_refused_beside_its_field(people: dict, assignment_a: Assignment) -> None:
    with pytest.raises(ValidationError) as caught:
        save_report(assignment_a, milestone=None, body="   ", evidence=[], by=people["liaison_a"])

    assert caught.value.message_dict == {"body": ["请填写进展情况。"]}


def test_another_units_evidence_cannot_be_attached(people: dict, assignment_a: Assignment) -> None:
    theirs = evidence_of(people, "liaison_b")

    with pytest.raises(ValidationError) as caught:
        save_report(assignment_a, milestone=None, body="进展", evidence=[theirs], by=people["liaison_a"])

    assert caught.value.message_dict == {"evidence": ["只能使用本单位上传的佐证材料。"]}


def test_a_milestone_of_another_task_is_refused(people: dict, assignment_a: Assignment) -> None:
    other = make_task(people["plan"], number="(二)", title="另一项任务", lead=people["unit_b"])

    with pytest.raises(ValidationError) as caught:
        save_report(
            assignment_a, milestone=other.milestones.get(), body="进展", evidence=[], by=people["liaison_a"]
        )

    assert caught.value.message_dict == {"milestone": ["所选时间节点不属于该任务。"]}


@pytest.mark.parametrize("who", ["liaison_b", "head_b", "county_office", "leader", "office_admin", "auditor"])
def test_nobody_else_writes_unit_as_reports(people: dict, assignment_a: Assignment, who: str) -> None:
    with pytest.raises(PermissionDenied):
        save_report(assignment_a, milestone=None, body="进展", evidence=[], by=people[who])


def test_liaison_b_cannot_edit_unit_as_draft_through_her_own_assignment(
    people: dict, assignment_b: Assignment
) -> None:
    theirs = report_of(people)

    with pytest.raises(PermissionDenied):
        save_report(
            assignment_b, milestone=None, body="改", evidence=[], by=people["liaison_b"], report=theirs
        )
