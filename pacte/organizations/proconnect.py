"""ProConnect, the State's OpenID Connect federation of public agents, for staff logins.

Through `mozilla-django-oidc` (docs/decisions/007-proconnect.md): the authorisation code flow with
PKCE and a nonce, the ID token and the userinfo (a signed JWT at ProConnect) checked against the
provider's keys. Pacte adds its own rules:

- an account is matched by its e-mail to an active account holding a staff membership; a login
  never creates an account (the direction invites its staff);
- the second factor is taken from the provider when it vouches for it (`acr` among
  `PACTE_PROCONNECT_MFA_ACR`, or `mfa` in `amr`); otherwise the roles that need one give their TOTP
  code as after a password.
"""

from django.conf import settings
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from pacte.organizations.perms import STAFF_ROLES

CLAIMS_ATTRIBUTE = "pacte_proconnect_claims"


def endpoints(base_url):
    """The provider's endpoints under its base URL (ProConnect's `/api/v2`)."""
    base = base_url.rstrip("/")
    return {
        "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{base}/authorize",
        "OIDC_OP_TOKEN_ENDPOINT": f"{base}/token",
        "OIDC_OP_USER_ENDPOINT": f"{base}/userinfo",
        "OIDC_OP_JWKS_ENDPOINT": f"{base}/jwks",
        "OIDC_OP_LOGOUT_ENDPOINT": f"{base}/session/end",
    }


def second_factor_vouched(claims):
    """Whether the ID token's claims say the agent gave a second factor to the provider."""
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = amr.split()
    return claims.get("acr") in settings.PACTE_PROCONNECT_MFA_ACR or "mfa" in amr


class ProConnectBackend(OIDCAuthenticationBackend):
    """Logs in the existing staff account of the agent ProConnect vouches for, or no one."""

    def filter_users_by_claims(self, claims):
        email = (claims.get("email") or "").strip()
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(
            email__iexact=email,
            is_active=True,
            memberships__is_active=True,
            memberships__organization__is_active=True,
            memberships__role__in=STAFF_ROLES,
        ).distinct()

    def create_user(self, claims):
        # Never reached with OIDC_CREATE_USER = False; kept refused should the setting change.
        return None

    def get_or_create_user(self, access_token, id_token, payload):
        user = super().get_or_create_user(access_token, id_token, payload)
        if user is not None:
            # The ID token's claims (acr, amr), for the callback to decide on the second factor.
            setattr(self.request, CLAIMS_ATTRIBUTE, payload)
        return user
