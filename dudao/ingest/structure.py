"""The section tree and the tasks of a notice.

Stages, each a small function:
1. `prepare_lines`: one paragraph a line, with offsets; flattened one-line plans are split again.
2. `build_tree`: numbered blocks nested by the conventional rank of their numbering style, a marker
   accepted only when it continues a sequence.
3. `find_tasks`: a task is the block that owns one responsibility statement (a labelled line or a
   trailing parenthesis); a statement printed after the last of several sub-items belongs to the parent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dudao.ingest.flat_tables import unflatten_tables
from dudao.ingest.numbering import Marker, match_marker
from dudao.ingest.responsibility import LABEL_PATTERN, LABEL_RE, is_responsibility_parenthesis, split_labelled

# Shallower styles first; a new block nests under the nearest open block of a shallower rank.
_RANK = {
    "part": 0, "cn": 1, "cn_paren": 2, "ar_dot": 3, "ar_dun": 3, "bare": 3, "ar_paren": 4, "ar_half_paren": 4,
    "circled": 5,
}  # fmt: skip
_RESPONSIBILITY_CATEGORIES = {"lead", "responsible", "cooperating", "division", "leader"}
_PINYIN_RE = re.compile(r"(?<=[\u4e00-\u9fff])[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}[)）]")
_COMMENT_LINE_RE = re.compile(r"^#\s*[\w-]+:\s")
_INLINE_BREAK_RE = re.compile(
    # before a number or a label that follows a space: "…缩小。 2.落实…", "… 责任单位:…"
    r"\s+(?=(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d{1,3}[.．、](?![\d%％])"
    r"|[(（]\d{1,3}[)）]|" + LABEL_PATTERN + r"))"
    # after a sentence, a signature date, a covering notice's title or a note such as (此件公开发布)
    r"|(?<=[。！？!?])\s+|(?<=\d日)\s+|(?<=通知)\s+|(?<=[)）])\s+(?=\S)"
)
_TRAILING_PAREN_RE = re.compile(r"[(（]([^()（）]*(?:[(（][^()（）]*[)）][^()（）]*)*)[)）][。.;；]?\s*$")
_SENTENCE_END = "。！？!?"
_DANGLING_PREFIX_RE = re.compile(r"(?:^|[、,，;；])\s*[省市县区]$")
_ATTACHMENT_RE = re.compile(r"^附\s*件\s*[0-9一二三四五六七八九十]*\s*[:：]?\s*$")


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    start: int  # offset in the prepared text


@dataclass(eq=False, slots=True)
class Block:
    marker: Marker
    first: Line  # the marker line, marker included
    lines: list[Line] = field(default_factory=list)  # own lines, the marker line first
    children: list[Block] = field(default_factory=list)
    parent: Block | None = None
    owns_responsibility: bool = False
    hoisted_from: Block | None = None

    @property
    def rank(self) -> int:
        return _RANK[self.marker.style]

    @property
    def heading(self) -> str:
        """The block's first line without its number: `(一)深化…改革。进一步…` → `深化…改革。进一步…`."""
        return self.first.text[self.marker.length :].strip()

    def path(self) -> tuple[str, ...]:
        out: list[str] = []
        node: Block | None = self
        while node is not None:
            out.append(node.marker.printed)
            node = node.parent
        return tuple(reversed(out))

    def subtree_lines(self) -> list[Line]:
        out = list(self.lines)
        for child in self.children:
            out.extend(child.subtree_lines())
        return sorted(out, key=lambda line: line.start)


@dataclass(slots=True)
class Tree:
    header: list[Line]
    roots: list[Block]
    blocks: list[Block]


