"""Every write to bulletins: ask for one, generate it (the task queue's job), edit the draft, issue it.

Each function is one transaction with its audit row inside it. Edits and issuing are optimistically
locked on `Bulletin.version`: a save made on a page that someone else has saved since is refused with
a Chinese message, never written over the other's work. Issued bulletins are frozen.
Generation runs in the task queue (`tasks.generate_bulletin`); the job is enqueued when the
transaction that asked for it commits, so the worker never looks for a row that is not there yet.
"""

from __future__ import annotations

import datetime
import logging
import re
import uuid
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from dudao.accounts.models import User
from dudao.audit.services import record
from dudao.bulletins.compose import Block, compose, default_title
from dudao.bulletins.models import Bulletin, BulletinStatus
from dudao.directory.services import supervision_office_name
from dudao.plans.models import Plan

logger = logging.getLogger(__name__)

Status = BulletinStatus

MAX_BLOCKS = 300
MAX_TEXT = {"heading": 200, "paragraph": 5000, "caption": 200, "cell": 1000}
# Word's XML cannot hold control characters other than tab and newlines; a pasted one would break the file.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NUMBER_ATTEMPTS = 5


class BulletinError(ValidationError):
    """A write refused for a reason the user can act on; the message goes beside `field` or above the form."""

    def __init__(self, message: str, *, code: str = "invalid", field: str | None = None) -> None:
        super().__init__(message, code=code)
        self.field = field


# --- asking for a bulletin --------------------------------------------------------------------------


def request_bulletin(
    plan: Plan,
    start: datetime.date,
    end: datetime.date,
    *,
    by: User,
    request: HttpRequest | None = None,
) -> Bulletin:
    """Number a new bulletin for `plan` over [start, end] and queue its generation.

    The number is the year's next one; two offices asking at the same moment collide on the unique
    constraint and the later one takes the following number.
    """
    if end < start:
        raise BulletinError(_("统计截止日不能早于统计起始日。"), code="period", field="end")
    if end > timezone.localdate():
        raise BulletinError(
            _("统计截止日不能晚于今天：通报只能反映已经发生的进展。"), code="future", field="end"
        )
    for attempt in range(_NUMBER_ATTEMPTS):
        try:
            with transaction.atomic():
                bulletin = _create(plan, start, end, by=by, request=request)
        except IntegrityError:
            if attempt == _NUMBER_ATTEMPTS - 1:
                raise
            continue
        return bulletin
    raise AssertionError("unreachable")  # pragma: no cover


def _create(
    plan: Plan, start: datetime.date, end: datetime.date, *, by: User, request: HttpRequest | None
) -> Bulletin:
    number = (Bulletin.objects.filter(year=plan.year).aggregate(n=Max("number"))["n"] or 0) + 1
    bulletin = Bulletin.objects.create(
        plan=plan,
        year=plan.year,
        number=number,
        period_start=start,
        period_end=end,
        title=default_title(plan.year, start, end),
        issuer=supervision_office_name(),
        requested_by=by,
        requested_at=timezone.now(),
    )
    record(
        by,
        "bulletin.request",
        bulletin,
        summary=_("申请生成通报%(label)s") % {"label": bulletin.label},
        changes={"plan": str(plan.pk), "period": [start.isoformat(), end.isoformat()]},
        request=request,
    )
    _enqueue(bulletin)
    return bulletin


def _enqueue(bulletin: Bulletin) -> None:
    from dudao.bulletins.tasks import generate_bulletin

    bulletin_id = str(bulletin.pk)
    transaction.on_commit(lambda: generate_bulletin.enqueue(bulletin_id))


def regenerate(bulletin: Bulletin, *, by: User, version: int, request: HttpRequest | None = None) -> Bulletin:
    """Generate again: after a failure, for a draft whose edits the office gives up, or a lost job."""
    with transaction.atomic():
        current = _lock(bulletin, version)
        stuck = current.is_stuck(timezone.now())
        if current.status not in (Status.FAILED, Status.DRAFT) and not stuck:
            raise BulletinError(status_refusal(current), code="closed")
        current.status = Status.GENERATING
        current.error = ""
        current.requested_by = by
        current.requested_at = timezone.now()
        current.version += 1
        current.save(update_fields=["status", "error", "requested_by", "requested_at", "version"])
        record(
            by,
            "bulletin.regenerate",
            current,
            summary=_("重新生成通报%(label)s") % {"label": current.label},
            request=request,
        )
        _enqueue(current)
    return current


