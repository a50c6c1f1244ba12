from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    """The official holiday arrangement per year and the working-day calendar built from it."""

    name = "dudao.workdays"
    verbose_name = _("节假日安排")
