from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    """No session, no database, no template: what the server and Django cost alone."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), path("", include("config.urls"))]
