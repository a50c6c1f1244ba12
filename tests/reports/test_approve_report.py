"""approve_report: only the head of the report's unit signs it off, and only once it is submitted."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dudao.audit.models import AuditEvent
from dudao.reports.models import ReportStatus
from dudao.reports.services import approve_report
from tests.reports.builders import report_of


def test_head_a_approves_a_submitted_report(people: dict) -> None:
    report = report_of(people, status="submitted")

    approved = approve_report(report, by=people["head_a"])

    assert approved.status == ReportStatus.APPROVED
    assert approved.decided_by == people["head_a"]
    assert approved.decided_at is not None
    assert [a.action for a in approved.actions.all()][-1] == "approve"
    assert AuditEvent.objects.filter(event="report.approve", actor=people["head_a"]).count() == 1


@pytest.mark.parametrize("status", ["draft", "approved", "returned"])
def test_only_submitted_reports_are_approved(people: dict, status: str) -> None:
    report = report_of(people, status=status)

    with pytest.raises(ValidationError) as caught:
        approve_report(report, by=people["head_a"])

    assert caught.value.messages == ["只能审核已提交、待审核的报告。"]


@pytest.mark.parametrize(
    "who", ["liaison_a", "head_b", "liaison_b", "leader", "office_admin", "county_office"]
)
def test_nobody_but_the_units_head_approves(people: dict, who: str) -> None:
    report = report_of(people, status="submitted")

    with pytest.raises(PermissionDenied):
        approve_report(report, by=people[who])

    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
