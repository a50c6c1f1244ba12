"""Turning ids in a request body into objects, through the caller's scoped querysets only."""

import uuid
from collections.abc import Sequence
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

M = TypeVar("M", bound=Model)


def chosen(queryset: QuerySet[M], ids: Sequence[uuid.UUID], *, field: str) -> list[M]:
    """All of `ids` from `queryset`, in the given order; one the caller may not use is a 400, never a hint."""
    wanted = list(dict.fromkeys(ids))
    found = {obj.pk: obj for obj in queryset.filter(pk__in=wanted)}
    if len(found) != len(wanted):
        raise ValidationError({field: [_("所选项目不存在或无权使用：%(field)s") % {"field": field}]})
    return [found[pk] for pk in wanted]


def one(queryset: QuerySet[M], pk: uuid.UUID | None, *, field: str) -> Any:
    """The object `pk` from `queryset`, None for None; a missing one is a 400 naming the field."""
    if pk is None:
        return None
    (found,) = chosen(queryset, [pk], field=field)
    return found
