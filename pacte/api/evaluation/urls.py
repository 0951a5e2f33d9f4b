from django.urls import path

from pacte.api.evaluation.indicators import IndicatorsView

urlpatterns = [
    path("indicators/", IndicatorsView.as_view(), name="evaluation-indicators"),
]
