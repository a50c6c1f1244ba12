"""The official holiday arrangement per year, as the office entered it from the State Council's notice.

A year entered here overrides the `chinese_calendar` package for that year (see `calendar.py`); its
days are the ones whose status the arrangement sets: holidays (放假, is_workday False) and the weekends
worked in their place (调休上班, is_workday True). Every other day of the year is Monday to Friday.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class HolidayYear(models.Model):
    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    notice_title = models.CharField(_("通知标题"), max_length=200, blank=True)
    doc_number = models.CharField(_("文号"), max_length=60, blank=True)  # 国办发明电〔2026〕7号
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year"]
        constraints = [
            # 2000–2100: a four-digit year typed by hand; the notices begin in 2000 and nobody plans a century ahead.
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100), name="holiday_year_range"
            ),
        ]
        verbose_name = _("节假日安排")
        verbose_name_plural = _("节假日安排")

    def __str__(self) -> str:
        return f"{self.year}年节假日安排"

    @property
    def source(self) -> str:
        """The notice as a reader cites it: its 文号, else its title."""
        return self.doc_number or self.notice_title


class HolidayDay(models.Model):
    # Keyed by the year itself, so that the database can check the date lies in it.
    year = models.ForeignKey(HolidayYear, on_delete=models.CASCADE, to_field="year", related_name="days")
    date = models.DateField(_("日期"), unique=True)  # one status per day; the calendar looks days up by date
    is_workday = models.BooleanField(_("上班"))
    name = models.CharField(_("名称"), max_length=40)  # 春节, 春节调休上班

    class Meta:
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(date__year=models.F("year")), name="holiday_day_in_its_year"
            ),
        ]
        verbose_name = _("节假日")
        verbose_name_plural = _("节假日")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"
