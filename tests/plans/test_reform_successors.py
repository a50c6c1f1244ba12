"""A notice issued after a reform: units it names by their old names are assigned to their successors."""

from __future__ import annotations

from dudao.accounts.models import User
from dudao.directory.models import Unit
from dudao.plans import services
from dudao.plans.models import Assignment, NoticeImport

NOTICE_2019 = """驻马店市人民政府办公室关于印发《驻马店市2019年度法治政府建设工作安排》的通知
驻政办〔2019〕30号
2019年4月2日
驻马店市2019年度法治政府建设工作安排
一、依法全面履行政府职能
(一)深化行政审批制度改革。年底前完成事项清理。
责任单位:市政府法制办公室、市工商局。
本安排中责任单位排名第一的为牵头单位。
"""


def test_old_names_are_assigned_to_the_successors_and_keep_their_printed_name(
    wang: User, sample_directory: dict[str, Unit]
) -> None:
    imp: NoticeImport = services.start_import(NOTICE_2019.encode(), "2019.txt", by=wang)
    services.apply_default_resolutions(imp, by=wang)
    imp.refresh_from_db()
    plan = services.publish(imp, by=wang)

    shares = {a.unit.name: a for a in Assignment.objects.filter(task__plan=plan).select_related("unit")}
    assert set(shares) == {"市司法局", "市市场监督管理局"}
    assert shares["市司法局"].role == Assignment.Role.LEAD
    assert shares["市司法局"].printed_name == "市政府法制办公室"
    assert shares["市市场监督管理局"].printed_name == "市工商局"
