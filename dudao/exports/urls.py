from django.urls import path

from dudao.exports import views

app_name = "exports"

urlpatterns = [
    path("plans/<uuid:plan_id>/ledger.xlsx", views.plan_ledger, name="plan_ledger"),
]
