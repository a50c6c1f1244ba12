"""The whole path of SCENARIOS.md §1–2 in a real browser, as its people live it.

王 (office administrator) uploads the sample notice, fixes an alias and a placeholder on the review
screen, settles the doubts the screen still asks about, and publishes. 李 (liaison of 市编办) reports on
(一) with a PDF; 张 (head of 市编办) approves. On (三), led by 市工商局, 李 reports and 张 approves again,
and 刘 (liaison of 市工商局) finds that report among the co-units' and writes the consolidated report.
Back at the office, the ledger download shows the approved report.

Every screen is photographed into var/screenshots/test_the_whole_path/ (the report form and "my tasks"
also at phone size); look at them after a change to any of these pages.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from dudao.directory import demo, services
from dudao.plans.models import Plan
from tests.e2e.camera import Camera

PASSWORD = "walk-through-2018"
SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "zhumadian-2018.txt"
TASK_ONE = "(一)深化行政审批制度改革"
TASK_THREE = "(三)深入推进商事制度改革"


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF with one line of text, its cross-reference table pointing at the right bytes."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@pytest.fixture
def demo_city(settings: Any) -> None:
    """What `manage.py load_demo` sets up, minus the sample notice: 王 publishes that herself here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    services.load_builtin_directory()
    demo.ensure_people(PASSWORD)


def ledger_status(page: Any, plan: Plan, number: str) -> str:
    """The 状态 cell of task `number` in the ledger the office downloads (`/plans/<id>/ledger.xlsx`);
    the page links to no download, so the browser context's request client fetches it with her session."""
    response = page.request.get(f"/plans/{plan.pk}/ledger.xlsx")
    assert response.ok, response.status
    sheet = load_workbook(io.BytesIO(response.body())).active
    header = [cell.value for cell in sheet[2]]
    task, status = header.index("任务"), header.index("状态")
    for row in sheet.iter_rows(min_row=3, values_only=True):
        if str(row[task]).startswith(number):
            return str(row[status] or "")
    raise AssertionError(f"{number} is not in the ledger")


def review_the_notice(page: Any, camera: Camera) -> None:
    """王's review: the figures of SCENARIOS.md, one alias, one placeholder, then every remaining doubt."""
    summary = page.locator("#summary")
    for figure in (
        "10 个部分",
        "38 项任务",
        "24 个单位名称（2 个需确认） → 22 个单位",
        "7 项任务牵头单位需确认",
        "36 项任务 × 13 个县级政府 = 468 条县级分工",
        "还有 12 处疑点需要处理",
    ):
        expect(summary).to_contain_text(figure)
    expect(summary.get_by_role("button", name="确认并发布")).to_be_disabled()
    expect(page.locator("#leads")).to_contain_text("7 项任务需确认")
    expect(page.locator(".review-task")).to_have_count(38)
    camera.shoot(page, "review")

    # The alias: 市政府法制办 is 市政府法制办公室.
    alias = page.locator("#names li.decision").filter(has_text="“市政府法制办”")
    expect(alias).to_contain_text("别名 · 待确认")
    alias.get_by_label("“市政府法制办”指").select_option(label="市政府法制办公室")
    alias.get_by_role("button", name="确认").click()
    expect(alias).to_contain_text("已确认")
    expect(summary).to_contain_text("还有 11 处疑点需要处理")

    # The placeholder, in bulk: 各有关部门 = the city's departments, and 市编办 besides.
    placeholder = page.locator("#placeholders .decision").filter(has_text="“各有关部门”")
    expect(placeholder).to_contain_text("待展开")
    placeholder.get_by_label("市编办", exact=True).check()  # a party organ: not among the suggested
    chosen = placeholder.locator("input[name=units]:checked").count()
    camera.shoot(page, "review-placeholder")
    placeholder.get_by_role("button", name="全部任务中的“各有关部门”按所选单位展开").click()
    expect(placeholder).to_contain_text(f"已展开为 {chosen} 个单位")
    expect(summary).to_contain_text("还有 10 处疑点需要处理")

    # What the screen still asks: the other alias and the other placeholder as offered, the seven
    # placeholder leads with the first concrete unit each task names, the county governments.
    other_alias = page.locator("#names li.decision").filter(has_text="“政府法制办公室”")
    expect(other_alias.get_by_label("“政府法制办公室”指")).to_have_value("zmd-fazhiban")
    other_alias.get_by_role("button", name="确认").click()
    expect(other_alias).to_contain_text("已确认")
    other = page.locator("#placeholders .decision").filter(has_text="“有关部门”")
    other.get_by_role("button", name="全部任务中的“有关部门”按所选单位展开").click()
    expect(other).to_contain_text("已展开为")
    pending = page.locator("#leads li.decision.pending")
    for left in range(7, 0, -1):
        expect(pending).to_have_count(left)
        row = pending.first
        lead = row.get_by_role("combobox")
        if not lead.input_value():
            # (八) names no concrete unit at all; 服务型行政执法 is the legal affairs office's field.
            lead.select_option(label="市政府法制办公室")
        row.get_by_role("button", name="确认").click()
    expect(pending).to_have_count(0)
    counties = page.locator("#subordinate")
    counties.get_by_role("button", name="确认：指全部 13 个县级政府").click()
    expect(counties).to_contain_text("已确认")
    expect(summary).to_contain_text("疑点已全部处理。")
    camera.shoot(page, "review-settled")


