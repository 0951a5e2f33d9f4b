"""Authentication of API requests by hashed, expiring, revocable tokens (kept apart from the views:
DRF imports its authentication classes while it loads its own views)."""

from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from pacte.organizations.models import ApiToken
from pacte.organizations.services import token_for_secret


class ApiTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <secret>`, checked against the hashed, unexpired, unrevoked tokens."""

    model = ApiToken

    def authenticate_credentials(self, key):
        token = token_for_secret(key)
        if token is None:
            raise exceptions.AuthenticationFailed("Jeton invalide, expiré ou révoqué.")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("Ce compte est désactivé.")
        return token.user, token
