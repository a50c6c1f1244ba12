"""Supervision orders (督办单), under /supervision/orders/."""

from django.urls import path

from dudao.orders import views

app_name = "orders"

urlpatterns = [
    path("", views.order_list, name="list"),
    path("new/", views.issue, name="issue"),
    path("<uuid:order_id>/", views.detail, name="detail"),
    path("<uuid:order_id>/print/", views.print_view, name="print"),
    path("<uuid:order_id>/answer/", views.answer, name="answer"),
    path("<uuid:order_id>/close/", views.close, name="close"),
    path("<uuid:order_id>/return/", views.return_answer, name="return"),
]
