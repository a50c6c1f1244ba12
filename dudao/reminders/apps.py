from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    """Reminders (催办) before and after due dates, and the in-app notifications they leave."""

    name = "dudao.reminders"
    verbose_name = _("催办提醒")
