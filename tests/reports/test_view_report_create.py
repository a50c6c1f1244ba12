"""/my/tasks/<assignment>/reports/new/: a liaison drafts a report, attaching evidence old and new."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from dudao.plans.models import Assignment, Milestone
from dudao.reports.models import Evidence, ProgressReport
from tests.factories import make_task
from tests.reports import files
from tests.reports.builders import evidence_of


def url(assignment: Assignment) -> str:
    return reverse("reports:report_create", args=[assignment.pk])


def test_liaison_a_opens_the_form_for_a_milestone(
    client: Client, people: dict, assignment_a: Assignment, milestone: Milestone
) -> None:
    evidence_of(people, name="已有的材料.pdf")
    client.force_login(people["liaison_a"])

    response = client.get(url(assignment_a) + f"?milestone={milestone.pk}")

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<option value="{milestone.pk}" selected>' in html
    assert "已有的材料.pdf" in html
    assert 'hx-post="/my/evidence/upload/"' in html


def test_liaison_a_saves_a_draft_with_a_pdf_a_photo_and_an_existing_file(
    client: Client, people: dict, assignment_a: Assignment, milestone: Milestone
) -> None:
    existing = evidence_of(people, name="实施方案.pdf")
    client.force_login(people["liaison_a"])

    response = client.post(
        url(assignment_a),
        {
            "milestone": milestone.pk,
            "body": "已完成权责清单梳理。",
            "evidence": [existing.pk],
            "new_files": [files.upload("清单.pdf", files.pdf("list")), files.upload("现场.png", files.png())],
        },
    )

    report = ProgressReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:report_detail", args=[report.pk])
    assert report.body == "已完成权责清单梳理。"
    assert report.milestone == milestone
    assert sorted(e.original_name for e in report.evidence.all()) == ["实施方案.pdf", "清单.pdf", "现场.png"]


def test_errors_are_shown_in_chinese_beside_their_fields(
    client: Client, people: dict, assignment_a: Assignment
) -> None:
    client.force_login(people["liaison_a"])

    response = client.post(url(assignment_a), {"body": ""})

    assert response.status_code == 200
    assert response.context["form"].errors == {"body": ["请填写进展情况。"]}
    assert '<ul class="errorlist"' in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_a_refused_upload_is_reported_beside_the_upload_field(
    client: Client, people: dict, assignment_a: Assignment
) -> None:
    client.force_login(people["liaison_a"])

    response = client.post(
        url(assignment_a), {"body": "进展", "new_files": [files.upload("程序.pdf", b"MZ\x90\x00")]}
    )

    assert response.status_code == 200
    (message,) = response.context["form"].errors["new_files"]
    assert message.startswith("“程序.pdf”：不支持该文件类型")
    assert not ProgressReport.objects.exists()
    assert not Evidence.objects.exists()


def test_another_units_evidence_id_is_an_invalid_choice(
    client: Client, people: dict, assignment_a: Assignment
) -> None:
    theirs = evidence_of(people, "liaison_b")
    client.force_login(people["liaison_a"])

    response = client.post(url(assignment_a), {"body": "进展", "evidence": [theirs.pk]})

    assert "evidence" in response.context["form"].errors
    assert not ProgressReport.objects.exists()


def test_a_milestone_of_another_task_is_an_invalid_choice(
    client: Client, people: dict, assignment_a: Assignment
) -> None:
    other = make_task(people["plan"], number="(二)", title="别的任务", lead=people["unit_b"])
    client.force_login(people["liaison_a"])

    response = client.post(url(assignment_a), {"body": "进展", "milestone": other.milestones.get().pk})

    assert response.context["form"].errors["milestone"] == [
        "所选项目不存在或无权使用，请刷新页面后重新选择。"
    ]


@pytest.mark.parametrize("who", ["liaison_b", "head_b", "county_office", "auditor"])
def test_another_unit_cannot_even_find_the_form(
    client: Client, people: dict, assignment_a: Assignment, who: str
) -> None:
    client.force_login(people[who])

    assert client.get(url(assignment_a)).status_code == 404
    assert client.post(url(assignment_a), {"body": "冒名报告"}).status_code == 404
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize("who", ["leader", "office_admin"])
def test_readers_may_not_write(client: Client, people: dict, assignment_a: Assignment, who: str) -> None:
    client.force_login(people[who])

    assert client.get(url(assignment_a)).status_code == 403
    assert client.post(url(assignment_a), {"body": "代写"}).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client: Client, assignment_a: Assignment) -> None:
    assert client.get(url(assignment_a)).status_code == 302
