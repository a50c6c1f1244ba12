"""compose(): the bulletin's blocks from its figures; gather(): the figures, as the roll-up counts them."""

from __future__ import annotations

import datetime

import time_machine

from dudao.bulletins.compose import (
    EarlyFigure,
    Figures,
    OrderFigure,
    OverdueFigure,
    SectionFigure,
    compose,
    default_title,
    period_label,
)
from dudao.bulletins.figures import gather
from dudao.supervision.rollup import Tally, finished_early, overdue_items, plan_rollup
from tests.bulletins.conftest import GENERATED_ON, Q3

D = datetime.date


def _figures(**overrides: object) -> Figures:
    fields: dict = {
        "plan_title": "驻马店市2018年度法治政府建设工作安排",
        "doc_number": "驻政办〔2018〕46号",
        "year": 2018,
        "period_start": D(2018, 7, 1),
        "period_end": D(2018, 9, 30),
        "overall": Tally(total=8, done=5, red=2, yellow=1, green=0),
        "sections": [
            SectionFigure("一、依法全面履行政府职能", Tally(total=3, done=1, red=2)),
            SectionFigure("二、完善依法行政制度体系", Tally(total=5, done=4, yellow=1)),
        ],
        "early": [
            EarlyFigure(
                "市编办", "(二)加强法治宣传教育", "2018-11-30", D(2018, 8, 15), D(2018, 11, 30), "(二)"
            )
        ],
        "overdue": [
            OverdueFigure("市工商局", "(一)深化行政审批制度改革", "2018-07-01", D(2018, 7, 1), 91),
            OverdueFigure("市工商局", "(三)推进政务公开", "2018-09-01", D(2018, 9, 1), 0),
        ],
        "orders": [
            OrderFigure("〔2018〕第1号", "市工商局", "(一)深化行政审批制度改革", D(2018, 7, 20), True),
            OrderFigure("〔2018〕第2号", "西平县人民政府", "", D(2018, 10, 15), False, answered=True),
        ],
    }
    fields.update(overrides)
    return Figures(**fields)


def _texts(blocks: list[dict]) -> list[str]:
    return [block["text"] for block in blocks if block["kind"] != "table"]


def _tables(blocks: list[dict]) -> dict[str, dict]:
    return {block["caption"]: block for block in blocks if block["kind"] == "table"}


def test_the_period_is_named_the_way_the_office_names_it() -> None:
    assert period_label(2018, D(2018, 7, 1), D(2018, 9, 30)) == "第三季度"
    assert period_label(2018, D(2018, 1, 1), D(2018, 6, 30)) == "上半年"
    assert period_label(2018, D(2018, 1, 1), D(2018, 12, 31)) == "全年"
    assert period_label(2018, D(2018, 1, 1), D(2018, 9, 30)) == "1月1日至9月30日"
    assert (
        default_title(2018, D(2018, 7, 1), D(2018, 9, 30))
        == "关于2018年第三季度法治政府建设工作推进情况的通报"
    )
    assert default_title(2018, D(2018, 12, 1), D(2019, 1, 31)) == (
        "关于2018年12月1日至2019年1月31日法治政府建设工作推进情况的通报"
    )


def test_the_blocks_follow_the_bulletin_outline() -> None:
    blocks = compose(_figures())

    assert blocks[0]["kind"] == "paragraph"
    assert "《驻马店市2018年度法治政府建设工作安排》（驻政办〔2018〕46号）" in blocks[0]["text"]
    assert "2018年第三季度" in blocks[0]["text"]
    headings = [block["text"] for block in blocks if block["kind"] == "heading"]
    assert headings == [
        "一、总体进展情况",
        "二、提前完成任务的单位",
        "三、逾期未完成任务的单位",
        "四、督办事项办理情况",
        "五、下步工作要求",
    ]


def test_the_overall_paragraph_and_the_section_table_carry_the_figures() -> None:
    blocks = compose(_figures())

    assert (
        "截至2018年9月30日，工作安排确定的任务节点共8项，已完成5项，完成率62.5%；"
        "正常推进0项，临近时限1项，逾期未完成2项。"
    ) in _texts(blocks)
    sections = _tables(blocks)["表1 各部分任务完成情况"]
    assert sections["header"] == ["工作部分", "任务节点", "已完成", "完成率", "临近时限", "逾期未完成"]
    assert sections["rows"] == [
        ["一、依法全面履行政府职能", "3", "1", "33.3%", "0", "2"],
        ["二、完善依法行政制度体系", "5", "4", "80.0%", "1", "0"],
        ["合计", "8", "5", "62.5%", "1", "2"],
    ]


def test_overdue_units_are_named_with_task_and_days_late() -> None:
    blocks = compose(_figures())

    assert any("市工商局等1个单位有2项任务节点逾期未完成，予以通报批评" in text for text in _texts(blocks))
    assert _tables(blocks)["表3 逾期未完成任务情况"]["rows"] == [
        ["市工商局", "(一)深化行政审批制度改革", "2018-07-01", "2018年7月1日", "91天"],
        ["市工商局", "(三)推进政务公开", "2018-09-01", "2018年9月1日", "被退回，未重新报送"],
    ]


