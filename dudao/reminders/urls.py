from django.urls import path

from dudao.reminders import views

app_name = "reminders"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<uuid:notification_id>/read/", views.read, name="read"),
    path("read-all/", views.read_all, name="read_all"),
    path("reminders/", views.reminder_log, name="log"),
    path("remind/<uuid:assignment_id>/<uuid:milestone_id>/", views.remind, name="remind"),
]
