"""The office's decisions on an import: each one versioned, audited, and refused when stale."""

from __future__ import annotations

import pytest

from dudao.audit.models import AuditEvent
from dudao.directory.models import Unit
from dudao.plans import services
from dudao.plans.models import NoticeImport
from dudao.plans.review import review_state
from dudao.plans.services import PlanError, StaleVersion

pytestmark = pytest.mark.django_db


def unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


def test_wang_says_which_unit_an_alias_means(sample_import: NoticeImport, wang) -> None:
    services.resolve_unit(sample_import, "市政府法制办", unit("zmd-fazhiban"), by=wang)

    sample_import.refresh_from_db()
    assert sample_import.resolutions == {"units": {"市政府法制办": "zmd-fazhiban"}}
    assert sample_import.version == 2
    assert review_state(sample_import).name("市政府法制办").settled
    event = AuditEvent.objects.get(event="notice_import.resolve_unit")
    assert event.changes == {"name": "市政府法制办", "before": None, "after": "zmd-fazhiban"}
    assert event.summary == "“市政府法制办”确认为市政府法制办公室"


def test_a_decision_on_a_screen_someone_has_changed_since_is_refused(
    sample_import: NoticeImport, wang
) -> None:
    seen_by_wang = NoticeImport.objects.get(pk=sample_import.pk)  # both open the review at version 1
    services.resolve_unit(sample_import, "市政府法制办", unit("zmd-fazhiban"), by=wang)

    with pytest.raises(StaleVersion) as stale:
        services.confirm_lead(seen_by_wang, "二/(六)", unit("zmd-jiwei"), by=wang)

    assert "其他管理员刚刚修改了这份通知的审核决定" in stale.value.messages[0]
    assert "请刷新页面" in stale.value.messages[0]
    sample_import.refresh_from_db()
    assert "leads" not in sample_import.resolutions
    assert sample_import.version == 2


def test_the_version_a_form_carried_is_what_counts(sample_import: NoticeImport, wang) -> None:
    services.resolve_unit(sample_import, "市政府法制办", unit("zmd-fazhiban"), by=wang)  # now version 2
    fresh = NoticeImport.objects.get(pk=sample_import.pk)

    with pytest.raises(StaleVersion):
        services.resolve_unit(fresh, "政府法制办公室", unit("zmd-fazhiban"), by=wang, version=1)
    services.resolve_unit(fresh, "政府法制办公室", unit("zmd-fazhiban"), by=wang, version=2)

    assert fresh.version == 3


def test_a_name_that_leads_a_task_cannot_be_ignored(sample_import: NoticeImport, wang) -> None:
    with pytest.raises(PlanError, match="是牵头单位，不能忽略") as refused:
        services.resolve_unit(sample_import, "市编办", None, by=wang)

    assert refused.value.field == "unit"


def test_a_name_the_notice_does_not_print_is_refused(sample_import: NoticeImport, wang) -> None:
    with pytest.raises(PlanError, match="通知中没有单位名称“市教育局”"):
        services.resolve_unit(sample_import, "市教育局", unit("zmd-fgw"), by=wang)


def test_wang_expands_a_placeholder_for_the_whole_plan_once(sample_import: NoticeImport, wang) -> None:
    departments = [unit("zmd-fgw"), unit("zmd-caizheng"), unit("zmd-bianban")]

    services.expand_placeholder(sample_import, "各有关部门", departments, by=wang)

    state = review_state(sample_import)
    row = state.placeholder("各有关部门")
    assert [u.code for u in row.expansion] == ["zmd-fgw", "zmd-caizheng", "zmd-bianban"]
    assert row.settled
    assert not state.placeholder("有关部门").settled  # a different placeholder, decided on its own
    assert AuditEvent.objects.filter(event="notice_import.expand_placeholder").count() == 1


def test_one_task_can_be_adjusted_after_the_bulk_expansion(sample_import: NoticeImport, wang) -> None:
    services.expand_placeholder(sample_import, "各有关部门", [unit("zmd-fgw"), unit("zmd-caizheng")], by=wang)

    services.expand_placeholder(
        sample_import, "各有关部门", [unit("zmd-tongji")], task_key="一/(四)", by=wang
    )

    row = review_state(sample_import).placeholder("各有关部门")
    assert [u.code for u in row.units_for("一/(四)")] == ["zmd-tongji"]
    assert [u.code for u in row.units_for("一/(一)")] == ["zmd-fgw", "zmd-caizheng"]
    assert sample_import.resolutions["task_placeholders"] == {"一/(四)": {"各有关部门": ["zmd-tongji"]}}


