from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    """Status lights, their roll-up and the leaders' dashboard."""

    name = "dudao.supervision"
    verbose_name = _("督导总览")
