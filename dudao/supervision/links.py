"""Where each figure leads: the list behind it (`supervision:items`) with the filters that select it."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.http import urlencode

from dudao.plans.models import Plan


def items_url(plan: Plan, **filters: Any) -> str:
    """`/supervision/items/?plan=…&light=red&unit=…`: empty filters are left out."""
    query = {"plan": plan.pk, **{key: value for key, value in filters.items() if value not in (None, "")}}
    return f"{reverse('supervision:items')}?{urlencode(query)}"
