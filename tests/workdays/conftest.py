"""An assumed 2027 arrangement, written as the State Council writes its notice: the package has no 2027
data, so this is what the office would paste. Its dates are made up for the tests (Spring Festival 5–13
February with Saturday 20 February worked), not the real 2027 notice."""

from __future__ import annotations

from typing import Any

import pytest

NOTICE_2027 = """国务院办公厅关于2027年部分节假日安排的通知
国办发明电〔2026〕9号

各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
　　经国务院批准，现将2027年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
　　一、元旦：1月1日（周五）至3日（周日）放假，共3天。
　　二、春节：2月5日（农历除夕、周五）至13日（农历正月初八、周六）放假调休，共9天。2月20日（周六）上班。
　　三、清明节：4月3日（周六）至5日（周一）放假，共3天。
　　四、劳动节：5月1日（周六）至5日（周三）放假调休，共5天。5月8日（周六）上班。
　　五、端午节：6月9日（周三）放假1天，不调休。
　　六、中秋节：9月15日（周三）放假1天，不调休。
　　七、国庆节：10月1日（周五）至7日（周四）放假调休，共7天。9月26日（周日）、10月9日（周六）上班。

国务院办公厅
2026年11月10日
"""


@pytest.fixture
def entered_2027(people: dict[str, Any]) -> Any:
    """2027 entered by the office from NOTICE_2027."""
    from dudao.workdays import services
    from dudao.workdays.notice import parse_notice

    notice = parse_notice(NOTICE_2027)
    return services.save_year(
        2027,
        [services.Day(day.date, day.is_workday, day.name) for day in notice.in_year()],
        notice_title=notice.title,
        doc_number=notice.doc_number,
        by=people["office_admin"],
    )
