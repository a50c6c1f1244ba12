"""render_table: task tables become numbered items with labelled lines; other tables stay readable."""

from __future__ import annotations

from dudao.ingest.readers.tables import render_table

HEADER = ["序号", "重点任务", "牵头单位", "责任单位", "完成时限"]


def test_task_rows_become_items_with_labelled_lines() -> None:
    rows = [
        HEADER,
        ["1", "完善行政决策程序。", "县司法局", "县政府办公室\n县发展改革委", "2024年 6月底前"],
        ["2", "推进政务公开。", "县政府办公室", "", "长期坚持"],
    ]

    assert render_table(rows) == [
        "1.完善行政决策程序。",
        "牵头单位:县司法局",
        "责任单位:县政府办公室、县发展改革委",
        "完成时限:2024年6月底前",
        "2.推进政务公开。",
        "牵头单位:县政府办公室",
        "完成时限:长期坚持",
    ]


def test_item_number_falls_back_to_the_row_position() -> None:
    rows = [
        ["序号", "工作任务", "责任单位"],
        ["", "建立法律顾问制度。", "县司法局"],
        ["二", "开展执法评议。", "县司法局"],
        ["（3）", "组织学法考试。", "县人社局"],
    ]

    assert [line for line in render_table(rows) if not line.startswith("责任单位")] == [
        "1.建立法律顾问制度。",
        "2.开展执法评议。",
        "3.组织学法考试。",
    ]


def test_task_text_paragraphs_stay_on_the_item_line() -> None:
    rows = [
        ["序号", "具体任务", "责任单位"],
        ["1", "健全监督机制\n完善执法监督平台。\n每半年通报一次。", "县司法局"],
    ]

    assert render_table(rows)[0] == "1.健全监督机制 完善执法监督平台。每半年通报一次。"


def test_merged_heading_rows_and_numbering_restarting_per_section() -> None:
    rows = [
        HEADER,
        ["一、优化营商环境"] * 5,
        ["", "清理涉企收费。", "县发展改革委", "县财政局", "年底前"],
        ["二", "推进执法规范化", "推进执法规范化", "推进执法规范化", "推进执法规范化"],
        ["", "开展案卷评查。", "县司法局", "各执法部门", "每季度"],
    ]

    lines = render_table(rows)

    assert lines[0] == "一、优化营商环境"
    assert lines[1] == "1.清理涉企收费。"
    assert lines[5] == "二、推进执法规范化"
    assert lines[6] == "1.开展案卷评查。"


def test_horizontally_merged_repeats_are_read_once() -> None:
    rows = [
        ["序号", "工作任务", "责任单位", "责任单位", "完成时限"],
        ["1", "编制权责清单。", "县委编办", "县委编办", "9月底前"],
    ]

    assert render_table(rows) == ["1.编制权责清单。", "责任单位:县委编办", "完成时限:9月底前"]


def test_title_row_and_two_row_header() -> None:
    rows = [
        ["2024年重点任务分工表"] * 5,
        ["序号", "重点任务", "责任单位", "责任单位", "时间节点"],
        ["序号", "重点任务", "牵头单位", "配合单位", "时间节点"],
        ["1", "完善复议体制。", "县司法局", "县信访局", "12月底前"],
        ["序号", "重点任务", "牵头单位", "配合单位", "时间节点"],  # header repeated on a new page
        ["2", "规范应诉工作。", "县司法局", "各有关部门", "长期"],
    ]

    assert render_table(rows) == [
        "2024年重点任务分工表",
        "1.完善复议体制。",
        "牵头单位:县司法局",
        "配合单位:县信访局",
        "时间节点:12月底前",
        "2.规范应诉工作。",
        "牵头单位:县司法局",
        "配合单位:各有关部门",
        "时间节点:长期",
    ]


def test_leaders_and_already_numbered_task_text() -> None:
    rows = [
        ["序号", "工作内容", "责任领导", "责任单位"],
        ["1", "（一）推进综合执法改革。", "王某某", "县委编办"],
    ]

    assert render_table(rows) == ["（一）推进综合执法改革。", "责任领导:王某某", "责任单位:县委编办"]


def test_sentences_in_a_field_are_not_turned_into_a_unit_list() -> None:
    rows = [
        ["序号", "重点任务", "完成时限"],
        ["1", "开展评估。", "上半年启动,\n年底前完成"],
    ]

    assert render_table(rows)[1] == "完成时限:上半年启动,年底前完成"


def test_other_tables_join_cells_with_pipes() -> None:
    rows = [
        ["索 引 号", "11410000-0731-2024-00012", "主题分类", "综合政务"],
        ["发布机构", "", "发文字号", "青政办〔2024〕7号"],
        ["成文日期", "2024年03月18日", "", ""],
    ]

    assert render_table(rows) == [
        "索 引 号 | 11410000-0731-2024-00012 | 主题分类 | 综合政务",
        "发布机构 |  | 发文字号 | 青政办〔2024〕7号",
        "成文日期 | 2024年03月18日",
    ]


def test_layout_tables_become_paragraphs() -> None:
    assert render_table([["一、总体要求\n坚持依法行政。"]]) == ["一、总体要求", "坚持依法行政。"]
    assert render_table([["标题"], ["正文第一段"], [""], ["正文第二段"]]) == [
        "标题",
        "正文第一段",
        "正文第二段",
    ]
    long_cell = "各单位要" + "认真落实" * 80 + "。"
    assert render_table([["附件", long_cell]]) == ["附件", long_cell]


def test_empty_tables_give_no_lines() -> None:
    assert render_table([]) == []
    assert render_table([["", " "], ["", ""]]) == []
