"""A unit's working pages, under /my/: tasks, reports, occurrences, evidence."""

from django.urls import path

from dudao.reports import views

app_name = "reports"

urlpatterns = [
    path("tasks/", views.my_tasks, name="my_tasks"),
    path("tasks/<uuid:assignment_id>/", views.task_detail, name="task_detail"),
    path("tasks/<uuid:assignment_id>/delegate/", views.delegate, name="delegate"),
    path("tasks/<uuid:assignment_id>/withdraw/", views.withdraw, name="withdraw"),
    path("tasks/<uuid:assignment_id>/reports/new/", views.report_create, name="report_create"),
    path("tasks/<uuid:assignment_id>/consolidated/", views.consolidated_save, name="consolidated_save"),
    path(
        "tasks/<uuid:assignment_id>/consolidated/submit/",
        views.consolidated_submit,
        name="consolidated_submit",
    ),
    path("reports/<uuid:report_id>/", views.report_detail, name="report_detail"),
    path("reports/<uuid:report_id>/edit/", views.report_edit, name="report_edit"),
    path("reports/<uuid:report_id>/submit/", views.report_submit, name="report_submit"),
    path("reports/<uuid:report_id>/approve/", views.report_approve, name="report_approve"),
    path("reports/<uuid:report_id>/return/", views.report_return, name="report_return"),
    path("occurrences/", views.occurrences, name="occurrences"),
    path("occurrences/<uuid:occurrence_id>/", views.occurrence_detail, name="occurrence_detail"),
    path("evidence/upload/", views.evidence_upload, name="evidence_upload"),
    path("evidence/<uuid:evidence_id>/download/", views.evidence_download, name="evidence_download"),
    path("evidence/<uuid:evidence_id>/preview/", views.evidence_preview, name="evidence_preview"),
]
