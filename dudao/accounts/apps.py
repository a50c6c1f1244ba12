from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "dudao.accounts"
    verbose_name = "账户与角色"
