"""`milestone_specs`: what each time requirement of a task becomes, checked against SCENARIOS.md §1.

The sample notice is dated 2018-04-11: the first quarter of 2018 had ended, so its obligations are
kept but not applicable — never an instant red light.
"""

from __future__ import annotations

from datetime import date
from functools import cache

import pytest

from dudao.ingest import parse_source
from dudao.ingest.readers import read_file
from dudao.ingest.structure import prepare_lines
from dudao.plans.milestones import MilestoneSpec, milestone_specs
from dudao.plans.models import Milestone
from tests.plans.conftest import SAMPLE

ISSUED = date(2018, 4, 11)


@cache
def _sample() -> tuple[dict[str, list[dict]], str]:
    source = read_file(SAMPLE)
    notice = parse_source(source).to_json()
    return {task["path"][-1]: task["time_requirements"] for task in notice["tasks"]}, prepare_lines(
        source.text
    )[0]


def specs_of(number: str) -> list[MilestoneSpec]:
    requirements, source = _sample()
    return milestone_specs(requirements[number], year=2018, issued_on=ISSUED, source=source)


def brief(specs: list[MilestoneSpec]) -> list[tuple]:
    return [(s.kind, s.label, s.period_start, s.due, s.min_count, s.applicable, s.active) for s in specs]


def test_kinds_are_the_milestone_model_kinds() -> None:
    from dudao.plans import milestones

    names = ("DEADLINE", "START", "PERIODIC", "QUOTA", "EVENT", "ONGOING")
    assert {getattr(milestones, name) for name in names} == set(Milestone.Kind.values)


def test_task_7_has_deadlines_on_1_july_and_at_the_end_of_2018() -> None:
    specs = specs_of("(七)")

    assert [(s.kind, s.due, s.label) for s in specs] == [
        ("deadline", date(2018, 7, 1), "2018年7月1日前"),
        ("deadline", date(2018, 12, 31), "2018年12月31日前"),
    ]
    assert specs[0].text == "今年7月1日前"
    assert specs[1].text == "年内取得新进展"  # the clause says what is due


def test_task_30_is_due_at_the_end_of_2018() -> None:
    assert [(s.kind, s.due) for s in specs_of("(三十)")] == [("deadline", date(2018, 12, 31))]


def test_task_3_applies_from_1_march_2018() -> None:
    assert brief(specs_of("(三)")) == [("start", "2018年3月1日起", date(2018, 3, 1), None, None, True, True)]


def test_task_5_waits_dormant_for_the_regulation() -> None:
    (spec,) = specs_of("(五)")

    assert spec.kind == "event"
    assert spec.active is False
    assert spec.due is None
    assert spec.text == "待国务院《重大行政决策程序条例》出台后"


def test_task_17_clears_certificates_every_quarter_and_reviews_them_once_a_year() -> None:
    specs = specs_of("(十七)")

    assert brief(specs) == [
        ("periodic", "2018年第一季度", date(2018, 1, 1), date(2018, 3, 31), 1, False, True),
        ("periodic", "2018年第二季度", date(2018, 4, 1), date(2018, 6, 30), 1, True, True),
        ("periodic", "2018年第三季度", date(2018, 7, 1), date(2018, 9, 30), 1, True, True),
        ("periodic", "2018年第四季度", date(2018, 10, 1), date(2018, 12, 31), 1, True, True),
        ("periodic", "2018年度", date(2018, 1, 1), date(2018, 12, 31), 1, True, True),
    ]
    assert specs[0].text == "每季度对不符合规定条件的持证人员进行清理"
    assert specs[-1].text == "年审工作"


def test_task_31_study_sessions_quarterly_and_four_a_year_lectures_half_yearly_and_two_a_year() -> None:
    specs = specs_of("(三十一)")

    assert brief(specs) == [
        ("periodic", "2018年第一季度", date(2018, 1, 1), date(2018, 3, 31), 1, False, True),
        ("periodic", "2018年第二季度", date(2018, 4, 1), date(2018, 6, 30), 1, True, True),
        ("periodic", "2018年第三季度", date(2018, 7, 1), date(2018, 9, 30), 1, True, True),
        ("periodic", "2018年第四季度", date(2018, 10, 1), date(2018, 12, 31), 1, True, True),
        ("quota", "2018年全年（不少于4次）", date(2018, 1, 1), date(2018, 12, 31), 4, True, True),
        ("quota", "2018年全年（不少于2次）", date(2018, 1, 1), date(2018, 12, 31), 2, True, True),
        ("periodic", "2018年上半年", date(2018, 1, 1), date(2018, 6, 30), 1, True, True),
        ("periodic", "2018年下半年", date(2018, 7, 1), date(2018, 12, 31), 1, True, True),
    ]
    assert "法治专题讲座" in specs[5].text