def write_report(
    page: Any, camera: Camera | None, task: str, body: str, pdf: Path | None, *, milestone: str = ""
) -> None:
    """李 opens `task` from 我的任务 and writes a report — on `milestone` through its 报送进展 link, else a
    general one — with `pdf` attached, saves it and submits it to the head."""
    page.get_by_role("link", name="我的任务", exact=True).click()
    page.get_by_role("link", name=task).click()
    expect(page.get_by_role("heading", name=task)).to_be_visible()
    if camera:
        camera.shoot(page, "task")
    if milestone:
        page.locator(".milestones li").filter(has_text=milestone).get_by_role("link", name="报送进展").click()
        expect(page.get_by_label("对应时间节点").locator("option:checked")).to_contain_text(milestone)
    else:
        page.get_by_role("link", name="新建进展报告").click()
    expect(page.get_by_role("heading", name="新建进展报告")).to_be_visible()
    page.get_by_label("进展情况").fill(body)
    if pdf is not None:
        page.get_by_label("上传新材料").set_input_files(pdf)
        # htmx stores the file at once and offers it, ticked, in the picker.
        expect(page.get_by_label(pdf.name)).to_be_checked()
    if camera:
        camera.shoot(page, "report-form")
        camera.shoot_phone(page, "report-form")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_text("报告已保存为草稿。确认无误后请提交单位负责人审核。")).to_be_visible()
    page.get_by_role("button", name="提交审核").click()
    expect(page.get_by_text("报告已提交，等待单位负责人审核。")).to_be_visible()
    expect(page.locator("h1 .badge")).to_have_text("待审核")
    expect(page.locator(".report-body")).to_have_text(body)
    if pdf is not None:
        expect(page.locator(".evidence-list")).to_contain_text(pdf.name)
    if camera:
        camera.shoot(page, "report-submitted")


def approve(page: Any, camera: Camera | None, task: str) -> None:
    """张 opens `task` from 我的任务, opens the report waiting for him and approves it."""
    page.get_by_role("link", name="我的任务", exact=True).click()
    page.get_by_role("link", name=task).click()
    page.locator("article.report").filter(has_text="待审核").get_by_role("link").first.click()
    expect(page.locator("h1 .badge")).to_have_text("待审核")
    expect(page.get_by_role("heading", name="审核", exact=True)).to_be_visible()
    if camera:
        camera.shoot(page, "report-review")
    page.get_by_role("button", name="审核通过").click()
    expect(page.get_by_text("报告已审核通过。")).to_be_visible()
    expect(page.locator("h1 .badge")).to_have_text("已审核")
    expect(page.locator(".history")).to_contain_text("张华 审核通过")
    if camera:
        camera.shoot(page, "report-approved")


