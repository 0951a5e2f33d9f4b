from django.urls import path

from pacte.api.pact.reports import ActionReportListView, PactIndicatorsView

urlpatterns = [
    # Any segment (not only a slug) reaches the view, so that an unknown pact answers the API's JSON 404.
    path("pacts/<str:slug>/indicators/", PactIndicatorsView.as_view(), name="pact-indicators"),
    path("action-reports/", ActionReportListView.as_view(), name="action-report-list"),
]
