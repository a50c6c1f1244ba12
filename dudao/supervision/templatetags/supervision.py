"""Template helpers of the supervision pages: rates as percentages, links to the list behind a figure."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from dudao.plans.models import Plan
from dudao.supervision import links

register = template.Library()

LIGHT_WORDS = {
    "red": _("红灯"),
    "yellow": _("黄灯"),
    "green": _("绿灯"),
    "done": _("已完成"),
    "dormant": _("待激活"),
    "na": _("不适用"),
}


@register.filter
def percent(rate: float) -> str:
    """0.4567 → 45.7%"""
    return f"{rate * 100:.1f}%"


@register.filter
def light_word(light: str) -> str:
    """A light's word on the supervision pages: red → 红灯 (one lookup for rows of a long table)."""
    return str(LIGHT_WORDS.get(light, LIGHT_WORDS["na"]))


@register.simple_tag
def items_url(plan: Plan, **filters: Any) -> str:
    """`supervision:items` for the plan, filtered: `{% items_url plan light='red' unit=unit.code %}`."""
    return links.items_url(plan, **filters)
