from django.contrib import admin
from django.urls import include, path

from pacte.web.views.auth import admin_login
from pacte.web.views.health import healthz

urlpatterns = [
    # The admin's login behind the site's throttle (before `admin.site.urls`, which it shadows).
    path("admin/login/", admin_login),
    path("admin/", admin.site.urls),
    path("api/v1/", include("pacte.api.urls")),
    # The supervision's probe, without login (docs/deploy.md).
    path("healthz", healthz, name="healthz"),
    path("mon-espace/", include("pacte.portal.urls")),
    path("", include("pacte.web.urls")),
]

handler400 = "pacte.web.views.errors.bad_request"
handler403 = "pacte.web.views.errors.permission_denied"
handler404 = "pacte.web.views.errors.page_not_found"
handler500 = "pacte.web.views.errors.server_error"
