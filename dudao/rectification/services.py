"""Every write on rectification (整改): the office records a problem, the unit submits its correction with
evidence, the office closes it (销号) or returns it.

Each service is one transaction with its audit row inside; the people concerned are notified through
`dudao.reminders.services.notify`. Refusals are `ValidationError`s keyed by form field; a caller
without the right raises `PermissionDenied`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import IO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dudao.accounts import access
from dudao.accounts.models import User
from dudao.audit.services import record
from dudao.directory.models import Unit
from dudao.rectification.models import Rectification, RectificationAction, RectificationStatus
from dudao.reminders.services import notify, unit_contacts
from dudao.reports.models import Evidence
from dudao.reports.services import store_uploads


def _refuse(field: str, message: str, code: str = "invalid") -> ValidationError:
    return ValidationError({field: [ValidationError(message, code=code)]})


def _text(value: str | None) -> str:
    return (value or "").strip()


def _office(by: User) -> None:
    if not access.acts_for_office(by):
        raise PermissionDenied


def _lock(item: Rectification) -> Rectification:
    return Rectification.objects.select_for_update().select_related("unit").get(pk=item.pk)


def _url(item: Rectification) -> str:
    return reverse("rectification:detail", args=[item.pk])


def record_rectification(
    unit: Unit,
    *,
    source: str,
    found_on: datetime.date,
    problem: str,
    requirement: str = "",
    deadline: datetime.date,
    by: User,
    request: HttpRequest | None = None,
) -> Rectification:
    """The office records a problem an inspection (督察) found at `unit`, to be corrected by `deadline`."""
    _office(by)
    source, problem = _text(source), _text(problem)
    if not source:
        raise _refuse("source", _("请填写督察名称。"), "required")
    if not problem:
        raise _refuse("problem", _("请填写发现的问题。"), "required")
    if found_on > timezone.localdate():
        raise _refuse("found_on", _("发现日期不能晚于今天。"))
    if deadline < found_on:
        raise _refuse("deadline", _("整改期限不能早于发现日期。"))
    with transaction.atomic():
        item = Rectification.objects.create(
            unit=unit,
            source=source,
            found_on=found_on,
            problem=problem,
            requirement=_text(requirement),
            deadline=deadline,
            recorded_by=by,
        )
        RectificationAction.objects.create(
            rectification=item, action=RectificationAction.Action.RECORD, by=by
        )
        record(
            by,
            "rectification.record",
            item,
            summary=_("登记整改事项：%(unit)s · %(source)s") % {"unit": unit, "source": source},
            changes={"unit": str(unit), "deadline": deadline.isoformat()},
            request=request,
        )
        notify(
            unit_contacts(unit),
            kind="rectification.recorded",
            subject=_("整改通知：%(source)s") % {"source": source},
            body=_("%(source)s发现的问题：%(problem)s。请于%(deadline)s前完成整改并上传佐证材料。")
            % {"source": source, "problem": problem, "deadline": deadline.isoformat()},
            url=_url(item),
        )
    return item


def submit_rectification(
    item: Rectification,
    *,
    response: str,
    evidence: Iterable[Evidence] = (),
    uploads: Sequence[IO[bytes]] = (),
    by: User,
    request: HttpRequest | None = None,
) -> Rectification:
    """The unit's liaison or head reports the correction. At least one evidence file is required, chosen
    from the unit's uploads or uploaded with the submission: a rectification closes only on evidence."""
    if not access.can_write_unit_work(by, item.unit_id):
        raise PermissionDenied
    response = _text(response)
    if not response:
        raise _refuse("response", _("请填写整改情况。"), "required")
    chosen = list(evidence)
    if any(piece.unit_id != item.unit_id for piece in chosen):
        raise _refuse("evidence", _("只能使用本单位上传的佐证材料。"))
    if not chosen and not uploads:
        raise _refuse("evidence", _("请至少附一份整改佐证材料：整改须凭佐证材料销号。"), "required")
    with transaction.atomic():
        locked = _lock(item)
        if locked.status != RectificationStatus.OPEN:
            raise ValidationError(_("该整改事项已提交或已销号，不能再提交。"), code="state")
        chosen += store_uploads(uploads, unit=locked.unit, by=by, request=request)
        locked.response, locked.status = response, RectificationStatus.SUBMITTED
        locked.submitted_by, locked.submitted_at = by, timezone.now()
        locked.save(update_fields=["response", "status", "submitted_by", "submitted_at"])
        locked.evidence.set(chosen)
        RectificationAction.objects.create(
            rectification=locked, action=RectificationAction.Action.SUBMIT, by=by
        )
        record(
            by,
            "rectification.submit",
            locked,
            summary=_("提交整改情况：%(source)s") % {"source": locked.source},
            changes={"evidence": sorted(str(piece.pk) for piece in chosen)},
            request=request,
        )
        notify(
            [locked.recorded_by],
            kind="rectification.submitted",
            subject=_("%(unit)s已提交整改情况") % {"unit": locked.unit},
            body=_("%(source)s：%(unit)s已提交整改情况，请审核销号。")
            % {"source": locked.source, "unit": locked.unit},
            url=_url(locked),
        )
    return locked


def close_rectification(
    item: Rectification, *, note: str = "", by: User, request: HttpRequest | None = None
) -> Rectification:
    """The office accepts the submitted correction and closes the item (销号)."""
    _office(by)
    with transaction.atomic():
        locked = _lock(item)
        if locked.status != RectificationStatus.SUBMITTED:
            raise ValidationError(_("单位尚未提交整改情况和佐证材料，不能销号。"), code="state")
        if not locked.evidence.exists():
            raise ValidationError(_("没有佐证材料，不能销号。"), code="evidence")
        locked.status, locked.closed_by, locked.closed_at = RectificationStatus.CLOSED, by, timezone.now()
        locked.close_note = _text(note)
        locked.save(update_fields=["status", "closed_by", "closed_at", "close_note"])
        RectificationAction.objects.create(
            rectification=locked, action=RectificationAction.Action.CLOSE, reason=locked.close_note, by=by
        )
        record(
            by,
            "rectification.close",
            locked,
            summary=_("整改销号：%(unit)s · %(source)s") % {"unit": locked.unit, "source": locked.source},
            changes={"note": locked.close_note},
            request=request,
        )
    return locked


def return_rectification(
    item: Rectification, *, reason: str, by: User, request: HttpRequest | None = None
) -> Rectification:
    """The office returns a submitted correction with a reason: the item is open again for the unit."""
    _office(by)
    reason = _text(reason)
    if not reason:
        raise _refuse("reason", _("请填写退回理由。"), "required")
    with transaction.atomic():
        locked = _lock(item)
        if locked.status != RectificationStatus.SUBMITTED:
            raise ValidationError(_("只有待审核的整改事项才能退回。"), code="state")
        locked.status, locked.return_reason = RectificationStatus.OPEN, reason
        locked.save(update_fields=["status", "return_reason"])
        RectificationAction.objects.create(
            rectification=locked, action=RectificationAction.Action.RETURN, reason=reason, by=by
        )
        record(
            by,
            "rectification.return",
            locked,
            summary=_("退回整改情况：%(unit)s · %(source)s") % {"unit": locked.unit, "source": locked.source},
            changes={"reason": reason},
            request=request,
        )
        notify(
            unit_contacts(locked.unit),
            kind="rectification.returned",
            subject=_("整改情况被退回：%(source)s") % {"source": locked.source},
            body=_("退回理由：%(reason)s。请继续整改后重新提交。") % {"reason": reason},
            url=_url(locked),
        )
    return locked
