from django.urls import path

from pacte.web.pact import bilan

urlpatterns = [
    path("pactes/<slug:slug>/bilan/", bilan.pact_bilan, name="pact_bilan"),
    path(
        "pactes/<slug:slug>/indicateurs/calculer/",
        bilan.pact_indicators_compute,
        name="pact_indicators_compute",
    ),
]
