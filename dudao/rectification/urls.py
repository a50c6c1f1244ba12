"""Rectification (整改), under /supervision/rectification/."""

from django.urls import path

from dudao.rectification import views

app_name = "rectification"

urlpatterns = [
    path("", views.rectification_list, name="list"),
    path("new/", views.record, name="record"),
    path("<uuid:rectification_id>/", views.detail, name="detail"),
    path("<uuid:rectification_id>/submit/", views.submit, name="submit"),
    path("<uuid:rectification_id>/close/", views.close, name="close"),
    path("<uuid:rectification_id>/return/", views.return_submission, name="return"),
]
