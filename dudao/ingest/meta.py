"""The notice's own metadata: 文号, 成文日期, titles, issuer, recipients, 索引号, year, cited documents.

Sources, most trusted first: labelled fields (a website's metadata block, as `SourceText.hints` or as
`索 引 号 | … |` rows pasted into the text), then the printed header (the covering notice's title,
the recipients line ending with a colon, the signature date).
"""

from __future__ import annotations

import re

from dudao.ingest.model import CitedDocument, Meta
from dudao.ingest.readers.meta import extract_hints, is_label, parse_date
from dudao.ingest.structure import Line

DOC_NUMBER_RE = re.compile(
    r"(?P<prefix>[\u4e00-\u9fff]{1,12}?)\s*[〔\[［(（【﹝〖]\s*(?P<year>(?:19|20)\d{2})\s*[〕\]］)）】﹞〗]"
    r"\s*(?P<number>第?\s*\d{1,4})\s*号"
)
# `2018年4月11日`, `(某某办公室2020年4月17日印发)`, `(泓政办发[2016]14号 2016年3月25日)`
_SIGNATURE_END_RE = re.compile(r"日\s*(?:印发|发布|制发)?\s*[)）]?\s*$")
_TITLE_WORDS = re.compile(r"安排|方案|要点|分解|措施|计划|任务|清单|分工|意见|办法|细则|要求|台账")
_CITED_RE = re.compile(r"《(?P<title>[^《》]{2,80})》\s*(?:[(（](?P<note>[^()（）]{0,80})[)）])?")
_SHORT_NAME_RE = re.compile(r"以下简称\s*[《“\"]?(?P<short>[^》”\",，)）]{1,20})")


def normalise_doc_number(text: str) -> str | None:
    """`驻政办[2018]46号`, `驻政办(2018)46号` → `驻政办〔2018〕46号`."""
    m = DOC_NUMBER_RE.search(text)
    if not m:
        return None
    number = re.sub(r"\s", "", m.group("number"))
    return f"{m.group('prefix')}〔{m.group('year')}〕{number}号"


def _own_number_line(text: str) -> bool:
    """A line that prints the notice's own 文号: alone, or bracketed with the date under the title.

    Numbers of cited documents sit inside sentences and never start a line of their own.
    """
    text = text.strip().lstrip("(（").strip()
    m = DOC_NUMBER_RE.match(text)
    if m is None:
        return False
    return m.end() == len(text) or (len(text) <= 40 and parse_date(text[m.end() :]) is not None)


def _first_uncited_number(header: list[Line]) -> str | None:
    """In a header flattened onto one line (`…人民政府文件 鞍立政发〔2023〕2号 立山区…`), the first 文号 that
    is no citation: cited documents carry theirs in brackets after their title (`《…》(国发〔2015〕36号)`)."""
    for line in header:
        for m in DOC_NUMBER_RE.finditer(line.text):
            before = line.text[max(0, m.start() - 2) : m.start()]
            if not any(c in before for c in "(（》"):
                return normalise_doc_number(m.group(0))
    return None


def _notice_title(header: list[Line]) -> str | None:
    for line in header:
        text = re.sub(r"^【[^】]*】", "", line.text.strip(" |")).strip()
        text = DOC_NUMBER_RE.sub("", text, count=1) if DOC_NUMBER_RE.match(text) else text
        if "关于" in text and re.search(r"(?:通知|通报|意见|决定|函)$", text) and len(text) <= 120:
            return text.strip()
    return None


def _plan_title_from_notice(notice_title: str | None) -> str | None:
    """`…关于印发《X》的通知` or `…关于印发X的通知` → X."""
    if not notice_title:
        return None
    m = re.search(r"(?:印发|转发|下达|公布)\s*《(?P<t>[^》]+)》", notice_title) or re.search(
        r"(?:印发|转发|下达|公布)(?P<t>.+?)的通知$", notice_title
    )
    return re.sub(r"\s+", "", m.group("t")) if m else None


