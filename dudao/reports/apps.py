from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "dudao.reports"
    verbose_name = "进展报送"
