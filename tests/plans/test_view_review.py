"""/plans/import/<id>/: the review screen and its decision endpoints (htmx partials and plain posts)."""

from __future__ import annotations

import re
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from dudao.plans import services
from dudao.plans.models import NoticeImport, Plan

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name: str, notice_import: NoticeImport, *args: object) -> str:
    return reverse(f"plans:{name}", args=[notice_import.pk, *args])


@pytest.fixture
def office(client: Client, wang) -> Client:
    client.force_login(wang)
    return client


def test_the_screen_shows_the_figures_the_doubts_and_each_task_beside_its_source(
    office: Client, sample_import: NoticeImport
) -> None:
    page = office.get(url("review", sample_import)).content.decode()

    for figure in (
        "<b>10</b> 个部分",
        "<b>38</b> 项任务",
        "<b>24</b> 个单位名称",
        "<b>22</b> 个单位",
        "<b>468</b> 条县级分工",
        "<b>31</b> 个时间节点",
    ):
        assert figure in page
    assert "还有 12 处疑点需要处理" in page
    assert page.count('class="review-task') == 38
    assert '<mark class="time">今年7月1日前</mark>' in page
    assert "原文 第30–31行" in page
    assert "2019年第一季度" in page and "通知印发前已结束，不适用" in page and "待事件发生后激活" in page
    assert re.search(r"<button type=\"submit\" disabled[^>]*>确认并发布</button>", page)


