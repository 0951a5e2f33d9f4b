"""No page or API answer of Pacte is kept by a browser or a proxy cache.

Almost every answer holds personal data (a person's page, a PDF letter, an export, an API
record), and a shared computer's browser cache or a proxy would keep them after the session ends.
The simplest rule that cannot forget a view: every answer but the static files (served by
WhiteNoise before this middleware, with their own long-lived headers) says `no-store`.
"""

from django.conf import settings
from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.static_prefix = "/" + settings.STATIC_URL.lstrip("/") if settings.STATIC_URL else None

    def __call__(self, request):
        response = self.get_response(request)
        if self.static_prefix and request.path.startswith(self.static_prefix):
            return response
        # Replaces whatever a view asked for (`max-age`, `public`): nothing here may be stored.
        if "Cache-Control" in response:
            del response["Cache-Control"]
        add_never_cache_headers(response)
        response["Pragma"] = "no-cache"
        return response
