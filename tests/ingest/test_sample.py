"""The bundled sample notice (驻马店市2018年度法治政府建设工作安排): the figures SCENARIOS.md demands."""

from __future__ import annotations

from pathlib import Path

import pytest

from dudao.ingest import Notice, Task, parse_file

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "zhumadian-2018.txt"


@pytest.fixture(scope="module")
def notice() -> Notice:
    return parse_file(SAMPLE)


def task(notice: Notice, number: str) -> Task:
    return next(t for t in notice.tasks if t.path[-1] == f"({number})")


def test_meta(notice: Notice) -> None:
    meta = notice.meta
    assert meta.title == "驻马店市2018年度法治政府建设工作安排"
    assert meta.notice_title == "驻马店市人民政府办公室关于印发《驻马店市2018年度法治政府建设工作安排》的通知"
    assert meta.doc_number == "驻政办〔2018〕46号"
    assert meta.issuer == "驻马店市人民政府办公室"
    assert meta.date == "2018-04-11"
    assert meta.index_number == "059422325-0482-2024-02007"
    assert meta.year == 2018
    assert meta.recipients[0] == "各县、区人民政府"
    assert meta.recipients[-1] == "市人民政府各部门"
    assert meta.lead_rule is not None and "责任单位排名第一的为牵头单位" in meta.lead_rule


def test_cited_documents_carry_numbers_and_short_names(notice: Notice) -> None:
    by_short = {c.short_name: c for c in notice.cited_documents if c.short_name}
    assert by_short["纲要"].doc_number == "中发〔2015〕36号"
    assert by_short["方案"].doc_number == "豫发〔2016〕31号"
    assert by_short["实施方案"].doc_number == "驻发〔2017〕6号"
    assert all(c.title not in {"纲要", "方案", "实施方案"} for c in notice.cited_documents)


def test_ten_sections_and_38_tasks(notice: Notice) -> None:
    assert [s.path for s in notice.sections][:2] == [("一",), ("二",)]
    assert len(notice.sections) == 10
    assert len(notice.tasks) == 38
    assert task(notice, "一").title == "深化行政审批制度改革"
    assert task(notice, "一").section_title == "依法全面履行政府职能"
    assert task(notice, "三十八").path == ("十", "(三十八)")


def test_units_lead_rule_and_placeholders(notice: Notice) -> None:
    refs = {ref.text: ref for t in notice.tasks for ref in t.unit_refs}
    concrete = {name: ref for name, ref in refs.items() if not ref.placeholder}
    assert set(refs) - set(concrete) == {"各有关部门", "有关部门"}
    assert len(concrete) == 24
    assert len({ref.unit for ref in concrete.values()}) == 22  # 市政府法制办 and 政府法制办公室 are aliases
    assert (
        concrete["政府法制办公室"].unit == concrete["市政府法制办"].unit == concrete["市政府法制办公室"].unit
    )
    assert all(t.lead_rule == "stated" for t in notice.tasks)
    assert all(any(ref.placeholder for ref in t.unit_refs) for t in notice.tasks)
    confirm = [t.path[-1] for t in notice.tasks if t.lead_needs_confirmation]
    assert confirm == ["(六)", "(八)", "(九)", "(十一)", "(十四)", "(十六)", "(三十三)"]
    assert task(notice, "三").lead_units == ("市工商局",)
    assert task(notice, "三").units[1] == "市编办"


def test_subordinate_governments(notice: Notice) -> None:
    with_duty = [t for t in notice.tasks if t.subordinate_governments_duty]
    assert len(with_duty) == 36
    assert {t.subordinate_governments for t in with_duty} == {"县级人民政府"}
    assert not task(notice, "十九").subordinate_governments_duty
    assert not task(notice, "三十二").subordinate_governments_duty


def _meanings(t: Task) -> list[tuple[str, str | None, str | None, int | None]]:
    return [
        (r.kind, r.due or r.start, r.period, r.min_count) for r in t.time_requirements if r.kind != "vague"
    ]


def test_time_requirements_become_milestone_material(notice: Notice) -> None:
    assert _meanings(task(notice, "七")) == [
        ("deadline", "2018-07-01", None, None),
        ("deadline", "2018-12-31", None, None),
    ]
    assert _meanings(task(notice, "三十")) == [("deadline", "2018-12-31", None, None)]
    assert _meanings(task(notice, "三")) == [("start", "2018-03-01", None, None)]
    assert [r.kind for r in task(notice, "五").time_requirements] == ["event"]
    assert ("recurring", None, "quarter", None) in _meanings(task(notice, "十七"))
    assert ("recurring", None, "year", None) in _meanings(task(notice, "十七"))
    assert sorted(_meanings(task(notice, "三十一")), key=str) == sorted(
        [
            ("recurring", None, "quarter", 1),
            ("recurring", None, "year", 4),
            ("recurring", None, "year", 2),
            ("recurring", None, "half_year", 1),
        ],
        key=str,
    )
    assert sorted(_meanings(task(notice, "三十三")), key=str) == [
        ("recurring", None, "half_year", 1),
        ("recurring", None, "year", 2),
    ]
    assert _meanings(task(notice, "三十四")) == [("recurring", None, "year", None)] * 3
    assert _meanings(task(notice, "三十五")) == [("recurring", None, "quarter", 1)]


def test_no_time_requirement_from_numbers_that_are_not_time(notice: Notice) -> None:
    texts = [r.text for t in notice.tasks for r in t.time_requirements]
    for not_time in ("三十五证合一", "第四批", "1211", "第28次"):
        assert not any(not_time in text for text in texts)
    assert not _meanings(task(notice, "三十六"))
    assert not _meanings(task(notice, "十二"))


def test_spans_point_back_into_the_text(notice: Notice) -> None:
    for t in notice.tasks:
        assert t.span is not None and t.span.end > t.span.start
        for r in t.time_requirements:
            assert r.span is not None
