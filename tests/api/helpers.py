"""Authenticating the API test client the way a real client does: with a token from the service."""

from pacte.organizations.perms import requires_two_factor
from pacte.organizations.services import issue_token


def as_user(api_client, user):
    """The client now sends a fresh token of `user` (issued with the second factor when required)."""
    user._pacte_memberships = None
    _, secret = issue_token(user=user, otp_verified=requires_two_factor(user))
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return api_client