def test_picking_the_unit_an_alias_means_re_renders_its_row_the_summary_and_its_task(
    office: Client, sample_import: NoticeImport
) -> None:
    response = office.post(
        url("resolve_unit", sample_import),
        {"verbatim": "市政府法制办", "unit": "zmd-fazhiban", "version": 1},
        **HTMX,
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<li class="decision" id="name-row-3">')
    assert '<section id="summary" class="card review-summary" hx-swap-oob="true">' in page
    assert '<article id="task-1" class="review-task" hx-swap-oob="true">' in page  # (二) prints 市政府法制办
    assert 'class="review-version" hx-swap-oob="outerHTML:.review-version"' in page
    assert 'value="2" class="review-version"' in page
    sample_import.refresh_from_db()
    assert sample_import.resolutions["units"] == {"市政府法制办": "zmd-fazhiban"}


def test_without_htmx_a_decision_returns_to_the_screen(office: Client, sample_import: NoticeImport) -> None:
    response = office.post(
        url("resolve_unit", sample_import), {"verbatim": "市政府法制办", "unit": "zmd-fazhiban", "version": 1}
    )

    assert response.status_code == 302
    assert response["Location"] == url("review", sample_import) + "#names"


def test_no_unit_chosen_puts_the_error_beside_the_select(office: Client, sample_import: NoticeImport) -> None:
    response = office.post(
        url("resolve_unit", sample_import), {"verbatim": "市政府法制办", "unit": "", "version": 1}, **HTMX
    )

    page = response.content.decode()
    assert '<div class="field has-error">' in page
    assert 'aria-invalid="true" aria-describedby="id_unit_error"' in page
    assert '<ul class="errorlist" id="id_unit_error"><li>请选择这个名称对应的单位。</li></ul>' in page
    sample_import.refresh_from_db()
    assert sample_import.version == 1


def test_a_decision_from_a_stale_screen_says_so_and_shows_the_current_state(
    office: Client, sample_import: NoticeImport, wang
) -> None:
    services.resolve_unit(sample_import, "政府法制办公室", None, by=wang)  # 另一位管理员 acted meanwhile

    response = office.post(
        url("resolve_unit", sample_import),
        {"verbatim": "市政府法制办", "unit": "zmd-fazhiban", "version": 1},
        **HTMX,
    )

    page = response.content.decode()
    assert "其他管理员刚刚修改了这份通知的审核决定（当前第2版，您看到的是第1版）" in page
    assert "刷新页面" in page
    assert 'value="2" class="review-version"' in page
    sample_import.refresh_from_db()
    assert "市政府法制办" not in sample_import.resolutions["units"]


def test_the_stale_error_without_htmx_renders_the_whole_screen(
    office: Client, sample_import: NoticeImport, wang
) -> None:
    services.resolve_unit(sample_import, "政府法制办公室", None, by=wang)

    response = office.post(
        url("resolve_unit", sample_import), {"verbatim": "市政府法制办", "unit": "zmd-fazhiban", "version": 1}
    )

    assert response.status_code == 400
    assert "其他管理员刚刚修改了" in response.content.decode()


def test_bulk_expanding_a_placeholder_updates_every_task_that_prints_it(
    office: Client, sample_import: NoticeImport
) -> None:
    response = office.post(
        url("expand_placeholder", sample_import),
        {"verbatim": "各有关部门", "units": ["zmd-fgw", "zmd-caizheng"], "version": 1},
        **HTMX,
    )

    page = response.content.decode()
    assert page.lstrip().startswith('<div class="decision" id="placeholder-row-0">')
    assert (
        page.count('class="review-task" hx-swap-oob="true"')
        + page.count('class="review-task doubtful" hx-swap-oob="true"')
        == 37
    )
    assert "已展开为 2 个单位" in page


def test_an_empty_expansion_is_refused_beside_the_boxes(office: Client, sample_import: NoticeImport) -> None:
    response = office.post(
        url("expand_placeholder", sample_import), {"verbatim": "各有关部门", "version": 1}, **HTMX
    )

    assert (
        '<ul class="errorlist" id="id_units_error"><li>请至少选择一个单位。</li></ul>'
        in response.content.decode()
    )


def test_one_task_is_adjusted_from_its_row(office: Client, sample_import: NoticeImport) -> None:
    form = office.get(url("task_placeholders", sample_import, 3), **HTMX)
    assert form.status_code == 200
    assert 'name="task_key" value="一/(四)"' in form.content.decode()
    assert "<html" not in form.content.decode()

    response = office.post(
        url("expand_placeholder", sample_import),
        {"verbatim": "各有关部门", "task_key": "一/(四)", "units": ["zmd-tongji"], "version": 1},
        **HTMX,
    )

    page = response.content.decode()
    assert page.lstrip().startswith('<article id="task-3"')
    assert "单独调整" in page
    assert 'id="placeholder-row-0" hx-swap-oob="true"' in page


def test_the_adjustment_form_is_a_page_of_its_own_without_htmx(
    office: Client, sample_import: NoticeImport
) -> None:
    page = office.get(url("task_placeholders", sample_import, 3)).content.decode()

    assert "<html" in page and "(四)继续深化价格改革" in page
    assert office.get(url("task_placeholders", sample_import, 99)).status_code == 404


def test_wang_confirms_a_placeholder_lead_with_the_offered_unit(
    office: Client, sample_import: NoticeImport
) -> None:
    page = office.get(url("review", sample_import)).content.decode()
    assert re.search(r'id="lead-5".*?<option value="zmd-jiwei" selected>市纪委监察委</option>', page, re.S)

    response = office.post(
        url("confirm_lead", sample_import), {"task_key": "二/(六)", "unit": "zmd-jiwei", "version": 1}, **HTMX
    )

    page = response.content.decode()
    assert page.lstrip().startswith('<li class="decision" id="lead-row-5"')
    assert '<article id="task-5"' in page


def test_wang_confirms_the_county_governments(office: Client, sample_import: NoticeImport) -> None:
    response = office.post(
        url("confirm_subordinate", sample_import),
        {"level": "县级人民政府", "confirm": "yes", "version": 1},
        **HTMX,
    )

    page = response.content.decode()
    assert page.lstrip().startswith('<div class="decision" id="subordinate-row-0"')
    assert page.count('hx-swap-oob="true"') == 36 + 1  # the 36 tasks and the summary
    sample_import.refresh_from_db()
    assert sample_import.resolutions["subordinate"] == {"县级人民政府": True}


def test_publishing_with_doubts_left_is_refused_with_the_list(
    office: Client, sample_import: NoticeImport
) -> None:
    response = office.post(url("publish", sample_import), {"version": 1}, **HTMX)

    page = response.content.decode()
    assert page.lstrip().startswith('<section id="summary"')
    assert "还有疑点未处理,不能发布:单位名称“市政府法制办”待确认" in page
    assert not Plan.objects.filter(source=sample_import).exists()


def test_publishing_a_reviewed_import_opens_the_plan(
    office: Client, sample_import: NoticeImport, wang
) -> None:
    services.apply_default_resolutions(sample_import, by=wang)

    response = office.post(url("publish", sample_import), {"version": 2}, **HTMX)

    plan = Plan.objects.get(source=sample_import)
    assert response["HX-Redirect"] == reverse("plans:detail", args=[plan.pk])
    assert office.get(url("review", sample_import))["Location"] == reverse("plans:detail", args=[plan.pk])


def test_publishing_without_htmx_redirects(office: Client, sample_import: NoticeImport, wang) -> None:
    services.apply_default_resolutions(sample_import, by=wang)

    response = office.post(url("publish", sample_import), {"version": 2})

    assert response.status_code == 302
    assert response["Location"] == reverse("plans:detail", args=[Plan.objects.get(source=sample_import).pk])


def test_discarding_an_import(office: Client, sample_import: NoticeImport) -> None:
    response = office.post(url("discard", sample_import), {"version": 1})

    assert response["Location"] == reverse("plans:list")
    sample_import.refresh_from_db()
    assert sample_import.status == NoticeImport.Status.DISCARDED
    assert office.get(url("review", sample_import))["Location"] == reverse("plans:list")


ENDPOINTS = [
    ("get", "review", ()),
    ("get", "task_placeholders", (0,)),
    ("post", "resolve_unit", ()),
    ("post", "expand_placeholder", ()),
    ("post", "confirm_lead", ()),
    ("post", "confirm_subordinate", ()),
    ("post", "publish", ()),
    ("post", "discard", ()),
]


@pytest.mark.parametrize("who", ["liaison_a", "head_a", "liaison_b", "county_office", "leader", "auditor"])
@pytest.mark.parametrize(("method", "name", "args"), ENDPOINTS)
def test_only_the_office_may_review(
    client: Client, people: dict, sample_import: NoticeImport, who: str, method: str, name: str, args: tuple
) -> None:
    client.force_login(people[who])

    response = getattr(client, method)(url(name, sample_import, *args), {"version": 1})

    assert response.status_code == 403
    sample_import.refresh_from_db()
    assert sample_import.version == 1


@pytest.mark.parametrize(("method", "name", "args"), ENDPOINTS)
def test_anonymous_visitors_are_sent_to_log_in(
    client: Client, sample_import: NoticeImport, method: str, name: str, args: tuple
) -> None:
    response = getattr(client, method)(url(name, sample_import, *args))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(("method", "name", "args"), ENDPOINTS)
def test_an_import_that_does_not_exist_is_404(office: Client, method: str, name: str, args: tuple) -> None:
    missing = reverse(f"plans:{name}", args=[uuid.uuid4(), *args])

    assert getattr(office, method)(missing, {"version": 1}).status_code == 404


def test_the_review_page_does_not_answer_other_methods(office: Client, sample_import: NoticeImport) -> None:
    assert office.post(url("review", sample_import)).status_code == 405
    assert office.get(url("publish", sample_import)).status_code == 405
