"""save_consolidated / submit_consolidated: the lead unit consolidates its co-units' approved reports."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dudao.audit.models import AuditEvent
from dudao.reports.models import ConsolidatedReport, ReportStatus
from dudao.reports.services import Conflict, save_consolidated, submit_consolidated
from tests.factories import make_task
from tests.reports.builders import report_of


def test_lead_liaison_a_consolidates_unit_bs_approved_report(people: dict) -> None:
    approved_b = report_of(people, "liaison_b", "approved")

    consolidated = save_consolidated(
        people["task"], by=people["liaison_a"], body="两单位均已完成。", sources=[approved_b], version=None
    )

    assert consolidated.unit == people["unit_a"]
    assert consolidated.status == ReportStatus.DRAFT
    assert list(consolidated.sources.all()) == [approved_b]
    assert AuditEvent.objects.filter(event="consolidated.create").count() == 1


def test_saving_again_updates_the_one_consolidated_report(people: dict) -> None:
    first = save_consolidated(people["task"], by=people["liaison_a"], body="初稿", sources=[], version=None)

    second = save_consolidated(
        people["task"], by=people["head_a"], body="定稿", sources=[], version=first.version
    )

    assert second.pk == first.pk
    assert (second.body, second.version, second.author) == ("定稿", 2, people["head_a"])
    assert ConsolidatedReport.objects.count() == 1


def test_a_stale_version_is_refused(people: dict) -> None:
    first = save_consolidated(people["task"], by=people["liaison_a"], body="初稿", sources=[], version=None)
    save_consolidated(
        people["task"], by=people["liaison_a"], body="第二稿", sources=[], version=first.version
    )

    with pytest.raises(Conflict):
        save_consolidated(
            people["task"], by=people["head_a"], body="旧页面", sources=[], version=first.version
        )
    with pytest.raises(Conflict):  # someone created it while this page was open
        save_consolidated(people["task"], by=people["head_a"], body="新页面", sources=[], version=None)

    assert ConsolidatedReport.objects.get().body == "第二稿"


@pytest.mark.parametrize("status", ["draft", "submitted", "returned"])
def test_unapproved_co_unit_reports_are_not_sources(people: dict, status: str) -> None:
    unapproved = report_of(people, "liaison_b", status)

    with pytest.raises(ValidationError) as caught:
        save_consolidated(
            people["task"], by=people["liaison_a"], body="汇总", sources=[unapproved], version=None
        )

    assert caught.value.message_dict == {"sources": ["只能汇总本任务配合单位已审核的报告。"]}


def test_the_lead_units_own_report_and_other_tasks_reports_are_not_sources(people: dict) -> None:
    own = report_of(people, "liaison_a", "approved")
    other_task = make_task(people["plan"], number="(二)", title="另一项任务", lead=people["unit_b"])
    with pytest.raises(ValidationError):
        save_consolidated(people["task"], by=people["liaison_a"], body="汇总", sources=[own], version=None)
    with pytest.raises(ValidationError):
        save_consolidated(other_task, by=people["liaison_b"], body="汇总", sources=[own], version=None)


def test_an_empty_body_is_refused(people: dict) -> None:
    with pytest.raises(ValidationError) as caught:
        save_consolidated(people["task"], by=people["liaison_a"], body=" ", sources=[], version=None)

    assert caught.value.message_dict == {"body": ["请填写汇总情况。"]}


@pytest.mark.parametrize("who", ["liaison_b", "head_b", "leader", "office_admin", "auditor", "county_office"])
def test_only_the_lead_unit_consolidates(people: dict, who: str) -> None:
    with pytest.raises(PermissionDenied):
        save_consolidated(people["task"], by=people[who], body="汇总", sources=[], version=None)


def test_submitting_sends_it_to_the_office(people: dict) -> None:
    consolidated = save_consolidated(
        people["task"], by=people["liaison_a"], body="汇总", sources=[], version=None
    )

    submitted = submit_consolidated(consolidated, by=people["head_a"], version=consolidated.version)

    assert submitted.status == ReportStatus.SUBMITTED
    assert submitted.submitted_at is not None
    with pytest.raises(Conflict):
        submit_consolidated(consolidated, by=people["head_a"], version=consolidated.version)
    with pytest.raises(PermissionDenied):
        submit_consolidated(consolidated, by=people["liaison_b"], version=submitted.version)