@pytest.mark.django_db(transaction=True)
def test_the_whole_path(
    sign_in: Any, camera: Camera, demo_city: None, evidence_dir: Path, tmp_path: Path
) -> None:
    # 1. 王 uploads the notice and reviews it.
    wang = sign_in("wang", PASSWORD, camera=camera)
    expect(wang.get_by_role("heading", name="王敏，您好")).to_be_visible()
    camera.shoot(wang, "workbench")
    wang.get_by_role("link", name="工作安排", exact=True).click()
    wang.get_by_role("link", name="导入通知").click()
    wang.get_by_label("通知文件").set_input_files(SAMPLE)
    camera.shoot(wang, "import")
    wang.get_by_role("button", name="上传并解析").click()
    expect(wang.get_by_text("已解析出38项任务，请逐项核对疑点后发布。")).to_be_visible()
    expect(wang.get_by_role("heading", level=1)).to_have_text("驻马店市2018年度法治政府建设工作安排")
    review_the_notice(wang, camera)

    wang.get_by_role("button", name="确认并发布").click()
    expect(wang.get_by_text("已发布，各单位现在可以看到本单位的任务。")).to_be_visible()
    plan = Plan.objects.get()
    expect(wang).to_have_url(re.compile(rf"/plans/{plan.pk}/$"))
    ledger = wang.locator("table.ledger")
    expect(ledger.locator("tbody tr:not(.section-row)")).to_have_count(38)
    one = ledger.locator("tr").filter(has_text="深化行政审批制度改革")
    expect(one.locator("td").nth(2)).to_have_text("市编办")
    three = ledger.locator("tr").filter(has_text="深入推进商事制度改革")
    expect(three.locator("td").nth(2)).to_have_text("市工商局")
    expect(three).to_contain_text("市政府法制办公室")
    camera.shoot(wang, "plan")
    before = ledger_status(wang, plan, "(三)")
    counted = re.fullmatch(r"绿灯（完成 0/(\d+)）", before)
    assert counted, before
    total = int(counted[1])

    # 2. 李 reports on (一) with a PDF; 张 approves.
    pdf = tmp_path / "审批改革进展.pdf"
    pdf.write_bytes(minimal_pdf("Dudao walk-through evidence"))
    li = sign_in("li", PASSWORD)
    li.get_by_role("link", name="我的任务", exact=True).click()
    expect(li.get_by_role("heading", level=1)).to_have_text("市编办 · 2018年度任务")
    expect(li.get_by_role("link", name=TASK_ONE)).to_be_visible()
    expect(li.get_by_role("link", name=TASK_THREE)).to_be_visible()
    camera.shoot(li, "my-tasks")
    camera.shoot_phone(li, "my-tasks")
    write_report(li, camera, TASK_ONE, "已梳理市级行政审批事项清单，取消下放事项12项。", pdf)

    zhang = sign_in("zhang", PASSWORD)
    approve(zhang, camera, TASK_ONE)

    # 3. (三), led by 市工商局: 李 reports on its milestone, 张 approves, and 市编办's light turns done.
    body = "市编办已配合完成“多证合一”涉及的职责调整。"
    write_report(li, None, TASK_THREE, body, None, milestone="2018年3月1日起")
    approve(zhang, None, TASK_THREE)
    zhang.get_by_role("link", name=TASK_THREE).click()
    expect(zhang.locator("ul.milestones li").filter(has_text="2018年3月1日起")).to_contain_text("已完成")

    # 刘 of the lead unit sees that report among the co-units' and writes the consolidated report.
    liu = sign_in("liu", PASSWORD)
    liu.get_by_role("link", name="我的任务", exact=True).click()
    expect(liu.get_by_role("heading", level=1)).to_have_text("市工商局 · 2018年度任务")
    liu.get_by_role("link", name=TASK_THREE).click()
    co_report = liu.locator("article.report").filter(has=liu.get_by_text("市编办", exact=True))
    expect(co_report).to_contain_text(body)
    expect(co_report).to_contain_text("审核通过")
    liu.get_by_label("汇总情况").fill("商事制度改革按期推进；市编办已完成“多证合一”涉及的职责调整。")
    liu.get_by_role("checkbox", name=re.compile(r"^市编办 · 2018年3月1日起")).check()
    camera.shoot(liu, "consolidated")
    liu.get_by_role("button", name="保存汇总报告").click()
    expect(liu.get_by_text("汇总报告已保存。")).to_be_visible()
    expect(liu.get_by_label("汇总情况")).to_have_value(
        "商事制度改革按期推进；市编办已完成“多证合一”涉及的职责调整。"
    )
    liu.get_by_role("button", name="报送督导办").click()
    expect(liu.get_by_text("汇总报告已报送督导办。")).to_be_visible()
    camera.shoot(liu, "consolidated-submitted")

    # 4. The office's ledger: the plan page shows each task's progress, and the download counts
    # 市编办's approved report on (三)'s milestone as done.
    wang.reload()
    expect(wang.locator("table.ledger tbody tr:not(.section-row)")).to_have_count(38)
    for number in ("(一)", "(三)"):
        row = wang.locator("table.ledger tbody tr").filter(has_text=number).first
        expect(row).to_contain_text("已审核报告 1 份")
    expect(wang.get_by_role("link", name="导出任务台账（Excel）")).to_be_visible()
    camera.shoot(wang, "plan-after-reports")
    after = ledger_status(wang, plan, "(三)")
    assert after == f"绿灯（完成 1/{total}）", (before, after)