def test_adjusting_every_task_alone_also_settles_a_placeholder(sample_import: NoticeImport, wang) -> None:
    services.expand_placeholder(
        sample_import, "有关部门", [unit("zmd-gongshang")], task_key="三/(九)", by=wang
    )

    assert review_state(sample_import).placeholder("有关部门").settled


def test_a_placeholder_cannot_expand_to_nothing(sample_import: NoticeImport, wang) -> None:
    with pytest.raises(PlanError, match="请至少选择一个单位") as refused:
        services.expand_placeholder(sample_import, "各有关部门", [], by=wang)

    assert refused.value.field == "units"


def test_a_task_adjustment_must_name_a_task_with_that_placeholder(sample_import: NoticeImport, wang) -> None:
    with pytest.raises(PlanError, match="任务一/\\(一\\)中没有“有关部门”"):
        services.expand_placeholder(sample_import, "有关部门", [unit("zmd-fgw")], task_key="一/(一)", by=wang)


def test_wang_confirms_who_leads_a_task_whose_lead_is_a_placeholder(
    sample_import: NoticeImport, wang
) -> None:
    services.confirm_lead(sample_import, "三/(八)", unit("zmd-fazhiban"), by=wang)

    row = review_state(sample_import).lead("三/(八)")
    assert row.confirmed.name == "市政府法制办公室"
    assert (
        AuditEvent.objects.get(event="notice_import.confirm_lead").summary
        == "任务三/(八)的牵头单位确认为市政府法制办公室"
    )


def test_a_task_with_a_concrete_lead_needs_no_confirmation(sample_import: NoticeImport, wang) -> None:
    with pytest.raises(PlanError, match="不需要确认"):
        services.confirm_lead(sample_import, "一/(一)", unit("zmd-fgw"), by=wang)


def test_wang_confirms_that_county_level_governments_means_all_thirteen(
    sample_import: NoticeImport, wang
) -> None:
    services.confirm_subordinate(sample_import, "县级人民政府", True, by=wang)

    (row,) = review_state(sample_import).subordinate
    assert row.confirmed is True
    assert row.assignment_count == 468


def test_the_subordinate_clause_may_be_declared_not_applicable(sample_import: NoticeImport, wang) -> None:
    services.confirm_subordinate(sample_import, "县级人民政府", False, by=wang)

    (row,) = review_state(sample_import).subordinate
    assert row.settled and row.confirmed is False
    assert all(a.role != "subordinate" for t in review_state(sample_import).tasks for a in t.planned)


def test_the_default_resolutions_settle_every_doubt_of_the_sample(sample_import: NoticeImport, wang) -> None:
    services.apply_default_resolutions(sample_import, by=wang)

    decided = sample_import.resolutions
    assert decided["units"] == {"市政府法制办": "zmd-fazhiban", "政府法制办公室": "zmd-fazhiban"}
    assert set(decided["placeholders"]) == {"各有关部门", "有关部门"}
    assert "zmd-sifa" in decided["placeholders"]["各有关部门"]
    assert decided["leads"] == {
        "二/(六)": "zmd-jiwei",
        "三/(八)": decided["placeholders"]["各有关部门"][0],  # no concrete unit: the expansion's first
        "三/(九)": "zmd-gongshang",
        "三/(十一)": "zmd-fazhiban",
        "四/(十四)": "zmd-fazhiban",
        "四/(十六)": "zmd-fazhiban",
        "九/(三十三)": "zmd-renshe",
    }
    assert decided["subordinate"] == {"县级人民政府": True}
    assert review_state(sample_import).doubts == []
    assert sample_import.version == 2  # one decision, one version


def test_defaults_keep_what_wang_already_decided(sample_import: NoticeImport, wang) -> None:
    services.confirm_lead(sample_import, "三/(八)", unit("zmd-sifa"), by=wang)
    services.expand_placeholder(sample_import, "各有关部门", [unit("zmd-fgw")], by=wang)

    services.apply_default_resolutions(sample_import, by=wang)

    assert sample_import.resolutions["leads"]["三/(八)"] == "zmd-sifa"
    assert sample_import.resolutions["placeholders"]["各有关部门"] == ["zmd-fgw"]


def test_a_discarded_import_takes_no_more_decisions(sample_import: NoticeImport, wang) -> None:
    services.discard_import(sample_import, by=wang)

    assert sample_import.status == NoticeImport.Status.DISCARDED
    with pytest.raises(StaleVersion, match="已放弃"):
        services.resolve_unit(sample_import, "市政府法制办", unit("zmd-fazhiban"), by=wang)
