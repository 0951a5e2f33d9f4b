from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def bad_request(request, exception=None):
    return render(request, "web/errors/400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "web/errors/403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "web/errors/404.html", status=404)


def server_error(request):
    # No request context: the page must render even when the database or a context processor fails.
    return HttpResponseServerError(loader.get_template("web/errors/500.html").render())