def test_early_finishers_are_praised_and_open_orders_listed_with_escalation_marked() -> None:
    blocks = compose(_figures())

    assert any("市编办等1个单位提前完成了1项任务节点，予以通报表扬" in text for text in _texts(blocks))
    assert _tables(blocks)["表2 提前完成任务情况"]["rows"] == [["市编办", "1", "(二)"]]
    assert _tables(blocks)["表4 未办结督办单"]["rows"] == [
        [
            "〔2018〕第1号",
            "市工商局",
            "(一)深化行政审批制度改革",
            "2018年7月20日",
            "逾期未答复（已提交领导督办）",
        ],
        ["〔2018〕第2号", "西平县人民政府", "—", "2018年10月15日", "已答复，待办结"],
    ]


def test_early_finishers_are_one_row_per_unit_most_first_and_the_sentence_names_five() -> None:
    early = [
        EarlyFigure(f"单位{n}", f"({t})任务", "节点", D(2018, 8, 1), D(2018, 12, 1), f"({t})")
        for n in range(7)
        for t in ("一", "二", "一")
    ] + [EarlyFigure("单位7", "(三)任务", "节点", D(2018, 8, 1), D(2018, 12, 1), "(三)")] * 4

    blocks = compose(_figures(early=early))

    rows = _tables(blocks)["表2 提前完成任务情况"]["rows"]
    assert rows[:2] == [["单位7", "4", "(三)"], ["单位0", "3", "(一)、(二)"]]  # most first
    assert len(rows) == 8
    praise = "本期，单位7、单位0、单位1、单位2、单位3等8个单位提前完成了25项任务节点，予以通报表扬。"
    assert praise in _texts(blocks)


def test_empty_lists_become_one_sentence_instead_of_an_empty_table() -> None:
    blocks = compose(_figures(early=[], overdue=[], orders=[]))

    assert list(_tables(blocks)) == ["表1 各部分任务完成情况"]
    texts = _texts(blocks)
    assert "本期没有提前完成任务节点的单位。" in texts
    assert "截至2018年9月30日，没有逾期未完成的任务节点。" in texts
    assert "截至2018年9月30日，没有未办结的督办单。" in texts


def test_a_section_with_nothing_due_yet_has_a_dash_for_its_rate() -> None:
    blocks = compose(
        _figures(overall=Tally(), sections=[SectionFigure("三、深入推进服务型行政执法建设", Tally())])
    )

    assert _tables(blocks)["表1 各部分任务完成情况"]["rows"] == [
        ["三、深入推进服务型行政执法建设", "0", "0", "—", "0", "0"],
        ["合计", "0", "0", "—", "0", "0"],
    ]


# --- gather(): the figures of the hand-built plan ------------------------------------------------------


def test_the_figures_are_the_rollups_as_of_the_period_end(q3: dict) -> None:
    plan = q3["plan"]
    with time_machine.travel(GENERATED_ON, tick=False):
        figures = gather(plan, *Q3)
        rollup = plan_rollup(plan, Q3[1])

    assert figures.overall == rollup.overall == Tally(total=7, done=3, red=2, yellow=0, green=2)
    assert [(s.name, s.tally) for s in figures.sections] == [
        ("一、依法全面履行政府职能", Tally(total=2, done=1, red=1)),
        ("二、完善依法行政制度体系", Tally(total=5, done=2, red=1, green=2)),
    ]
    assert [(s.name, s.tally) for s in figures.sections] == [(str(s), t) for s, t in rollup.by_section]
    assert [(i.unit, i.task, i.days_late) for i in figures.overdue] == [
        ("市工商局", "(一)深化行政审批制度改革", 91),
        ("市工商局", "(三)推进政务公开", 29),
    ]
    assert len(figures.overdue) == len(overdue_items(plan, Q3[1]))


def test_only_work_finished_early_within_the_period_is_praised(q3: dict) -> None:
    figures = gather(q3["plan"], *Q3)

    # 市编办's (一) was done on 20 June, before the quarter; 西平县's (三) was done after its due date.
    assert [(i.unit, i.task, i.task_number, i.done_on) for i in figures.early] == [
        ("市编办", "(二)加强法治宣传教育", "(二)", D(2018, 8, 15)),
    ]
    assert len(figures.early) == len(finished_early(q3["plan"], *Q3))


def test_open_orders_of_the_plan_are_listed_and_the_ignored_one_is_escalated(q3: dict) -> None:
    figures = gather(q3["plan"], *Q3)

    assert [(o.label, o.unit, o.escalated) for o in figures.orders] == [
        ("〔2018〕第1号", "市工商局", True),
        ("〔2018〕第2号", "西平县人民政府", False),
    ]
