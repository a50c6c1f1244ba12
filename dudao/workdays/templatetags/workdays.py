"""`{% calendar_warning start end %}`: a one-line warning when a year between two dates (or two years)
has neither an entered arrangement nor the package's data, so its working days are Mon–Fri guesses."""

from __future__ import annotations

import datetime
from typing import Any

from django import template

from dudao.workdays.services import current_calendar

register = template.Library()


def _as_date(value: datetime.date | int | str | None, *, end: bool) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        year = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None  # a page with nothing to warn about passes nothing; never an error
    if not 1900 <= year <= 2200:
        return None
    return datetime.date(year, 12, 31) if end else datetime.date(year, 1, 1)


@register.inclusion_tag("workdays/_calendar_warning.html", takes_context=True)
def calendar_warning(
    context: dict[str, Any],
    start: datetime.date | int | str | None,
    end: datetime.date | int | str | None = None,
) -> dict[str, Any]:
    """Years in [start, end] that fall back to weekends; office administrators get the link to enter them."""
    first = _as_date(start, end=False)
    last = _as_date(end if end is not None else start, end=True)
    years = current_calendar().fallback_years(first, last) if first and last and first <= last else []
    user = context.get("user")
    return {"years": years, "can_enter": bool(getattr(user, "is_office_admin", False))}
