from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "dudao.plans"
    verbose_name = "工作安排"
