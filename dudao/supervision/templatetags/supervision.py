"""Template helpers of the supervision pages: rates as percentages, links to the list behind a figure."""

from __future__ import annotations

from typing import Any

from django import template

from dudao.plans.models import Plan
from dudao.supervision import links

register = template.Library()


@register.filter
def percent(rate: float) -> str:
    """0.4567 → 45.7%"""
    return f"{rate * 100:.1f}%"


@register.simple_tag
def items_url(plan: Plan, **filters: Any) -> str:
    """`supervision:items` for the plan, filtered: `{% items_url plan light='red' unit=unit.code %}`."""
    return links.items_url(plan, **filters)
