"""Generated task-division notices for benchmarks: realistic shapes, invented words, several layouts."""

from __future__ import annotations

import random

CN = "一二三四五六七八九十"
CITY_UNITS = [
    "市发改委", "市财政局", "市司法局", "市教育局", "市公安局", "市民政局", "市人社局", "市自然资源局",
    "市生态环境局", "市住建局", "市交通运输局", "市水利局", "市农业农村局", "市商务局", "市文广旅局",
    "市卫健委", "市应急管理局", "市审计局", "市市场监管局", "市统计局", "市医保局", "市行政审批局",
    "市政府办公室", "市委编办", "市委组织部", "市委宣传部", "市信访局", "市大数据局", "市税务局",
]  # fmt: skip
VERBS = ["深化", "推进", "完善", "健全", "规范", "加强", "落实", "开展", "优化", "严格"]
OBJECTS = [
    "行政审批制度改革", "重大行政决策程序", "行政执法监督", "规范性文件备案审查", "政务公开工作",
    "行政复议工作", "公共法律服务体系", "领导干部学法制度", "执法人员资格管理", "信用监管机制",
]  # fmt: skip
TIMES = ["今年6月底前", "年底前", "每季度至少一次", "全年不少于4次", "每半年至少1次", "9月30日前", "年内"]
BODY = "坚持问题导向,细化工作措施,明确责任分工,确保各项任务按期完成;加强督促检查,及时总结推广经验做法"


def _cn(n: int) -> str:
    if n <= 10:
        return CN[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN[tens - 1]) + "十" + (CN[ones - 1] if ones else "")


def _units(rng: random.Random) -> list[str]:
    return rng.sample(CITY_UNITS, rng.randint(1, 5))


def _item(rng: random.Random) -> str:
    sentence = f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}"
    time = rng.choice(TIMES) if rng.random() < 0.5 else ""
    return f"{sentence}。{BODY}{',' + time + '完成' if time else ''}。"


def generate_notice(rng: random.Random, year: int = 2021) -> str:
    """One notice: a covering notice, then 4–10 sections of 2–6 tasks in one of four layouts."""
    layout = rng.choice(["line", "labelled", "inline", "verbs"])
    lines = [
        f"某市人民政府办公室关于印发《某市{year}年度法治政府建设工作安排》的通知",
        f"某政办〔{year}〕{rng.randint(1, 99)}号",
        "各县(市、区)人民政府,市人民政府各部门:",
        "现印发给你们,请认真贯彻执行。",
        f"{year}年3月{rng.randint(1, 28)}日",
        f"某市{year}年度法治政府建设工作安排",
    ]
    number = 0
    for section in range(1, rng.randint(4, 10) + 1):
        lines.append(f"{_cn(section)}、{rng.choice(VERBS)}{rng.choice(OBJECTS)}")
        for _ in range(rng.randint(2, 6)):
            number += 1
            units = _units(rng)
            item = _item(rng)
            if layout == "line":
                lines += [
                    f"({_cn(number)}){item}",
                    f"责任单位:{'、'.join(units)},县级人民政府按职责分工分别负责。",
                ]
            elif layout == "labelled":
                lines += [f"{number}.{item}", f"牵头单位:{units[0]}"]
                if len(units) > 1:
                    lines.append(f"配合单位:{'、'.join(units[1:])}")
            elif layout == "inline":
                rest = "、".join(units[1:]) or "各有关部门"
                lines.append(f"({_cn(number)}){item[:-1]}。(牵头单位:{units[0]};责任单位:{rest})")
            else:
                others = "、".join(units[1:]) or "市有关部门"
                lines.append(f"{number}. {item[:-1]}。({units[0]}会同{others}办理)")
    lines.append("本安排所列工作纳入年度依法行政考核,责任单位排名第一的为牵头单位。")
    return "\n".join(lines) + "\n"
