"""`review_state`: every doubt of the sample notice, with the figures SCENARIOS.md §1 requires."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dudao.directory.models import Unit
from dudao.plans import services
from dudao.plans.models import NoticeImport, Plan
from dudao.plans.review import review_state
from tests.plans.conftest import load_directory

pytestmark = pytest.mark.django_db

PLACEHOLDER_LEADS = ["(六)", "(八)", "(九)", "(十一)", "(十四)", "(十六)", "(三十三)"]


def test_the_sample_has_10_sections_and_38_tasks(sample_import: NoticeImport) -> None:
    state = review_state(sample_import)

    assert len(state.sections) == 10
    assert len(state.tasks) == 38
    assert [len(s.tasks) for s in state.sections] == [4, 3, 5, 5, 4, 4, 2, 3, 3, 5]
    assert state.sections[0].title == "依法全面履行政府职能"


def test_24_unit_names_two_of_them_aliases_of_the_legal_affairs_office_make_22_units(
    sample_import: NoticeImport,
) -> None:
    state = review_state(sample_import)

    assert state.name_count == 24
    assert state.unit_count == 22
    flagged = {row.verbatim: (row.match, row.suggested.name) for row in state.flagged_names}
    assert flagged == {
        "市政府法制办": ("alias", "市政府法制办公室"),
        "政府法制办公室": ("alias", "市政府法制办公室"),
    }
    assert all(row.candidates[0].name == "市政府法制办公室" for row in state.flagged_names)


def test_every_task_names_a_placeholder(sample_import: NoticeImport) -> None:
    state = review_state(sample_import)

    assert state.placeholder_task_count == 38
    assert {row.verbatim: len(row.task_keys) for row in state.placeholders} == {
        "各有关部门": 37,
        "有关部门": 1,
    }
    suggested = {u.name for u in state.placeholders[0].suggested}
    assert {"市发改委", "市司法局", "市财政局"} <= suggested
    assert "市市场监督管理局" not in suggested  # founded only in the 2018 reform, after the notice
    assert "市编办" not in suggested  # a party organ, not a government department


def test_seven_tasks_ask_who_leads_offering_the_first_concrete_unit(sample_import: NoticeImport) -> None:
    state = review_state(sample_import)

    offered = {row.number: row.offered.name if row.offered else None for row in state.leads}
    assert list(offered) == PLACEHOLDER_LEADS
    assert offered == {
        "(六)": "市纪委监察委",
        "(八)": None,  # only 各有关部门: the office must choose
        "(九)": "市工商局",
        "(十一)": "市政府法制办公室",
        "(十四)": "市政府法制办公室",
        "(十六)": "市政府法制办公室",
        "(三十三)": "市人社局",
    }


def test_36_tasks_fall_to_13_subordinate_governments_making_468_assignments(
    sample_import: NoticeImport,
) -> None:
    state = review_state(sample_import)

    (row,) = state.subordinate
    assert row.level == "县级人民政府"
    assert len(row.task_keys) == 36
    assert len(row.governments) == 13
    assert {"西平县人民政府", "驻马店经济开发区管理委员会"} <= {u.name for u in row.governments}
    assert state.subordinate_assignment_count == 468
    without = {t.number for t in state.tasks if not t.subordinate_level}
    assert without == {"(十九)", "(三十二)"}


def test_every_open_decision_is_a_doubt_and_vague_phrases_are_notes(sample_import: NoticeImport) -> None:
    state = review_state(sample_import)

    assert [d.kind for d in state.doubts] == ["names"] * 2 + ["placeholders"] * 2 + ["leads"] * 7 + [
        "subordinate"
    ]
    assert not state.can_publish
    notes = [n.message for n in state.notes if n.kind == "time"]
    assert "(十一)时限“定期”表述不具体,不生成时间节点" in notes
    assert len(notes) == 6


def test_the_screen_lists_the_31_milestones_publication_will_create(sample_import: NoticeImport) -> None:
    state = review_state(sample_import)

    assert state.milestone_count == 31
    assert [m.label for m in state.task("二/(七)").milestones] == ["2018年7月1日前", "2018年12月31日前"]


def test_each_task_shows_its_own_source_lines_with_phrases_marked(sample_import: NoticeImport) -> None:
    state = review_state(sample_import)
    task = state.task("二/(七)")

    text = "".join(seg.text for line in task.lines for seg in line.segments)
    assert text.startswith("(七)积极推进政府法律顾问和公职律师制度")
    assert text.replace("\n", "") == sample_import.source_text[task.span[0] : task.span[1]].replace("\n", "")
    marks = {(seg.mark, seg.text) for line in task.lines for seg in line.segments if seg.mark}
    assert {
        ("time", "今年7月1日前"),
        ("unit", "市司法局"),
        ("placeholder", "各有关部门"),
        ("clause", "县级人民政府"),
    } <= marks
    assert task.line_range == "第30–31行"


def test_decisions_settle_the_doubts(sample_import: NoticeImport, wang) -> None:
    services.apply_default_resolutions(sample_import, by=wang)
    state = review_state(sample_import)

    assert state.doubts == []
    assert state.can_publish
    six = state.task("二/(六)")
    assert [u.name for cell in six.leads for u in cell.units] == ["市纪委监察委"]
    assert all("市纪委监察委" not in [u.name for u in c.units] for c in six.others)  # shown once, as lead


def test_an_unknown_name_is_offered_candidates_and_blocks_until_decided(wang, sample_bytes: bytes) -> None:
    data = sample_bytes.decode().replace("市审计局", "市审记局").encode()
    notice_import = services.start_import(data, "typo.txt", by=wang)
    state = review_state(notice_import)

    row = state.name("市审记局")
    assert row.match in ("fuzzy", "unresolved")
    assert row.candidates[0].name == "市审计局"
    assert "单位名称“市审记局”待确认" in [d.message for d in state.doubts]


def test_the_review_reads_the_directory_in_a_fixed_number_of_queries(sample_import: NoticeImport) -> None:
    with CaptureQueriesContext(connection) as queries:
        review_state(sample_import)

    assert len(queries) <= 3  # units, aliases for the suggestions, plans with the same 文号


def test_a_notice_published_before_from_another_file_is_noted_and_not_published_again(
    sample_import: NoticeImport, wang, people
) -> None:
    Plan.objects.filter(pk=people["plan"].pk).update(doc_number="")  # the shared cast's plan had it too
    services.apply_default_resolutions(sample_import, by=wang)
    services.publish(sample_import, by=wang)
    again = services.start_import(
        (sample_import.source_text + "\n附件:无\n").encode(), "网页另存.txt", by=wang
    )
    services.apply_default_resolutions(again, by=wang)

    notes = [n.message for n in review_state(again).notes]

    assert (
        "文号为驻政办〔2018〕46号的工作安排《驻马店市2018年度法治政府建设工作安排》已经发布,"
        "本次导入不能再发布;如需修改请在已发布的安排上修订"
    ) in notes
    with pytest.raises(services.DoubtsRemain, match="不能重复发布"):
        services.publish(again, by=wang)
    assert Plan.objects.filter(doc_number="驻政办〔2018〕46号").count() == 1


def test_a_unit_deleted_from_the_directory_since_the_upload_becomes_a_doubt(
    sample_import: NoticeImport,
) -> None:
    Unit.objects.filter(code="zmd-shangwu").update(code="zmd-shangwu-old")  # the parse still says zmd-shangwu
    state = review_state(sample_import)

    assert state.name("市商务局").settled is False
    load_directory()
