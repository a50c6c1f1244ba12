from django.urls import path

from dudao.workdays import views

app_name = "workdays"

urlpatterns = [
    path("", views.year_list, name="list"),
    path("<int:year>/", views.year_detail, name="year"),
    path("<int:year>/edit/", views.year_edit, name="edit"),
    path("<int:year>/days/", views.day_set, name="day_set"),
    path("<int:year>/days/remove/", views.day_remove, name="day_remove"),
    path("<int:year>/delete/", views.year_delete, name="delete"),
]
