"""The site's URLs: each app contributes its own list."""

from django.urls import include, path

urlpatterns = [
    path("", include("dudao.web.urls")),
    path("accounts/", include("dudao.accounts.urls")),
]
