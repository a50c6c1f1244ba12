from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BulletinsConfig(AppConfig):
    """Progress bulletins (通报): generated for a period, edited, issued as Word files."""

    name = "dudao.bulletins"
    verbose_name = _("督查通报")
