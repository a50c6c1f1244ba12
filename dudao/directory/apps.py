from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "dudao.directory"
    verbose_name = "单位名录"
