"""The text parser never raises anything but an `IngestError`, whatever string it is given."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dudao.ingest import IngestError, parse_text

# Pieces of the genre, so that random documents reach deep into the parser, not only its first check.
TOKENS = [
    "一、", "二、", "(一)", "（二）", "1.", "2、", "(1)", "①", "6", "\n", " ", "。", ",", "、", ";", ":",
    "责任单位:", "牵头单位：", "配合单位:", "牵头负责领导:", "完成时限:", "部门分工:", "(", ")", "（", "）",
    "市编办", "各有关部门", "县级人民政府按职责分工分别负责", "牵头", "会同", "办理", "配合", "等",
    "今年7月1日前", "每季度至少一次", "全年不少于4次", "2018年底", "待《条例》出台后", "年内", "下同",
    "关于印发《某市2018年工作安排》的通知", "驻政办〔2018〕46号", "索引号 |", "|", "成文日期", "2018年4月11日",
    "序号", "工作任务", "完成时限", "關(guān)於", "責任單位:",
]  # fmt: skip


def _check(text: str) -> None:
    try:
        notice = parse_text(text)
    except IngestError:
        return
    for task in notice.tasks:
        assert task.title is not None
        assert set(task.lead_units) <= set(task.units)
        assert set(task.cooperating_units) <= set(task.units)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_arbitrary_text(text: str) -> None:
    _check(text)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TOKENS) | st.text(max_size=4), max_size=80).map("".join))
def test_notice_like_text(text: str) -> None:
    _check(text)
