"""The site's URLs: each app contributes its own list."""

from django.urls import include, path

from dudao.api.api import api, not_found

urlpatterns = [
    path("", include("dudao.web.urls")),
    path("accounts/", include("dudao.accounts.urls")),
    path("my/", include("dudao.reports.urls")),
    path("directory/", include("dudao.directory.urls")),
    path("plans/", include("dudao.plans.urls")),
    path("audit/", include("dudao.audit.urls")),
    path("supervision/", include("dudao.supervision.urls")),
    path("supervision/calendar/", include("dudao.workdays.urls")),
    path("supervision/orders/", include("dudao.orders.urls")),
    path("supervision/rectification/", include("dudao.rectification.urls")),
    path("supervision/bulletins/", include("dudao.bulletins.urls")),
    path("notifications/", include("dudao.reminders.urls")),
    path("", include("dudao.exports.urls")),
    path("api/", api.urls),
    # After the API: its unknown paths answer in its error shape.
    path("api/<path:rest>", not_found, name="api_not_found"),
]
