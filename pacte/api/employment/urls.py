from django.urls import include, path
from rest_framework.routers import DefaultRouter

from pacte.api.employment.placements import ImmersionViewSet, SocialClauseViewSet, TutoringViewSet
from pacte.api.employment.positionings import PositioningViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("positionings", PositioningViewSet, basename="positioning")
router.register("immersions", ImmersionViewSet, basename="immersion")
router.register("tutorings", TutoringViewSet, basename="tutoring")
router.register("social-clauses", SocialClauseViewSet, basename="social-clause")

urlpatterns = [path("", include(router.urls))]
