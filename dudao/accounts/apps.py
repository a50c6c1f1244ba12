from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "dudao.accounts"
    verbose_name = "账户与角色"

    def ready(self) -> None:
        # Connects the sign-in stamp of the session limits before the first sign-in, whatever signs in.
        from dudao.accounts import sessions  # noqa: F401
