from django.urls import path

from dudao.plans import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("import/", views.import_notice, name="import"),
    path("import/<uuid:import_id>/", views.review, name="review"),
    path("import/<uuid:import_id>/units/", views.resolve_unit, name="resolve_unit"),
    path("import/<uuid:import_id>/placeholders/", views.expand_placeholder, name="expand_placeholder"),
    path(
        "import/<uuid:import_id>/tasks/<int:index>/placeholders/",
        views.task_placeholders,
        name="task_placeholders",
    ),
    path("import/<uuid:import_id>/leads/", views.confirm_lead, name="confirm_lead"),
    path("import/<uuid:import_id>/subordinate/", views.confirm_subordinate, name="confirm_subordinate"),
    path("import/<uuid:import_id>/publish/", views.publish, name="publish"),
    path("import/<uuid:import_id>/discard/", views.discard, name="discard"),
    path("<uuid:plan_id>/", views.plan_detail, name="detail"),
    path("<uuid:plan_id>/tasks/new/", views.add_task, name="add_task"),
    path("<uuid:plan_id>/tasks/<uuid:task_id>/amend/", views.amend_task, name="amend_task"),
    path(
        "<uuid:plan_id>/milestones/<uuid:milestone_id>/activate/", views.activate_event, name="activate_event"
    ),
]
