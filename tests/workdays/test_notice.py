"""parse_notice(): the State Council's annual holiday notice, read into holidays and 调休 working days.

The fixtures in `notices/` are the notices for 2024, 2025 and 2026 in their official wording; the
`chinese_calendar` package is authoritative for those years, so every day of each year must come out
exactly as the package has it.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import chinese_calendar
import pytest
from chinese_calendar.constants import holidays as package_holidays
from chinese_calendar.constants import workdays as package_workdays

from dudao.workdays.calendar import WorkCalendar
from dudao.workdays.notice import NoticeError, parse_notice

D = datetime.date
NOTICES = Path(__file__).parent / "notices"


def every_day(year: int) -> list[D]:
    start = D(year, 1, 1)
    return [start + datetime.timedelta(days=n) for n in range((D(year + 1, 1, 1) - start).days)]


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_the_official_notice_gives_exactly_the_packages_calendar(year: int) -> None:
    notice = parse_notice((NOTICES / f"{year}.txt").read_text(encoding="utf-8"))

    assert notice.year == year
    assert notice.title == f"国务院办公厅关于{year}年部分节假日安排的通知"
    assert {day.date for day in notice.holidays} == {d for d in package_holidays if d.year == year}
    assert {day.date for day in notice.workdays} == {d for d in package_workdays if d.year == year}
    entered = WorkCalendar(entered={year: {day.date: day.is_workday for day in notice.days}})
    assert [entered.is_working_day(d) for d in every_day(year)] == [
        chinese_calendar.is_workday(d) for d in every_day(year)
    ]


def test_the_2026_notice_day_by_day() -> None:
    notice = parse_notice((NOTICES / "2026.txt").read_text(encoding="utf-8"))
    by_date = {day.date: day for day in notice.days}

    assert notice.doc_number == "国办发明电〔2025〕7号"
    assert [d.date for d in notice.workdays] == [
        D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20), D(2026, 10, 10),
    ]  # fmt: skip
    assert by_date[D(2026, 2, 15)].name == "春节"
    assert by_date[D(2026, 2, 14)].name == "春节调休上班"
    assert by_date[D(2026, 2, 14)].line == 7
    assert by_date[D(2026, 2, 14)].rule == "working_days"
    assert by_date[D(2026, 2, 23)].rule == "holiday"
    assert by_date[D(2026, 2, 23)].source.startswith("2月15日(农历腊月二十八、周日)至23日")


def test_the_2024_advice_to_rest_on_new_years_eve_is_not_a_holiday() -> None:
    notice = parse_notice((NOTICES / "2024.txt").read_text(encoding="utf-8"))

    assert D(2024, 2, 9) not in {day.date for day in notice.days}


def test_items_alone_are_enough_when_the_year_is_given() -> None:
    text = """
    劳动节：5月1日至5日放假调休
    国庆节、中秋节:10月1日—8日放假调休,共8天.9月28日(周日)、10月11日(周六)上班。
    """.replace("共8天.", "共8天。")

    notice = parse_notice(text, 2025)

    assert [d.date for d in notice.holidays][:5] == [D(2025, 5, n) for n in range(1, 6)]
    assert D(2025, 10, 8) in {d.date for d in notice.holidays}
    assert [d.date for d in notice.workdays] == [D(2025, 9, 28), D(2025, 10, 11)]
    assert {d.name for d in notice.days if d.date.month == 10} == {"国庆节、中秋节", "国庆节、中秋节调休上班"}


def test_a_single_day_joined_to_the_weekend() -> None:
    notice = parse_notice("中秋节：9月25日（周五）放假，与周末连休。", 2026)

    assert [(d.date, d.name) for d in notice.days] == [(D(2026, 9, 25), "中秋节")]


def test_full_width_digits_and_dashes_are_read() -> None:
    notice = parse_notice("三、清明节：４月４日（周五）－６日（周日）放假，共３天。", 2025)

    assert [d.date for d in notice.holidays] == [D(2025, 4, 4), D(2025, 4, 5), D(2025, 4, 6)]


def test_a_new_years_run_from_the_last_day_of_the_year_before() -> None:
    notice = parse_notice("一、元旦：12月31日（周五）至1月2日（周日）放假调休，共3天。", 2022)
    written = parse_notice("一、元旦：2022年12月31日至2023年1月2日放假调休，共3天。", 2023)

    assert [d.date for d in notice.holidays] == [D(2021, 12, 31), D(2022, 1, 1), D(2022, 1, 2)]
    assert [d.date for d in notice.outside_year()] == [D(2021, 12, 31)]
    assert [d.date for d in notice.in_year()] == [D(2022, 1, 1), D(2022, 1, 2)]
    assert [d.date for d in written.holidays] == [D(2022, 12, 31), D(2023, 1, 1), D(2023, 1, 2)]


def test_a_range_across_a_month_end_and_a_working_list_inheriting_its_month() -> None:
    notice = parse_notice("春节：1月28日至2月4日放假调休，共8天。1月26日（周日）、2月8日（周六）上班。", 2025)

    assert len(notice.holidays) == 8
    assert [d.date for d in notice.workdays] == [D(2025, 1, 26), D(2025, 2, 8)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。",
            "1月1日标注为“周四”，但2027年1月1日是周五",
        ),
        ("二、春节：2月15日至23日放假调休，共8天。", "写明共8天，但2027年2月15日至2027年2月23日是9天"),
        ("三、清明节：4月31日放假。", "4月31日不是有效日期"),
        ("四、劳动节：5月5日至1日放假。", "结束日期2027年5月1日早于开始日期2027年5月5日"),
        ("五、国庆节：10月1日至7日放假。10月8日（周五）上班。", "2027年10月8日是周五，本来就是工作日"),
        ("六、端午节：6月9日放假调班，共1天。", "无法识别“调班”"),
        ("七、中秋节：9月15日休息。", "无法识别“9月15日休息”"),
        ("5月1日至5日放假调休", "第1行“5月1日至5日放假调休”：无法识别"),
        ("一、元旦：1月1日至3日放假。1月2日（周六）上班。", "2027年1月2日已在第1行安排为“元旦”"),
        (
            "国务院办公厅关于2026年部分节假日安排的通知\n一、元旦：1月1日放假。",
            "这是2026年的节假日安排，不是2027年的",
        ),
        ("各省、自治区、直辖市人民政府：\n经国务院批准，现通知如下。", "未找到放假安排"),
        ("二、春节：2月1日至28日放假。", "放假28天，超过20天"),
    ],
)
def test_text_it_cannot_read_is_refused_with_the_line_named(text: str, message: str) -> None:
    with pytest.raises(NoticeError) as refused:
        parse_notice(text, 2027)

    assert message in str(refused.value)


def test_every_bad_line_is_reported_not_only_the_first() -> None:
    text = "一、元旦：1月1日（周一）放假。\n二、春节：2月30日放假。\n三、清明节：4月5日放假。"

    with pytest.raises(NoticeError) as refused:
        parse_notice(text, 2027)

    assert [problem.line for problem in refused.value.problems] == [1, 2]


def test_without_a_title_or_a_year_the_year_is_unknown() -> None:
    with pytest.raises(NoticeError, match="未能确定年份"):
        parse_notice("一、元旦：1月1日放假。")
