from django.urls import include, path

urlpatterns = [
    path("", include("pacte.web.pathways.orientation.urls")),
    path("", include("pacte.web.pathways.followup.urls")),
]
