from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    """Supervision orders (督办单): issued by the office to a unit, answered, escalated when ignored."""

    name = "dudao.orders"
    verbose_name = _("督办单")
