from django.apps import AppConfig


class WebConfig(AppConfig):
    """Public pages and the health check; this app owns no models."""

    name = "dudao.web"
