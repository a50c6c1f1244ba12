from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RectificationConfig(AppConfig):
    """Rectification (整改) of problems found in inspections (督察), closed only with evidence."""

    name = "dudao.rectification"
    verbose_name = _("督察整改")
