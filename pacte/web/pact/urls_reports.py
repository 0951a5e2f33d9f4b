"""The pact's follow-up: yearly action reports, steering committees, concertation forms."""

from django.urls import path

from pacte.web.pact import committees, editing, reports

urlpatterns = [
    path("mes-bilans/", reports.my_reports, name="pact_my_reports"),
    path("actions-du-pacte/<uuid:uuid>/bilans/<int:year>/", reports.report_edit, name="pact_report_edit"),
    path("actions-du-pacte/<uuid:uuid>/redacteurs/", reports.action_reporters, name="pact_action_reporters"),
    path("bilans-d-action/a-relire/", reports.review_queue, name="pact_report_queue"),
    path("bilans-d-action/<uuid:uuid>/", reports.report_detail, name="pact_report_detail"),
    path("bilans-d-action/<uuid:uuid>/relecture/", reports.report_review, name="pact_report_review"),
    path("pactes/<slug:slug>/comites/", committees.committee_list, name="pact_committee_list"),
    path("pactes/<slug:slug>/comites/nouveau/", committees.committee_create, name="pact_committee_create"),
    path("comites-de-pilotage/<uuid:uuid>/", committees.committee_detail, name="pact_committee_detail"),
    path("comites-de-pilotage/<uuid:uuid>/modifier/", committees.committee_edit, name="pact_committee_edit"),
    path(
        "comites-de-pilotage/<uuid:uuid>/decisions/nouvelle/",
        committees.decision_create,
        name="pact_committee_decision_create",
    ),
    path(
        "comites-de-pilotage/<uuid:uuid>/suites/nouvelle/",
        committees.task_create,
        name="pact_committee_task_create",
    ),
    path("suites-de-comite/<uuid:uuid>/fait/", committees.task_done, name="pact_task_done"),
    path(
        "pactes/<slug:slug>/concertation/nouveau/",
        editing.concertation_create,
        name="pact_concertation_create",
    ),
    path(
        "pactes/<slug:slug>/concertation/<int:pk>/", editing.concertation_edit, name="pact_concertation_edit"
    ),
]
