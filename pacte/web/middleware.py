from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from pacte.beneficiaries.crypto import UnreadableNir
from pacte.organizations.perms import requires_two_factor

# Pages a user who still owes a second factor may reach.
ALLOWED_PREFIXES = ("/connexion", "/deconnexion", "/double-authentification", "/static/")


class TwoFactorRequiredMiddleware:
    """Staff who can read the NIR or health data go no further than the second-factor pages until
    they have verified a TOTP code in this session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(ALLOWED_PREFIXES)
            and not request.path.startswith("/api/")
            and requires_two_factor(user)
            and not user.is_verified()
        ):
            return redirect(f"{reverse('web:otp_verify')}?next={request.get_full_path()}")
        return self.get_response(request)


class UnreadableNirMiddleware:
    """A NIR that does not decrypt under the configured key is an error that says so, in the page or
    the API answer, never an empty value."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, UnreadableNir):
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": exception.message}, status=500)
        return render(request, "web/errors/nir_key.html", {"message": exception.message}, status=500)
