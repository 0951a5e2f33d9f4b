from django.urls import include, path
from rest_framework.routers import DefaultRouter

from pacte.api.employment.positionings import PositioningViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("positionings", PositioningViewSet, basename="positioning")

urlpatterns = [path("", include(router.urls))]
