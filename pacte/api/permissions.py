"""API permissions: they delegate to the predicates of `pacte.organizations.perms`."""

from rest_framework.permissions import BasePermission

from pacte.organizations import perms


class SecondFactorForSessions(BasePermission):
    """A browser session of a role that reads the NIR must have passed the TOTP page, as on the web.

    Token clients are not concerned: the token is delivered to whoever holds the password, and the
    web session that would hand it out is itself behind the second factor."""

    message = "Validez d'abord la double authentification sur le site."

    def has_permission(self, request, view):
        if request.auth is not None or not perms.requires_two_factor(request.user):
            return True
        is_verified = getattr(request.user, "is_verified", None)
        return bool(is_verified and is_verified())


class CanSeePeople(BasePermission):
    """Persons are for the roles that work on people's records, and for a beneficiary's own."""

    message = "Votre rôle ne donne pas accès aux données personnelles."

    def has_permission(self, request, view):
        return perms.can_see_people(request.user)
