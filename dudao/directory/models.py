"""The unit directory: governments, departments, committees, townships and party organs.

Units are never deleted once business data points at them (`on_delete=PROTECT` everywhere else);
a reformed unit keeps its row and names its successor from a date, so 2018's history keeps the
old name while new work follows the new unit.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _


class Unit(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("人民政府")
        DEPARTMENT = "department", _("政府部门")
        COMMITTEE = "committee", _("管理委员会")
        TOWNSHIP = "township", _("乡镇街道")
        PARTY = "party", _("党委机关")
        OTHER = "other", _("其他单位")

    class Level(models.TextChoices):
        PROVINCE = "province", _("省级")
        CITY = "city", _("市级")
        COUNTY = "county", _("县级")
        TOWNSHIP = "township", _("乡级")

    code = models.SlugField(
        _("编码"), max_length=64, unique=True, help_text=_("稳定的单位编码,导入导出时用来对应单位")
    )
    name = models.CharField(_("单位名称"), max_length=100, unique=True)
    kind = models.CharField(_("单位类型"), max_length=16, choices=Kind.choices)
    level = models.CharField(_("层级"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("改革后承继单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    successor_from = models.DateField(_("承继生效日期"), null=True, blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["sort_order", "name"]
        constraints = [
            models.CheckConstraint(
                name="unit_successor_needs_date",
                condition=models.Q(successor__isnull=True) | models.Q(successor_from__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_subordinate_government(self) -> bool:
        """A county, district or zone government under the root government: 县级人民政府按职责分工负责."""
        return (
            self.kind in (self.Kind.GOVERNMENT, self.Kind.COMMITTEE)
            and self.parent is not None
            and self.parent.parent_id is None
        )

    def ranks_with_governments(self) -> bool:
        """Ranked among the subordinate governments (县区排名), not the departments: any people's
        government or zone management committee below the top one — counties under a city, and in a
        province's directory cities and counties alike."""
        return self.kind in (self.Kind.GOVERNMENT, self.Kind.COMMITTEE) and self.parent_id is not None

    def current(self, on: datetime.date) -> Unit:
        """The unit that carries this unit's work on `on`, following successors after reforms."""
        unit: Unit = self
        seen = {unit.pk}
        while unit.successor_id and unit.successor_from and unit.successor_from <= on:
            unit = unit.successor  # type: ignore[assignment]
            if unit.pk in seen:
                break
            seen.add(unit.pk)
        return unit


class UnitAlias(models.Model):
    """Another name a notice may print for a unit: 市政府法制办 for 市政府法制办公室."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("别名"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("单位别名")
        verbose_name_plural = _("单位别名")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