def _standalone_title(header: list[Line]) -> str | None:
    """The plan's own heading printed above the first section: short, no sentence punctuation."""
    for line in reversed(header):
        text = line.text.strip()
        if (
            4 <= len(text) <= 50
            and not re.search(r"[。，,:：;；|]", text)
            and "通知" not in text
            and _TITLE_WORDS.search(text)
            and not parse_date(text)
        ):
            return text
    return None


def _recipients(header: list[Line]) -> tuple[str, ...]:
    for line in header:
        text = line.text.strip()
        m = re.match(r"^(?P<to>[^。:：]{4,200})[:：]", text)
        if (
            m
            and re.search(r"政府|部门|单位|管委会|机构|办事处", m.group("to"))
            and not is_label(m.group("to"))
        ):
            parts = re.split(r"[,，;；]", m.group("to"))
            return tuple(p.strip() for p in parts if p.strip())
    return ()


def _issuer(notice_title: str | None) -> str | None:
    if notice_title and "关于" in notice_title:
        issuer = notice_title.split("关于", 1)[0].strip()
        if 2 <= len(issuer) <= 40 and re.search(r"政府|办公室|办公厅|委员会|局|厅|部|委", issuer):
            return issuer
    return None


def _signature_date(header: list[Line]) -> str | None:
    """The date printed under the covering notice: a short line that ends with the date."""
    for line in header:
        text = line.text.strip()
        if len(text) <= 40 and _SIGNATURE_END_RE.search(text):
            found = parse_date(text)
            if found:
                return found
    return None


def _year(*texts: str | None) -> int | None:
    for text in texts:
        if text:
            m = re.search(r"((?:19|20)\d{2})\s*年", text) or re.search(r"〔((?:19|20)\d{2})〕", text)
            if m:
                return int(m.group(1))
    return None


def read_meta(header: list[Line], hints: dict[str, str], lead_rule: str | None) -> Meta:
    """Build the notice's metadata from its container's hints and the header lines before the plan."""
    fields = {**extract_hints(line.text for line in header), **{k: v for k, v in hints.items() if v}}
    notice_title = _notice_title(header)
    title = _plan_title_from_notice(notice_title) or _standalone_title(header) or fields.get("title")
    doc_number = normalise_doc_number(fields.get("doc_number", ""))
    if not doc_number:
        doc_number = next(
            (normalise_doc_number(line.text) for line in header if _own_number_line(line.text)), None
        )
    if not doc_number:
        doc_number = _first_uncited_number(header)
    date_value = fields.get("date") or _signature_date(header)
    return Meta(
        title=title,
        notice_title=notice_title,
        doc_number=doc_number,
        issuer=_issuer(notice_title) or fields.get("issuer"),
        date=date_value,
        index_number=fields.get("index_number"),
        subject=fields.get("subject"),
        recipients=_recipients(header),
        year=_year(title, notice_title, doc_number, date_value and date_value[:4] + "年"),
        lead_rule=lead_rule,
    )


def cited_documents(text: str, own_title: str | None) -> tuple[CitedDocument, ...]:
    """`《纲要》`-style citations with their 文号 and `以下简称` short names, first mention first."""
    found: dict[str, CitedDocument] = {}
    short_names: set[str] = set()
    for m in _CITED_RE.finditer(text):
        title = m.group("title").strip()
        note = m.group("note") or ""
        short = _SHORT_NAME_RE.search(note)
        if short:
            short_names.add(short.group("short"))
        if title == own_title or title in short_names:
            continue
        number = normalise_doc_number(note)
        if title in found:
            if not found[title].doc_number and number:
                found[title] = CitedDocument(title, number, found[title].short_name)
            continue
        found[title] = CitedDocument(
            title=title, doc_number=number, short_name=short.group("short") if short else None
        )
    return tuple(found.values())
