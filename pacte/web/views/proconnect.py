"""Logging in with ProConnect (pacte/organizations/proconnect.py): the two ends of the flow, when
the département has turned it on (`PACTE_PROCONNECT_ENABLED`)."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django_otp import login as otp_login
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from pacte.audit.services import log
from pacte.organizations.proconnect import CLAIMS_ATTRIBUTE, second_factor_vouched
from pacte.organizations.services import proconnect_second_factor

REFUSED = (
    "La connexion par ProConnect n'a pas abouti : aucun compte actif de Pacte ne correspond à cette "
    "adresse. Demandez à votre direction de vous inviter avec l'adresse de votre compte ProConnect."
)


def _require_enabled():
    if not settings.PACTE_PROCONNECT_ENABLED:
        raise Http404


class ProConnectLogin(OIDCAuthenticationRequestView):
    """Sends the browser to ProConnect, with a state, a nonce and a PKCE challenge in the session."""

    def get(self, request):
        _require_enabled()
        return super().get(request)


class ProConnectCallback(OIDCAuthenticationCallbackView):
    """Back from ProConnect: the code exchanged, the agent's account logged in, the second factor
    taken from the provider when it vouches for it."""

    def get(self, request):
        _require_enabled()
        return super().get(request)

    def login_success(self):
        response = super().login_success()
        request, user = self.request, self.user
        claims = getattr(request, CLAIMS_ATTRIBUTE, {})
        log(actor=user, action="user.login", obj=user, request=request, data={"channel": "proconnect"})
        if second_factor_vouched(claims):
            otp_login(request, proconnect_second_factor(user=user, claims=claims, request=request))
            request.session.cycle_key()
        return response

    def login_failure(self):
        messages.error(self.request, REFUSED)
        return super().login_failure()