def prepare_lines(text: str) -> tuple[str, list[Line]]:
    """Clean the text and cut it into lines with offsets into the returned text.

    Spans elsewhere in the parser are offsets into this prepared text, not into the raw file.

    Pinyin inserted by content farms (`關(guān)于`) is dropped; a very long line holding a whole plan
    (`一、… 1.…。 责任单位:… 2.…`) is split before each marker and label that follows a space.
    """
    text = _PINYIN_RE.sub("", text).replace("\u3000", " ").replace("\xa0", " ")
    pieces: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if not line or (not pieces and _COMMENT_LINE_RE.match(line)):
            continue
        if len(line) > 150 and " " in line:
            pieces.extend(p.strip() for p in _INLINE_BREAK_RE.split(line) if p and p.strip())
        else:
            pieces.append(line)
    lines: list[Line] = []
    offset = 0
    for piece in unflatten_tables(pieces):
        lines.append(Line(piece, offset))
        offset += len(piece) + 1
    return "\n".join(pieces), lines


def _accept(marker: Marker, stack: list[Block], last_value: dict[str, int], first_block: bool) -> bool:
    """Whether a marker continues a sequence: the next sibling, a first child, or a restart at 1."""
    sibling = next((b for b in reversed(stack) if b.rank <= _RANK[marker.style]), None)
    if sibling is not None and sibling.marker.style == marker.style:
        return sibling.marker.value < marker.value <= sibling.marker.value + 2
    if sibling is not None and sibling.rank == _RANK[marker.style]:
        return False  # another style at the same rank is open: `1、` while `1.` items run
    if marker.value == 1:
        return True
    seen = last_value.get(marker.style)
    if seen is not None:
        return seen < marker.value <= seen + 2  # numbering continues across sections
    # An excerpt may begin in the middle of a list: `6. …` then `三、…`.
    return first_block or (marker.style in ("cn", "part") and marker.value <= 20)


def build_tree(lines: list[Line]) -> Tree:
    header: list[Line] = []
    roots: list[Block] = []
    blocks: list[Block] = []
    stack: list[Block] = []
    last_value: dict[str, int] = {}
    for line in lines:
        if _ATTACHMENT_RE.match(line.text):  # `附件2`: another plan list starts, its numbering afresh
            stack.clear()
            last_value.clear()
        marker = match_marker(line.text)
        if marker and not LABEL_RE.match(line.text) and _accept(marker, stack, last_value, not blocks):
            while stack and stack[-1].rank >= _RANK[marker.style]:
                stack.pop()
            block = Block(marker=marker, first=line, lines=[line], parent=stack[-1] if stack else None)
            (block.parent.children if block.parent else roots).append(block)
            blocks.append(block)
            stack.append(block)
            last_value[marker.style] = marker.value
        elif stack:
            stack[-1].lines.append(line)
        else:
            header.append(line)
    return Tree(header=header, roots=roots, blocks=blocks)


@dataclass(frozen=True, slots=True)
class TaskText:
    """A task cut out of the tree: its content, and its responsibility fields with offsets."""

    block: Block
    content: str
    fields: list[tuple[str, str, int]]  # (category | "inline", value, offset)
    segments: tuple[tuple[int, int], ...]  # (offset in content, offset in text), one per joined line

    def source_offset(self, at: int) -> int:
        """Where position `at` of `content` lies in the prepared text."""
        return _source_offset(self.segments, at)


def _source_offset(segments: list[tuple[int, int]] | tuple[tuple[int, int], ...], at: int) -> int:
    base, source = segments[0]
    for content_at, source_at in segments:
        if content_at > at:
            break
        base, source = content_at, source_at
    return source + at - base


def task_text(block: Block) -> TaskText:
    """The task's content (number removed), then its label lines; whatever follows them is not the task's."""
    content: list[Line] = []
    fields: list[tuple[str, str, int]] = []
    in_labels = False
    for line in block.subtree_lines():
        if LABEL_RE.match(line.text):
            in_labels = True
            fields.extend(_labelled_fields(line))
        elif in_labels:
            # `责任单位:` with the list on the next line, or a list wrapped after a separator or mid-name
            if fields and _continues(fields[-1][1]):
                category, value, offset = fields[-1]
                fields[-1] = (category, value + line.text, offset if value else line.start)
                continue
            break
        else:
            content.append(line)
    if not fields:
        # `…(A牵头,B配合)` then a closing paragraph: the item ends with its parenthesis.
        closing = next((i for i, line in enumerate(content) if _ends_with_responsibility(line.text)), None)
        if closing is not None:
            content = content[: closing + 1]
    first = content[0]
    rest = first.text[block.marker.length :]
    skip = block.marker.length + len(rest) - len(rest.lstrip())
    text = first.text[skip:]
    if len(content) > 1 and _is_title_line(text):
        text += "。"  # a heading on a line of its own ends its sentence
    segments = [(0, first.start + skip)]
    for line in content[1:]:
        segments.append((len(text), line.start))
        text += line.text
    m = _TRAILING_PAREN_RE.search(text)
    if m and is_responsibility_parenthesis(m.group(1)):
        fields.insert(0, ("inline", m.group(1), _source_offset(segments, m.start(1))))
        text = text[: m.start()]
    return TaskText(block=block, content=text, fields=fields, segments=tuple(segments))


