"""Where the article is on a government web page, and what around it is site chrome.

Kept apart from `html.py` (which turns elements into lines) because these are heuristics
about how Chinese government sites are built, and they will be tuned on their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lxml import etree

_CHROME_TAGS = frozenset({"nav", "header", "footer", "form", "aside"})
# Words in class/id names that mark site furniture (split on -, _ and digits).
_CHROME_WORDS = frozenset(
    [
        "nav",
        "navbar",
        "menu",
        "menus",
        "header",
        "footer",
        "foot",
        "breadcrumb",
        "breadcrumbs",
        "crumb",
        "crumbs",
        "bread",
        "share",
        "sharebar",
        "sidebar",
        "side",
        "login",
        "search",
        "copyright",
        "toolbar",
        "tools",
        "tool",
        "location",
        "position",
        "weizhi",
        "dqwz",
        "related",
        "relate",
        "friendlink",
        "links",
        "print",
        "top",
        "bottom",
        "banner",
        "skip",
        "qrcode",
        "ewm",
    ]
)
_CHROME_PREFIXES = ("nav", "menu", "breadcrumb", "crumb", "share", "search", "login", "copyright", "footer")
_CONTENT_NAMES = frozenset(
    [
        "article",
        "content",
        "zoom",
        "trs_editor",
        "custom_unionstyle",
        "pages_content",
        "view",
        "ucap-content",
        "art_con",
        "article-content",
        "article_content",
        "articlecontent",
        "con",
        "detail",
        "details",
        "main-content",
        "news_content",
        "newscontent",
        "wzcon",
        "zw",
        "zwnr",
        "zoomcon",
        "info_content",
        "xxgk_content",
        "contentbox",
        "content_box",
        "text",
    ]
)
_BREADCRUMB_TEXT = re.compile(r"^\s*(?:当前位置|您的位置|您现在的位置|您当前的位置|当前的位置)")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_TASK_LABEL = re.compile(r"责任单位|牵头单位|配合单位|责任部门|牵头部门")
_META_LABEL = re.compile(r"索\s*引\s*号|发文字号|文\s*号|成文日期")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_BREADCRUMB_MAX_CJK = 100
_PROTECT_SHARE = 0.3  # chrome never holds this much of the page's Chinese text
_LINK_PENALTY = 3
_CONTENT_PREFERENCE = 0.8
_DEEPEST_SHARE = 0.9
_LABEL_COVERAGE = 0.8


@dataclass(slots=True)
class _Stats:
    """Per-element counts gathered bottom-up in one pass."""

    cjk: int = 0
    link_cjk: int = 0
    labels: int = 0  # 责任单位-style task labels
    meta: int = 0  # 索引号-style metadata labels
    depth: int = 0

    def add(self, other: _Stats) -> None:
        """Fold a child's counts into its parent's."""
        self.cjk += other.cjk
        self.link_cjk += other.link_cjk
        self.labels += other.labels
        self.meta += other.meta


def _count(text: str | None) -> _Stats | None:
    """CJK characters and labels in a piece of text (None when it has none: ASCII only)."""
    if not text or text.isascii():
        return None
    return _Stats(
        cjk=len(_CJK.findall(text)),
        labels=len(_TASK_LABEL.findall(text)),
        meta=len(_META_LABEL.findall(text)),
    )


def _stats(root: Any) -> dict[Any, _Stats]:
    """CJK text, CJK text inside links, and task labels under each element, in linear time."""
    stats: dict[Any, _Stats] = {}
    depth = 0
    for event, element in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            stats[element] = _Stats(depth=depth)
            depth += 1
            continue
        depth -= 1
        own = stats[element]
        for counted in (_count(element.text), *(stats.get(child) for child in element)):
            if counted is not None:
                own.add(counted)
        for child in element:
            counted = _count(child.tail)
            if counted is not None:
                own.add(counted)
        if element.tag == "a":
            own.link_cjk = own.cjk
    return stats


def _names(element: Any) -> list[str]:
    """Lower-cased class and id tokens of an element."""
    return f"{element.get('class', '')} {element.get('id', '')}".lower().split()


def _is_hidden(element: Any) -> bool:
    """Not displayed: often an old version of the text or a print copy that would double it."""
    return element.get("hidden") is not None or bool(_HIDDEN_STYLE.search(element.get("style", "")))


def _is_chrome(element: Any, stats: _Stats) -> bool:
    """Chrome by tag, by class/id words, or a breadcrumb recognised by its text."""
    if element.tag in _CHROME_TAGS:
        return True
    for name in _names(element):
        for part in re.split(r"[-_\d]+", name):
            if part in _CHROME_WORDS or part.startswith(_CHROME_PREFIXES) or part.endswith(("nav", "menu")):
                return True
    if element.tag in ("div", "p", "span", "td", "ul") and 0 < stats.cjk < _BREADCRUMB_MAX_CJK:
        return bool(_BREADCRUMB_TEXT.match(element.text_content()))
    return False


def remove_chrome(root: Any) -> None:
    """Drop hidden elements, and navigation, headers, footers, share bars… unless they hold the
    article itself (ASP.NET sites wrap the whole page in a <form>) or its metadata or task lines."""
    stats = _stats(root)
    total = max(stats[root].cjk, 1)
    doomed = []
    for element in root.iter():
        if not isinstance(element.tag, str) or element is root:
            continue
        if _is_hidden(element):
            doomed.append(element)
            continue
        own = stats.get(element)
        if own is None or not _is_chrome(element, own):
            continue
        if own.cjk <= _PROTECT_SHARE * total and not own.labels and not own.meta:
            doomed.append(element)
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()


def article_container(root: Any) -> Any:
    """The element holding the article: most CJK text outside links, containing (nearly) all
    the task labels; a known content class wins when it is close; else the deepest element
    that keeps nearly all of the best score."""
    stats = _stats(root)
    body = root.find("body")
    top = body if body is not None else root
    needed = stats[top].labels * _LABEL_COVERAGE
    candidates = [
        (element, _score(stats[element]))
        for element in top.iter()
        if isinstance(element.tag, str) and stats[element].labels >= needed
    ]
    best = max((score for _element, score in candidates), default=0)
    if best <= 0:
        return top
    named = [
        (element, score)
        for element, score in candidates
        if score >= _CONTENT_PREFERENCE * best and _CONTENT_NAMES.intersection(_names(element))
    ]
    if named:
        return max(named, key=lambda pair: pair[1])[0]
    close = [element for element, score in candidates if score >= _DEEPEST_SHARE * best]
    return max(close, key=lambda element: stats[element].depth)


def _score(stats: _Stats) -> float:
    """Article-likeness: Chinese text, with text inside links counting against it."""
    return stats.cjk - _LINK_PENALTY * stats.link_cjk
