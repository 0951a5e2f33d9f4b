from django.urls import path

from pacte.web.offers.imports import views

urlpatterns = [
    path("offres/import/", views.offer_import, name="offer_import"),
    path("offres/import/modele.csv", views.offer_import_template, name="offer_import_template"),
    path("offres/import/<uuid:uuid>/", views.offer_import_review, name="offer_import_review"),
    path("offres/import/<uuid:uuid>/confirmer/", views.offer_import_confirm, name="offer_import_confirm"),
    path("offres/import/<uuid:uuid>/abandonner/", views.offer_import_cancel, name="offer_import_cancel"),
]
