from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from pacte.web import health


@require_safe
@never_cache
def healthz(request):
    """For the supervision, without login: 200 when ok or degraded, 503 when down (pacte/web/health.py)."""
    status, body = health.check()
    return JsonResponse(body, status=status)
