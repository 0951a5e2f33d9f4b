"""API permissions: they delegate to the predicates of `pacte.organizations.perms`."""

from rest_framework.permissions import BasePermission

from pacte.organizations import perms
from pacte.organizations.models import ApiToken


class SecondFactorVerified(BasePermission):
    """A role that reads the NIR or health data reaches the API only through its second factor: a
    browser session that passed the TOTP page, or a token issued against a valid TOTP code."""

    message = "Validez d'abord la double authentification sur le site."

    def has_permission(self, request, view):
        if not perms.requires_two_factor(request.user):
            return True
        if isinstance(request.auth, ApiToken):
            if request.auth.otp_verified:
                return True
            self.message = "Ce jeton a été délivré sans double authentification : demandez-en un nouveau."
            return False
        is_verified = getattr(request.user, "is_verified", None)
        return bool(is_verified and is_verified())


class CanSeePeople(BasePermission):
    """Persons are for the roles that work on people's records, and for a beneficiary's own."""

    message = "Votre rôle ne donne pas accès aux données personnelles."

    def has_permission(self, request, view):
        return perms.can_see_people(request.user)