# --- generation (run by the task queue) ---------------------------------------------------------------


def generate(bulletin_id: uuid.UUID | str) -> Bulletin | None:
    """Compute the figures as of the period end and write the draft; on any error, mark it failed.

    Does nothing for a bulletin that is not waiting for generation (a job run twice, a deleted row).
    The figures are computed outside the lock: they only read, and may take a while on a large plan.
    """
    from dudao.bulletins.figures import gather

    bulletin = Bulletin.objects.select_related("plan").filter(pk=bulletin_id).first()
    if bulletin is None or bulletin.status != Status.GENERATING:
        return None
    try:
        blocks = compose(gather(bulletin.plan, bulletin.period_start, bulletin.period_end))
    except Exception as error:  # the office must see a failure, whatever it is, and may retry
        logger.exception("bulletin %s: generation failed", bulletin.pk)
        return _finish(bulletin, failure=f"{type(error).__name__}: {error}"[:1000])
    return _finish(bulletin, blocks=blocks)


def _finish(bulletin: Bulletin, *, blocks: list[Block] | None = None, failure: str = "") -> Bulletin | None:
    with transaction.atomic():
        current = Bulletin.objects.select_for_update().filter(pk=bulletin.pk).first()
        # A newer request (a retry of a lost job) supersedes this run.
        if current is None or current.status != Status.GENERATING or current.version != bulletin.version:
            return None
        current.generated_at = timezone.now()
        current.version += 1
        if failure:
            current.status, current.error = Status.FAILED, failure
            event, summary = "bulletin.generate_failed", _("通报%(label)s生成失败")
        else:
            current.status, current.content, current.error = Status.DRAFT, blocks, ""
            event, summary = "bulletin.generate", _("通报%(label)s已生成草稿")
        current.save(update_fields=["status", "content", "error", "generated_at", "version"])
        record(None, event, current, summary=summary % {"label": current.label}, changes={"error": failure})
    return current


# --- editing and issuing --------------------------------------------------------------------------------


def clean_text(value: Any, limit: int) -> str:
    text = CONTROL_CHARACTERS.sub("", str(value or "")).replace("\r\n", "\n").strip()
    if len(text) > limit:
        raise BulletinError(_("一段文字不能超过%(limit)d字。") % {"limit": limit}, code="too_long")
    return text


def clean_blocks(raw: Sequence[Any]) -> list[Block]:
    """Blocks as stored: known kinds only, text within limits, every table row as wide as its header."""
    if len(raw) > MAX_BLOCKS:
        raise BulletinError(_("通报的段落太多（不能超过%(n)d段）。") % {"n": MAX_BLOCKS}, code="too_many")
    blocks: list[Block] = []
    for item in raw:
        kind = item.get("kind") if isinstance(item, dict) else None
        if kind in ("heading", "paragraph"):
            blocks.append({"kind": kind, "text": clean_text(item.get("text"), MAX_TEXT[kind])})
        elif kind == "table":
            header = [clean_text(cell, MAX_TEXT["cell"]) for cell in item.get("header") or []]
            rows = [[clean_text(cell, MAX_TEXT["cell"]) for cell in row] for row in item.get("rows") or []]
            if any(len(row) != len(header) for row in rows):
                raise BulletinError(_("表格的每一行都要与表头列数相同。"), code="table")
            caption = clean_text(item.get("caption"), MAX_TEXT["caption"])
            blocks.append({"kind": "table", "caption": caption, "header": header, "rows": rows})
        else:
            raise BulletinError(_("无法识别的段落类型。"), code="kind")
    return blocks


