from django.urls import path

from dudao.directory import views

app_name = "directory"

# `import` and `export.xlsx` come before `<code>/`; services.RESERVED_CODES keeps units from taking them.
urlpatterns = [
    path("", views.unit_list, name="list"),
    path("import/", views.import_upload, name="import"),
    path("export.xlsx", views.export_download, name="export"),
    path("<slug:code>/", views.unit_detail, name="detail"),
    path("<slug:code>/edit/", views.unit_edit, name="edit"),
    path("<slug:code>/aliases/", views.alias_add, name="alias_add"),
    path("<slug:code>/aliases/remove/", views.alias_remove, name="alias_remove"),
    path("<slug:code>/successor/", views.successor_set, name="successor"),
]
