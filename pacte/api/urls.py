from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from pacte.api import auth, views
from pacte.api.employment.views import JobOfferViewSet
from pacte.api.offers.prescriptions import PrescriptionViewSet
from pacte.api.offers.views import OfferViewSet
from pacte.api.pact.views import PactViewSet

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("persons", views.PersonViewSet, basename="person")
router.register("offers", OfferViewSet, basename="offer")
router.register("prescriptions", PrescriptionViewSet, basename="prescription")
router.register("job-offers", JobOfferViewSet, basename="job-offer")
router.register("pacts", PactViewSet, basename="pact")

urlpatterns = [
    path("auth/token/", auth.ObtainTokenView.as_view(), name="token"),
    path("auth/logout/", auth.RevokeTokenView.as_view(), name="logout"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", views.api_docs, name="docs"),
    path("", include("pacte.api.pathways.urls")),
    path("", include("pacte.api.employment.urls")),
    path("", include("pacte.api.pact.urls")),
    path("", include("pacte.api.evaluation.urls")),
    path("", include(router.urls)),
]
