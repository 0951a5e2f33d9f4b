from django.urls import path

from pacte.api.pact.reports import ActionReportListView, PactIndicatorsView

urlpatterns = [
    path("pacts/<slug:slug>/indicators/", PactIndicatorsView.as_view(), name="pact-indicators"),
    path("action-reports/", ActionReportListView.as_view(), name="action-report-list"),
]
