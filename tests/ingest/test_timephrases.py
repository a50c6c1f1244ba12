"""Time requirements and quantity targets in a task's text: a phrase in context → the JSON it must give.

Each table row is (sentence, expected `to_json()` of every requirement found, span and rule left out).
The plan year is 2021 unless a row says otherwise. No row needs the shared corpus.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dudao.ingest.timephrases import extract_quantity_targets, extract_time_requirements, to_int

YEAR = 2021


def meanings(text: str, year: int | None = YEAR, *, labelled: bool = False) -> list[dict[str, Any]]:
    out = []
    for req in extract_time_requirements(text, year, labelled=labelled):
        found = req.to_json()
        found.pop("span")
        found.pop("rule")
        out.append(found)
    return out


def deadline(text: str, due: str | None) -> dict[str, Any]:
    return {"text": text, "kind": "deadline", "due": due} if due else {"text": text, "kind": "deadline"}


def recurring(text: str, period: str, min_count: int | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"text": text, "kind": "recurring", "period": period}
    if min_count is not None:
        out["min_count"] = min_count
    return out


DEADLINES = [
    ("各区县要在今年9月1日前完成自查", [deadline("今年9月1日前", "2021-09-01")]),
    ("清理结果于2021年12月31日前报市司法局", [deadline("2021年12月31日前", "2021-12-31")]),
    ("2021年12月底前完成系统升级", [deadline("2021年12月底前", "2021-12-31")]),
    ("11月底前出台配套办法", [deadline("11月底前", "2021-11-30")]),
    ("二月底前报送名单", [deadline("二月底前", "2021-02-28")]),
    ("十二月底前完成验收", [deadline("十二月底前", "2021-12-31")]),
    ("2022年6月前完成立法调研", [deadline("2022年6月前", "2022-06-30")]),
    ("8月前完成培训", [deadline("8月前", "2021-08-31")]),
    ("5月份完成评估", [deadline("5月份完成", "2021-05-31")]),
    ("4月中旬前报送方案", [deadline("4月中旬前", "2021-04-20")]),
    ("力争年底前实现全覆盖", [deadline("年底前", "2021-12-31")]),
    ("确保年内建成投用", [deadline("年内", "2021-12-31")]),
    ("今年内出台实施细则", [deadline("今年内", "2021-12-31")]),
    ("本年度内完成清理", [deadline("本年度内", "2021-12-31")]),
    ("2021年底全县建成服务平台", [deadline("2021年底", "2021-12-31")]),
    ("明年年底前完成整改", [deadline("明年年底前", "2022-12-31")]),
    ("上半年完成试点", [deadline("上半年完成", "2021-06-30")]),
    ("下半年组织第三方评估", [deadline("下半年", "2021-12-31")]),
    ("第二季度完成摸底", [deadline("第二季度完成", "2021-06-30")]),
    ("一季度末前印发方案", [deadline("一季度末前", "2021-03-31")]),
    ("三季度开展交叉检查", [deadline("三季度", "2021-09-30")]),
    ("截至2022年底,实现网上办理", [deadline("截至2022年底", "2022-12-31")]),
    ("到2025年,基本建成数字政府", [deadline("到2025年", "2025-12-31")]),
    ("力争2023年前全部完成改造", [deadline("2023年前", "2023-12-31")]),
    ("2021年至2023年开展三年行动", [deadline("2021年至2023年", "2023-12-31")]),
    ("4月至6月开展集中整治", [deadline("4月至6月", "2021-06-30")]),
    ("7-9月开展回头看", [deadline("7-9月", "2021-09-30")]),
]

STARTS = [
    ("从今年5月1日起全面推行告知承诺制", [{"text": "从今年5月1日起", "kind": "start", "from": "2021-05-01"}]),
    ("自2022年1月1日起施行", [{"text": "自2022年1月1日起", "kind": "start", "from": "2022-01-01"}]),
    (
        "从2021年起,每年评选一次",
        [{"text": "从2021年起", "kind": "start", "from": "2021-01-01"}, recurring("每年评选一次", "year", 1)],
    ),
    ("10月起试运行", [{"text": "10月起", "kind": "start", "from": "2021-10-01"}]),
]

RECURRING = [
    ("每月报送工作台账", [recurring("每月", "month")]),
    ("每月底前报送进展", [recurring("每月底前", "month")]),
    ("每周调度一次", [recurring("每周调度一次", "week", 1)]),
    ("每半年通报一次", [recurring("每半年通报一次", "half_year", 1)]),
    ("每季度至少开展1次联合检查", [recurring("每季度至少开展1次", "quarter", 1)]),
    ("学习次数每季度不少于两次", [recurring("每季度不少于两次", "quarter", 2)]),
    ("每年第一季度向人大报告", [recurring("每年第一季度", "year")]),
    ("每年3月底前公开上一年度报告", [recurring("每年3月底前", "year")]),
    ("每年年底前完成考评", [recurring("每年年底前", "year")]),
    ("每两个月通报一次", [recurring("每两个月通报一次", "month", 1)]),
    ("每三个月汇总一次", [recurring("每三个月汇总一次", "quarter", 1)]),
    ("按季度报送统计数据", [recurring("按季度", "quarter")]),
    ("逐月调度项目进度", [recurring("逐月", "month")]),
    ("全年召开不少于6次", [recurring("全年召开不少于6次", "year", 6)]),
    ("全年至少举办3期业务培训", [recurring("全年至少举办3期", "year", 3)]),
    ("做好执法证件年审", [recurring("年审", "year")]),
]

EVENTS = [
    (
        "待省政府《实施办法》出台后,及时修订本市规定",
        [{"text": "待省政府《实施办法》出台后", "kind": "event"}],
    ),
    ("待机构改革到位后再行调整", [{"text": "待机构改革到位后", "kind": "event"}]),
    ("待上级批复后组织实施", [{"text": "待上级批复后", "kind": "event"}]),
    ("在省里《指导意见》印发后抓紧制定细则", [{"text": "《指导意见》印发后", "kind": "event"}]),
]

VAGUE = [
    ("定期通报检查结果", [{"text": "定期", "kind": "vague"}]),
    ("不定期开展抽查", [{"text": "不定期", "kind": "vague"}]),
    ("经费逐年增加", [{"text": "逐年", "kind": "vague"}]),
    ("按时间节点推进各项工作", [{"text": "按时间节点", "kind": "vague"}]),
    ("每两年开展一次评估", [{"text": "每两年开展一次", "kind": "vague"}]),
    # a ceiling is no obligation to act: no milestone may come of it
    ("对同一企业的行政检查每年不超过一次", [{"text": "每年不超过一次", "kind": "vague"}]),
]

# Numbers and years that are no time requirement.
NEGATIVES = [
    "推进“三十五证合一”改革",
    "培育第四批示范点",
    "建立“1211”推进机制",
    "经市政府第28次常务会议研究同意",
    "深入学习贯彻党的十九大精神",
    "编制“十三五”规划",
    "2018年是全市推进依法行政的决胜之年",
    "2018年,全市各级各部门要狠抓落实",
    "扎实做好2018年度法治政府建设工作",
    "地区生产总值增长6.2%左右",
    "完成垦造耕地2000亩",
    "确定了10个方面190项重点工作",
    "财政收入增长8%以上",
    "落实《关于加强督查工作的通知》(某政办〔2018〕1号)要求",
    "2018年4月11日印发的《意见》",
    "贯彻《法治政府建设实施纲要(2021—2025年)》",
    "对本地一年内发生多起违法事件的",
    "三年内完成改造",
    "在30个工作日内办结",
    "向上一年度报告",
    "持续推进政府职能转变",
    "长期坚持问题导向",
    "按照规定期限作出决定",
    "每年新增就业1万人",
    "今年以来共办理案件120件",
    "2019年以来累计培训3000人次",
    "一次性告知所需材料",
    "有待进一步提高",
    "前三季度完成投资",
    "年度考核结果运用",
    "依法起草规范性文件",
]

LABELLED = [
    ("2021年12月", [deadline("2021年12月", "2021-12-31")]),
    ("2022年", [deadline("2022年", "2022-12-31")]),
    ("12月", [deadline("12月", "2021-12-31")]),
    ("2021年9月30日", [deadline("2021年9月30日", "2021-09-30")]),
    ("2021年6月底前", [deadline("2021年6月底前", "2021-06-30")]),
    ("2021年底前完成", [deadline("2021年底前", "2021-12-31")]),
    ("2021.10", [deadline("2021.10", "2021-10-31")]),
    ("2021-11-15", [deadline("2021-11-15", "2021-11-15")]),
    ("2021—2023年", [deadline("2021—2023年", "2023-12-31")]),
    ("2021年3月—10月", [deadline("2021年3月—10月", "2021-10-31")]),
    ("上半年", [deadline("上半年", "2021-06-30")]),
    ("第三季度", [deadline("第三季度", "2021-09-30")]),
    ("年底", [deadline("年底", "2021-12-31")]),
    ("每月", [recurring("每月", "month")]),
    ("长期坚持", [{"text": "长期坚持", "kind": "ongoing"}]),
    ("持续推进", [{"text": "持续推进", "kind": "ongoing"}]),
    ("长期", [{"text": "长期", "kind": "ongoing"}]),
    ("按时间节点推进", [{"text": "按时间节点", "kind": "vague"}]),
    (
        "长期坚持,每年12月底前报送",
        [{"text": "长期坚持", "kind": "ongoing"}, recurring("每年12月底前", "year")],
    ),
    (
        "2021年6月底前完成初稿,12月底前出台",
        [deadline("2021年6月底前", "2021-06-30"), deadline("12月底前", "2021-12-31")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), DEADLINES, ids=[row[0] for row in DEADLINES])
def test_deadlines(text: str, expected: list[dict[str, Any]]) -> None:
    assert meanings(text) == expected


@pytest.mark.parametrize(("text", "expected"), STARTS, ids=[row[0] for row in STARTS])
def test_starts(text: str, expected: list[dict[str, Any]]) -> None:
    assert meanings(text) == expected


@pytest.mark.parametrize(("text", "expected"), RECURRING, ids=[row[0] for row in RECURRING])
def test_recurring_obligations_and_quotas(text: str, expected: list[dict[str, Any]]) -> None:
    assert meanings(text) == expected


@pytest.mark.parametrize(("text", "expected"), EVENTS, ids=[row[0] for row in EVENTS])
def test_event_triggers(text: str, expected: list[dict[str, Any]]) -> None:
    assert meanings(text) == expected


@pytest.mark.parametrize(("text", "expected"), VAGUE, ids=[row[0] for row in VAGUE])
def test_vague_phrases_are_kept_without_a_date(text: str, expected: list[dict[str, Any]]) -> None:
    assert meanings(text) == expected


@pytest.mark.parametrize("text", NEGATIVES)
def test_numbers_that_are_not_time_requirements(text: str) -> None:
    assert meanings(text) == []


@pytest.mark.parametrize(("text", "expected"), LABELLED, ids=[row[0] for row in LABELLED])
def test_labelled_time_field_values(text: str, expected: list[dict[str, Any]]) -> None:
    assert meanings(text, labelled=True) == expected


def test_every_occurrence_is_emitted() -> None:
    text = "各级政府每年第一季度部署工作;各部门每年第一季度报告;各县每年第一季度公开。"
    assert meanings(text) == [recurring("每年第一季度", "year")] * 3


def test_quota_and_recurring_in_one_sentence() -> None:
    text = "学法每季度至少一次,全年不少于4次,专题讲座全年至少举办2期(每半年至少1次)"
    assert meanings(text) == [
        recurring("每季度至少一次", "quarter", 1),
        recurring("全年不少于4次", "year", 4),
        recurring("全年至少举办2期", "year", 2),
        recurring("每半年至少1次", "half_year", 1),
    ]


def test_without_a_plan_year_relative_dates_stay_unresolved() -> None:
    assert meanings("今年7月1日前完成,年底前验收", None) == [
        deadline("今年7月1日前", None),
        deadline("年底前", None),
    ]
    assert meanings("2022年3月底前完成", None) == [deadline("2022年3月底前", "2022-03-31")]


def test_a_year_written_out_carries_to_the_following_months() -> None:
    assert meanings("2022年3月底前出台方案,9月底前全面完成") == [
        deadline("2022年3月底前", "2022-03-31"),
        deadline("9月底前", "2022-09-30"),
    ]


def test_a_past_year_is_a_state_not_a_requirement() -> None:
    assert meanings("截至2020年底已建成12个平台,2021年底前再建5个") == [deadline("2021年底前", "2021-12-31")]


def test_an_impossible_day_is_dropped() -> None:
    assert meanings("2月30日前完成") == []


def test_spans_point_into_the_source_and_name_the_rule() -> None:
    prefix = "责任单位:市司法局。"
    text = "今年7月1日前建立制度,每季度至少召开1次会议"
    found = extract_time_requirements(text, YEAR, offset=len(prefix))
    source = prefix + text
    assert [(source[r.span.start : r.span.end], r.span.rule) for r in found if r.span] == [
        ("今年7月1日前", "month_deadline"),
        ("每季度至少召开1次", "recurring_every"),
    ]


QUANTITY_TARGETS = [
    ("乡镇要至少明确1名专职人员", [("至少明确1名", "1名")]),
    ("每个街道聘请1名法律顾问", [("聘请1名", "1名")]),
    ("年底全市一半县、乡建成服务平台", [("一半县、乡建成", "一半")]),
    ("一般公共预算收入增长8.5%左右", [("增长8.5%左右", "8.5%")]),
    ("全年至少举办2期培训", []),  # a quota of occurrences is a recurring requirement
]


@pytest.mark.parametrize(("text", "expected"), QUANTITY_TARGETS, ids=[row[0] for row in QUANTITY_TARGETS])
def test_quantity_targets(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(t.text, t.value) for t in extract_quantity_targets(text)] == expected


def test_quantity_targets_are_not_time_requirements() -> None:
    assert meanings("至少明确1名负责人员,聘请1名法律顾问") == []


def test_quantity_target_spans_are_offset() -> None:
    (target,) = extract_quantity_targets("聘请1名法律顾问", offset=100)
    assert target.span is not None
    assert (target.span.start, target.span.end, target.span.rule) == (100, 104, "target_assign")


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("12", 12),
        ("１２", 12),
        ("十二", 12),
        ("十", 10),
        ("二十", 20),
        ("三十一", 31),
        ("两", 2),
        ("第一", 1),
        ("(三)", 3),
        ("第五条", 5),
        ("二〇二一", 2021),
        ("百", None),
        ("", None),
        ("十十", None),
    ],
)
def test_numerals(numeral: str, value: int | None) -> None:
    assert to_int(numeral) == value


_GENRE_ALPHABET = list(
    "0123456789０１２年月日号底末前内起至到—-每季度半上下全一二三四两十第次期至少不于待出台后《》今明本当截从自长期持续定期旬份"
)


@settings(max_examples=300, deadline=None)
@given(
    text=st.one_of(st.text(), st.text(alphabet=st.sampled_from(_GENRE_ALPHABET), max_size=60)),
    year=st.one_of(st.none(), st.integers(min_value=2000, max_value=2030)),
    labelled=st.booleans(),
    offset=st.integers(min_value=0, max_value=10_000),
)
def test_never_raises_and_every_span_slices_back_to_its_text(
    text: str, year: int | None, labelled: bool, offset: int
) -> None:
    for req in extract_time_requirements(text, year, offset=offset, labelled=labelled):
        assert req.span is not None
        assert text[req.span.start - offset : req.span.end - offset] == req.text
        assert req.text
    for target in extract_quantity_targets(text, offset=offset):
        assert target.span is not None
        assert text[target.span.start - offset : target.span.end - offset] == target.text
