from django.urls import path

from dudao.bulletins import views

app_name = "bulletins"

urlpatterns = [
    path("", views.bulletin_list, name="list"),
    path("new/", views.bulletin_create, name="create"),
    path("<uuid:bulletin_id>/", views.bulletin_detail, name="detail"),
    path("<uuid:bulletin_id>/status/", views.bulletin_status, name="status"),
    path("<uuid:bulletin_id>/edit/", views.bulletin_edit, name="edit"),
    path("<uuid:bulletin_id>/issue/", views.bulletin_issue, name="issue"),
    path("<uuid:bulletin_id>/retry/", views.bulletin_retry, name="retry"),
    path("<uuid:bulletin_id>/docx/", views.bulletin_docx, name="docx"),
]
