"""`record(...)`: write one audit row inside the caller's transaction, so no change escapes the log."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from dudao.audit.models import AuditEvent


def _address(request: HttpRequest | None) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


def record(
    actor: Any,
    event: str,
    obj: models.Model | None = None,
    *,
    summary: str,
    changes: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Log `event` (`plan.publish`, `report.approve` …) by `actor` on `obj`; call it inside the write's transaction."""
    unit = getattr(actor, "unit", None)
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=str(actor) if actor is not None else "system",
        unit_name=str(unit) if unit is not None else "",
        address=_address(request),
        event=event,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        summary=summary[:300],
        changes=changes or {},
    )
