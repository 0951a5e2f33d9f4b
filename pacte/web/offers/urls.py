from django.urls import include, path

urlpatterns = [
    path("", include("pacte.web.offers.catalogue.urls")),
    path("", include("pacte.web.offers.imports.urls")),
    path("", include("pacte.web.offers.coverage.urls")),
    path("", include("pacte.web.offers.prescriptions.urls")),
]
