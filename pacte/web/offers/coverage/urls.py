from django.urls import path

from pacte.web.offers.coverage import fill_rates, views

urlpatterns = [
    path("offres/couverture/", views.offer_coverage, name="offer_coverage"),
    path("offres/couverture/export/", views.offer_coverage_export, name="offer_coverage_export"),
    path("offres/remplissage/", fill_rates.offer_fill_rates, name="offer_fill_rates"),
]