def save_draft(
    bulletin: Bulletin,
    *,
    title: str,
    issuer: str,
    blocks: Sequence[Any],
    by: User,
    version: int,
    request: HttpRequest | None = None,
) -> Bulletin:
    """Save the office's edits of a draft: its title, issuing office and blocks, all at once."""
    title = clean_text(title, 200)
    if not title:
        raise BulletinError(_("请填写通报标题。"), code="required", field="title")
    issuer = clean_text(issuer, 100)
    cleaned = clean_blocks(blocks)
    with transaction.atomic():
        current = _lock(bulletin, version)
        if current.status != Status.DRAFT:
            raise BulletinError(status_refusal(current), code="closed")
        changes = _diff(current, title, issuer, cleaned)
        current.title, current.issuer, current.content = title, issuer, cleaned
        current.edited_by, current.edited_at = by, timezone.now()
        current.version += 1
        current.save(update_fields=["title", "issuer", "content", "edited_by", "edited_at", "version"])
        record(
            by,
            "bulletin.edit",
            current,
            summary=_("修改通报%(label)s草稿") % {"label": current.label},
            changes=changes,
            request=request,
        )
    return current


def issue(bulletin: Bulletin, *, by: User, version: int, request: HttpRequest | None = None) -> Bulletin:
    """Issue the draft as it stands: empty paragraphs left from editing are dropped, the text is frozen."""
    with transaction.atomic():
        current = _lock(bulletin, version)
        if current.status != Status.DRAFT:
            raise BulletinError(status_refusal(current), code="closed")
        content = [b for b in current.content if b.get("kind") == "table" or b.get("text")]
        if not content:
            raise BulletinError(_("通报没有正文，不能印发。"), code="empty")
        current.content = content
        current.status = Status.ISSUED
        current.issued_by, current.issued_at = by, timezone.now()
        current.version += 1
        current.save(update_fields=["content", "status", "issued_by", "issued_at", "version"])
        record(
            by,
            "bulletin.issue",
            current,
            summary=_("印发通报%(label)s《%(title)s》") % {"label": current.label, "title": current.title},
            request=request,
        )
    return current


def _lock(bulletin: Bulletin, version: int) -> Bulletin:
    current = Bulletin.objects.select_for_update().filter(pk=bulletin.pk).first()
    if current is None:
        raise BulletinError(_("这份通报已不存在。"), code="missing")
    if current.status == Status.ISSUED:
        raise BulletinError(status_refusal(current), code="closed")
    if current.version != version:
        editor = current.edited_by or current.requested_by
        raise BulletinError(
            _(
                "%(who)s已在您打开页面之后保存过这份通报（当前第%(current)d版，您看到的是第%(seen)d版）。"
                "您的修改没有保存，请刷新页面，核对后再修改。"
            )
            % {"who": editor, "current": current.version, "seen": version},
            code="stale",
        )
    return current


def status_refusal(bulletin: Bulletin) -> str:
    if bulletin.status == Status.ISSUED:
        return _("这份通报已于%(date)s印发，印发后不能再修改。") % {
            "date": timezone.localtime(bulletin.issued_at).strftime("%Y-%m-%d") if bulletin.issued_at else ""
        }
    if bulletin.status == Status.GENERATING:
        return _("这份通报正在生成，请稍候再操作。")
    return _("这份通报生成失败，请重新生成后再修改。")


def _diff(current: Bulletin, title: str, issuer: str, blocks: list[Block]) -> dict[str, Any]:
    """What an edit changed, for the audit log: fields before and after, and the blocks that differ."""
    changes: dict[str, Any] = {}
    if title != current.title:
        changes["title"] = [current.title, title]
    if issuer != current.issuer:
        changes["issuer"] = [current.issuer, issuer]
    before = list(current.content or [])
    if len(before) != len(blocks):
        changes["blocks"] = [len(before), len(blocks)]
    edited = [
        {"index": i, "before": _short(old), "after": _short(new)}
        for i, (old, new) in enumerate(zip(before, blocks, strict=False))
        if old != new
    ]
    if edited:
        changes["edited"] = edited[:20]
    return changes


def _short(block: Block) -> str:
    text = block.get("text") if block.get("kind") != "table" else block.get("caption")
    return str(text or "")[:200]
