"""A URL configuration with one failing view, to see the 500 page the project serves."""

from django.urls import path

from config.urls import handler400, handler403, handler404, handler500, urlpatterns


def failing_view(request):
    raise RuntimeError("panne simulée")


urlpatterns = [path("panne/", failing_view), *urlpatterns]

__all__ = ["handler400", "handler403", "handler404", "handler500"]
