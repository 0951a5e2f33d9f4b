from django.urls import path

from pacte.web.imports import caf, journal, spreadsheets

urlpatterns = [
    path("imports/caf/", caf.caf_upload, name="caf_upload"),
    path("imports/caf/taches/<uuid:uuid>/", caf.caf_task, name="caf_task"),
    path("imports/caf/taches/<uuid:uuid>/progression/", caf.caf_task_progress, name="caf_task_progress"),
    path("imports/journal/", journal.caf_journal, name="caf_journal"),
    path("imports/journal/<uuid:uuid>/", journal.caf_import_detail, name="caf_import_detail"),
    path("imports/tableurs/", spreadsheets.spreadsheet_list, name="spreadsheet_list"),
    path("imports/tableurs/nouveau/", spreadsheets.spreadsheet_upload, name="spreadsheet_upload"),
    path(
        "imports/tableurs/<uuid:uuid>/colonnes/", spreadsheets.spreadsheet_columns, name="spreadsheet_columns"
    ),
    path("imports/tableurs/<uuid:uuid>/", spreadsheets.spreadsheet_review, name="spreadsheet_review"),
    path("imports/tableurs/<uuid:uuid>/traitement/", spreadsheets.spreadsheet_task, name="spreadsheet_task"),
    path(
        "imports/tableurs/<uuid:uuid>/traitement/progression/",
        spreadsheets.spreadsheet_task_progress,
        name="spreadsheet_task_progress",
    ),
    path(
        "imports/tableurs/<uuid:uuid>/enregistrer/", spreadsheets.spreadsheet_apply, name="spreadsheet_apply"
    ),
    path(
        "imports/tableurs/<uuid:uuid>/abandonner/", spreadsheets.spreadsheet_cancel, name="spreadsheet_cancel"
    ),
]