def test_task_33_training_classes_twice_a_year_at_least_once_each_half() -> None:
    assert brief(specs_of("(三十三)")) == [
        ("quota", "2018年全年（不少于2次）", date(2018, 1, 1), date(2018, 12, 31), 2, True, True),
        ("periodic", "2018年上半年", date(2018, 1, 1), date(2018, 6, 30), 1, True, True),
        ("periodic", "2018年下半年", date(2018, 7, 1), date(2018, 12, 31), 1, True, True),
    ]


def test_task_35_holds_a_special_meeting_every_quarter() -> None:
    specs = specs_of("(三十五)")

    assert [(s.label, s.applicable) for s in specs] == [
        ("2018年第一季度", False),
        ("2018年第二季度", True),
        ("2018年第三季度", True),
        ("2018年第四季度", True),
    ]
    assert {s.text for s in specs} == {"每季度至少召开1次专题常务、办务会议"}


def test_task_34_first_quarter_duties_fall_in_2018_already_past_and_in_2019() -> None:
    """The Q1 deployment and the annual reports: 2018's first quarter was over when the notice came;
    the report on 2018 is due in the first quarter of 2019."""
    specs = specs_of("(三十四)")

    assert [(s.label, s.due, s.applicable) for s in specs] == [
        ("2018年第一季度", date(2018, 3, 31), False),
        ("2019年第一季度", date(2019, 3, 31), True),
    ] * 3
    assert [s.text for s in specs[::2]] == [
        "每年第一季度部署法治政府建设年度重点工作",
        "每年第一季度向同级党委、人大常委会和上一级政府报告上一年度法治政府建设情况",
        "每年第一季度向本级政府和上一级政府有关部门报告上一年度法治政府建设情况",
    ]


def test_no_milestone_is_ever_red_on_the_day_of_publication() -> None:
    requirements, source = _sample()
    for number, reqs in requirements.items():
        for spec in milestone_specs(reqs, year=2018, issued_on=ISSUED, source=source):
            if spec.due is not None and spec.due < ISSUED:
                assert not spec.applicable, number


def test_vague_phrases_and_quantity_targets_make_no_milestone() -> None:
    assert specs_of("(十一)") == []  # 定期
    assert milestone_specs([{"text": "至少明确1名", "kind": "target"}], year=2018, issued_on=ISSUED) == []


def test_a_deadline_without_a_resolved_date_makes_no_milestone() -> None:
    assert milestone_specs([{"text": "6月底前", "kind": "deadline"}], year=2018, issued_on=None) == []


def test_monthly_obligations_count_twelve_and_those_before_the_notice_do_not_apply() -> None:
    specs = milestone_specs(
        [{"text": "每月", "kind": "recurring", "period": "month"}], year=2018, issued_on=ISSUED
    )

    assert [s.label for s in specs[:2]] == ["2018年1月", "2018年2月"]
    assert len(specs) == 12
    assert [s.applicable for s in specs[:4]] == [False, False, False, True]  # April is still open
    assert specs[1].due == date(2018, 2, 28)


def test_weekly_obligations_follow_iso_weeks() -> None:
    specs = milestone_specs(
        [{"text": "每周", "kind": "recurring", "period": "week"}], year=2020, issued_on=None
    )

    assert len(specs) == 53  # 2020 has 53 ISO weeks
    assert (specs[0].label, specs[0].period_start, specs[0].due) == (
        "2020年第1周",
        date(2019, 12, 30),
        date(2020, 1, 5),
    )


def test_an_annual_duty_in_the_second_half_falls_due_at_year_end() -> None:
    specs = milestone_specs(
        [{"text": "每年下半年", "kind": "recurring", "period": "year"}], year=2018, issued_on=ISSUED
    )

    assert [(s.label, s.due) for s in specs] == [
        ("2018年下半年", date(2018, 12, 31)),
        ("2019年下半年", date(2019, 12, 31)),
    ]


def test_ongoing_work_is_one_open_milestone() -> None:
    (spec,) = milestone_specs([{"text": "长期坚持", "kind": "ongoing"}], year=2018, issued_on=ISSUED)

    assert (spec.kind, spec.due, spec.period_start) == ("ongoing", None, date(2018, 1, 1))


@pytest.mark.parametrize("issued_on", [None, date(2018, 1, 1)])
def test_a_notice_issued_at_the_start_of_the_year_keeps_every_period(issued_on: date | None) -> None:
    specs = milestone_specs(
        [{"text": "每季度至少一次", "kind": "recurring", "period": "quarter", "min_count": 1}],
        year=2018,
        issued_on=issued_on,
    )

    assert all(s.applicable for s in specs)
