"""API tokens: issued for an e-mail, a password and, for the roles that use two factors, the current
second-factor code; stored hashed, expiring, revoked on logout or by the direction."""

from django.contrib.auth import authenticate
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from pacte.audit.services import client_ip
from pacte.organizations import perms, throttle
from pacte.organizations.enums import LoginChannel
from pacte.organizations.models import ApiToken
from pacte.organizations.services import (
    LOGIN_INVALID,
    issue_token,
    login_gate,
    login_wait_message,
    record_login_attempt,
    revoke_token,
    second_factor_error,
)


class TokenThrottle(AnonRateThrottle):
    scope = "token"


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)
    otp = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=6,
        help_text=(
            "Code à 6 chiffres de l'application d'authentification : obligatoire pour les rôles qui "
            "lisent le NIR ou les données de santé (direction, chargé·e d'orientation, référent·e, "
            "superutilisateur)."
        ),
    )
    label = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text="Libellé du jeton (nom du script)."
    )


def _error(message, code=status.HTTP_400_BAD_REQUEST):
    return Response({"detail": message}, status=code)


class ObtainTokenView(APIView):
    """Exchange an e-mail, a password and the second-factor code for an API token
    (`Authorization: Token ...`). The token is shown once and expires (12 hours by default)."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [TokenThrottle]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: inline_serializer("TokenResponse", {"token": serializers.CharField()}),
            400: OpenApiResponse(description="Identifiants ou code de double authentification incorrects."),
            429: OpenApiResponse(description="Trop de tentatives : réessayer plus tard."),
        },
    )
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        email, ip = data["email"], client_ip(request)
        trusted = throttle.is_trusted_device(request, email)
        wait = login_gate(email=email, ip=ip, channel=LoginChannel.API, trusted=trusted)
        if wait:
            return _error(login_wait_message(wait), status.HTTP_429_TOO_MANY_REQUESTS)
        user = authenticate(request, username=email, password=data["password"])
        problem = LOGIN_INVALID if user is None else None
        needs_otp = user is not None and perms.requires_two_factor(user)
        if needs_otp:
            problem = second_factor_error(user=user, otp=data.get("otp", ""))
        record_login_attempt(email=email, ip=ip, succeeded=problem is None, channel=LoginChannel.API)
        if problem:
            return _error(problem)
        _, secret = issue_token(
            user=user, otp_verified=needs_otp, label=data.get("label", ""), request=request
        )
        return throttle.remember_device(request, Response({"token": secret}), email)


class RevokeTokenView(APIView):
    """Revoke the token that authenticates this request (log out of the API)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        if not isinstance(request.auth, ApiToken):
            return _error("Cette requête n'est pas authentifiée par un jeton.")
        revoke_token(token=request.auth, actor=request.user, request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)
