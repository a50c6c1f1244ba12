"""The 承办 story of SCENARIOS.md §2, walked through the pages: 李 (liaison of 市编办) reports on (三) with a
PDF and a photo, 张 (head) returns it with a reason, 李 fixes and resubmits, 张 approves; the lead unit
市工商局 sees the approved report among its co-units' and consolidates; the office reads the result."""

from __future__ import annotations

import time_machine
from django.test import Client
from django.urls import reverse

from dudao.plans.models import Assignment
from dudao.reports.models import ConsolidatedReport, ProgressReport, ReportStatus
from tests.factories import make_task
from tests.reports import files


def signed_in(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


@time_machine.travel("2018-06-20 10:00 +0800", tick=True)
def test_liaison_head_return_resubmit_approve_and_the_lead_consolidates(people: dict) -> None:
    task_3 = make_task(
        people["plan"],
        number="(三)",
        title="推进政府职能转变",
        lead=people["unit_b"],
        others=(people["unit_a"],),
    )
    share_a = Assignment.objects.get(task=task_3, unit=people["unit_a"])
    share_b = Assignment.objects.get(task=task_3, unit=people["unit_b"])
    milestone = task_3.milestones.get()
    li, zhang = signed_in(people["liaison_a"]), signed_in(people["head_a"])
    lead, office = signed_in(people["liaison_b"]), signed_in(people["office_admin"])

    # 李 finds (三) among 市编办's tasks, yellow ten working days before its deadline.
    my_tasks = li.get(reverse("reports:my_tasks")).content.decode()
    assert "推进政府职能转变" in my_tasks
    assert '<span class="light yellow">临期</span>' in my_tasks

    # 李 writes a report with a PDF and a photo, and submits it.
    response = li.post(
        reverse("reports:report_create", args=[share_a.pk]),
        {
            "milestone": milestone.pk,
            "body": "已制定职能转变方案。",
            "new_files": [files.upload("方案.pdf", files.pdf("plan")), files.upload("会议.jpg", files.jpg())],
        },
    )
    report = ProgressReport.objects.get()
    assert response["Location"] == reverse("reports:report_detail", args=[report.pk])
    assert lead.get(reverse("reports:report_detail", args=[report.pk])).status_code == 404  # a draft
    li.post(reverse("reports:report_submit", args=[report.pk]), {"version": 1})

    # 张 returns it with a reason; the light turns red.
    zhang.post(reverse("reports:report_return", args=[report.pk]), {"reason": "请补充会议纪要。"})
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert '<span class="light red">红灯</span>' in li.get(reverse("reports:my_tasks")).content.decode()

    # 李 adds the minutes, keeps the PDF and the photo, and resubmits.
    kept = [e.pk for e in report.evidence.all()]
    li.post(
        reverse("reports:report_edit", args=[report.pk]),
        {
            "milestone": milestone.pk,
            "body": "已制定职能转变方案，附会议纪要。",
            "evidence": kept,
            "new_files": [files.upload("会议纪要.pdf", files.pdf("minutes"))],
            "version": report.version,
        },
    )
    report.refresh_from_db()
    li.post(reverse("reports:report_submit", args=[report.pk]), {"version": report.version})

    # 张 approves; the light is done.
    zhang.post(reverse("reports:report_approve", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    assert report.evidence.count() == 3
    assert "已完成" in li.get(reverse("reports:task_detail", args=[share_a.pk])).content.decode()

    # Everyone who sees the report sees its history, return reason included.
    for client in (li, zhang, lead, office):
        detail = client.get(reverse("reports:report_detail", args=[report.pk])).content.decode()
        assert "请补充会议纪要。" in detail
        assert detail.count('<li class="step-submit">') == 2
        assert "审核通过" in detail

    # The lead unit 市工商局 sees the approved report among its co-units' and consolidates.
    lead_page = lead.get(reverse("reports:task_detail", args=[share_b.pk])).content.decode()
    assert "已制定职能转变方案，附会议纪要。" in lead_page
    assert "会议纪要.pdf" in lead_page
    minutes = report.evidence.get(original_name="会议纪要.pdf")
    assert lead.get(reverse("reports:evidence_download", args=[minutes.pk])).status_code == 200
    lead.post(
        reverse("reports:consolidated_save", args=[share_b.pk]),
        {"body": "市编办、市工商局均已完成方案制定。", "sources": [report.pk]},
    )
    consolidated = ConsolidatedReport.objects.get()
    lead.post(
        reverse("reports:consolidated_submit", args=[share_b.pk]),
        {"consolidated": consolidated.pk, "version": consolidated.version},
    )

    # The office reads the consolidated report on the lead's share.
    office_page = office.get(reverse("reports:task_detail", args=[share_b.pk])).content.decode()
    assert "市编办、市工商局均已完成方案制定。" in office_page
    consolidated.refresh_from_db()
    assert consolidated.status == ReportStatus.SUBMITTED
    assert list(consolidated.sources.all()) == [report]
