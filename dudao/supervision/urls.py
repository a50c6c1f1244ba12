"""The leaders' dashboard (督导总览), under /supervision/."""

from django.urls import path

from dudao.supervision import views

app_name = "supervision"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("items/", views.items, name="items"),
    path("units/<slug:code>/", views.unit, name="unit"),
]