def _continues(value: str) -> bool:
    """A labelled value cut by a line break: empty, ending in a separator, or in a bare `市`/`县` prefix."""
    return not value or value.endswith(("、", ",", "，")) or bool(_DANGLING_PREFIX_RE.search(value))


def _is_title_line(text: str) -> bool:
    """`(一)深化行政审批制度改革` alone on its line is a title; `7. 全面实施` broken by a link is not."""
    balanced = text.count("《") == text.count("》") and text.count("“") == text.count("”")
    return len(text) >= 8 and balanced and not re.search(r"[。，,；;：:！？!?、]$", text) and "。" not in text


def _labelled_fields(line: Line) -> list[tuple[str, str, int]]:
    return [
        (category, value, line.start + at)
        for category, value, at in split_labelled(line.text)
        if category is not None
    ]


def _owns_responsibility(block: Block) -> bool:
    if any(LABEL_RE.match(line.text) for line in block.lines):
        return any(
            category in _RESPONSIBILITY_CATEGORIES
            for line in block.lines
            if LABEL_RE.match(line.text)
            for category, _, _ in _labelled_fields(line)
        )
    return any(_ends_with_responsibility(line.text) for line in block.lines)


def _ends_with_responsibility(text: str) -> bool:
    m = _TRAILING_PAREN_RE.search(text)
    return bool(m and is_responsibility_parenthesis(m.group(1)))


def _hoist(block: Block, top_rank: int) -> None:
    """`(一)…。1.…;2.…。责任单位:X` — one statement after the last of several sub-items covers the parent."""
    for child in block.children:
        _hoist(child, top_rank)
    owners = [c for c in block.children if c.owns_responsibility]
    if (
        len(block.children) >= 2
        and owners == [block.children[-1]]
        and not block.owns_responsibility
        and not block.children[-1].children
        and (block.rank > top_rank or any(c in block.heading for c in _SENTENCE_END))
    ):
        block.owns_responsibility = True
        block.hoisted_from = block.children[-1]
        block.children[-1].owns_responsibility = False


def find_task_blocks(tree: Tree) -> list[Block]:
    """The blocks that are tasks, in document order."""
    for block in tree.blocks:
        block.owns_responsibility = _owns_responsibility(block)
    top_rank = min((b.rank for b in tree.roots), default=0)
    for root in tree.roots:
        _hoist(root, top_rank)
    owners = [b for b in tree.blocks if b.owns_responsibility]
    if not owners:
        return []
    tasks: set[int] = set()
    for block in owners:
        if not any(id(a) in tasks for a in _ancestors(block)):
            tasks.add(id(block))
    # Siblings of tasks that state no responsibility (cut off, or simply unassigned) are tasks too.
    for block in tree.blocks:
        if id(block) in tasks or any(id(a) in tasks for a in _ancestors(block)):
            continue
        siblings = block.parent.children if block.parent else tree.roots
        if any(id(s) in tasks and s.marker.style == block.marker.style for s in siblings) and not any(
            id(d) in tasks for d in descendants(block)
        ):
            tasks.add(id(block))
    return [b for b in tree.blocks if id(b) in tasks]


def _ancestors(block: Block) -> list[Block]:
    out = []
    node = block.parent
    while node is not None:
        out.append(node)
        node = node.parent
    return out


def descendants(block: Block) -> list[Block]:
    out = []
    for child in block.children:
        out.append(child)
        out.extend(descendants(child))
    return out
