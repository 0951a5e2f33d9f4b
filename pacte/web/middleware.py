from django.shortcuts import redirect
from django.urls import reverse

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
