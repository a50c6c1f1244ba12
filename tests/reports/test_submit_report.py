"""submit_report: a draft or returned report goes to the unit head."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dudao.audit.models import AuditEvent
from dudao.reports.models import ReportStatus
from dudao.reports.services import Conflict, submit_report
from tests.reports.builders import report_of


def test_liaison_a_submits_her_draft(people: dict) -> None:
    report = report_of(people)

    submitted = submit_report(report, by=people["liaison_a"], version=1)

    assert submitted.status == ReportStatus.SUBMITTED
    assert submitted.submitted_at is not None
    assert submitted.version == 2
    assert [a.action for a in submitted.actions.all()] == ["create", "submit"]
    assert AuditEvent.objects.filter(event="report.submit", actor=people["liaison_a"]).count() == 1


def test_a_returned_report_is_resubmitted(people: dict) -> None:
    report = report_of(people, status="returned")

    resubmitted = submit_report(report, by=people["liaison_a"])

    assert resubmitted.status == ReportStatus.SUBMITTED
    assert [a.action for a in resubmitted.actions.all()] == ["create", "submit", "return", "submit"]


def test_a_submitted_report_is_not_submitted_twice(people: dict) -> None:
    report = report_of(people, status="submitted")

    with pytest.raises(ValidationError) as caught:
        submit_report(report, by=people["liaison_a"])

    assert caught.value.messages == ["报告已提交或已审核，不能重复提交。"]


def test_submitting_from_a_stale_page_is_refused(people: dict) -> None:
    report = report_of(people)

    with pytest.raises(Conflict):
        submit_report(report, by=people["liaison_a"], version=0)

    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


@pytest.mark.parametrize("who", ["liaison_b", "head_b", "leader", "office_admin", "auditor"])
def test_nobody_else_submits_unit_as_report(people: dict, who: str) -> None:
    report = report_of(people)

    with pytest.raises(PermissionDenied):
        submit_report(report, by=people[who])
