"""return_report: the head sends a submitted report back, always with a reason that the history keeps."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dudao.audit.models import AuditEvent
from dudao.reports.models import ReportStatus
from dudao.reports.services import return_report
from tests.reports.builders import report_of


def test_head_a_returns_a_report_with_a_reason(people: dict) -> None:
    report = report_of(people, status="submitted")

    returned = return_report(report, by=people["head_a"], reason=" 请附上会议照片。 ")

    assert returned.status == ReportStatus.RETURNED
    assert returned.return_reason == "请附上会议照片。"
    last = list(returned.actions.all())[-1]
    assert (last.action, last.reason, last.by) == ("return", "请附上会议照片。", people["head_a"])
    assert AuditEvent.objects.get(event="report.return").changes == {"reason": "请附上会议照片。"}


def test_a_reason_is_required(people: dict) -> None:
    report = report_of(people, status="submitted")

    with pytest.raises(ValidationError) as caught:
        return_report(report, by=people["head_a"], reason="  ")

    assert caught.value.message_dict == {"reason": ["请填写退回理由。"]}
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_a_draft_cannot_be_returned(people: dict) -> None:
    with pytest.raises(ValidationError):
        return_report(report_of(people), by=people["head_a"], reason="不行")


@pytest.mark.parametrize("who", ["liaison_a", "head_b", "leader", "office_admin"])
def test_nobody_but_the_units_head_returns(people: dict, who: str) -> None:
    report = report_of(people, status="submitted")

    with pytest.raises(PermissionDenied):
        return_report(report, by=people[who], reason="不行")
    with pytest.raises(PermissionDenied):
        return_report(report, by=people[who], reason="")
